"""The enterprise's and the organiser's dashboards in the browser, on the demo data: each opens at desktop
(1280 px) and phone (390 px) width without the page scrolling sideways, screenshots of both widths go to
the test artefacts, and one figure is followed to the list behind it; the organiser's chart loads as an
image."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.demo.data import DEMO_PASSWORD
from marketplace.extensions import db
from marketplace.licensing.models import LIVE_STATUSES, Licence
from tests.browser.conftest import ARTIFACTS

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _log_in(page, server, email):
    page.goto(server + "/login")
    page.get_by_label("电子邮箱").fill(email)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()


def _demo_user(app, role: Role, *conditions) -> str:
    with app.app_context():
        email = db.session.scalars(select(User.email).where(
            User.role == role, User.status == AccountStatus.ACTIVE, *conditions).order_by(User.id)).first()
    assert email, role
    return email


def _both_widths(page, server, name: str) -> None:
    """Open the dashboard at desktop and phone width; a screenshot of each; no sideways scrolling."""
    ARTIFACTS.mkdir(exist_ok=True)
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.goto(server + "/dashboard")
        expect(page.locator("h1")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], label
        page.screenshot(path=str(ARTIFACTS / f"dashboard_{name}_{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def test_the_enterprise_dashboard_on_desktop_and_phone(live_server, live_app, page):
    holders = select(Licence.enterprise_id).where(Licence.status.in_(LIVE_STATUSES))
    email = _demo_user(live_app, Role.ENTERPRISE_USER, User.enterprise_id.in_(holders))
    _log_in(page, live_server, email)
    _both_widths(page, live_server, "enterprise")
    page.goto(live_server + "/dashboard")
    expect(page.get_by_role("heading", name="企业工作台")).to_be_visible()
    expect(page.get_by_role("heading", name="许可与欠款")).to_be_visible()
    expect(page.get_by_role("heading", name="待备案")).to_be_visible()
    live = page.locator('[data-figure="live-licences"]')
    count = int(live.inner_text())
    assert count > 0
    live.click()
    expect(page).to_have_url(re.compile(r"/my/licences$"))
    expect(page.get_by_role("heading", name="我的许可")).to_be_visible()


def test_the_organiser_dashboard_on_desktop_and_phone(live_server, live_app, page):
    email = _demo_user(live_app, Role.ORGANISER)
    _log_in(page, live_server, email)
    _both_widths(page, live_server, "organiser")
    page.goto(live_server + "/dashboard")
    expect(page.get_by_role("heading", name="专区对比")).to_be_visible()
    chart = page.locator('img[src*="/dashboard/zones/chart.svg"]')
    expect(chart).to_be_visible()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", chart.element_handle())
    cell = page.locator("#zones-compared tbody tr").first.locator('a[href*="figure=registrations"]')
    registrations = int(cell.inner_text())
    cell.click()
    expect(page).to_have_url(re.compile(r"/organiser/zones/\d+/results/rows\?figure=registrations$"))
    expect(page.get_by_text(f"共 {registrations} 条", exact=True)).to_be_visible()
