"""Journey: each role opens its dashboard on the demo data, follows a chart to the list behind it,
downloads one export and (for a university) the yearly PDF; screenshots of every dashboard at desktop
(1280 px) and phone (390 px) width go to the test artefacts.

One function per role (`_university`, `_administrator`; the enterprise's and the organiser's screens are
in test_dashboard_screens_enterprise_organiser.py), each of the same shape: log in with `_logged_in`,
check its page, `_screenshots`.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

from playwright.sync_api import expect

from marketplace import ROOT
from marketplace.demo.data import DEMO_PASSWORD
from tests.pdf_fonts import pdf_text

ARTIFACTS = ROOT / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
UNIVERSITY_STAFF = "imu@demo.nmgpatent.cn"
ADMINISTRATOR = "admin@demo.nmgpatent.cn"


def _logged_in(browser, server: str, email: str, viewport=DESKTOP):
    context = browser.new_context(locale="zh-CN", viewport=viewport, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(server + "/login")
    page.get_by_label("电子邮箱").fill(email)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()
    return context, page


def _screenshots(browser, server: str, email: str, role: str) -> None:
    """The dashboard of `email` at desktop and at phone width; at phone width nothing overflows the page."""
    ARTIFACTS.mkdir(exist_ok=True)
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context, page = _logged_in(browser, server, email, viewport)
        page.goto(server + "/dashboard")
        page.screenshot(path=str(ARTIFACTS / f"dashboard-{role}-{name}.png"), full_page=True)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, (role, name, overflow)
        context.close()


def _pdf_checks(pdf: Path, tmp_path: Path) -> None:
    """pdftotext finds the Chinese headings; the first page renders to an image that is not blank."""
    squeezed = pdf_text(pdf.read_bytes(), tmp_path)
    assert squeezed is not None, "the browser journeys run with poppler-utils"
    assert "年度专利开放许可成效报告" in squeezed and "许可转化漏斗" in squeezed
    pdftoppm = shutil.which("pdftoppm") or "pdftoppm"
    subprocess.run([pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),  # noqa: S603
                    str(tmp_path / "report-page1")], check=True, capture_output=True, timeout=60)
    image = tmp_path / "report-page1.png"
    assert image.stat().st_size > 5_000
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(image, ARTIFACTS / "dashboard-university-report-page1.png")


def _university(browser, server: str, tmp_path: Path) -> None:
    context, page = _logged_in(browser, server, UNIVERSITY_STAFF)
    page.goto(server + "/dashboard")
    served = page.locator("#served-figure")
    expect(served).to_be_visible()
    served_count = int(served.inner_text())
    chart = page.locator('img[src*="/dashboard/university/charts/served.svg"]')
    expect(chart).to_be_visible()
    assert chart.get_attribute("alt")
    # visible once laid out, drawn once loaded: wait for the chart itself (it fails after the timeout)
    page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=chart.element_handle())
    # the chart's link leads to the rows behind the figure, one per licence, meeting or answer
    chart.click()
    expect(page.locator("#row-count")).to_contain_text("共")
    rows = page.locator("table tbody tr")
    if served_count:
        assert rows.count() >= served_count
    page.go_back()
    # one export: the funnel as CSV
    with page.expect_download() as download_info:
        page.locator('a[href*="table=funnel"][href*="format=csv"]').click()
    funnel_csv = tmp_path / "funnel.csv"
    download_info.value.save_as(funnel_csv)
    lines = list(csv.reader(io.StringIO(funnel_csv.read_bytes().decode("utf-8-sig"))))
    assert lines[0] == ["环节", "数量"] and len(lines) == 9
    # the yearly report
    with page.expect_download() as download_info:
        page.get_by_role("link", name="年度报告（PDF）").click()
    pdf = tmp_path / "report.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    _pdf_checks(pdf, tmp_path)  # poppler-utils is installed by CI: a missing tool fails here
    context.close()
    _screenshots(browser, server, UNIVERSITY_STAFF, "university")


def test_university_dashboard_journey(browser, live_server, tmp_path):
    _university(browser, live_server, tmp_path)


def _administrator(browser, server: str, tmp_path: Path) -> None:
    context, page = _logged_in(browser, server, ADMINISTRATOR)
    page.goto(server + "/dashboard")
    expect(page.locator(".province-table")).to_be_visible()
    expect(page.locator(".target-summary")).to_contain_text("所达到")
    universities = page.locator(".province-table tbody tr").count()
    assert universities >= 5
    # the chart of enterprises served per university leads to the rows behind the province's figure
    chart = page.locator('img[src*="/dashboard/province/served.svg"]')
    expect(chart).to_be_visible()
    assert chart.get_attribute("alt")
    # visible once laid out, drawn once loaded: wait for the chart itself (it fails after the timeout)
    page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=chart.element_handle())
    chart.click()
    expect(page.locator("table tbody tr").first).to_be_visible()
    assert page.locator("table tbody tr").count() >= 1
    page.go_back()
    # one export: the universities' table as CSV, one line per university and a header
    with page.expect_download() as download_info:
        page.locator('a[href*="table=universities"][href*="format=csv"]').click()
    table = tmp_path / "universities.csv"
    download_info.value.save_as(table)
    lines = list(csv.reader(io.StringIO(table.read_bytes().decode("utf-8-sig"))))
    assert lines[0][0] == "高校" and len(lines) >= universities + 1
    # the zones side by side
    expect(page.locator("#zones-compared")).to_be_visible()
    context.close()
    _screenshots(browser, server, ADMINISTRATOR, "administrator")


def test_administrator_dashboard_journey(browser, live_server, tmp_path):
    _administrator(browser, live_server, tmp_path)
