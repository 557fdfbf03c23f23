"""English and mixed queries: English fields are indexed, glossary terms match their translations."""

from datetime import date
from functools import partial

import pytest
from sqlalchemy import select

from marketplace.catalogue.models import Patent
from marketplace.catalogue.search import SearchQuery, reindex_all, search
from marketplace.catalogue.services import update_patent
from marketplace.core.patent_record import validate_record
from marketplace.extensions import db
from tests.helpers import page_text


@pytest.fixture
def corpus(make_patent, make_university):
    imu = make_university("内蒙古大学")
    make_patent = partial(make_patent, imu, abstract="")
    return {
        "magnet": make_patent(title="一种稀土永磁材料的制备方法", abstract="采用晶界扩散降低镝用量。",
                              keywords="稀土；永磁"),
        "emitter": make_patent(title="一种压力补偿灌水器",
                               keywords="灌水器",
                               title_en="Pressure-compensating emitter for drip irrigation",
                               abstract_en="An emitter that keeps the flow steady under changing pressure."),
        "dairy": make_patent(title="一种低温巴氏杀菌乳的生产工艺", abstract="保留乳铁蛋白活性。",
                             keywords="巴氏杀菌；牛奶", industry="乳业及食品"),
        "fly_ash": make_patent(title="粉煤灰提取氧化铝的方法", keywords="粉煤灰；氧化铝",
                               title_en="Extracting alumina from coal fly ash"),
    }


def found(app, corpus, q: str) -> set[str]:
    with app.app_context():
        ids = {p.id for p in search(SearchQuery(q=q)).page.items}
    return {name for name, pid in corpus.items() if pid in ids}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("rare earth", {"magnet"}),  # English finds a Chinese-only patent
        ("Rare-Earth permanent magnets", {"magnet"}),  # a glossary phrase, hyphen and plural
        ("REE", {"magnet"}),  # an abbreviation
        ("滴灌", {"emitter"}),  # Chinese finds an English-only text
        ("drip irrigation", {"emitter"}),  # the English title itself
        ("pressure compensating", {"emitter"}),
        ("flow steady", {"emitter"}),  # two separate words, each found in the English abstract
        ("steady sand", set()),  # every word must match
        ("pasteurization", {"dairy"}),
        ("Pasteurized milk", {"dairy"}),  # milk → 牛奶
        ("fly ash 氧化铝", {"fly_ash"}),  # mixed Chinese and English
        ("coal fly ash", {"fly_ash"}),
        ("稀土 drip irrigation", set()),  # AND across groups
        ("dysprosium", {"magnet"}),  # 镝 in the abstract
    ],
)
def test_english_and_mixed_queries(app, corpus, q, expected):
    assert found(app, corpus, q) == expected


def test_chinese_phrases_still_need_their_order(app, corpus):
    assert found(app, corpus, "永磁稀土") == set()


def test_editing_the_english_fields_moves_the_index(app, corpus):
    with app.app_context():
        patent = db.session.get(Patent, corpus["magnet"])
        values = {
            "application_number": patent.application_number, "title": patent.title,
            "patentees": patent.patentees, "filing_date": patent.filing_date.isoformat(),
            "legal_status": "有效", "title_en": "Sintered magnet with grain boundary diffusion",
        }
        record, problems = validate_record(values, patent.filing_date.replace(year=2026))
        assert not problems
        update_patent(patent, record, date(2026, 11, 26))
        db.session.commit()
    assert found(app, corpus, "sintered magnet") == {"magnet"}
    assert found(app, corpus, "grain boundary diffusion") == {"magnet"}  # also 晶界扩散 in the glossary


def test_reindex_keeps_the_english_fields(app, corpus):
    with app.app_context():
        assert reindex_all() == 4
        db.session.commit()
    assert found(app, corpus, "pressure compensating") == {"emitter"}
    assert found(app, corpus, "滴灌") == {"emitter"}


def test_no_phrase_spans_the_chinese_and_english_title(app, make_patent):
    patent_id = make_patent(title="测试 alpha", title_en="beta test")
    with app.app_context():
        ids = {p.id for p in search(SearchQuery(q="alpha beta")).page.items}
        phrase = {p.id for p in search(SearchQuery(q='"alpha beta"')).page.items}
        assert patent_id in ids
        assert patent_id in phrase  # quotes are plain text: two words, found separately
        stored = db.session.scalar(select(Patent.title_en).where(Patent.id == patent_id))
        assert stored == "beta test"


def test_search_page_marks_translations(client, corpus):
    text = page_text(client.get("/patents", query_string={"q": "rare earth"}))
    assert "<mark>稀土</mark>永磁" in text
    text = page_text(client.get("/patents", query_string={"q": "滴灌"}))
    assert 'lang="en"' in text
    assert "<mark>drip irrigation</mark>" in text
