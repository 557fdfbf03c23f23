"""The university dashboard: every figure checked exactly against a world built by hand, the rows behind
each figure, the charts, the downloads, the yearly report, the empty case, a bad year, another
university's rows, and a number of SQL statements that does not grow with the data."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from marketplace.accounts.models import Role
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money import Money
from marketplace.core.patent_fields import LegalStatus
from marketplace.dashboards.university import university_dashboard
from marketplace.extensions import db
from marketplace.policy.fees import Fee
from marketplace.policy.funnel import Stage
from tests.dashboards.university_world import OTHER_STAFF, STAFF, TODAY, YEAR, build_dashboard_world
from tests.helpers import login, page_text
from tests.pdf_fonts import assert_fonts_embedded, pdf_text

FUNNEL = {Stage.PATENTS: 3, Stage.OFFERS: 3, Stage.REACHED: 1, Stage.MEETINGS_REQUESTED: 2,
          Stage.MEETINGS_HELD: 1, Stage.LICENCES: 3, Stage.CONVERTED: 2, Stage.FILED: 1}


@pytest.fixture
def world(app, monkeypatch):
    monkeypatch.setitem(app.config, "FROZEN_TODAY", TODAY.isoformat())
    with app.app_context():
        return build_dashboard_world()


def test_every_figure_of_the_first_university(app, world):
    with app.app_context():
        dash = university_dashboard(world.built.u0, YEAR, TODAY)
    # served: e0 (licence, meeting and answer), e2 (licence), the newcomer (answer) — by credit code
    assert (dash.served, dash.strict, dash.target, dash.reached, dash.missing) == (3, 2, 10, False, 7)
    assert dash.funnel == FUNNEL
    assert dash.patents_by_status == {LegalStatus.GRANTED: 3, LegalStatus.LAPSED: 0, LegalStatus.EXPIRED: 0,
                                      LegalStatus.INVALIDATED: 0}
    assert dash.archived == 0
    assert dash.offers_by_kind == {"flat": 2, "staged": 0, "try_first": 1, "royalty": 0, "free": 0}
    assert dash.licences_by_state == {**dict.fromkeys(LicenceStatus, 0), LicenceStatus.ACTIVE: 3}
    assert (dash.trials_running, dash.trials_ending) == (0, 0)
    assert (dash.conversion.ended, dash.conversion.converted, dash.conversion.median_days) == (1, 1, 32)
    assert dash.fees.year(Fee.CHARGED) == Money("80000.00")
    assert dash.fees.month(Fee.CHARGED, 12) == Money("80000.00")
    assert dash.fees.year(Fee.COLLECTED) == Money("20000.00")
    assert dash.fees.year(Fee.OVERDUE) == Money("60000.00")
    assert (dash.filing_due, dash.filing_overdue) == (1, 1)
    assert [top.count for top in dash.top_by_licences] == [1, 1, 1]
    # two meeting requests and one question about the patent of the first licence
    assert [(top.patent_id, top.count) for top in dash.top_by_enquiries] == [(world.via_page_patent, 3)]
    assert dash.needs_fit == 1


def _text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return page_text(response)


def _count_of(client, url: str) -> str:
    found = re.search(r'id="row-count">([^<]*)<', client.get(url).get_data(as_text=True))
    assert found, url
    return found.group(1)


def test_the_page_shows_every_figure_and_links_to_its_rows(app, client, world):
    login(client, STAFF)
    html = client.get(f"/dashboard?year={YEAR}").get_data(as_text=True)
    text = " ".join(html.split())
    assert re.search(r'id="served-figure">3</a>', html) and re.search(r'id="strict-figure">2</a>', html)
    assert "还需服务 7 家企业才能达到目标" in text and "尚未达标" in text
    assert 'id="fee-year-charged">¥80,000.00' in html and 'id="fee-year-collected">¥20,000.00' in html
    assert 'id="fee-year-overdue">¥60,000.00' in html
    assert 'id="needs-fit-figure">1</a>' in html
    for chart in ("served", "funnel", "fees"):
        assert f'src="/dashboard/university/charts/{chart}.svg?year={YEAR}"' in html
    links = sorted({link.replace("&amp;", "&") for link in
                    re.findall(r'href="(/dashboard/university/rows\?[^"]+)"', html)})
    counts = {link: _count_of(client, link) for link in links}
    rows = "/dashboard/university/rows?figure={}&year=" + str(YEAR)
    assert counts[rows.format("served")] == "共 6 条"  # 3 licences, 1 meeting, 2 answers
    assert counts[rows.format("strict")] == "共 3 条"  # the 3 licences of 2 enterprises
    for stage, expected in FUNNEL.items():
        assert counts[f"/dashboard/university/rows?figure={stage.value}&year={YEAR}"] == f"共 {expected} 条"
    assert counts[f"/dashboard/university/rows?figure=charged&year={YEAR}&month=12"] == "共 2 条"
    assert counts[f"/dashboard/university/rows?figure=filing_overdue&year={YEAR}"] == "共 1 条"
    assert counts[f"/dashboard/university/rows?figure=trials_converted&year={YEAR}"] == "共 1 条"
    assert counts[f"/dashboard/university/rows?figure=patent_enquiries&year={YEAR}&patent="
                  f"{world.via_page_patent}"] == "共 3 条"
    served = _text(client, f"/dashboard/university/rows?figure=served&year={YEAR}")
    assert world.newcomer_name in served and world.newcomer_code in served
    assert "采纳了我校对其需求的答复" in served
    assert world.outsider_name not in served  # served by the other university only
    assert "¥50,000.00" in _text(client, f"/dashboard/university/rows?figure=charged&year={YEAR}")


def test_the_rows_page_refuses_an_unknown_figure(app, client, world):
    login(client, STAFF)
    assert client.get("/dashboard/university/rows").status_code == 404
    assert client.get("/dashboard/university/rows?figure=everything").status_code == 404
    assert client.get("/dashboard/university/rows?figure=patent_enquiries").status_code == 404


def test_another_university_sees_its_own_figures_only(app, client, world):
    login(client, OTHER_STAFF)
    html = client.get(f"/dashboard?year={YEAR}").get_data(as_text=True)
    assert re.search(r'id="served-figure">2</a>', html)  # e1 and the outsider took its licences
    served = _text(client, f"/dashboard/university/rows?figure=served&year={YEAR}")
    assert world.outsider_name in served and world.newcomer_name not in served
    # the first university's patent: nothing of it shows
    other = _text(client, f"/dashboard/university/rows?figure=patent_enquiries&year={YEAR}&patent="
                          f"{world.via_page_patent}")
    assert "共 0 条" in other


def test_a_bad_year_is_ignored_with_a_message(app, client, world):
    login(client, STAFF)
    for bad in ("abc", "1999", "9999", "２０２６"):
        response = client.get(f"/dashboard?year={bad}")
        assert response.status_code == 200
        text = page_text(response)
        assert "没有可显示的" in text and f"{TODAY.year}年服务的企业" in text


def test_the_charts_are_svg_without_script(app, client, world):
    login(client, STAFF)
    for chart in ("served", "funnel", "fees"):
        response = client.get(f"/dashboard/university/charts/{chart}.svg?year={YEAR}")
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        assert response.headers["Cache-Control"] == "private, no-store"
        svg = response.get_data(as_text=True)
        assert "<script" not in svg and "<desc>" in svg and "<title>" in svg
    assert "目标" in client.get(f"/dashboard/university/charts/served.svg?year={YEAR}").get_data(as_text=True)


def test_every_table_downloads_as_csv_and_xlsx(app, client, world):
    login(client, STAFF)
    fees = client.get(f"/dashboard/university/export?table=fees&format=csv&year={YEAR}")
    rows = list(csv.reader(io.StringIO(fees.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["月份", "应收许可费", "已收许可费", "逾期未付"]
    assert rows[12] == ["12月", "80000.00", "20000.00", "60000.00"]
    for name in ("served", "funnel", "patents", "offers", "licences", "trials", "fees", "filings",
                 "top_licences", "top_enquiries", "needs"):
        for kind in ("csv", "xlsx"):
            response = client.get(f"/dashboard/university/export?table={name}&format={kind}&year={YEAR}")
            assert response.status_code == 200, (name, kind)
    workbook = load_workbook(io.BytesIO(client.get(
        f"/dashboard/university/export?table=served&format=xlsx&year={YEAR}").data))
    values = [[cell.value for cell in row] for row in workbook.active.iter_rows()]
    assert values[1] == ["服务企业", 3] and values[2] == ["取得许可的企业", 2]
    assert client.get("/dashboard/university/export?table=secrets").status_code == 404
    assert client.get("/dashboard/university/export?table=fees&format=exe").status_code == 404


def test_the_yearly_report_pdf(app, client, world, tmp_path):
    login(client, STAFF)
    response = client.get(f"/dashboard/university/report.pdf?year={YEAR}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert f"report-{YEAR}.pdf" in response.headers["Content-Disposition"]
    assert_fonts_embedded(response.data, tmp_path)
    text = pdf_text(response.data, tmp_path)
    if text is None:
        return  # poppler is missing off CI: the text cannot be read
    for heading in ("年度专利开放许可成效报告", "一、服务企业与“千校万企”目标", "二、许可转化漏斗",
                    "三、按月许可使用费", "四、许可状态与试用转化", "五、热门专利"):
        assert heading in text
    assert "本年度服务企业3家（其中取得许可的企业2家），年度目标10家，尚未达标，还需服务7家。" in text
    assert "全年应收¥80,000.00，实收¥20,000.00，逾期未付¥60,000.00。" in text
    assert "12月¥80,000.00¥20,000.00¥60,000.00" in text
    assert "已举行的洽谈" in text or "双方确认举行的洽谈" in text


def test_the_empty_case_shows_zeros_and_a_hint(app, client, login_as, tmp_path):
    login_as(Role.UNIVERSITY_STAFF)
    html = client.get("/dashboard").get_data(as_text=True)
    text = " ".join(html.split())
    assert re.search(r'id="served-figure">0</a>', html) and "尚无记录" in text
    assert "还需服务 10 家企业才能达到目标" in text
    for chart in ("served", "funnel", "fees"):
        assert client.get(f"/dashboard/university/charts/{chart}.svg").status_code == 200
    report = client.get("/dashboard/university/report.pdf")
    assert report.status_code == 200
    text = pdf_text(report.data, tmp_path)
    assert text is None or "本年度尚无记录" in text
    assert client.get("/dashboard/university/export?table=trials&format=csv").status_code == 200


def _statements(app, client) -> int:
    count = 0

    def counter(*_args):
        nonlocal count
        count += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counter)
    try:
        assert client.get(f"/dashboard?year={YEAR}").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    return count


def test_the_number_of_statements_does_not_grow_with_the_data(app, client, world):
    from tests.dashboards.university_world import grow

    login(client, STAFF)
    client.get(f"/dashboard?year={YEAR}")  # warm up: the first request loads what every request loads
    small = _statements(app, client)
    with app.app_context():
        grow(world)
    with app.app_context():
        bigger = university_dashboard(world.built.u0, YEAR, TODAY)
        assert bigger.served > 3 and bigger.fees.year(Fee.CHARGED) > Money("80000.00")
    assert _statements(app, client) == small
