"""SQL statements per page do not grow with the catalogue: the home page, the search page (counted,
estimated, filtered, sorted) and a patent page send as many statements with 6 patents as with 30."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.declarations import services as declarations
from marketplace.extensions import db

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
PLAN = flat_plan(Money("30000.00"), Duration.years(3))
PAGES = ("/", "/patents", "/patents?q=稀土", "/patents?q=稀土&industry=rare_earth_materials",
         "/patents?q=稀土&sort=newest", "/patents?patent_type=invention&sort=expiry", "/zones")


@pytest.fixture
def catalogue(app, make_patent, make_university, make_user):
    """Adds `n` published patents (on 稀土, at a new university each 3) when called; returns the first id."""
    app.config["FROZEN_TODAY"] = TODAY.isoformat()
    made: list[int] = []

    def add(n: int) -> None:
        university_id, staff = None, None
        for index in range(n):
            if index % 3 == 0:
                university_id = make_university()
                staff = make_user(Role.UNIVERSITY_STAFF, university_id=university_id)
            patent_id = make_patent(university_id, title=f"一种稀土永磁材料的制备方法{len(made)}",
                                    keywords="稀土；永磁", industry="稀土及新材料")
            with app.app_context():
                user = db.session.scalar(select(User).where(User.email == staff))
                draft = declarations.save_draft(db.session.get(Patent, patent_id), user, PLAN, "银行转账", "",
                                                TODAY)
                declarations.publish(draft, TODAY, NOW)
                db.session.commit()
            made.append(patent_id)

    yield add, made
    app.config.pop("FROZEN_TODAY")


def statements(client, url: str) -> int:
    count = [0]

    def one(*_args) -> None:
        count[0] += 1

    event.listen(Engine, "before_cursor_execute", one)
    try:
        response = client.get(url)
    finally:
        event.remove(Engine, "before_cursor_execute", one)
    assert response.status_code == 200, url
    return count[0]


@pytest.mark.parametrize("exact_limit", [2000, 3], ids=["counted", "estimated"])
def test_statements_per_page_do_not_grow_with_the_catalogue(app, client, catalogue, monkeypatch, exact_limit):
    monkeypatch.setitem(app.config, "SEARCH_EXACT_LIMIT", exact_limit)
    add, made = catalogue
    add(6)
    pages = (*PAGES, f"/patents/{made[0]}")
    for url in pages:  # warm: caches of the first request are not the page's cost
        statements(client, url)
    small = {url: statements(client, url) for url in pages}
    add(24)
    for url in pages:
        statements(client, url)
    large = {url: statements(client, url) for url in pages}
    assert large == small
    assert all(count <= 12 for count in small.values()), small
