"""The event-terms pages: the IP centre publishes and ends them from its declaration or the zone page;
the patent, take-licence and zone pages show the window; refusals land beside the field; other
universities and roles are turned away; licences taken through the pages record the version in force."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.declarations import services as declarations
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.licensing.models import Licence
from tests.helpers import login, page_text, post_form
from tests.zones import event_terms_world

terms_world = event_terms_world.terms_world
EVENT_FORM = {"kind": "flat", "term_count": "3", "term_unit": "year", "fee": "20000",
              "payment_method": "银行转账", "valid_from": "2026-12-01", "valid_until": "2026-12-31",
              "save": "1"}


@pytest.fixture
def on_day(app):
    """on_day(day) freezes the application's today; the setting is restored after the test."""
    saved = app.config.get("FROZEN_TODAY")

    def freeze(day: date) -> None:
        app.config["FROZEN_TODAY"] = day.isoformat()

    freeze(date(2026, 11, 26))
    yield freeze
    app.config["FROZEN_TODAY"] = saved


def _versions(app, patent_id: int) -> list[Declaration]:
    with app.app_context():
        return declarations.event_versions(patent_id)


def _page(world) -> str:
    return f"/ip/patents/{world.patent_id}/event-terms"


def test_the_declaration_and_zone_pages_lead_to_the_event_terms_page(app, client, terms_world, on_day):
    world = terms_world()
    login(client, world.staff)
    assert _page(world) in client.get(f"/ip/patents/{world.patent_id}/declaration").get_data(as_text=True)
    zone_page = client.get(f"/zones/{world.zone_id}").get_data(as_text=True)
    assert f"{_page(world)}?zone={world.zone_id}" in zone_page
    page = client.get(f"{_page(world)}?zone={world.zone_id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'value="2026-12-01"' in text and 'value="2026-12-31"' in text  # the zone's window, preset


def test_staff_publish_event_terms_and_every_page_shows_the_window(app, client, terms_world, on_day):
    world = terms_world()
    login(client, world.staff)
    response = post_form(client, _page(world), {**EVENT_FORM, "zone_id": str(world.zone_id)})
    assert response.status_code == 302
    [event] = _versions(app, world.patent_id)
    assert (event.status, event.valid_from, event.valid_until) == (DeclarationStatus.EVENT, date(2026, 12, 1),
                                                                    date(2026, 12, 31))
    window = "2026-12-01 至 2026-12-31"
    zone_text = page_text(client.get(f"/zones/{world.zone_id}"))
    assert window in zone_text  # listed among the zone's event terms (in force from Dec 1)
    on_day(date(2026, 12, 5))
    for url in (f"/patents/{world.patent_id}", f"/zones/{world.zone_id}"):
        text = page_text(client.get(url))
        assert "专场限时条款" in text and window in text, url
    assert "恢复" in page_text(client.get(f"/patents/{world.patent_id}"))  # the earlier terms return
    on_day(date(2027, 1, 1))
    assert window not in page_text(client.get(f"/patents/{world.patent_id}"))


@pytest.mark.parametrize(("change", "field"), [
    ({"valid_from": "2026-11-30"}, "valid_from"),  # before the zone opens
    ({"valid_until": "2027-01-01"}, "valid_from"),  # after it closes
    ({"valid_from": "2026-12-09", "valid_until": "2026-12-08"}, "valid_until"),
    ({"valid_from": "not a day"}, "valid_from"),
    ({"zone_id": "999999"}, "zone_id"),  # not a zone listing the patent
    ({"fee": "-5"}, "fee"),
])
def test_refused_event_terms_say_why_beside_the_field_and_write_nothing(app, client, terms_world, on_day,
                                                                       change, field):
    world = terms_world()
    login(client, world.staff)
    response = post_form(client, _page(world), {**EVENT_FORM, "zone_id": str(world.zone_id), **change})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert f'id="{field}"' in text and "is-invalid" in text
    assert _versions(app, world.patent_id) == []


def test_overlapping_event_terms_are_refused_through_the_page(app, client, terms_world, on_day):
    world = terms_world()
    login(client, world.staff)
    data = {**EVENT_FORM, "zone_id": str(world.zone_id)}
    assert post_form(client, _page(world), data).status_code == 302
    assert post_form(client, _page(world), {**data, "valid_from": "2026-12-20"}).status_code == 422
    assert len(_versions(app, world.patent_id)) == 1


@pytest.mark.parametrize("role", [Role.UNIVERSITY_STAFF, Role.ENTERPRISE_USER, Role.ORGANISER, Role.ADMIN])
def test_another_university_or_role_is_turned_away(app, client, terms_world, on_day, make_user, role):
    world = terms_world()
    with app.app_context():
        event = event_terms_world.publish(world)
    login(client, make_user(role))
    expected = 403  # another university's patent is refused like a page of another role
    assert client.get(_page(world)).status_code == expected
    assert post_form(client, _page(world), {**EVENT_FORM, "zone_id": str(world.zone_id)},
                     page="/account").status_code == expected
    assert post_form(client, f"{_page(world)}/{event}/end", {f"end{event}-reason": "不应生效"},
                     page="/account").status_code == expected
    assert [v.status for v in _versions(app, world.patent_id)] == [DeclarationStatus.EVENT]


def test_staff_end_event_terms_early_with_a_reason(app, client, terms_world, on_day):
    world = terms_world()
    with app.app_context():
        event = event_terms_world.publish(world)
    login(client, world.staff)
    end = f"{_page(world)}/{event}/end"
    assert post_form(client, end, {f"end{event}-reason": ""}, page=_page(world)).status_code == 422
    assert post_form(client, end, {f"end{event}-reason": "活动调整"}, page=_page(world)).status_code == 302
    [ended] = _versions(app, world.patent_id)
    assert (ended.status, ended.withdrawal_reason) == (DeclarationStatus.WITHDRAWN, "活动调整")
    # A version of another patent, or none, is not found under this patent.
    assert post_form(client, f"{_page(world)}/999999/end", {"end999999-reason": "x"},
                     page=_page(world)).status_code == 404


def _take(client, patent_id: int, day: date, zone_id: int | None = None) -> Licence:
    url = f"/patents/{patent_id}/licence" + (f"?zone={zone_id}" if zone_id else "")
    page = client.get(url)
    assert page.status_code == 200
    declaration_id = page.get_data(as_text=True).split('name="declaration_id"')[1].split('value="')[1]
    declaration_id = declaration_id.split('"')[0]
    response = post_form(client, url, {"declaration_id": declaration_id, "start": day.isoformat(),
                                       "accept": "y", "take": "1"})
    assert response.status_code == 302, page_text(response)
    return db.session.scalars(select(Licence).where(Licence.patent_id == patent_id)
                              .order_by(Licence.id.desc())).first()


def test_licences_taken_through_the_pages_record_the_terms_in_force(app, client, terms_world, on_day,
                                                                    make_user):
    """In the window, through the zone page or the plain patent page: the event version; after it, the
    base terms again; the licences taken in the window keep their event terms."""
    world = terms_world()
    with app.app_context():
        event = event_terms_world.publish(world)
        base = declarations.current_declaration(world.patent_id).id
    on_day(date(2026, 12, 10))
    taken = []
    for zone_id in (world.zone_id, None):
        client.get("/logout")
        with client.session_transaction() as session:
            session.clear()
        login(client, make_user(Role.ENTERPRISE_USER))
        assert "专场限时条款" in page_text(client.get(f"/patents/{world.patent_id}/licence"))
        with app.app_context():
            taken.append(_take(client, world.patent_id, date(2026, 12, 10), zone_id).id)
    on_day(date(2027, 1, 2))
    with client.session_transaction() as session:
        session.clear()
    login(client, make_user(Role.ENTERPRISE_USER))
    with app.app_context():
        after = _take(client, world.patent_id, date(2027, 1, 2)).id
    with app.app_context():
        kept = [db.session.get(Licence, i).declaration_id for i in taken]
        assert kept == [event, event]
        assert db.session.get(Licence, after).declaration_id == base
