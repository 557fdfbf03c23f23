"""The university's side of transfer notices through the API: its list (filtered by status, paged, its
own licences only), confirming a notice (the payment posts once, also under 20 concurrent calls with one
Idempotency-Key) and rejecting one with a reason."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role, User
from marketplace.api.tokens import create_token
from marketplace.clock import now
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.models import LedgerTransaction, NoticeStatus, PaymentNotice
from marketplace.ledger.notices import notify_transfer
from marketplace.ledger.payments import outstanding
from marketplace.ledger.services import audit
from marketplace.licensing.models import Licence
from tests.api.conftest import error_fields, post, problem_type
from tests.ledger import licence_factory as factory
from tests.ledger.separate_database import BACKENDS, at_once, separate_app
from tests.royalties.support import enterprise_user, party

STAFF, ENTERPRISE = Role.UNIVERSITY_STAFF, Role.ENTERPRISE_USER
FEE = Money("5000.00")
FLAT = flat_plan(FEE, Duration.years(2))
PAID_ON = date(2027, 1, 4)
TODAY = date(2027, 1, 5)
WRITERS = 20


def _payments(licence_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(LedgerTransaction).where(
        LedgerTransaction.licence_id == licence_id, LedgerTransaction.kind == "payment_received"))


def _notify(licence_id: int, reference: str, amount: Money = FEE) -> int:
    """A pending notice of the licence's enterprise (inside an app context; flushes)."""
    licence = db.session.get(Licence, licence_id)
    return notify_transfer(licence, enterprise_user(licence), amount, reference, PAID_ON, TODAY).id


@pytest.fixture
def notices(app, take, at, bearer):
    """Two licences of one university owing 5,000.00 with a pending notice each, and a licence of
    another university with one; the day is 2027-01-05. Returns the ids and the staff's tokens."""
    first = take(FLAT)
    with app.app_context():
        licence = db.session.get(Licence, first)
        on = factory.Offer(licence.patent_id, licence.declaration_id, 0)
        second = factory.take(on).id
        db.session.commit()
    elsewhere = take(FLAT)
    with app.app_context():
        run_due(date(2027, 1, 1))
        ids = [_notify(first, "ICBC-0001"), _notify(second, "ICBC-0002"), _notify(elsewhere, "ICBC-0003")]
        db.session.commit()
    at(TODAY)
    staff = party(app, first, STAFF)
    return {"licences": (first, second, elsewhere), "notices": ids, "write": bearer(staff, "payments:write"),
            "read": bearer(staff), "other_staff": bearer(party(app, elsewhere, STAFF), "payments:write"),
            "enterprise": bearer(party(app, first, ENTERPRISE), "payments:write")}


def test_the_university_lists_its_notices_by_status(app, client, notices):
    mine = notices["notices"][:2]
    listed = client.get("/api/v1/transfer-notices", headers=notices["read"])
    assert listed.status_code == 200
    assert {item["id"] for item in listed.get_json()["items"]} == set(mine)
    pending = client.get("/api/v1/transfer-notices?status=pending&per_page=1", headers=notices["read"])
    body = pending.get_json()
    assert [item["id"] for item in body["items"]] == [mine[0]] and body["total"] == 2 and body["next"]
    assert "status=pending" in body["next"]
    confirmed = client.get("/api/v1/transfer-notices?status=confirmed", headers=notices["read"])
    assert confirmed.get_json()["items"] == []
    bad = client.get("/api/v1/transfer-notices?status=paid", headers=notices["read"])
    assert bad.status_code == 422 and error_fields(bad) == {"status"}
    assert client.get("/api/v1/transfer-notices").status_code == 401
    assert client.get("/api/v1/transfer-notices", headers=notices["enterprise"]).status_code == 403


def test_confirming_posts_the_payment_once(app, client, notices):
    notice_id = notices["notices"][0]
    licence_id = notices["licences"][0]
    url = f"/api/v1/transfer-notices/{notice_id}/confirm"
    first = post(client, url, notices["write"], key="confirm-1")
    assert first.status_code == 200, first.get_data(as_text=True)
    body = first.get_json()
    assert (body["status"], body["changed"], body["amount"]) == ("confirmed", True, "5000.00")
    assert body["decided_at"] is not None
    replay = post(client, url, notices["write"], key="confirm-1")
    assert replay.get_data() == first.get_data() and replay.headers["Idempotent-Replayed"] == "true"
    reused = post(client, url, notices["write"], {"note": "x"}, key="confirm-1")
    assert reused.status_code == 422 and problem_type(reused) == "idempotency-key-reused"
    again = post(client, url, notices["write"], key="confirm-2")
    assert again.status_code == 200 and again.get_json()["changed"] is False
    with app.app_context():
        assert _payments(licence_id) == 1
        assert outstanding(db.session.get(Licence, licence_id)) == Money.zero()
        assert audit() == []
    rejected = client.post(f"/api/v1/transfer-notices/{notice_id}/reject", json={"reason": "未到账"},
                           headers=notices["write"])
    assert rejected.status_code == 422 and problem_type(rejected) == "refused"


def test_confirmation_refuses_callers_and_other_universities(app, client, notices):
    notice_id, _, elsewhere = notices["notices"]
    url = f"/api/v1/transfer-notices/{notice_id}/confirm"
    assert client.post(url).status_code == 401
    wrong_role = post(client, url, notices["enterprise"], key="k")
    assert wrong_role.status_code == 403 and problem_type(wrong_role) == "forbidden"
    read_only = post(client, url, notices["read"], key="k")
    assert read_only.status_code == 403 and problem_type(read_only) == "insufficient-scope"
    keyless = post(client, url, notices["write"])
    assert keyless.status_code == 400 and problem_type(keyless) == "idempotency-key-missing"
    theirs = post(client, f"/api/v1/transfer-notices/{elsewhere}/confirm", notices["write"], key="k")
    assert theirs.status_code == 404 and problem_type(theirs) == "not-found"
    assert post(client, url, notices["other_staff"], key="k").status_code == 404
    missing = post(client, "/api/v1/transfer-notices/999999/confirm", notices["write"], key="k")
    assert missing.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LedgerTransaction).where(
            LedgerTransaction.kind == "payment_received")) == 0


def test_rejecting_needs_a_reason_and_then_refuses_confirmation(app, client, notices):
    notice_id, _, elsewhere = notices["notices"]
    url = f"/api/v1/transfer-notices/{notice_id}/reject"
    assert client.post(url, json={"reason": "x"}).status_code == 401
    scopeless = client.post(url, json={"reason": "x"}, headers=notices["read"])
    assert scopeless.status_code == 403 and problem_type(scopeless) == "insufficient-scope"
    blank = client.post(url, json={"reason": ""}, headers=notices["write"])
    assert blank.status_code == 422 and error_fields(blank) == {"reason"}
    spaces = client.post(url, json={"reason": "   "}, headers=notices["write"])
    assert spaces.status_code == 422 and problem_type(spaces) == "refused"
    assert error_fields(spaces) == {"reason"}
    theirs = client.post(f"/api/v1/transfer-notices/{elsewhere}/reject", json={"reason": "x"},
                         headers=notices["write"])
    assert theirs.status_code == 404
    rejected = client.post(url, json={"reason": "银行未见此笔款项"}, headers=notices["write"])
    assert rejected.status_code == 200
    assert (rejected.get_json()["status"], rejected.get_json()["reason"],
            rejected.get_json()["changed"]) == ("rejected", "银行未见此笔款项", True)
    again = client.post(url, json={"reason": "再次"}, headers=notices["write"])
    assert again.get_json()["changed"] is False and again.get_json()["reason"] == "银行未见此笔款项"
    confirm = post(client, f"/api/v1/transfer-notices/{notice_id}/confirm", notices["write"], key="late")
    assert confirm.status_code == 422 and problem_type(confirm) == "refused"
    seen = client.get(f"/api/v1/licences/{notices['licences'][0]}/transfer-notices",
                      headers=notices["enterprise"])
    assert seen.get_json()["items"][0]["status"] == "rejected"
    with app.app_context():
        assert db.session.get(PaymentNotice, notice_id).status == NoticeStatus.REJECTED


# ---------------------------------------------------------------- real concurrency


def _post_together(app, count: int, url: str, headers: dict[str, str]) -> tuple[list, list]:
    """`count` POSTs of `url` released at once, each through its own test client (so its own request,
    application context and connection)."""
    def call(client) -> tuple:
        response = client.post(url, headers=headers)
        return (response.status_code, response.get_data(as_text=True),
                response.headers.get("Idempotent-Replayed"))

    clients = [app.test_client() for _ in range(count)]
    return at_once([lambda client=client: call(client) for client in clients])


@pytest.mark.real_commits
@pytest.mark.parametrize("backend", BACKENDS)
def test_twenty_concurrent_confirmations_with_one_key_post_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        app.config["FROZEN_TODAY"] = TODAY.isoformat()
        with app.app_context():
            on = factory.offer(FLAT)
            licence = factory.take(on)
            run_due(date(2027, 1, 1))
            notice_id = _notify(licence.id, "ICBC-2027-0001")
            licence_id = licence.id
            db.session.commit()
        with app.test_request_context():
            staff = db.session.get(User, on.staff_id)
            secret = create_token(staff, "并发", ["payments:write"], 30, now()).secret
            db.session.commit()
        headers = {"Authorization": f"Bearer {secret}", "Idempotency-Key": "confirm-once"}

        answers, errors = _post_together(app, WRITERS, f"/api/v1/transfer-notices/{notice_id}/confirm",
                                         headers)

        assert errors == []
        assert {status for status, _, _ in answers} == {200}
        assert len({body for _, body, _ in answers}) == 1
        assert [replayed for _, _, replayed in answers].count("true") == WRITERS - 1
        with app.app_context():
            assert _payments(licence_id) == 1
            assert db.session.get(PaymentNotice, notice_id).status == NoticeStatus.CONFIRMED
            assert outstanding(db.session.get(Licence, licence_id)) == Money.zero()
            assert audit() == []
