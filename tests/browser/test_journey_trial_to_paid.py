"""Journey: an enterprise takes a try-first licence; the date moves past the trial; it converts and pays
by bank transfer; the university confirms; both sides see the same balance of zero."""

import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.pricing import TrialEnd
from marketplace.declarations.plan_storage import read_plan
from marketplace.declarations.services import current_declaration
from marketplace.demo.data import DEMO_PASSWORD
from marketplace.extensions import db
from marketplace.ledger.services import audit
from marketplace.licensing.models import LIVE_STATUSES, Licence


def _trial_patent_and_people(app) -> tuple[int, str, str]:
    """A patent offered try-first (converting at trial end), an enterprise user without a live licence of
    it, and the patent's university staff."""
    with app.app_context():
        for patent in db.session.scalars(select(Patent).where(Patent.offer_kind == "try_first")
                                         .order_by(Patent.id)):
            declaration = current_declaration(patent.id)
            if read_plan(declaration).trial_end is not TrialEnd.CONVERT:
                continue
            holders = set(db.session.scalars(select(Licence.enterprise_id).where(
                Licence.patent_id == patent.id, Licence.status.in_(LIVE_STATUSES))))
            buyer = db.session.scalars(select(User.email).where(
                User.role == Role.ENTERPRISE_USER, User.status == "active",
                User.enterprise_id.not_in(holders)).order_by(User.id)).first()
            staff = db.session.scalars(select(User.email).where(
                User.role == Role.UNIVERSITY_STAFF, User.status == "active",
                User.university_id == patent.university_id).order_by(User.id)).first()
            if buyer and staff:
                return patent.id, buyer, staff
    raise AssertionError("the demo has no try-first offer converting at trial end")


def _log_in(page, server, email):
    page.goto(server + "/login")
    page.get_by_label("电子邮箱").fill(email)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_trial_converts_is_paid_and_confirmed(live_server, live_app, browser, page):
    patent_id, buyer, staff = _trial_patent_and_people(live_app)
    _log_in(page, live_server, buyer)
    page.goto(f"{live_server}/patents/{patent_id}/licence")
    page.get_by_label(re.compile("书面通知专利权人")).check()
    page.get_by_role("button", name="确认获取许可").click()
    expect(page.locator(".alert-success")).to_contain_text("备案")
    expect(page.get_by_text("试用中").first).to_be_visible()
    licence_url = page.url
    licence_id = int(licence_url.rstrip("/").rsplit("/", 1)[1])
    with live_app.app_context():
        trial_last_day = db.session.get(Licence, licence_id).trial_last_day
    day_after = (trial_last_day + timedelta(days=1)).isoformat()

    frozen = live_app.config["FROZEN_TODAY"]
    try:
        live_app.config["FROZEN_TODAY"] = day_after  # the date moves past the trial
        result = live_app.test_cli_runner().invoke(args=["ledger", "run-due", "--today", day_after])
        assert result.exit_code == 0, result.output
        assert "trials ended" in result.output
        with live_app.app_context():
            assert db.session.get(Licence, licence_id).status == "active"  # converted at the trial end

        page.goto(licence_url)
        expect(page.get_by_text("已启用").first).to_be_visible()  # converted at the trial end
        expect(page.get_by_text("应付余额：¥60,000.00")).to_be_visible()
        page.get_by_label("汇款金额（元）").fill("60000")
        page.get_by_label("银行转账流水号").fill("ICBC-20271126-0001")
        page.get_by_label("转账日期").fill(day_after)
        page.get_by_role("button", name="我们已汇款").click()
        expect(page.locator(".alert-success")).to_contain_text("高校")
        expect(page.get_by_text("等待高校确认")).to_be_visible()

        university = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        staff_page = university.new_page()
        _log_in(staff_page, live_server, staff)
        staff_page.get_by_role("navigation").get_by_role("link", name=re.compile("待确认转账")).click()
        expect(staff_page.get_by_text("ICBC-20271126-0001")).to_be_visible()
        staff_page.get_by_role("button", name="确认：款项已到账").first.click()
        expect(staff_page.locator(".alert-success")).to_contain_text("付款已入账")
        staff_page.goto(licence_url)
        expect(staff_page.get_by_text("应付余额：¥0.00")).to_be_visible()
        staff_page.screenshot(path="test-artifacts/trial_to_paid_university.png", full_page=True)
        university.close()

        page.goto(licence_url)
        expect(page.get_by_text("应付余额：¥0.00")).to_be_visible()
        expect(page.get_by_text("已确认：付款已入账")).to_be_visible()
        with live_app.app_context():
            assert audit() == []
    finally:
        live_app.config["FROZEN_TODAY"] = frozen
