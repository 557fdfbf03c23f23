"""Journey: the administrator sets up a webhook partner listening on this machine and copies its secret;
an enterprise takes a licence on the site; the delivery job POSTs the signed `licence.taken` event to the
partner, whose page lists it as delivered; the administrator replays it and the partner receives the same
event (same Webhook-Id) again."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from marketplace import ROOT
from marketplace.catalogue.models import Patent
from marketplace.core.webhook_signature import verify
from marketplace.database import utcnow
from marketplace.demo.data import DEMO_PASSWORD, EMAIL_DOMAIN
from marketplace.extensions import db
from marketplace.webhooks import services
from marketplace.webhooks.delivery import DeliveryReport, deliver_webhooks
from marketplace.webhooks.models import WebhookPartner
from tests.browser.newcomers import Newcomer, new_enterprise_user
from tests.browser.test_phone_width import PHONE, _check

ARTIFACTS = ROOT / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
ADMINISTRATOR = f"admin@{EMAIL_DOMAIN}"
PARTNER = "自治区技术交易服务平台"
# Offered at a flat price, in no zone, and taken by no other journey.
PATENT_TITLE = "一种检测水中氟离子的荧光探针及其制备方法"


@dataclass(frozen=True)
class Received:
    """One request the partner's receiver got."""

    path: str
    headers: Message
    body: bytes


class _Receiver(BaseHTTPRequestHandler):
    """Records each POST and answers 200, as a partner platform that accepts the event does."""

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.received.append(Received(self.path, self.headers, body))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def receiver(live_app) -> Iterator[ThreadingHTTPServer]:
    """The partner's endpoint on 127.0.0.1 (plain http is allowed there), on a free port; its `url` and
    `received` requests. A partner left pointing at it is deactivated once the journey ends."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    server.received = []
    server.url = f"http://127.0.0.1:{server.server_port}/hooks/open-licensing"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    with live_app.app_context():
        for partner in db.session.scalars(select(WebhookPartner).where(WebhookPartner.url == server.url)):
            services.set_active(partner, False)
        db.session.commit()


@pytest.fixture
def newcomer(live_app) -> Newcomer:
    return new_enterprise_user(live_app, "webhook.journey", "萨仁", "阿拉善盐湖化工检测有限公司")


def _run_delivery_job(app) -> DeliveryReport:
    """What `flask webhooks deliver` does."""
    with app.app_context():
        return deliver_webhooks(utcnow())


def _log_in_from_home(page, server: str, email: str) -> None:
    page.goto(server + "/")
    page.get_by_role("navigation").get_by_role("link", name="登录", exact=True).click()
    page.get_by_label("电子邮箱").fill(email)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()


def _set_up_partner(page, server: str, address: str) -> str:
    """The administrator sets up the partner; the signing secret as copied from the page showing it."""
    _log_in_from_home(page, server, ADMINISTRATOR)
    expect(page.get_by_role("heading", name="管理员工作台")).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name="Webhook", exact=True).click()
    expect(page.get_by_role("heading", name="Webhook 合作方")).to_be_visible()
    page.get_by_role("link", name="设置合作方").click()
    expect(page.get_by_role("heading", name="设置 Webhook 合作方")).to_be_visible()

    page.get_by_label("合作方名称").fill(PARTNER)
    page.get_by_label("接收地址").fill(address)
    page.get_by_label("已获取许可").check()
    page.get_by_role("button", name="设置合作方").click()

    expect(page.get_by_role("heading", name=f"合作方 {PARTNER} 已设置")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("请立即复制")
    expect(page.get_by_role("alert")).to_contain_text("它不会再次显示")
    expect(page.locator("main")).to_contain_text(address)
    secret = page.get_by_label("签名密钥").input_value()
    assert re.fullmatch(r"[0-9a-f]{64}", secret), secret
    page.get_by_role("link", name="查看该合作方的推送记录").click()
    expect(page.get_by_role("heading", name=re.compile(PARTNER))).to_be_visible()
    expect(page.get_by_text("暂无推送记录。")).to_be_visible()
    # The secret was shown once: the partner's page does not show it again.
    expect(page.locator("main")).not_to_contain_text(secret)
    return secret


def _take_licence(browser, server: str, newcomer: Newcomer) -> str:
    """The enterprise finds the patent in the catalogue and takes a licence; its number."""
    context = browser.new_context(locale="zh-CN", viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(server + "/")
        page.get_by_role("navigation").get_by_role("link", name="专利目录").click()
        page.get_by_role("searchbox").fill("荧光探针")
        page.locator("main").get_by_role("button", name=re.compile("检索|搜索")).click()
        page.get_by_role("link", name=PATENT_TITLE).click()
        page.get_by_role("link", name="以企业身份登录后获取许可").click()
        page.get_by_label("电子邮箱").fill(newcomer.email)
        page.get_by_label("密码").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()

        expect(page.get_by_role("heading", name="获取许可")).to_be_visible()
        page.get_by_label(re.compile("书面通知专利权人")).check()
        page.get_by_role("button", name="确认获取许可").click()
        expect(page.locator(".alert-success")).to_contain_text("备案")
        heading = page.get_by_role("heading", name=re.compile("许可 OL2026"))
        expect(heading).to_be_visible()
        return re.search(r"OL\d+", heading.inner_text()).group(0)
    finally:
        context.close()


def _signed_event(request: Received, secret: str) -> dict:
    """The event a delivery carries, once its signature is checked with the secret the page showed."""
    assert request.headers["Content-Type"] == "application/json"
    assert verify(secret, request.headers["Webhook-Timestamp"], request.body,
                  request.headers["Webhook-Signature"], now=time.time())
    assert not verify("0" * 64, request.headers["Webhook-Timestamp"], request.body,
                      request.headers["Webhook-Signature"], now=time.time())
    event = json.loads(request.body)
    assert event["id"] == request.headers["Webhook-Id"]
    return event


def test_partner_receives_a_signed_licence_event_and_a_replay(live_server, live_app, browser, page, receiver,
                                                              newcomer):
    with live_app.app_context():
        patent = db.session.scalars(select(Patent).where(Patent.title == PATENT_TITLE)).one()
        assert patent.offer_kind == "flat"
    secret = _set_up_partner(page, live_server, receiver.url)
    partner_url = page.url

    number = _take_licence(browser, live_server, newcomer)
    assert receiver.received == []  # nothing is sent inside the enterprise's request

    assert _run_delivery_job(live_app).delivered >= 1
    assert len(receiver.received) == 1
    first = receiver.received[0]
    assert first.path == "/hooks/open-licensing"
    event = _signed_event(first, secret)
    assert event["type"] == "licence.taken"
    assert event["data"]["licence"]["number"] == number
    assert event["data"]["patent"]["title"] == PATENT_TITLE
    assert event["data"]["enterprise"]["name"] == newcomer.enterprise

    page.goto(partner_url)
    row = page.get_by_role("row").filter(has_text=first.headers["Webhook-Id"])
    expect(row).to_contain_text("已获取许可")
    expect(row).to_contain_text("已送达")
    expect(row.get_by_role("listitem")).to_have_count(1)
    expect(row.get_by_role("listitem")).to_contain_text("HTTP 200")

    row.get_by_role("button", name="重新推送").click()
    expect(page.locator(".alert-success")).to_contain_text("已重新排队")
    expect(row).to_contain_text("待发送")
    expect(row).to_contain_text("已重新推送 1 次")

    _run_delivery_job(live_app)
    assert len(receiver.received) == 2
    again = receiver.received[1]
    assert again.headers["Webhook-Id"] == first.headers["Webhook-Id"]
    assert again.body == first.body
    assert _signed_event(again, secret)["type"] == "licence.taken"

    page.reload()
    expect(row).to_contain_text("已送达")
    expect(row).to_contain_text("已重新推送 1 次")
    expect(row.get_by_role("listitem")).to_have_count(2)
    expect(row.get_by_role("listitem").nth(1)).to_contain_text("HTTP 200")

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "webhooks_journey_partner_desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    _check(page, partner_url, "webhooks-journey-partner")
    page.set_viewport_size(DESKTOP)

    # Done: the administrator deactivates the partner, and nothing more is queued for it.
    page.goto(partner_url)
    page.get_by_role("button", name="停用").click()
    expect(page.locator(".alert-success")).to_contain_text(f"已停用 {PARTNER}")
    expect(page.get_by_role("heading", name=re.compile(PARTNER))).to_contain_text("已停用")
