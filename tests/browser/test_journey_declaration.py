"""Journey: an IP centre publishes a try-first-pay-later plan; an anonymous visitor reads the terms
and works out the cost with the calculator."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from marketplace.catalogue.models import Patent
from marketplace.demo.data import DEMO_PASSWORD, EMAIL_DOMAIN
from marketplace.extensions import db
from marketplace.organisations.models import University


def _undeclared_patent(app) -> tuple[int, str]:
    with app.app_context():
        patent = db.session.scalars(
            select(Patent).join(University).where(
                University.name == "内蒙古大学", Patent.offer_kind == "", Patent.legal_status == "granted",
                Patent.patent_type == "invention", Patent.patentees == "内蒙古大学",
            ).order_by(Patent.id)
        ).first()
        return patent.id, patent.title


def test_staff_publish_try_first_and_visitor_uses_the_calculator(live_server, live_app, page):
    patent_id, title = _undeclared_patent(live_app)

    page.goto(live_server + "/login")
    page.get_by_label("电子邮箱").fill(f"imu@{EMAIL_DOMAIN}")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server}/ip/patents/{patent_id}/edit")
    page.get_by_role("link", name="开放许可声明").click()
    expect(page.get_by_role("heading", name="开放许可声明", exact=True)).to_be_visible()

    page.locator("#kind").select_option("try_first")
    page.locator("#term_count").fill("3")
    page.locator("#term_unit").select_option("year")
    page.locator("#trial_count").fill("90")
    page.locator("#trial_unit").select_option("day")
    page.locator("#trial_fee").fill("0")
    page.locator("#trial_end").select_option("expire")
    page.locator("#conversion").select_option("flat")
    page.locator("#fee").fill("60,000")
    page.locator("#payment_method").fill("银行转账至内蒙古大学账户")
    page.locator("#sample_start").fill("2027-01-01")
    page.locator("#preview").click()
    preview = page.locator("#preview-heading").locator("..")
    expect(preview).to_contain_text("2027-04-01")
    expect(preview).to_contain_text("60,000.00")

    page.locator("#save").click()
    page.get_by_role("button", name=re.compile("发布")).click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.get_by_role("button", name="退出登录").click()

    page.goto(f"{live_server}/patents/{patent_id}")
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    terms = page.locator("main")
    expect(terms).to_contain_text("试用")
    expect(terms).to_contain_text("¥60,000.00")
    page.get_by_label(re.compile("开始日期")).fill("2027-01-01")
    page.get_by_role("button", name=re.compile("计算")).click()
    expect(page.locator("main")).to_contain_text("2027-04-01")
    expect(page.locator("main")).to_contain_text("60,000.00")
