"""The administrator's province dashboard: every figure checked against a world built through the
services (two universities, a zone, meetings, licences in 2026 and 2027, a trial converted, payments, a
filing), an enterprise served by both universities counted once in the province, the university and
industry filters, the empty case, the refused roles, and the page's SQL statements not growing with the
data."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import event
from sqlalchemy.engine import Engine

from marketplace.accounts.models import Role
from marketplace.extensions import db
from tests.dashboards.conftest import CROSS_DAY, _patent_of, _taker_of
from tests.helpers import login, page_text
from tests.zones.test_results_figures import _take


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


# served, strict, patents, offers, reached, meetings requested, held, licences, converted or paid, filed,
# trials, trials converted, charged, collected, overdue, 备案 overdue, trial conversion rate
U0_2026 = ["3", "3", "3", "3", "0", "2", "1", "4", "2", "1", "1", "1",
           "80000.00", "20000.00", "60000.00", "0", "1.00"]
U1_2026 = ["2", "2", "1", "1", "0", "2", "0", "2", "0", "0", "0", "0",
           "100000.00", "0.00", "100000.00", "0", ""]
TOTAL_2026 = ["4", "4", "4", "4", "0", "4", "1", "6", "2", "1", "1", "1",
              "180000.00", "20000.00", "160000.00", "0", "1.00"]


def test_every_figure_per_university_and_the_province_total(world, admin):
    lines = _csv(admin.get("/dashboard/province/export?table=universities&format=csv&year=2026"))
    assert [line[0] for line in lines[1:]] == ["会谈大学1-0", "会谈大学1-1", "全省合计"]
    assert lines[1][1:18] == U0_2026
    assert lines[2][1:18] == U1_2026
    # e1 is served by both universities: 3 + 2 per university, 4 enterprises in the province
    assert lines[3][1:18] == TOTAL_2026
    assert lines[1][18] == lines[2][18] == "否"
    assert lines[3][18] == "2 所高校中 0 所"


def test_the_page_shows_the_figures_the_target_and_links_to_the_rows(world, admin):
    response = admin.get("/dashboard?year=2026")
    assert response.status_code == 200
    text = page_text(response)
    assert "全省服务企业：4" in text and "2 所高校中 0 所达到 10 家的目标" in text
    assert text.count('class="below-target"') == 2
    assert "/dashboard/province/rows?year=2026&amp;figure=served&amp;university=" in text
    assert 'src="/dashboard/province/served.svg?year=2026&amp;page=1"' in text
    assert "/dashboard/province/export?table=industries&amp;format=xlsx&amp;year=2026" in text
    # the zones side by side, as the organisers see theirs: every zone, each figure linked to its rows
    rows = f"/organiser/zones/{world.zone_id}/results/rows?figure=registrations"
    assert "专区对比" in text and rows in text


def test_months_and_industries(world, admin):
    months = _csv(admin.get("/dashboard/province/export?table=months&format=csv&year=2026"))
    assert len(months) == 13
    assert [line[1:] for line in months[1:12]] == [["0", "0.00", "0.00", "0"]] * 11
    assert months[12][1:] == ["6", "180000.00", "20000.00", "4"]
    industries = _csv(admin.get("/dashboard/province/export?table=industries&format=csv&year=2026"))
    assert industries[1:] == [["稀土及新材料", "5", "3"], ["新能源", "1", "1"]]


def test_the_default_year_is_this_year(world, admin):
    lines = _csv(admin.get("/dashboard/province/export?table=universities&format=csv"))
    # 2027: the trial's first charge (10,000) posted and paid; e2 takes a licence from u1 on 5 January
    assert lines[1][1:18] == ["0", "0", "3", "3", "0", "0", "0", "0", "0", "0", "0", "0", "10000.00",
                              "10000.00", "0.00", "0", ""]
    assert lines[2][1:9] == ["1", "1", "1", "1", "0", "0", "0", "1"]
    assert lines[3][1:3] == ["1", "1"]
    assert "2027 年全省政策成效" in page_text(admin.get("/dashboard"))


def test_the_university_filter_keeps_one_row_and_its_totals(world, admin, app):
    with app.app_context():
        u1 = world.u1
    lines = _csv(admin.get(f"/dashboard/province/export?table=universities&format=csv&year=2026"
                           f"&university={u1}"))
    assert [line[0] for line in lines[1:]] == ["会谈大学1-1", "全省合计"]
    assert lines[1][1:18] == U1_2026 and lines[2][1:18] == U1_2026


def test_the_industry_filter(world, admin):
    lines = _csv(admin.get("/dashboard/province/export?table=universities&format=csv&year=2026"
                           "&industry=new_energy"))
    assert lines[1][1:18] == ["1", "1", "1", "1", "0", "0", "0", "1", "0", "0", "0", "0", "30000.00", "0.00",
                              "30000.00", "0", ""]
    assert lines[2][1:18] == ["0"] * 12 + ["0.00"] * 3 + ["0", ""]
    assert lines[3][1:3] == ["1", "1"]


def test_filing_overdue_once_the_deadlines_pass(world, admin, app):
    app.config["FROZEN_TODAY"] = "2027-04-01"
    lines = _csv(admin.get("/dashboard/province/export?table=universities&format=csv&year=2026"))
    assert [lines[1][16], lines[2][16], lines[3][16]] == ["3", "2", "5"]
    rows = _csv(admin.get("/dashboard/province/rows?figure=filing_overdue&year=2026&format=csv"))
    assert len(rows) == 6


def test_the_rows_behind_the_figures(world, admin, app):
    served = _csv(admin.get("/dashboard/province/rows?figure=served&year=2026&format=csv"))
    # six licences and one meeting held by both sides; four distinct credit codes
    assert len(served) == 8 and len({line[2] for line in served[1:]}) == 4
    assert sorted(line[3] for line in served[1:]) == ["已举行洽谈"] + ["已获取许可"] * 6
    charged = _csv(admin.get("/dashboard/province/rows?figure=charged&year=2026&format=csv"))
    assert sorted(line[5] for line in charged[1:]) == ["30000.00", "50000.00", "50000.00", "50000.00"]
    with app.app_context():
        u0 = world.u0
    page = admin.get(f"/dashboard/province/rows?figure=collected&year=2026&university={u0}")
    assert page.status_code == 200 and "¥20,000.00" in page_text(page)
    workbook = load_workbook(io.BytesIO(admin.get(
        "/dashboard/province/rows?figure=licences&year=2026&format=xlsx").data))
    assert workbook.active.max_row == 7
    assert admin.get("/dashboard/province/rows?figure=patents&year=2026").status_code == 200


def test_charts_are_svg_without_script_with_a_description(world, admin):
    for url in ("/dashboard/province/served.svg?year=2026", "/dashboard/province/months.svg?year=2026",
                "/dashboard/province/fees.svg?year=2026"):
        response = admin.get(url)
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        assert response.headers["Cache-Control"] == "private, no-store"
        body = response.data.decode()
        assert "<script" not in body and "<desc>" in body and "<title>" in body
    assert "会谈大学1-0" in admin.get("/dashboard/province/served.svg?year=2026").data.decode()


def test_bad_filters_are_ignored_with_a_message(world, admin):
    response = admin.get("/dashboard?year=20x6&university=999999&industry=steel")
    assert response.status_code == 200
    text = page_text(response)
    assert "年份无法识别" in text and "没有这所高校" in text and "没有这个行业" in text
    assert admin.get("/dashboard/province/rows?figure=nothing").status_code == 404
    assert admin.get("/dashboard/province/export?table=nothing&format=csv").status_code == 404


def test_empty_data_shows_zeros_and_a_hint(app, admin):
    response = admin.get("/dashboard")
    assert response.status_code == 200
    assert "本年度尚无记录" in page_text(response)
    lines = _csv(admin.get("/dashboard/province/export?table=universities&format=csv"))
    assert lines[-1][1:18] == ["0"] * 12 + ["0.00"] * 3 + ["0", ""]
    for url in ("/dashboard/province/served.svg", "/dashboard/province/months.svg",
                "/dashboard/province/fees.svg", "/dashboard/province/rows?figure=served"):
        assert admin.get(url).status_code == 200


@pytest.mark.parametrize("role", [Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF, Role.ORGANISER])
def test_other_roles_are_refused(client, make_user, role):
    login(client, make_user(role))
    for url in ("/dashboard/province/rows?figure=served", "/dashboard/province/served.svg",
                "/dashboard/province/export?table=months&format=csv"):
        assert client.get(url).status_code == 403
    assert "/dashboard/province/" not in page_text(client.get("/dashboard"))


def _statements(client, url: str) -> int:
    found = []

    def count(conn, cursor, statement, *args):
        found.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    return len(found)


@pytest.mark.parametrize("max_age", [0, 300], ids=["computed", "snapshot"])
def test_the_pages_statements_do_not_grow_with_the_data(world, admin, app, make_university, make_patent,
                                                        max_age, monkeypatch):
    """Computed on every request (no snapshot kept) or read from the snapshot, the pages take as many
    statements after more licences, patents and universities as before."""
    monkeypatch.setitem(app.config, "FIGURES_MAX_AGE_SECONDS", max_age)
    urls = ("/dashboard?year=2026", "/dashboard/province/rows?figure=served&year=2026",
            "/dashboard/province/served.svg?year=2026")
    for url in urls:  # a snapshot to read, when kept
        admin.get(url)
    before = [_statements(admin, url) for url in urls]
    with app.app_context():
        patent_id = _patent_of(world.licences["via_page"])
        _take(_taker_of(world.licences["other_patent"]), patent_id, CROSS_DAY, None)
        for _ in range(3):
            make_patent(make_university())
        db.session.commit()
    for url in urls:  # as before: a snapshot, and the catalogue's remembered counts, to read
        admin.get(url)
    after = [_statements(admin, url) for url in urls]
    assert after == before
    assert before[0] < 60
