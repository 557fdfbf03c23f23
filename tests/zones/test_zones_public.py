"""The public zone list and zone page: who sees a zone, what it shows, search inside it, and a number of
SQL statements that does not grow with the number of curated patents."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from marketplace.accounts.models import Role, User
from marketplace.core.zone_state import ZoneStatus
from marketplace.extensions import db
from marketplace.zones import curation
from marketplace.zones.models import Zone
from tests.helpers import login, page_text


def _curate(app, zone_id: int, patent_ids: list[int]) -> None:
    with app.app_context():
        zone = db.session.get(Zone, zone_id)
        organiser = db.session.get(User, zone.organiser_id)
        for patent_id in patent_ids:
            curation.add_patent(zone, patent_id, organiser)
        db.session.commit()


def test_the_list_shows_visible_zones_only(client, make_zone):
    make_zone(title="乳业与生物技术线上专区", status=ZoneStatus.RUNNING)
    make_zone(title="筹备中的专场", status=ZoneStatus.DRAFT)
    text = page_text(client.get("/zones"))
    assert "乳业与生物技术线上专区" in text and "筹备中的专场" not in text
    assert "/zones" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(("role", "status"), [
    (None, 404), (Role.ENTERPRISE_USER, 404), (Role.UNIVERSITY_STAFF, 404), (Role.ORGANISER, 404),
    (Role.ADMIN, 200), ("owner", 200),
])
def test_a_draft_zone_is_seen_only_by_its_owner_and_administrators(client, make_user, make_zone, role,
                                                                   status):
    owner = make_user(Role.ORGANISER)
    zone_id = make_zone(owner)
    if role == "owner":
        login(client, owner)
    elif role is not None:
        login(client, make_user(role))
    assert client.get(f"/zones/{zone_id}").status_code == status


def test_the_page_shows_window_place_plans_and_universities(app, client, make_zone, make_offer,
                                                            make_university):
    zone_id = make_zone(status=ZoneStatus.PUBLISHED, mode="onsite", place="包头市会展中心", theme="稀土")
    imu = make_university("内蒙古大学")
    _curate(app, zone_id, [make_offer(imu), make_offer(make_university("内蒙古科技大学"))])
    text = page_text(client.get(f"/zones/{zone_id}"))
    for words in ("包头市会展中心", "2026-12-01", "2026-12-31", "内蒙古大学", "内蒙古科技大学", "50,000.00"):
        assert words in text


def test_search_and_facets_stay_inside_the_zone(app, client, make_zone, make_offer):
    zone_id = make_zone(status=ZoneStatus.PUBLISHED)
    inside = make_offer(title="一种乳酸菌发酵乳的制备方法", abstract="乳酸菌", keywords="乳酸菌")
    outside = make_offer(title="一种乳酸菌饮料", abstract="乳酸菌", keywords="乳酸菌")
    _curate(app, zone_id, [inside])
    html = client.get(f"/zones/{zone_id}?q=乳酸菌").get_data(as_text=True)
    assert f"/patents/{inside}\"" in html and f"/patents/{outside}\"" not in html
    assert "(1)" in html  # facet counts count the zone's patents only
    catalogue = client.get("/patents?q=乳酸菌").get_data(as_text=True)
    assert f"/patents/{outside}\"" in catalogue and f"/patents/{inside}\"" in catalogue


@contextmanager
def _counted():
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", count)


def _statements(client, url: str) -> int:
    client.get(url)  # warm: the first request of a client loads what later ones find cached
    with _counted() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_statements_do_not_grow_with_the_number_of_curated_patents(app, client, make_zone, make_offer,
                                                                     make_university, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 50)  # every curated patent on one page
    universities = [make_university() for _ in range(3)]
    small = make_zone(status=ZoneStatus.PUBLISHED)
    large = make_zone(status=ZoneStatus.PUBLISHED)
    _curate(app, small, [make_offer(universities[n % 3]) for n in range(3)])
    _curate(app, large, [make_offer(universities[n % 3]) for n in range(30)])
    with app.app_context():
        withdrawn = db.session.scalars(select(Zone).where(Zone.id == large)).one().entries[0].patent_id
    from tests.zones.test_zones_curation import _withdraw

    _withdraw(app, withdrawn)
    for url in ("/zones/{}", "/zones/{}?q=稀土"):
        few = _statements(client, url.format(small))
        many = _statements(client, url.format(large))
        assert few == many, (url, few, many)
        assert few > 3  # the listener did count the page's statements
    assert page_text(client.get(f"/zones/{large}")).count("50,000.00") == 29


def test_an_enterprise_holding_a_licence_is_sent_to_it_not_offered_another(app, client, make_zone, make_offer,
                                                                            login_as):
    from marketplace import clock
    from marketplace.catalogue.models import Patent
    from marketplace.database import utcnow
    from marketplace.declarations.services import terms_in_force
    from marketplace.licensing.services import take_licence

    zone_id = make_zone(status=ZoneStatus.RUNNING)
    held, other = make_offer(), make_offer()
    _curate(app, zone_id, [held, other])
    email = login_as(Role.ENTERPRISE_USER)
    with app.test_request_context():
        today = clock.today()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        patent = db.session.get(Patent, held)
        licence = take_licence(user, patent, terms_in_force(held, today).id, today, today, utcnow())
        db.session.commit()
        licence_id = licence.id
    html = client.get(f"/zones/{zone_id}").get_data(as_text=True)
    assert f'href="/licences/{licence_id}"' in html and "已持有许可" in html
    assert f"/patents/{held}/licence" not in html
    assert f"/patents/{other}/licence?zone={zone_id}" in html
