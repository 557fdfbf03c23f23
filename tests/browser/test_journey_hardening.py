"""Journey: an enterprise user who forgot the password resets it by e-mail (the old session elsewhere ends),
records the licence's 备案 filing — an impossible date refused next to the field — and corrects it; every
page is served under the Content-Security-Policy without a single violation."""

from __future__ import annotations

import re
import threading
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import select

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.accounts.passwords import hash_password
from marketplace.catalogue.models import Patent
from marketplace.database import utcnow
from marketplace.declarations.services import current_declaration
from marketplace.demo.data import DEMO_PASSWORD
from marketplace.demo.seed import demo_credit_code
from marketplace.extensions import db
from marketplace.licensing.filing import filings_of
from marketplace.licensing.services import take_licence
from marketplace.notifications import direct
from marketplace.organisations.models import Enterprise, SizeClass

NEW_PASSWORD = "Grassland-Journey-2026"


class Mailbox:
    """Stands in for the mail sender: keeps what was sent. The server hands a message over only after its
    response has gone out (on another thread), so a reader waits for it to arrive."""

    def __init__(self) -> None:
        self.sent: list[tuple[list[str], str, str]] = []
        self._arrived = threading.Condition()

    def send(self, to, subject, body) -> None:
        with self._arrived:
            self.sent.append((list(to), subject, body))
            self._arrived.notify_all()

    def wait_for(self, count: int, seconds: float = 10.0) -> list[tuple[list[str], str, str]]:
        """What was sent, once at least `count` messages arrived (or the wait ran out)."""
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.sent) >= count, timeout=seconds)
            return list(self.sent)


def _enterprise_with_a_licence(app) -> tuple[str, int]:
    """A new enterprise user (so no other journey's demo log-in changes) holding a flat licence that
    started today, not yet filed."""
    with app.app_context():
        today = date.fromisoformat(app.config["FROZEN_TODAY"])
        enterprise = Enterprise(name="草原乳业科技有限公司", region="150100", size_class=SizeClass.SMALL,
                                credit_code=demo_credit_code("150100", "JRNY0001"))
        user = User(email="reset.journey@example.com", name="包女士", role=Role.ENTERPRISE_USER,
                    status=AccountStatus.ACTIVE, password_hash=hash_password(DEMO_PASSWORD),
                    enterprise=enterprise)
        db.session.add_all([enterprise, user])
        db.session.flush()
        patent = next(p for p in db.session.scalars(select(Patent).where(Patent.offer_kind == "flat")
                                                    .order_by(Patent.id)))
        licence = take_licence(user, patent, current_declaration(patent.id).id, today, today, utcnow())
        db.session.commit()
        return user.email, licence.id


def _log_in(page, server, email, password):
    page.goto(server + "/login")
    page.get_by_label("电子邮箱").fill(email)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_reset_password_then_record_and_correct_the_filing(live_server, live_app, browser, page, monkeypatch):
    mailbox = Mailbox()
    monkeypatch.setattr(direct, "sender_from_config", lambda config: mailbox)
    email, licence_id = _enterprise_with_a_licence(live_app)
    licence_url = f"{live_server}/licences/{licence_id}"
    violations: list[str] = []

    def watch(each_page):
        each_page.on("console", lambda message: violations.append(message.text)
                     if "Content Security Policy" in message.text else None)

    watch(page)
    elsewhere = browser.new_context(locale="zh-CN")
    other = elsewhere.new_page()
    watch(other)
    _log_in(other, live_server, email, DEMO_PASSWORD)
    other.goto(licence_url)
    expect(other.get_by_role("heading", name=re.compile("备案"))).to_be_visible()

    # Forgot the password: from the home page to the log-in page, then the reset request.
    response = page.goto(live_server + "/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_role("navigation").get_by_role("link", name="登录").click()
    page.get_by_role("link", name="忘记密码？").click()
    page.get_by_label("电子邮箱").fill(email.upper())
    page.get_by_role("button", name="发送链接").click()
    expect(page.locator(".alert-info")).to_contain_text("如")
    assert [to for to, _, _ in mailbox.wait_for(1)] == [[email]]
    link = re.search(r"https?://\S+/password/reset/\S+", mailbox.sent[0][2]).group(0)

    page.goto(link)
    page.get_by_label("新密码").fill(NEW_PASSWORD)
    page.get_by_label("确认密码").fill(NEW_PASSWORD)
    page.get_by_role("button", name="设置新密码").click()
    expect(page.locator(".alert-success")).to_contain_text("新密码")
    page.goto(link)  # the link worked once
    expect(page.locator(".alert-warning")).to_contain_text("已被使用")

    # The session opened before the reset has ended.
    other.goto(licence_url)
    expect(other).to_have_url(re.compile(r"/login"))
    elsewhere.close()

    _log_in(page, live_server, email, NEW_PASSWORD)
    page.goto(licence_url)

    # An impossible 备案 date is refused next to the field; nothing is recorded.
    page.get_by_label("备案日期").fill("1900-01-01")
    page.get_by_label("备案号").fill("2026-150100-000123")
    page.get_by_role("button", name="登记备案").click()
    expect(page.locator(".invalid-feedback, .text-danger").filter(has_text="许可")).not_to_have_count(0)
    with live_app.app_context():
        assert filings_of(licence_id) == []

    today = live_app.config["FROZEN_TODAY"]
    page.get_by_label("备案日期").fill(today)
    page.get_by_label("备案号").fill("2026-150100-000123")
    page.get_by_role("button", name="登记备案").click()
    expect(page.get_by_role("cell", name=re.compile("2026-150100-000123"))).to_be_visible()

    # A typo in the number: corrected by a correcting entry, the wrong one kept (struck through).
    page.get_by_text("更正备案（").click()
    page.get_by_label("备案日期").fill(today)
    page.get_by_label("备案号").fill("2026-150100-000132")
    page.get_by_label("错误原因").fill("备案号两位数字顺序录错")
    page.get_by_role("button", name="更正备案").click()
    expect(page.locator("s", has_text="2026-150100-000123")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("2026-150100-000132 当前"))).to_be_visible()
    with live_app.app_context():
        entries = filings_of(licence_id)
        assert [e.filing_number for e in entries] == ["2026-150100-000123", "2026-150100-000132"]
        assert entries[1].corrects_id == entries[0].id
    page.screenshot(path="test-artifacts/hardening_filing_corrected.png", full_page=True)
    assert violations == []
