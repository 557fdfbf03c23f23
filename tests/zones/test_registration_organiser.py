"""The organiser's side of registration: the list (cancelled ones marked), the CSV and XLSX downloads and
the check-in page, for the zone's organiser and administrators only."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from marketplace.accounts.models import Role
from marketplace.core.zone_state import ZoneStatus
from marketplace.extensions import db
from marketplace.zones import registration as services
from marketplace.zones.models import Zone, ZoneMode, ZoneRegistration
from tests.helpers import login, page_text, post_form
from tests.zones.registration_fixtures import user

NOW = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)


@pytest.fixture
def zone_with_registrations(app, make_zone, make_user, make_enterprise):
    """A running on-site zone with one live and one cancelled registration; its organiser's e-mail."""
    organiser = make_user(Role.ORGANISER)
    zone_id = make_zone(organiser, status=ZoneStatus.RUNNING, mode=ZoneMode.ONSITE, place="呼和浩特")
    live = make_user(Role.ENTERPRISE_USER, enterprise_id=make_enterprise(name="包头稀宝新材料"))
    gone = make_user(Role.ENTERPRISE_USER, enterprise_id=make_enterprise(name="乌海煤化清洁技术"))
    with app.app_context():
        zone = db.session.get(Zone, zone_id)
        code = services.register(zone, user(live), "张经理", "13800000000", "=永磁", [], NOW.date(),
                                 NOW).check_in_code
        services.register(zone, user(gone), "李工", "13900000000", "", [], NOW.date(), NOW)
        services.cancel(zone, user(gone), NOW)
        db.session.commit()
    return {"zone_id": zone_id, "organiser": organiser, "code": code}


def test_the_organiser_sees_every_registration_with_the_cancelled_marked(client, zone_with_registrations):
    world = zone_with_registrations
    login(client, world["organiser"])
    page = page_text(client.get(f"/organiser/zones/{world['zone_id']}/registrations"))
    assert "包头稀宝新材料" in page and "乌海煤化清洁技术" in page
    assert page.count("已取消") == 1


def test_the_list_downloads_as_csv_and_xlsx(client, zone_with_registrations):
    world = zone_with_registrations
    login(client, world["organiser"])
    url = f"/organiser/zones/{world['zone_id']}/registrations"
    rows = list(csv.reader(io.StringIO(client.get(f"{url}?format=csv").data.decode("utf-8-sig"))))
    assert rows[0][0] == "企业" and len(rows) == 3
    assert "'=永磁" in rows[1] or "'=永磁" in rows[2]  # neutralised
    book = load_workbook(io.BytesIO(client.get(f"{url}?format=xlsx").data))
    assert book.active.max_row == 3


@pytest.mark.parametrize("role", [Role.ORGANISER, Role.UNIVERSITY_STAFF, Role.ENTERPRISE_USER])
def test_nobody_else_reaches_the_list_the_downloads_or_check_in(client, make_user, zone_with_registrations,
                                                                 role):
    world = zone_with_registrations
    login(client, make_user(role))
    base = f"/organiser/zones/{world['zone_id']}"
    # Another organiser is told the zone does not exist (as on every organiser page of a zone); other
    # roles are forbidden the organiser pages altogether.
    refused = 404 if role == Role.ORGANISER else 403
    for url in (f"{base}/registrations", f"{base}/registrations?format=csv",
                f"{base}/registrations?format=xlsx", f"{base}/check-in"):
        assert client.get(url).status_code == refused, url
    assert post_form(client, f"{base}/check-in", {"code": world["code"]}, page="/").status_code == refused


def test_an_administrator_reaches_any_zone(client, make_user, zone_with_registrations):
    login(client, make_user(Role.ADMIN))
    url = f"/organiser/zones/{zone_with_registrations['zone_id']}/registrations"
    assert client.get(url).status_code == 200


def test_check_in_accepts_a_code_once_and_refuses_the_rest(app, client, zone_with_registrations, make_zone):
    world = zone_with_registrations
    login(client, world["organiser"])
    url = f"/organiser/zones/{world['zone_id']}/check-in"
    code = world["code"]
    first = post_form(client, url, {"code": code.lower()})
    assert first.status_code == 200 and "包头稀宝新材料" in page_text(first)
    second = post_form(client, url, {"code": f"{code[:4]}-{code[4:]}"})
    assert second.status_code == 422 and "已于" in page_text(second) and "签到。" in page_text(second)
    assert post_form(client, url, {"code": "ZZZZZZZZ"}).status_code == 422
    with app.app_context():
        cancelled = db.session.query(ZoneRegistration).filter(
            ZoneRegistration.cancelled_at.is_not(None)).one()
        assert post_form(client, url, {"code": cancelled.check_in_code}).status_code == 422
        registration = db.session.query(ZoneRegistration).filter_by(check_in_code=code).one()
        assert registration.checked_in_by_id == user(world["organiser"]).id
    # A code of another zone of the same organiser is not this zone's.
    other = make_zone(world["organiser"], status=ZoneStatus.RUNNING)
    assert post_form(client, f"/organiser/zones/{other}/check-in", {"code": code}).status_code == 422
