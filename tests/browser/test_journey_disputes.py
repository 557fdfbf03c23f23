"""Journey: an enterprise opens a dispute about a charge of its licence from the licence page, takes it to
CNIPA mediation and downloads the mediation request; the university records the mediated outcome with the
case number and waives what is left of the disputed charge; the licence owes that much less and the
ledger's audit finds nothing."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.demo.data import DEMO_PASSWORD
from marketplace.disputes.models import Dispute
from marketplace.extensions import db
from marketplace.ledger.services import audit
from marketplace.licensing.models import Licence, LicenceCharge

CASE_NUMBER = "国知调〔2026〕12号"


def _licence_with_an_open_charge(app) -> tuple[int, int, str, str]:
    """(licence id, charge id, enterprise user's e-mail, staff's e-mail) of a demo licence owing a charge
    that no dispute names."""
    with app.app_context():
        charge = db.session.scalars(select(LicenceCharge).join(Licence).where(
            LicenceCharge.posted_on.is_not(None), LicenceCharge.settled_on.is_(None),
            Licence.status.in_(("active", "overdue", "suspended")),
            Licence.id.not_in(select(Dispute.licence_id))).order_by(LicenceCharge.id)).first()
        assert charge is not None, "the demo has no licence owing a charge"
        licence = charge.licence

        def email(column, value, role):
            return db.session.scalars(select(User.email).where(column == value, User.role == role,
                                                               User.status == "active")).first()

        return (licence.id, charge.id, email(User.enterprise_id, licence.enterprise_id, Role.ENTERPRISE_USER),
                email(User.university_id, licence.university_id, Role.UNIVERSITY_STAFF))


def _log_in(page, server, email):
    page.goto(server + "/login")
    page.get_by_label("电子邮箱").fill(email)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()


def _owed(app, licence_id: int) -> int:
    with app.app_context():
        return sum(c.open_fen for c in db.session.get(Licence, licence_id).charges)


def test_a_dispute_negotiated_mediated_and_settled_with_a_waiver(live_server, live_app, browser, page):
    licence_id, charge_id, buyer, staff = _licence_with_an_open_charge(live_app)
    owed_before = _owed(live_app, licence_id)
    with live_app.app_context():
        open_on_charge = db.session.get(LicenceCharge, charge_id).open_fen

    _log_in(page, live_server, buyer)
    page.goto(f"{live_server}/licences/{licence_id}")
    page.get_by_role("link", name="纠纷：提出、协商、调解、诉讼").click()
    expect(page.get_by_text("本许可暂无纠纷。")).to_be_visible()
    page.locator("#subject").select_option("payment")
    page.get_by_label("纠纷内容").fill("该期许可费金额与开放许可声明载明的标准不符，请高校核对。")
    page.locator(f"input[name=charges][value='{charge_id}']").check()
    page.get_by_role("button", name="提出纠纷").click()
    expect(page.locator(".alert-success")).to_contain_text("纠纷已提出")
    dispute_url = page.url
    expect(page.locator("main")).to_contain_text("当事人协商")

    page.locator("#to").select_option("mediation")
    page.get_by_label("说明（可选）").fill("协商两次未果")
    page.get_by_role("button", name="推进纠纷处理").click()
    expect(page.locator(".alert-success")).to_contain_text("国家知识产权局调解")
    expect(page.locator("main")).to_contain_text("请求调解")
    link = page.get_by_role("link", name="下载调解请求书（PDF）")
    pdf = page.request.get(live_server + link.get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    university = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    staff_page = university.new_page()
    staff_page.set_default_timeout(10_000)
    _log_in(staff_page, live_server, staff)
    staff_page.goto(f"{live_server}/licences/{licence_id}")
    expect(staff_page.locator("main")).to_contain_text("1 件未结")
    staff_page.goto(dispute_url)
    staff_page.locator("#outcome").select_option("mediated")
    staff_page.get_by_label("调解案号或判决书编号").fill(CASE_NUMBER)
    staff_page.get_by_label("减免争议费用的未付余额（仅限高校）").check()
    staff_page.get_by_role("button", name="记录纠纷处理结果").click()
    expect(staff_page.locator(".alert-success")).to_contain_text("处理结果已记录")
    expect(staff_page.locator("#dispute-status")).to_contain_text(CASE_NUMBER)
    expect(staff_page.locator("main")).to_contain_text("纠纷经国家知识产权局调解结案")
    staff_page.screenshot(path="test-artifacts/dispute_mediated_university.png", full_page=True)
    university.close()

    assert _owed(live_app, licence_id) == owed_before - open_on_charge
    with live_app.app_context():
        dispute = db.session.scalar(select(Dispute).where(Dispute.licence_id == licence_id))
        assert (dispute.status, dispute.outcome, dispute.reference) == ("resolved", "mediated", CASE_NUMBER)
        assert audit() == []
