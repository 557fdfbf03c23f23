"""Catalogue search: Chinese terms of one, two and four characters, English words, facets, safety."""

import re
from datetime import date

import pytest

from marketplace.catalogue.search import SearchQuery, reindex_all, search
from marketplace.extensions import db
from tests.helpers import application_number, page_text


@pytest.fixture
def corpus(make_patent, make_university):
    imu = make_university("内蒙古大学")
    imau = make_university("内蒙古农业大学")
    ids = {
        "magnet": make_patent(imu, title="一种稀土永磁材料的制备方法", keywords="稀土；永磁"),
        "steel": make_patent(imu, title="高强度耐磨钢板及其轧制工艺", abstract="涉及冶金领域的钢铁轧制。",
                             keywords="钢铁；轧制", industry="冶金及金属材料", ipc_codes="C21D 8/02",
                             trl="4"),
        "dairy": make_patent(imau, title="一种发酵乳制品用乳酸菌菌株", abstract="提供一种耐酸乳酸菌。",
                             keywords="乳酸菌；发酵乳", industry="乳业及食品", ipc_codes="C12N 1/20",
                             trl="7", filing_date="2020-05-01", grant_date="2021-09-01"),
        "battery": make_patent(imau, title="Lithium battery electrode slurry mixer",
                               abstract="A mixer for lithium-ion battery electrode slurry.",
                               keywords="battery；lithium", industry="新能源", ipc_codes="H01M 4/04",
                               legal_status="未缴年费终止"),
        "design": make_patent(imu, application_number=application_number(99, 2021, 3),
                              title="奶茶包装盒", abstract="外观设计。", keywords="包装",
                              industry="乳业及食品", ipc_codes="", trl=""),
    }
    return ids


def ids_of(app, query: SearchQuery) -> set[int]:
    with app.app_context():
        return {p.id for p in search(query).page.items}


def run(app, **kwargs):
    with app.app_context():
        return search(SearchQuery(**kwargs))


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("钢", {"steel"}),  # one character
        ("稀土", {"magnet"}),  # two characters
        ("乳酸", {"dairy"}),
        ("稀土永磁", {"magnet"}),  # four characters
        ("发酵乳制", {"dairy"}),
        ("battery", {"battery"}),  # English word
        ("Lithium", {"battery"}),
        ("batt", {"battery"}),  # prefix of a word
        ("包装", {"design"}),  # keyword and title
        ("稀土 永磁", {"magnet"}),  # two terms: both must match
        ("稀土 钢板", set()),
        ("冶金", {"steel"}),  # only in the abstract
    ],
)
def test_terms_find_the_right_patents(app, corpus, q, expected):
    found = {name for name, pid in corpus.items() if pid in ids_of(app, SearchQuery(q=q))}
    assert found == expected


def test_non_matching_phrase_order(app, corpus):
    # 永磁稀土 is not in any text even though both bigram halves are.
    assert ids_of(app, SearchQuery(q="永磁稀土")) == set()


@pytest.mark.parametrize(
    "q",
    ['"', "'", "AND", "OR", "NOT", "*", "稀土*", 'NEAR("稀土" "永磁")', "稀土 AND 永磁", "^钢",
     "'; DROP TABLE patent; --", "1=1", "%", "_", "\\", "x" * 2000, "稀" * 2000, "()", "{}"],
)
def test_hostile_queries_return_results_or_nothing(app, client, corpus, q):
    response = client.get("/patents", query_string={"q": q})
    assert response.status_code == 200


def test_facet_counts_match_the_result_set(app, corpus):
    for query in (SearchQuery(), SearchQuery(q="一种"), SearchQuery(industry="rare_earth_materials"),
                  SearchQuery(q="乳", patent_type="invention")):
        with app.app_context():
            result = search(query)
            total = result.page.total
            for facet in ("patent_type", "legal_status", "industry", "university"):
                assert sum(v.count for v in result.facets[facet]) == total, facet
            assert sum(v.count for v in result.facets["trl"]) <= total


def test_filters_narrow_and_facet_marks_selection(app, corpus):
    with app.app_context():
        result = search(SearchQuery(industry="dairy_food"))
        assert {p.id for p in result.page.items} == {corpus["dairy"], corpus["design"]}
        selected = [v for v in result.facets["industry"] if v.selected]
        assert [v.value for v in selected] == ["dairy_food"]
        assert ids_of(app, SearchQuery(trl=4)) == {corpus["steel"]}
        assert ids_of(app, SearchQuery(legal_status="lapsed")) == {corpus["battery"]}
        assert ids_of(app, SearchQuery(ipc="C")) == {corpus["magnet"], corpus["steel"], corpus["dairy"]}
        assert ids_of(app, SearchQuery(ipc="C12")) == {corpus["dairy"]}


def test_ipc_facet_drills_from_sections_to_classes(app, corpus):
    with app.app_context():
        sections = {v.value for v in search(SearchQuery()).facets["ipc"]}
        classes = {v.value for v in search(SearchQuery(ipc="C")).facets["ipc"]}
    assert sections == {"C", "H"}
    assert classes == {"C22", "C21", "C12"}


def test_sorting(app, corpus):
    with app.app_context():
        newest = [p.id for p in search(SearchQuery(sort="newest")).page.items]
        expiry = [p.expiry_date for p in search(SearchQuery(sort="expiry")).page.items]
    assert newest[-1] == corpus["dairy"]  # granted 2021, the others 2023
    assert expiry == sorted(expiry, reverse=True)


def test_title_matches_rank_above_abstract_matches(app, make_patent, make_university):
    uni = make_university()
    in_abstract = make_patent(uni, title="一种装置", abstract="本装置可用于光伏组件清洗。", keywords="")
    in_title = make_patent(uni, title="光伏组件清洗机器人", abstract="一种机器人。", keywords="")
    with app.app_context():
        ranked = [p.id for p in search(SearchQuery(q="光伏")).page.items]
    assert ranked == [in_title, in_abstract]


def test_archived_and_edited_patents_follow_the_index(app, corpus):
    from marketplace.catalogue.models import Patent
    from marketplace.catalogue.services import set_archived

    with app.app_context():
        set_archived(db.session.get(Patent, corpus["magnet"]), True, date(2026, 11, 26))
        db.session.commit()
    assert ids_of(app, SearchQuery(q="稀土")) == set()
    with app.app_context():
        set_archived(db.session.get(Patent, corpus["magnet"]), False, date(2026, 11, 26))
        db.session.commit()
    assert ids_of(app, SearchQuery(q="稀土")) == {corpus["magnet"]}


def test_reindex_rebuilds_the_same_answers(app, runner, corpus):
    before = ids_of(app, SearchQuery(q="乳酸"))
    result = runner.invoke(args=["catalogue", "reindex"])
    assert result.exit_code == 0
    assert "Indexed 5 patents" in result.output
    assert ids_of(app, SearchQuery(q="乳酸")) == before
    with app.app_context():
        assert reindex_all() == 5


def test_search_page_highlights_and_paginates(app, client, corpus, make_patent):
    text = page_text(client.get("/patents", query_string={"q": "稀土"}))
    assert "<mark>稀土</mark>" in text
    assert "1 项专利匹配" in text or "1" in text
    for i in range(25):
        make_patent(title=f"光伏组件第{i}号", keywords="光伏")
    first = page_text(client.get("/patents", query_string={"q": "光伏"}))
    assert 'rel="next"' in first
    assert len(re.findall(r'<article class="card', first)) == 20
    second = page_text(client.get("/patents", query_string={"q": "光伏", "page": "2"}))
    assert len(re.findall(r'<article class="card', second)) == 5


def test_search_page_ignores_malformed_arguments(client, corpus):
    for args in ({"page": "-1"}, {"page": "x"}, {"trl": "99"}, {"patent_type": "nope"},
                 {"university": "abc"}, {"ipc": "Z99"}, {"sort": "drop"}, {"page": "9" * 30}):
        assert client.get("/patents", query_string=args).status_code == 200


def test_counts_without_text_follow_every_write(app, corpus, make_patent):
    from marketplace.catalogue.models import Patent
    from marketplace.catalogue.services import set_archived

    def totals():
        with app.app_context():
            result = search(SearchQuery())
            by_type = {v.value: v.count for v in result.facets["patent_type"]}
            return result.page.total, by_type.get("design", 0)

    assert totals() == (5, 1)
    assert totals() == (5, 1)  # answered again, from the kept counts
    make_patent(application_number=application_number(98, 2022, 3), title="羊绒围巾")
    assert totals() == (6, 2)
    with app.app_context():
        set_archived(db.session.get(Patent, corpus["design"]), True, date(2026, 11, 26))
        db.session.commit()
    assert totals() == (5, 1)


def test_facet_keys_match_the_columns_and_reindex_repairs_them(app, runner, corpus, client, login_as):
    from sqlalchemy import select, update

    from marketplace.catalogue import facet_key
    from marketplace.catalogue.models import Patent

    def consistent():
        with app.app_context():
            return all(p.facet_key == facet_key.encode(p.facet_values())
                       for p in db.session.scalars(select(Patent)))

    assert consistent()
    with app.app_context():
        db.session.execute(update(Patent).values(facet_key=0))
        db.session.commit()
    assert not consistent()
    assert runner.invoke(args=["catalogue", "reindex"]).exit_code == 0
    assert consistent()


def test_reindex_repairs_facet_keys_and_the_loaded_patents_see_it(app, corpus):
    from sqlalchemy import select, update

    from marketplace.catalogue import facet_key
    from marketplace.catalogue.models import Patent

    with app.app_context():
        db.session.execute(update(Patent).values(facet_key=0))
        loaded = db.session.get(Patent, corpus["magnet"])
        assert loaded.facet_key == 0
        assert reindex_all() == 5
        assert loaded.facet_key == facet_key.encode(loaded.facet_values()) != 0
        keys = db.session.execute(select(Patent.facet_key)).scalars().all()
        assert len(keys) == 5 and 0 not in keys
