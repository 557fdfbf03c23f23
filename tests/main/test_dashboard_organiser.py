"""The organiser's dashboard: its zones side by side with every figure of the zones' results (one row per
zone, an administrator sees every zone), each figure equal to that zone's total and linked to its rows,
the chart comparing the zones, the CSV and XLSX downloads, the empty case, and a number of SQL statements
that does not grow with the number of zones."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from marketplace.accounts.models import Role
from marketplace.core.money import Money
from marketplace.core.zone_state import ZoneStatus
from marketplace.dashboards.organiser import all_zone_rows, zone_rows
from marketplace.extensions import db
from marketplace.zones.models import Zone, ZoneRegistration
from marketplace.zones.results import MONEY_FIGURES, FigureKey, zone_results
from tests.helpers import login, page_text
from tests.main.statement_count import statements_of_get
from tests.zones.meeting_world import add_enterprise, build_meeting_world, user
from tests.zones.test_results_figures import EXPECTED, MONEY, build


def _zone(organiser_id: int, title: str, opens_on: date) -> int:
    zone = Zone(organiser_id=organiser_id, title=title, theme="新能源", opens_on=opens_on,
                closes_on=date(2027, 3, 31), status=ZoneStatus.PUBLISHED)
    db.session.add(zone)
    db.session.flush()
    return zone.id


@pytest.fixture
def built(app):
    """The zone results' world, a second (empty) zone of the same organiser and a zone of another."""
    with app.app_context():
        world = build()
        organiser = db.session.get(Zone, world.zone_id).organiser
        empty = _zone(organiser.id, "新能源专场", date(2027, 2, 1))
        other = build_meeting_world(enterprises=1, serial=8)
        db.session.commit()
        return {"zone": world.zone_id, "empty": empty, "other": other.zone_id, "organiser": organiser.email,
                "other_organiser": other.organiser}


def _expected_total(key: FigureKey):
    if key in MONEY_FIGURES:
        return Money(MONEY[key][2])
    return EXPECTED[key][2]


def test_one_row_per_zone_with_every_figure_of_its_results(app, built, make_user):
    admin = make_user(Role.ADMIN)
    with app.app_context():
        organiser = user(built["organiser"])
        rows = all_zone_rows(organiser)
        assert [row.zone.id for row in rows] == [built["empty"], built["zone"]]  # newest first
        empty, zone = rows
        for key in FigureKey:
            assert zone.value(key) == _expected_total(key), key
            assert zone.value(key) == zone_results(built["zone"]).total.value(key), key
            assert empty.value(key) == (Money.zero() if key in MONEY_FIGURES else 0), key
        assert [row.zone.id for row in zone_rows([zone.zone])] == [built["zone"]]
        assert zone_rows([]) == []
        everything = all_zone_rows(user(admin))
        assert {row.zone.id for row in everything} == {built["zone"], built["empty"], built["other"]}
        other = next(row for row in everything if row.zone.id == built["other"])
        assert other.counts[FigureKey.REGISTRATIONS] == 1 and other.counts[FigureKey.LICENCES] == 0


def test_the_dashboard_shows_the_zones_side_by_side_with_links_to_the_rows(app, client, built):
    login(client, built["organiser"])
    response = client.get("/dashboard")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = page_text(response)
    assert "专区对比" in text and "¥110,000.00" in html and "¥30,000.00" in html
    assert "稀土新材料专场1" in text and "新能源专场" in text and "稀土新材料专场8" not in text
    rows_link = rf'href="/organiser/zones/{built["zone"]}/results/rows\?figure='
    links = re.findall(rows_link + r'([a-z_]+)"', html)
    assert set(links) >= {key.value for key in FigureKey}
    cells = dict(re.findall(rows_link + r'([a-z_]+)">([^<]+)<', html))
    assert cells["meetings_held"] == "1" and cells["registrations"] == "3"
    assert cells["fees_charged"] == "¥110,000.00"
    held = client.get(f"/organiser/zones/{built['zone']}/results/rows?figure=meetings_held")
    assert held.status_code == 200 and "共 1 条" in page_text(held)
    assert 'src="/dashboard/zones/chart.svg?zones_page=1"' in html
    assert 'href="/dashboard/zones/compared.csv"' in html and 'href="/dashboard/zones/compared.xlsx"' in html


def test_the_chart_is_an_svg_without_script_comparing_the_zones(app, client, built):
    login(client, built["organiser"])
    response = client.get("/dashboard/zones/chart.svg?zones_page=1")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "private, no-store"
    svg = response.get_data(as_text=True)
    assert svg.startswith("<svg") and "<script" not in svg and "javascript:" not in svg
    assert "<title>专区对比</title>" in svg and "<desc>" in svg
    assert "稀土新材料专场1" in svg and "新能源专场" in svg and "已举行的洽谈" in svg


def test_the_downloads_hold_every_zone_and_figure(app, client, built):
    login(client, built["organiser"])
    body = client.get("/dashboard/zones/compared.csv").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:6] == ["专区", "状态", "开始日期", "结束日期", "报名", "签到"]
    assert [row[0] for row in rows[1:]] == ["新能源专场", "稀土新材料专场1"]
    assert rows[2][4:] == ["3", "1", "4", "2", "1", "3", "1", "1", "110000.00", "30000.00", "1"]
    assert rows[1][4:] == ["0"] * 8 + ["0.00", "0.00", "0"]
    workbook = load_workbook(io.BytesIO(client.get("/dashboard/zones/compared.xlsx").data))
    last = list(workbook.active.iter_rows(values_only=True))[-1]
    assert last[0] == "稀土新材料专场1" and last[12] == 110000 and last[4] == 3


def test_an_administrator_compares_every_zone(app, client, built, make_user):
    login(client, make_user(Role.ADMIN))
    body = client.get("/dashboard/zones/compared.csv").get_data().decode("utf-8-sig")
    titles = {row[0] for row in list(csv.reader(io.StringIO(body)))[1:]}
    assert titles == {"新能源专场", "稀土新材料专场1", "稀土新材料专场8"}
    assert "稀土新材料专场8" in client.get("/dashboard/zones/chart.svg").get_data(as_text=True)


def test_a_new_organiser_sees_a_hint_and_empty_downloads(app, client, make_user):
    login(client, make_user(Role.ORGANISER))
    text = page_text(client.get("/dashboard"))
    assert "暂无可对比的专区" in text
    chart = client.get("/dashboard/zones/chart.svg")
    assert chart.status_code == 200 and "<script" not in chart.get_data(as_text=True)
    body = client.get("/dashboard/zones/compared.csv").get_data().decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(body)))) == 1


def test_other_roles_are_refused(app, make_user):
    for role in (Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF):
        other = app.test_client()
        login(other, make_user(role))
        for url in ("/dashboard/zones/chart.svg", "/dashboard/zones/compared.csv",
                    "/dashboard/zones/compared.xlsx"):
            assert other.get(url).status_code == 403, (role, url)


def test_the_number_of_statements_does_not_grow_with_the_zones(app, client, built):
    login(client, built["organiser"])
    client.get("/dashboard")
    small = statements_of_get(app, client, "/dashboard")
    small_chart = statements_of_get(app, client, "/dashboard/zones/chart.svg")
    small_csv = statements_of_get(app, client, "/dashboard/zones/compared.csv")
    with app.app_context():
        organiser = user(built["organiser"])
        world = build_meeting_world(enterprises=1, serial=9)
        for index in range(4):
            zone_id = _zone(organiser.id, f"增加的专区{index}", date(2027, 1, 10 + index))
            world.zone_id = zone_id
            enterprise_id, email = add_enterprise(world, register=False)
            db.session.add(ZoneRegistration(zone_id=zone_id, enterprise_id=enterprise_id,
                                            registered_by_id=user(email).id, contact_name="李经理",
                                            check_in_code=f"Z{zone_id:05d}{index:05d}"))
        db.session.commit()
        assert len(all_zone_rows(organiser)) == 6
    assert statements_of_get(app, client, "/dashboard") == small
    assert statements_of_get(app, client, "/dashboard/zones/chart.svg") == small_chart
    assert statements_of_get(app, client, "/dashboard/zones/compared.csv") == small_csv
