"""A text query's filters and counts read the facet key each PostgreSQL index row carries: every way a
patent's key changes reaches its rows (a service that writes the key without re-indexing, an edit that
re-indexes, archiving and restoring, a rebuild, a resized sample), so a filtered search keeps to the
patent table's columns on both databases, counted exactly or estimated, its page ranked in full or in
the rank window."""

from datetime import date

import pytest
from sqlalchemy import func, select, text

from marketplace.app_memory import forget_everything
from marketplace.catalogue.models import Patent
from marketplace.catalogue.search import SearchQuery, reindex_all, search
from marketplace.catalogue.search.service import PER_PAGE
from marketplace.core.patent_fields import Industry, LegalStatus
from marketplace.extensions import db
from tests.catalogue.test_search_estimates import set_buckets

WORD = "氢化"
TODAY = date(2026, 11, 26)
LATER = date(2026, 12, 5)  # after the term of the patents filed on 2006-12-01


@pytest.fixture
def hydrogenation(make_patent, make_university):
    """16 patents with the word at two universities, half of them at the end of their term (in force
    until 2026-12-01); 4 without the word."""
    first, second = make_university("内蒙古工业大学"), make_university("包头师范学院")
    ids = []
    for n in range(16):
        ended = {"filing_date": "2006-12-01", "grant_date": "2009-06-20"} if n % 2 else {}
        ids.append(make_patent(first if n % 4 < 2 else second, title=f"镍基氢化材料{n}", **ended))
    for n in range(4):
        make_patent(first, title=f"高强度耐磨钢板{n}", keywords="钢铁")
    return ids


MODES = {
    "exact": {},
    "estimated, rank window": {"SEARCH_EXACT_LIMIT": 1, "SEARCH_RANK_WINDOW": PER_PAGE},
}


@pytest.fixture(params=list(MODES))
def mode(request, app, monkeypatch):
    for name, value in MODES[request.param].items():
        monkeypatch.setitem(app.config, name, value)
    return request.param


def found(app, **filters) -> tuple[int, list[int]]:
    """The filtered search's total and the ids of its first page, nothing remembered from before."""
    with app.app_context():
        forget_everything()
        result = search(SearchQuery(q=WORD, **filters))
        return result.page.total, sorted(patent.id for patent in result.page.items)


def wanted(app, ids: list[int], condition) -> tuple[int, list[int]]:
    """What the patent table's own columns say the search should find among the word's patents."""
    with app.app_context():
        kept = sorted(db.session.scalars(select(Patent.id).where(
            Patent.id.in_(ids), Patent.archived.is_(False), condition)))
    return len(kept), kept


def index_rows_disagreeing(app) -> int:
    """Index rows whose facet key is not their patent's (PostgreSQL; SQLite's index holds no key)."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            return 0
        return sum(db.session.execute(text(
            f"SELECT count(*) FROM {table} AS s JOIN patent AS p ON p.id = s.patent_id "  # noqa: S608
            "WHERE s.facet_key <> p.facet_key")).scalar_one()
            for table in ("patent_search", "patent_search_sample"))


def test_a_key_written_without_re_indexing_reaches_the_filters(app, hydrogenation, mode):
    expired = Patent.legal_status == LegalStatus.EXPIRED
    assert found(app, legal_status=LegalStatus.EXPIRED) == (0, [])
    from marketplace.catalogue.services import expire_ended_terms

    with app.app_context():
        assert expire_ended_terms(LATER) == 8  # writes the status and the key; the text is not indexed again
        db.session.commit()
    assert index_rows_disagreeing(app) == 0
    total, ids = found(app, legal_status=LegalStatus.EXPIRED)
    assert total == 8 and (total, ids) == wanted(app, hydrogenation, expired)
    granted = found(app, legal_status=LegalStatus.GRANTED)
    assert granted == wanted(app, hydrogenation, Patent.legal_status == LegalStatus.GRANTED)


def test_an_edit_archiving_and_restoring_reach_the_filters(app, hydrogenation, mode):
    from marketplace.catalogue.services import record_values, set_archived, update_patent
    from marketplace.core.patent_record import validate_record

    moved, hidden = hydrogenation[0], hydrogenation[1]
    with app.app_context():
        patent = db.session.get(Patent, moved)
        record, problems = validate_record({**record_values(patent), "industry": "煤化工", "trl": "3"}, TODAY)
        assert not problems
        update_patent(patent, record, TODAY)
        set_archived(db.session.get(Patent, hidden), True, TODAY)
        db.session.commit()
    assert index_rows_disagreeing(app) == 0
    assert found(app, industry=Industry.COAL_CHEMICALS, trl=3) == (1, [moved])
    assert found(app, trl=6) == wanted(app, hydrogenation, Patent.trl == 6)
    assert hidden not in found(app, trl=6)[1]
    with app.app_context():
        set_archived(db.session.get(Patent, hidden), False, TODAY)
        db.session.commit()
    assert index_rows_disagreeing(app) == 0
    total, ids = found(app, trl=6)
    assert hidden in ids and (total, ids) == wanted(app, hydrogenation, Patent.trl == 6)


def test_a_rebuild_and_a_resized_sample_carry_the_keys(app, hydrogenation, mode):
    with app.app_context():
        university = db.session.get(Patent, hydrogenation[0]).university_id
        # Keys written wrong behind the app's back: a rebuild recomputes them and the index follows.
        db.session.execute(text("UPDATE patent SET facet_key = 0"))
        db.session.commit()
        assert reindex_all() == 20
        db.session.commit()
        assert db.session.scalar(select(func.count()).where(Patent.facet_key == 0)) == 0
    assert index_rows_disagreeing(app) == 0
    set_buckets(app, 2048)
    set_buckets(app, 4096)
    assert index_rows_disagreeing(app) == 0
    total, ids = found(app, university=university)
    assert total == 8 and (total, ids) == wanted(app, hydrogenation, Patent.university_id == university)
