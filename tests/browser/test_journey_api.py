"""Journey: an enterprise user makes an API token on the account page, sees it once and copies it; another
system uses it — who am I, a patent search, a licence taken with an Idempotency-Key (the repeat replays),
the licence's ledger — until the user revokes it and the same call is refused. The API reference page is
one link away and fits a phone."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from marketplace import ROOT
from marketplace.catalogue.models import Patent
from marketplace.demo.data import DEMO_PASSWORD
from marketplace.extensions import db
from tests.browser.newcomers import Newcomer, new_enterprise_user
from tests.browser.test_phone_width import PHONE, _check

ARTIFACTS = ROOT / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
# Offered at a flat price, in no zone, and taken by no other journey.
PATENT_TITLE = "一种从铅锌尾矿中回收萤石的浮选方法"
PROBLEM = "application/problem+json"


@pytest.fixture
def newcomer(live_app) -> Newcomer:
    return new_enterprise_user(live_app, "api.journey", "达来", "阿拉善沙产业数据科技有限公司")


@pytest.fixture
def api(playwright, live_server) -> Iterator:
    """Calls from another system: no browser, no cookies, only what each request carries."""
    context = playwright.request.new_context(base_url=live_server)
    yield context
    context.dispose()


def _patent_id(app) -> int:
    with app.app_context():
        patent = db.session.scalars(select(Patent).where(Patent.title == PATENT_TITLE)).one()
        assert patent.offer_kind == "flat"
        return patent.id


def _log_in_from_home(page, server: str, email: str) -> None:
    page.goto(server + "/")
    page.get_by_role("navigation").get_by_role("link", name="登录", exact=True).click()
    page.get_by_label("电子邮箱").fill(email)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="企业工作台")).to_be_visible()


def _to_tokens_page(page, newcomer: Newcomer) -> None:
    page.get_by_role("navigation").get_by_role("link", name=newcomer.name).click()
    expect(page.get_by_role("heading", name="我的账号")).to_be_visible()
    page.get_by_role("link", name="API 令牌").click()
    expect(page.get_by_role("heading", name="API 令牌", exact=True)).to_be_visible()


def _make_token(page) -> str:
    """Make a token that may take licences; the secret as copied from the page that shows it."""
    # The scopes are a plain list of checkboxes inside their box, without bullets hanging out of it.
    expect(page.locator("ul#scopes")).to_have_css("list-style-type", "none")
    page.get_by_label("名称").fill("ERP 许可同步")
    page.get_by_label("获取许可、试用转正或放弃、申报提成").check()
    page.get_by_label("有效期").select_option(label="90 天")
    page.get_by_role("button", name="创建令牌").click()

    expect(page.locator(".alert-success").first).to_contain_text("请立即复制：它不会再次显示")
    expect(page.get_by_text("您的新令牌（仅此一次显示）")).to_be_visible()
    field = page.get_by_label("新令牌")
    expect(field).to_have_attribute("readonly", "")
    secret = field.input_value()
    assert re.fullmatch(r"mpk_[A-Za-z0-9_-]{20,}", secret), secret
    row = page.get_by_role("row").filter(has_text="ERP 许可同步")
    expect(row).to_contain_text(secret[:10])
    expect(row).to_contain_text("licences:write")
    expect(row).to_contain_text("有效")
    return secret


def _screens(page, url: str, name: str) -> None:
    """The page at desktop width, then at phone width with nothing scrolling sideways."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"api_journey_{name}_desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    _check(page, url, f"api-journey-{name}")
    page.set_viewport_size(DESKTOP)


def test_enterprise_makes_a_token_uses_the_api_and_revokes_it(live_server, live_app, page, api, newcomer):
    patent_id = _patent_id(live_app)
    _log_in_from_home(page, live_server, newcomer.email)
    _to_tokens_page(page, newcomer)
    secret = _make_token(page)

    # The page shows a secret once: coming back to it shows the token listed, not its secret.
    _to_tokens_page(page, newcomer)
    expect(page.get_by_label("新令牌")).to_have_count(0)
    expect(page.get_by_role("row").filter(has_text="ERP 许可同步")).to_contain_text("有效")

    bearer = {"Authorization": f"Bearer {secret}"}
    me = api.get("/api/v1/me", headers=bearer)
    assert me.status == 200, me.text()
    assert me.json()["organisation"] == newcomer.enterprise
    assert me.json()["name"] == newcomer.name
    assert set(me.json()["scopes"]) == {"read", "licences:write"}

    found = api.get("/api/v1/patents", params={"q": "萤石", "plan_kind": "flat"}, headers=bearer)
    assert found.status == 200, found.text()
    hit = next(item for item in found.json()["items"] if item["id"] == patent_id)
    assert hit["title"] == PATENT_TITLE and hit["offer_kind"] == "flat"
    offer = api.get(f"/api/v1/patents/{patent_id}", headers=bearer).json()["offer"]

    take = {"patent_id": patent_id, "declaration_id": offer["declaration_id"],
            "start_date": live_app.config["FROZEN_TODAY"]}
    once = {**bearer, "Idempotency-Key": f"erp-{uuid.uuid4()}"}
    taken = api.post("/api/v1/licences", data=take, headers=once)
    assert taken.status == 201, taken.text()
    licence = taken.json()
    assert licence["enterprise"] == newcomer.enterprise and licence["patent_title"] == PATENT_TITLE
    assert licence["number"].startswith("OL2026") and licence["charges"]
    assert taken.headers["location"].endswith(f"/api/v1/licences/{licence['id']}")
    assert "idempotent-replayed" not in taken.headers

    again = api.post("/api/v1/licences", data=take, headers=once)
    assert again.status == 201, again.text()
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["id"] == licence["id"] and again.json()["number"] == licence["number"]

    # Nothing is owed yet: a charge posts on its due date, when the daily job runs.
    ledger = api.get(f"/api/v1/licences/{licence['id']}/ledger", headers=bearer)
    assert ledger.status == 200, ledger.text()
    assert ledger.json()["items"] == [] and ledger.json()["total"] == 0 and ledger.json()["next"] is None
    held = api.get(f"/api/v1/licences/{licence['id']}", headers=bearer).json()
    assert held["money"] == {"charged": "0.00", "paid": "0.00", "balance": "0.00", "overdue": "0.00"}
    first = held["charges"][0]
    assert first["due_date"] == take["start_date"] and first["posted_on"] is None

    # The reference is one link away from the token page, rendered on the server, and links back.
    _to_tokens_page(page, newcomer)
    page.get_by_role("link", name="API 参考文档").click()
    expect(page).to_have_url(re.compile(r"/api/v1/docs$"))
    expect(page.get_by_role("heading", name=re.compile("^API 参考文档"), level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="GET /api/v1/patents", exact=True)).to_be_visible()
    taking = page.get_by_role("heading", name="POST /api/v1/licences 令牌", exact=True)
    expect(taking).to_be_visible()
    _screens(page, page.url, "reference")

    # Back on the token page the person revokes the token; the same call is now refused.
    page.get_by_role("link", name="我的 API 令牌").click()
    expect(page.get_by_role("heading", name="API 令牌", exact=True)).to_be_visible()
    row = page.get_by_role("row").filter(has_text="ERP 许可同步")
    row.get_by_role("button", name="吊销").click()
    expect(page.locator(".alert-success").first).to_contain_text("令牌已吊销")
    expect(row).to_contain_text("已吊销")
    expect(row.get_by_role("button", name="吊销")).to_have_count(0)
    refused = api.get("/api/v1/me", headers=bearer)
    assert refused.status == 401
    assert refused.headers["content-type"].startswith(PROBLEM)
    assert refused.json()["type"].endswith("token-revoked") and refused.json()["status"] == 401
    assert refused.headers["www-authenticate"].startswith("Bearer")
    _screens(page, page.url, "tokens")
