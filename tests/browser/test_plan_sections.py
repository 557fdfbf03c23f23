"""Browser check: choosing a kind of plan shows only that kind's section (a trial also its conversion's)."""

from playwright.sync_api import expect
from sqlalchemy import select

from marketplace.catalogue.models import Patent
from marketplace.demo.data import DEMO_PASSWORD, EMAIL_DOMAIN
from marketplace.extensions import db
from marketplace.organisations.models import University


def _patent(app) -> int:
    with app.app_context():
        return db.session.scalars(select(Patent.id).join(University).where(
            University.name == "内蒙古大学").order_by(Patent.id)).first()


def test_choosing_a_kind_shows_only_its_section(live_server, live_app, page):
    patent_id = _patent(live_app)
    page.goto(live_server + "/login")
    page.get_by_label("电子邮箱").fill(f"imu@{EMAIL_DOMAIN}")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server}/ip/patents/{patent_id}/declaration")
    sections = {name: page.locator(f'[data-plan-section="{name}"]')
                for name in ("trial", "flat", "staged", "royalty")}

    def shown(*names):
        for name, section in sections.items():
            (expect(section).to_be_visible if name in names else expect(section).to_be_hidden)()

    page.locator("#kind").select_option("royalty")
    shown("royalty")
    page.locator("#kind").select_option("staged")
    shown("staged")
    page.locator("#kind").select_option("free")
    shown()
    page.locator("#kind").select_option("try_first")
    page.locator("#conversion").select_option("royalty")
    shown("trial", "royalty")
    page.locator("#kind").select_option("flat")
    shown("flat")
    expect(page.locator("#fee")).to_be_visible()
