"""Journey: an IP centre composes a plan that pays from the first revenue (a trial ending at a milestone)
and sees the price guidance beside the editor; an enterprise takes the licence and reports the milestone;
the university confirms it; the charge appears on the licence, due that day."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.declarations.describe import fen_text, ppm_text
from marketplace.declarations.guidance import price_guidance
from marketplace.demo.data import DEMO_PASSWORD, EMAIL_DOMAIN
from marketplace.extensions import db
from marketplace.ledger.services import audit
from marketplace.licensing.models import Licence, LicenceCharge

MILESTONE = "首次取得销售收入"


def _undeclared_patent(app) -> tuple[int, str, bool]:
    """An undeclared invention in force with comparable published offers to guide its price, of a
    university other than 内蒙古大学 (the declaration journey declares that one's first undeclared patent):
    its id, its IP centre's log-in, and whether it is co-owned."""
    with app.app_context():
        for patent in db.session.scalars(
                select(Patent).where(Patent.offer_kind == "", Patent.legal_status == "granted",
                                     Patent.patent_type == "invention").order_by(Patent.id)):
            if patent.university.name == "内蒙古大学" or price_guidance(patent) is None:
                continue
            staff = db.session.scalars(select(User.email).where(
                User.role == Role.UNIVERSITY_STAFF, User.university_id == patent.university_id,
                User.email.like(f"%@{EMAIL_DOMAIN}")).order_by(User.id)).first()
            return patent.id, staff, len(patent.patentee_list) > 1
    raise AssertionError("the demo has an undeclared invention with three comparable published offers")


def _buyer(app) -> str:
    """An active enterprise user of the demo (its password is the demo's; other journeys register users
    of their own)."""
    with app.app_context():
        return db.session.scalars(select(User.email).where(
            User.role == Role.ENTERPRISE_USER, User.status == "active",
            User.email.like(f"%@{EMAIL_DOMAIN}")).order_by(User.id.desc())).first()


def _guidance_lines(app, patent_id: int) -> list[str]:
    """What the guidance box must say for the patent: the demo's comparable offers, counted and spread
    by the service the page uses."""
    with app.app_context():
        guidance = price_guidance(db.session.get(Patent, patent_id))
    assert guidance is not None
    lines = [f"专利的 {guidance.offers} 项已公告开放许可报价"]
    if fees := guidance.fees:
        lines.append(f"固定许可费：中位数 {fen_text(fees.median)}，范围 {fen_text(fees.low)} 至 "
                     f"{fen_text(fees.high)}（{fees.count} 项报价）")
    if guidance.rates:
        lines.append(f"提成比例：中位数 {ppm_text(guidance.rates.median)}")
    return lines


def _log_in(page, server, email):
    page.goto(server + "/login")
    page.get_by_label("电子邮箱").fill(email)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_pay_from_first_revenue_reported_confirmed_and_charged(live_server, live_app, browser, page):
    patent_id, staff, co_owned = _undeclared_patent(live_app)
    _log_in(page, live_server, staff)
    page.goto(f"{live_server}/ip/patents/{patent_id}/declaration")
    if co_owned:  # the law asks every co-owner's consent before the declaration
        page.get_by_label("全体共有人均已同意（共有专利）").check()
        page.get_by_role("button", name="保存法律状况").click()
        expect(page.locator(".alert-success")).to_be_visible()
    guidance = page.locator("#price-guidance")
    expect(guidance).to_be_visible()
    for line in _guidance_lines(live_app, patent_id):
        expect(guidance).to_contain_text(line)
    page.locator("#kind").select_option("try_first")
    page.locator("#term_count").fill("3")
    page.locator("#term_unit").select_option("year")
    page.locator("#trial_count").fill("12")
    page.locator("#trial_unit").select_option("month")
    page.locator("#trial_fee").fill("0")
    page.locator("#trial_end").select_option("convert")
    page.get_by_label("试用期在里程碑达成时提前结束（可选）").fill(MILESTONE)
    page.locator("#conversion").select_option("flat")
    page.locator("#fee").fill("30,000")
    page.locator("#payment_method").fill("银行转账至高校指定账户")
    page.locator("#sample_start").fill("2027-01-01")
    page.locator("#preview").click()
    preview = page.locator("#preview-heading").locator("..")
    expect(preview).to_contain_text(f"附条件：里程碑“{MILESTONE}”确认时到期，最迟于 2028-01-01 到期。")
    page.locator("#save").click()
    page.get_by_role("button", name=re.compile("发布")).click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.get_by_role("button", name="退出登录").click()

    _log_in(page, live_server, _buyer(live_app))
    page.goto(f"{live_server}/patents/{patent_id}")
    expect(page.locator("main")).to_contain_text(f"里程碑“{MILESTONE}”达成时试用期提前结束")
    page.goto(f"{live_server}/patents/{patent_id}/licence")
    page.get_by_label(re.compile("书面通知专利权人")).check()
    page.get_by_role("button", name="确认获取许可").click()
    expect(page.get_by_text("试用中").first).to_be_visible()
    licence_url = page.url
    licence_id = int(licence_url.rstrip("/").rsplit("/", 1)[1])
    page.get_by_role("link", name="里程碑：报告与确认").click()
    page.get_by_label("达成日期").fill("2026-11-26")
    page.get_by_label("证明材料或备注（可选）").fill("首张销售发票 No.00012345")
    page.get_by_role("button", name="报告里程碑").click()
    expect(page.locator(".alert-success")).to_contain_text("等待高校确认")

    university = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    staff_page = university.new_page()
    _log_in(staff_page, live_server, staff)
    staff_page.goto(licence_url)
    staff_page.get_by_role("link", name="里程碑：报告与确认").click()
    expect(staff_page.get_by_text("首张销售发票 No.00012345")).to_be_visible()
    staff_page.get_by_role("button", name="确认里程碑").click()
    expect(staff_page.locator(".alert-success")).to_contain_text("里程碑已确认")
    staff_page.goto(licence_url)
    expect(staff_page.get_by_text("应付余额：¥30,000.00")).to_be_visible()
    staff_page.screenshot(path="test-artifacts/milestone_confirmed_university.png", full_page=True)
    university.close()

    page.goto(licence_url)
    expect(page.get_by_text("应付余额：¥30,000.00")).to_be_visible()
    expect(page.get_by_text("已启用").first).to_be_visible()
    with live_app.app_context():
        charge = db.session.scalar(select(LicenceCharge).where(LicenceCharge.licence_id == licence_id))
        assert (charge.due_date.isoformat(), charge.posted_on.isoformat()) == ("2026-11-26", "2026-11-26")
        assert db.session.get(Licence, licence_id).status == "active"
        assert audit() == []
