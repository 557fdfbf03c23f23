"""Relevance for large result sets: the newest `SEARCH_RANK_WINDOW` matches ranked first, then every
other match ranked; every match on exactly one page; PostgreSQL's two ways of finding the window (walking
newest first, or the GIN index's matches) agree."""

import pytest

from marketplace.app_memory import forget_everything
from marketplace.catalogue.search import SearchQuery, search
from marketplace.catalogue.search.backends import backend_for
from marketplace.catalogue.search.service import PER_PAGE
from marketplace.core.search_tokens import query_groups
from marketplace.extensions import db


@pytest.fixture
def hydrogenation(make_patent, make_university):
    """45 patents with 氢化: every fifth has it in its title, the rest only in the abstract; 5 without."""
    university = make_university("内蒙古工业大学")
    titled, others = [], []
    for n in range(45):
        if n % 5 == 0:
            titled.append(make_patent(university, title=f"镍基氢化材料{n}", abstract="一种材料。",
                                      keywords="镍基"))
        else:
            others.append(make_patent(university, title=f"一种载体{n}", abstract="用于氢化反应的材料。",
                                      keywords="载体"))
    for n in range(5):
        make_patent(university, title=f"高强度耐磨钢板{n}", abstract="一种钢板。", keywords="钢铁")
    return titled, others


@pytest.fixture
def large(app, monkeypatch):
    """Every text query counts as large; the window holds one page."""
    monkeypatch.setitem(app.config, "SEARCH_EXACT_LIMIT", 1)
    monkeypatch.setitem(app.config, "SEARCH_RANK_WINDOW", PER_PAGE)


def pages(app, query: SearchQuery) -> list[list[int]]:
    found = []
    with app.app_context():
        for number in (1, 2, 3, 4):
            result = search(SearchQuery(**{**query.__dict__, "page": number}))
            assert result.estimated
            found.append([patent.id for patent in result.page.items])
    return found


def test_the_first_page_ranks_the_newest_matches_and_later_pages_the_rest(app, hydrogenation, large):
    titled, others = hydrogenation
    matches = sorted(titled + others, reverse=True)
    first, second, third, fourth = pages(app, SearchQuery(q="氢化"))
    window = set(matches[:PER_PAGE])
    assert set(first) == window
    # Inside the window and past it, title matches come first, each part newest first on equal scores.
    assert first == sorted(window & set(titled), reverse=True) + sorted(window - set(titled), reverse=True)
    rest = [i for i in matches if i not in window]
    assert second + third == sorted(set(rest) & set(titled), reverse=True) + sorted(
        set(rest) - set(titled), reverse=True)
    assert fourth == []


def test_the_window_keeps_to_the_filters(app, hydrogenation, large, make_patent, make_university):
    titled, others = hydrogenation
    elsewhere = make_university("包头师范学院")
    newer = [make_patent(elsewhere, title=f"氢化反应器{n}") for n in range(3)]
    with app.app_context():
        result = search(SearchQuery(q="氢化", university=elsewhere))
    assert result.estimated
    assert sorted(patent.id for patent in result.page.items) == sorted(newer)
    first, *_ = pages(app, SearchQuery(q="氢化", university=db_university(app, titled[0])))
    assert set(first) == set(sorted(titled + others, reverse=True)[:PER_PAGE])


def db_university(app, patent_id: int) -> int:
    from marketplace.catalogue.models import Patent

    with app.app_context():
        return db.session.get(Patent, patent_id).university_id


@pytest.mark.parametrize("words", ["氢化", "镍基 氢化", "载体"])
def test_walking_newest_first_and_taking_the_index_matches_find_the_same_window(app, hydrogenation, words):
    from sqlalchemy import select

    with app.app_context():
        backend = backend_for(db.engine.dialect.name)
        groups = query_groups(words)
        found = []
        for walk in (True, False):
            window = backend.window(groups, 7, walk=walk)
            found.append(db.session.execute(select(window.c.patent_id, window.c.score)
                                            .order_by(window.c.patent_id.desc())).all())
    assert found[0] == found[1] and len(found[0]) == 7
    assert [row[0] for row in found[0]] == sorted((row[0] for row in found[0]), reverse=True)


@pytest.mark.parametrize("sort", ["newest", "expiry"])
def test_walking_in_sort_order_gives_the_pages_the_index_matches_give(app, hydrogenation, large, monkeypatch,
                                                                         sort):
    from marketplace.catalogue.search import service

    found = []
    for walk in (True, False):
        monkeypatch.setattr(service, "_walk_is_cheaper", lambda counts, wanted, walk=walk: walk)
        with app.app_context():
            forget_everything()
        found.append(pages(app, SearchQuery(q="氢化", sort=sort)))
    titled, others = hydrogenation
    assert found[0] == found[1]
    assert sorted(i for page in found[0] for i in page) == sorted(titled + others)


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_a_walk_leaves_the_planner_as_it_found_it(app, hydrogenation, large, monkeypatch, sort):
    """A walk is planned as one (on PostgreSQL: no reading the whole table and sorting it) and the
    statements after it are planned freely again."""
    from sqlalchemy import text

    from marketplace.catalogue.search import service

    monkeypatch.setattr(service, "_walk_is_cheaper", lambda counts, wanted: True)
    postgres = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    seen = []
    with app.app_context():
        backend = backend_for(db.engine.dialect.name)
        with backend.walking(db.session):
            if postgres:
                seen.append(db.session.execute(text("SHOW enable_seqscan")).scalar_one())
        result = search(SearchQuery(q="氢化", sort=sort))
        assert result.estimated and len(result.page.items) == PER_PAGE
        if postgres:
            seen.append(db.session.execute(text("SHOW enable_seqscan")).scalar_one())
    assert seen == (["off", "on"] if postgres else [])
