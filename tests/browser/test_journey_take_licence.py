"""Journey: an enterprise finds an offered patent, reviews its schedule, accepts and holds the licence."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from marketplace.catalogue.models import Patent
from marketplace.demo.data import DEMO_PASSWORD, EMAIL_DOMAIN
from marketplace.extensions import db


def _offered_flat_patent(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Patent.id).where(Patent.offer_kind == "flat").order_by(Patent.id))


def test_enterprise_takes_a_licence(live_server, live_app, page):
    patent_id = _offered_flat_patent(live_app)
    page.goto(f"{live_server}/patents/{patent_id}")
    page.get_by_role("link", name=re.compile("以企业身份登录")).click()
    page.get_by_label("电子邮箱").fill(f"mengru@{EMAIL_DOMAIN}")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("heading", name="获取许可")).to_be_visible()
    page.get_by_label("许可开始日期").fill("2027-01-01")
    page.get_by_role("button", name="查看付款计划").click()
    expect(page.locator("#schedule-heading").locator("..")).to_contain_text("¥80,000.00")
    page.get_by_role("button", name="确认获取许可").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("勾选")
    page.get_by_label(re.compile("书面通知专利权人")).check()
    page.get_by_role("button", name="确认获取许可").click()

    expect(page.locator(".alert-success")).to_contain_text("备案")
    expect(page.get_by_role("heading", name=re.compile("许可 OL2027"))).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name="我的许可").click()
    expect(page.get_by_role("link", name=re.compile("OL2027"))).to_be_visible()
