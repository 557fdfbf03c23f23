"""The API's calls through the test client: reads, the caller's licences and ledger, problems, scopes,
CSRF for browser sessions only, the per-token rate limit, and taking a licence with an Idempotency-Key."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.api.idempotency_models import IdempotencyKey
from marketplace.core import api_scopes
from marketplace.extensions import db
from marketplace.licensing.models import Licence
from tests.api.conftest import token_header
from tests.helpers import csrf_token, login

MONEY = re.compile(r"^[0-9]+\.[0-9]{2}$")


def _take(client, secret, patent_id, declaration_id, key="k-1", **changes):
    body = {"patent_id": patent_id, "declaration_id": declaration_id, "start_date": "2027-01-01", **changes}
    headers = {**token_header(secret), "Idempotency-Key": key}
    return client.post("/api/v1/licences", json=body, headers=headers)


def test_search_and_detail_show_the_offer_with_money_as_strings(client, offered):
    patent_id, declaration_id = offered
    page = client.get("/api/v1/patents").get_json()
    assert page["total"] == 1 and page["next"] is None and page["previous"] is None
    card = page["items"][0]
    assert card["offer_kind"] == "flat" and card["offer_price"] == "60000.00"
    assert {"patent_type", "industry", "plan_kind", "university"} <= page["facets"].keys()
    detail = client.get(f"/api/v1/patents/{patent_id}").get_json()
    offer = detail["offer"]
    assert offer["declaration_id"] == declaration_id and offer["plan"]["kind"] == "flat"
    assert offer["plan"]["phases"][0]["fee"] == "60000.00"
    assert offer["plan"]["in_words"]


def test_a_quote_lists_the_charges_and_refuses_a_past_start(client, offered):
    patent_id, declaration_id = offered
    quote = client.get(f"/api/v1/patents/{patent_id}/quote?start=2027-01-01").get_json()
    assert quote["total_fixed"] == "60000.00"
    assert quote["charges"] == [{"due": "2027-01-01", "amount": "60000.00", "kind": "fixed", "phase": 1}]
    assert (quote["declaration_id"], quote["terms_version"]) == (declaration_id, 1)
    from_today = client.get(f"/api/v1/patents/{patent_id}/quote").get_json()
    assert from_today["start"] == "2026-11-26" and from_today["charges"][0]["due"] == "2026-11-26"
    past = client.get(f"/api/v1/patents/{patent_id}/quote?start=2020-01-01")
    assert past.status_code == 422 and past.content_type == "application/problem+json"
    assert past.get_json()["type"].endswith("refused")
    bad = client.get(f"/api/v1/patents/{patent_id}/quote?start=soon")
    assert bad.status_code == 422
    assert bad.get_json()["errors"][0] == {"location": "query", "field": "start",
                                           "messages": ["Not a valid date."]}


def test_pages_link_to_the_next_one(client, make_patent):
    for _ in range(3):
        make_patent()
    first = client.get("/api/v1/zones?per_page=1").get_json()
    assert first["total"] == 0
    patents = client.get("/api/v1/patents?sort=newest").get_json()
    assert patents["total"] == 3 and patents["next"] is None


def test_problems_for_unknown_paths_methods_and_bad_values(client):
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.content_type == "application/problem+json"
    assert missing.get_json()["type"] == "/api/v1/docs#problem-not-found"
    wrong = client.delete("/api/v1/patents")
    assert wrong.status_code == 405 and wrong.get_json()["type"].endswith("method-not-allowed")
    assert "GET" in wrong.headers["Allow"]
    bad = client.get("/api/v1/patents?patent_type=spaceship&trl=12")
    body = bad.get_json()
    assert bad.status_code == 422 and body["type"].endswith("validation")
    assert {error["field"] for error in body["errors"]} == {"patent_type", "trl"}
    assert client.get("/api/v1/patents/0").status_code == 404


def test_the_callers_licences_and_ledger(client, offered, token_for, app):
    patent_id, declaration_id = offered
    secret = token_for(Role.ENTERPRISE_USER)
    taken = _take(client, secret, patent_id, declaration_id)
    assert taken.status_code == 201
    licence = taken.get_json()
    assert taken.headers["Location"].endswith(f"/api/v1/licences/{licence['id']}")
    assert licence["status"] == "active" and licence["money"]["balance"] == "0.00"
    assert licence["charges"][0]["amount"] == "60000.00"
    listed = client.get("/api/v1/licences", headers=token_header(secret)).get_json()
    assert [item["id"] for item in listed["items"]] == [licence["id"]]
    ledger = client.get(f"/api/v1/licences/{licence['id']}/ledger", headers=token_header(secret)).get_json()
    assert ledger["total"] == 0  # nothing is posted before the charge's day
    other = token_for(Role.ENTERPRISE_USER)
    assert client.get(f"/api/v1/licences/{licence['id']}", headers=token_header(other)).status_code == 404
    organiser = token_for(Role.ORGANISER)
    assert client.get("/api/v1/licences", headers=token_header(organiser)).status_code == 403


def test_every_money_value_in_a_licence_is_a_two_decimal_string(client, offered, token_for):
    patent_id, declaration_id = offered
    licence = _take(client, token_for(Role.ENTERPRISE_USER), patent_id, declaration_id).get_json()
    amounts = [*licence["money"].values(), *(c["amount"] for c in licence["charges"]),
               *(c["settled"] for c in licence["charges"])]
    assert amounts and all(isinstance(value, str) and MONEY.match(value) for value in amounts)


def test_an_idempotency_key_replays_the_first_response_and_refuses_another_body(client, offered, token_for,
                                                                                 app):
    patent_id, declaration_id = offered
    secret = token_for(Role.ENTERPRISE_USER)
    first = _take(client, secret, patent_id, declaration_id, key="order-7")
    again = _take(client, secret, patent_id, declaration_id, key="order-7")
    assert first.status_code == again.status_code == 201
    assert again.get_data() == first.get_data() and again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Location"] == first.headers["Location"]
    other_body = _take(client, secret, patent_id, declaration_id, key="order-7", start_date="2027-02-01")
    assert other_body.status_code == 422
    assert other_body.get_json()["type"].endswith("idempotency-key-reused")
    no_key = client.post("/api/v1/licences", json={}, headers=token_header(secret))
    assert no_key.status_code == 400 and no_key.get_json()["type"].endswith("idempotency-key-missing")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Licence)) == 1
        assert db.session.scalar(select(func.count()).select_from(IdempotencyKey)) == 1


def test_a_refused_take_stores_nothing_so_the_key_can_be_retried(client, offered, token_for, app):
    patent_id, declaration_id = offered
    secret = token_for(Role.ENTERPRISE_USER)
    stale = _take(client, secret, patent_id, declaration_id + 1000, key="retry")
    assert stale.status_code == 422 and stale.get_json()["type"].endswith("refused")
    bad = _take(client, secret, patent_id, declaration_id, key="retry", start_date="yesterday")
    assert bad.status_code == 422 and bad.get_json()["errors"][0]["field"] == "start_date"
    assert _take(client, secret, patent_id, declaration_id, key="retry").status_code == 201
    held = _take(client, secret, patent_id, declaration_id, key="retry-2")
    assert held.status_code == 422  # already holds a live licence
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Licence)) == 1


def test_a_key_is_forgotten_after_24_hours(client, offered, token_for, app):
    patent_id, declaration_id = offered
    secret = token_for(Role.ENTERPRISE_USER)
    assert _take(client, secret, patent_id, declaration_id, key="day").status_code == 201
    app.config["FROZEN_TODAY"] = "2026-11-28"
    later = _take(client, secret, patent_id, declaration_id, key="day", start_date="2027-02-01")
    assert later.status_code == 422 and later.get_json()["type"].endswith("refused")  # ran again: held


def test_scopes_and_roles_bound_what_a_token_may_do(client, offered, token_for):
    patent_id, declaration_id = offered
    read_only = token_for(Role.ENTERPRISE_USER, scopes=[api_scopes.READ])
    refused = _take(client, read_only, patent_id, declaration_id)
    assert refused.status_code == 403 and refused.get_json()["type"].endswith("insufficient-scope")
    staff = token_for(Role.UNIVERSITY_STAFF)
    assert _take(client, staff, patent_id, declaration_id).status_code == 403
    assert client.post("/api/v1/licences", json={}).status_code == 401


def test_a_browser_session_must_send_its_csrf_token_to_write_and_a_token_call_need_not(
        client, offered, make_user, token_for):
    patent_id, declaration_id = offered
    login(client, make_user(Role.ENTERPRISE_USER))
    body = {"patent_id": patent_id, "declaration_id": declaration_id, "start_date": "2027-01-01"}
    without = client.post("/api/v1/licences", json=body, headers={"Idempotency-Key": "s-1"})
    assert without.status_code == 400 and without.get_json()["type"].endswith("csrf")
    token = csrf_token(client)
    with_csrf = client.post("/api/v1/licences", json=body,
                            headers={"Idempotency-Key": "s-1", "X-CSRFToken": token})
    assert with_csrf.status_code == 201
    assert client.get("/api/v1/me").get_json()["role"] == "enterprise_user"


def test_the_rate_limit_counts_per_token(app, client, token_for):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    try:
        first, second = token_for(Role.ENTERPRISE_USER), token_for(Role.ENTERPRISE_USER)
        codes = [client.get("/api/v1/me", headers=token_header(first)).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited = client.get("/api/v1/patents", headers=token_header(first))
        assert limited.status_code == 429 and limited.get_json()["type"].endswith("rate-limited")
        assert client.get("/api/v1/me", headers=token_header(second)).status_code == 200
    finally:
        app.config["API_RATE_LIMIT"] = "300 per minute"


def test_the_document_and_the_reference_page(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    post = document["paths"]["/api/v1/licences"]["post"]
    assert any(parameter["name"] == "Idempotency-Key" for parameter in post["parameters"])
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    page = client.get("/api/v1/docs")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "/api/v1/licences" in text
    assert 'id="problem-idempotency-key-reused"' in text
    assert "cdn" not in text.lower() and "<script" not in text.lower()


