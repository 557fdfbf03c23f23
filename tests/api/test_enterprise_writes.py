"""The enterprise's writes through the API: deciding a trial, royalty reports, transfer notices,
registering for a zone, cancelling, requesting a meeting — with bearer tokens, over the pages' services.

Every endpoint: its success, and its refusals (no token 401, another role 403, a token without the scope
403 insufficient-scope, another enterprise's object 404, a bad body 422 naming the fields); the POSTs with
an Idempotency-Key replay the first answer for the same body and refuse another body.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.models import PaymentNotice
from marketplace.licensing.models import Licence, LicenceCharge
from marketplace.royalties.models import RoyaltyReport
from marketplace.zones.meeting_models import MeetingRequest
from marketplace.zones.models import ZoneRegistration
from tests.api.conftest import error_fields, post, problem_type
from tests.licensing.conftest import TRY_FIRST
from tests.royalties.support import QUARTERLY, party
from tests.zones.meeting_world import add_enterprise, build_meeting_world

ENTERPRISE, STAFF = Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF
READ, LICENCES, PAYMENTS, ZONES = "read", "licences:write", "payments:write", "zones:write"
FLAT = flat_plan(Money("5000.00"), Duration.years(2))


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _status(app, licence_id: int) -> LicenceStatus:
    with app.app_context():
        return db.session.get(Licence, licence_id).status


def _refusals(client, method: str, url: str, owner: dict, other_role: dict, no_scope: dict,
              body=None) -> None:
    """No token 401, another role 403, a token without the scope 403 insufficient-scope."""
    call = client.post if method == "POST" else client.get
    kwargs = {"json": body} if method == "POST" else {}
    anonymous = call(url, **kwargs)
    assert anonymous.status_code == 401 and problem_type(anonymous) == "unauthorized"
    assert anonymous.headers["WWW-Authenticate"] == "Bearer"
    wrong_role = call(url, headers={**other_role, "Idempotency-Key": "k-role"}, **kwargs)
    assert wrong_role.status_code == 403 and problem_type(wrong_role) == "forbidden"
    scopeless = call(url, headers={**no_scope, "Idempotency-Key": "k-scope"}, **kwargs)
    assert scopeless.status_code == 403 and problem_type(scopeless) == "insufficient-scope"


# ---------------------------------------------------------------- trial decision


@pytest.fixture
def trial(app, take, at, bearer):
    """A licence on trial, the day inside its trial, and tokens of both parties."""
    licence_id = take(TRY_FIRST)
    at(date(2027, 1, 10))
    buyer, staff = party(app, licence_id, ENTERPRISE), party(app, licence_id, STAFF)
    return (licence_id, f"/api/v1/licences/{licence_id}/trial", bearer(buyer, LICENCES),
            bearer(staff, PAYMENTS), bearer(buyer))


def test_an_enterprise_converts_its_trial(app, client, trial):
    licence_id, url, token, _, _ = trial
    response = client.post(url, json={"decision": "convert"}, headers=token)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["id"] == licence_id and body["status"] == _status(app, licence_id).value != "trial"
    assert isinstance(body["charges"], list)
    assert set(body["money"]) == {"charged", "paid", "balance", "overdue"}
    again = client.post(url, json={"decision": "convert"}, headers=token)
    assert again.status_code == 422 and problem_type(again) == "refused"


def test_declining_needs_the_confirmation(app, client, trial):
    licence_id, url, token, _, _ = trial
    unconfirmed = client.post(url, json={"decision": "decline"}, headers=token)
    assert unconfirmed.status_code == 422 and problem_type(unconfirmed) == "validation"
    assert error_fields(unconfirmed) == {"confirm"}
    assert _status(app, licence_id) == LicenceStatus.TRIAL
    declined = client.post(url, json={"decision": "decline", "confirm": True}, headers=token)
    assert declined.status_code == 200
    assert declined.get_json()["status"] == "declined" == _status(app, licence_id).value
    with app.app_context():
        charges = db.session.scalars(select(LicenceCharge).where(LicenceCharge.licence_id == licence_id))
        assert all(charge.voided_on is not None or charge.posted_on is not None for charge in charges)


def test_the_trial_decision_refuses_callers_and_bad_bodies(app, client, take, trial, bearer):
    licence_id, url, token, staff, read_only = trial
    _refusals(client, "POST", url, token, staff, read_only, {"decision": "convert"})
    bad = client.post(url, json={"decision": "maybe", "extra": 1}, headers=token)
    assert bad.status_code == 422 and error_fields(bad) == {"decision", "extra"}
    other = take(TRY_FIRST)
    theirs = client.post(f"/api/v1/licences/{other}/trial", json={"decision": "convert"}, headers=token)
    assert theirs.status_code == 404 and problem_type(theirs) == "not-found"
    assert _status(app, other) == _status(app, licence_id) == LicenceStatus.TRIAL


# ---------------------------------------------------------------- royalty reports


@pytest.fixture
def royalty(app, take, at, bearer):
    """A licence on the quarterly royalty plan on 2027-04-10 (the first quarter has ended)."""
    licence_id = take(QUARTERLY)
    at(date(2027, 4, 10))
    buyer, staff = party(app, licence_id, ENTERPRISE), party(app, licence_id, STAFF)
    return licence_id, bearer(buyer, LICENCES), bearer(staff, PAYMENTS), bearer(buyer), bearer(staff)


def test_both_parties_read_the_royalty_periods(client, royalty):
    licence_id, token, _, _, staff_read = royalty
    url = f"/api/v1/licences/{licence_id}/royalty-periods?per_page=2"
    for headers in (token, staff_read):
        response = client.get(url, headers=headers)
        assert response.status_code == 200
        body = response.get_json()
        first = body["items"][0]
        assert (first["start"], first["end"], first["report_due"]) == ("2027-01-01", "2027-03-31",
                                                                          "2027-04-30")
        assert first["open_for_report"] is True and first["report"] is None and first["phase"] == 1
        assert body["items"][1]["open_for_report"] is False and body["total"] == 12 and body["next"]
    assert client.get(url).status_code == 401


def test_an_enterprise_files_a_royalty_report_once(app, client, royalty):
    licence_id, token, staff, read_only, _ = royalty
    url = f"/api/v1/licences/{licence_id}/royalty-reports"
    body = {"period_start": "2027-01-01", "net_sales": "123456.78"}
    first = post(client, url, token, body, key="report-q1")
    assert first.status_code == 201, first.get_data(as_text=True)
    report = first.get_json()
    assert (report["net_sales"], report["royalty"], report["period_end"], report["late"]) == (
        "123456.78", "6172.84", "2027-03-31", False)
    replay = post(client, url, token, body, key="report-q1")
    assert replay.status_code == 201 and replay.headers["Idempotent-Replayed"] == "true"
    assert replay.get_data() == first.get_data()
    assert "Idempotent-Replayed" not in first.headers
    assert _count(app, RoyaltyReport, RoyaltyReport.licence_id == licence_id) == 1
    reused = post(client, url, token, {**body, "net_sales": "1.00"}, key="report-q1")
    assert reused.status_code == 422 and problem_type(reused) == "idempotency-key-reused"
    twice = post(client, url, token, body, key="report-q1-again")
    assert twice.status_code == 422 and problem_type(twice) == "refused"
    assert error_fields(twice) == {"period_start"}
    periods = client.get(f"/api/v1/licences/{licence_id}/royalty-periods", headers=token).get_json()
    assert periods["items"][0]["report"] == report


def test_royalty_reports_refuse_callers_and_bad_bodies(app, client, take, royalty):
    licence_id, token, staff, read_only, _ = royalty
    url = f"/api/v1/licences/{licence_id}/royalty-reports"
    _refusals(client, "POST", url, token, staff, read_only,
              {"period_start": "2027-01-01", "net_sales": "1.00"})
    keyless = post(client, url, token, {"period_start": "2027-01-01", "net_sales": "1.00"})
    assert keyless.status_code == 400 and problem_type(keyless) == "idempotency-key-missing"
    bad = post(client, url, token, {"period_start": "soon", "net_sales": 12.5}, key="bad")
    assert bad.status_code == 422 and error_fields(bad) == {"period_start", "net_sales"}
    negative = post(client, url, token, {"period_start": "2027-01-01", "net_sales": "-5.00"}, key="neg")
    assert negative.status_code == 422 and error_fields(negative) == {"net_sales"}
    not_ended = post(client, url, token, {"period_start": "2027-04-01", "net_sales": "1.00"}, key="q2")
    assert not_ended.status_code == 422 and error_fields(not_ended) == {"period_start"}
    other = take(QUARTERLY)
    theirs = post(client, f"/api/v1/licences/{other}/royalty-reports", token,
                  {"period_start": "2027-01-01", "net_sales": "1.00"}, key="theirs")
    assert theirs.status_code == 404
    assert _count(app, RoyaltyReport) == 0
    # a refused request stores nothing: the same key may be used again
    retried = post(client, url, token, {"period_start": "2027-01-01", "net_sales": "0"}, key="q2")
    assert retried.status_code == 201


# ---------------------------------------------------------------- transfer notices


@pytest.fixture
def owing(app, take, at, bearer):
    """A licence whose 5,000.00 fee was posted on 2027-01-01; the day is 2027-01-05."""
    licence_id = take(FLAT)
    with app.app_context():
        run_due(date(2027, 1, 1))
        db.session.commit()
    at(date(2027, 1, 5))
    buyer, staff = party(app, licence_id, ENTERPRISE), party(app, licence_id, STAFF)
    return (licence_id, bearer(buyer, PAYMENTS), bearer(staff, PAYMENTS), bearer(buyer, LICENCES),
            bearer(staff))


NOTICE = {"amount": "5000.00", "reference": "ICBC-2027-0001", "paid_on": "2027-01-04"}


def test_an_enterprise_notifies_a_transfer_and_reads_its_notices(app, client, owing):
    licence_id, token, _, _, staff_read = owing
    url = f"/api/v1/licences/{licence_id}/transfer-notices"
    first = post(client, url, token, NOTICE, key="notice-1")
    assert first.status_code == 201, first.get_data(as_text=True)
    notice = first.get_json()
    assert (notice["amount"], notice["reference"], notice["status"], notice["decided_at"]) == (
        "5000.00", "ICBC-2027-0001", "pending", None)
    replay = post(client, url, token, NOTICE, key="notice-1")
    assert replay.get_data() == first.get_data() and replay.headers["Idempotent-Replayed"] == "true"
    assert _count(app, PaymentNotice, PaymentNotice.licence_id == licence_id) == 1
    reused = post(client, url, token, {**NOTICE, "reference": "ICBC-2027-0002"}, key="notice-1")
    assert reused.status_code == 422 and problem_type(reused) == "idempotency-key-reused"
    for headers in (token, staff_read):
        listed = client.get(url, headers=headers)
        assert listed.status_code == 200 and listed.get_json()["items"] == [notice]


def test_transfer_notices_refuse_callers_and_bad_bodies(app, client, take, owing, bearer):
    licence_id, token, staff, licences_only, _ = owing
    url = f"/api/v1/licences/{licence_id}/transfer-notices"
    _refusals(client, "POST", url, token, staff, licences_only, NOTICE)
    bad = post(client, url, token, {"amount": "5,000", "reference": "", "paid_on": "2027-13-01"}, key="bad")
    assert bad.status_code == 422 and error_fields(bad) == {"amount", "reference", "paid_on"}
    too_much = post(client, url, token, {**NOTICE, "amount": "5000.01"}, key="too-much")
    assert too_much.status_code == 422 and problem_type(too_much) == "refused"
    assert error_fields(too_much) == {"amount"}
    future = post(client, url, token, {**NOTICE, "paid_on": "2027-01-06"}, key="future")
    assert future.status_code == 422 and error_fields(future) == {"paid_on"}
    other = take(FLAT)
    theirs = post(client, f"/api/v1/licences/{other}/transfer-notices", token, NOTICE, key="theirs")
    assert theirs.status_code == 404
    assert client.get(f"/api/v1/licences/{other}/transfer-notices", headers=token).status_code == 404
    assert _count(app, PaymentNotice) == 0


# ---------------------------------------------------------------- zones: registration and meetings


@pytest.fixture
def zone(app, at, bearer):
    """The meeting world on 2026-12-05: a registered enterprise and one that is not, two curated patents,
    slots on 2026-12-10."""
    at(date(2026, 12, 5))
    with app.app_context():
        world = build_meeting_world(enterprises=1)
        _, newcomer = add_enterprise(world, register=False)
        db.session.commit()
    return world, newcomer


REGISTRATION = {"contact_name": "李经理", "contact_phone": "0472-5123456", "interests": "稀土永磁"}


def test_an_enterprise_registers_reads_and_cancels(app, client, zone, bearer):
    world, newcomer = zone
    token = bearer(newcomer, ZONES)
    url = f"/api/v1/zones/{world.zone_id}/registrations"
    body = {**REGISTRATION, "patent_ids": [world.patents[0]]}
    first = post(client, url, token, body, key="reg-1")
    assert first.status_code == 201, first.get_data(as_text=True)
    registration = first.get_json()
    assert registration["patent_ids"] == [world.patents[0]] and registration["cancelled_at"] is None
    assert first.headers["Location"].endswith(f"/api/v1/zones/{world.zone_id}/registration")
    replay = post(client, url, token, body, key="reg-1")
    assert replay.get_data() == first.get_data() and replay.headers["Idempotent-Replayed"] == "true"
    assert _count(app, ZoneRegistration, ZoneRegistration.zone_id == world.zone_id) == 2
    again = post(client, url, token, body, key="reg-2")
    assert again.status_code == 422 and problem_type(again) == "refused"
    mine = client.get(f"/api/v1/zones/{world.zone_id}/registration", headers=bearer(newcomer))
    assert mine.status_code == 200 and mine.get_json() == registration
    cancel = client.post(f"/api/v1/zones/{world.zone_id}/registration/cancel", headers=token)
    assert cancel.status_code == 200 and cancel.get_json()["cancelled_at"] is not None
    assert client.get(f"/api/v1/zones/{world.zone_id}/registration", headers=token).status_code == 404
    twice = client.post(f"/api/v1/zones/{world.zone_id}/registration/cancel", headers=token)
    assert twice.status_code == 422 and problem_type(twice) == "refused"


def test_registration_refuses_callers_and_bad_bodies(app, client, zone, bearer):
    world, newcomer = zone
    token = bearer(newcomer, ZONES)
    url = f"/api/v1/zones/{world.zone_id}/registrations"
    _refusals(client, "POST", url, token, bearer(world.staff[0], PAYMENTS), bearer(newcomer, LICENCES),
              REGISTRATION)
    bad = post(client, url, token, {"contact_name": "", "contact_phone": "call me", "patent_ids": [0]},
               key="bad")
    assert bad.status_code == 422 and error_fields(bad) == {"contact_name", "contact_phone", "patent_ids"}
    stranger = post(client, url, token, {**REGISTRATION, "patent_ids": [999_999]}, key="stranger")
    assert stranger.status_code == 422 and error_fields(stranger) == {"patent_ids"}
    control = post(client, url, token, {**REGISTRATION, "contact_name": "\x00\x07"}, key="control")
    assert control.status_code == 422 and error_fields(control) == {"contact_name"}
    missing = post(client, "/api/v1/zones/999999/registrations", token, REGISTRATION, key="missing")
    assert missing.status_code == 404
    cancel = client.post(f"/api/v1/zones/{world.zone_id}/registration/cancel", headers=bearer(newcomer))
    assert cancel.status_code == 403 and problem_type(cancel) == "insufficient-scope"
    assert _count(app, ZoneRegistration, ZoneRegistration.zone_id == world.zone_id) == 1


def test_a_registered_enterprise_requests_a_meeting(app, client, zone, bearer):
    world, _ = zone
    token = bearer(world.enterprise_users[0], ZONES)
    slots = client.get(f"/api/v1/zones/{world.zone_id}/meeting-slots")
    assert slots.status_code == 200 and [slot["id"] for slot in slots.get_json()["items"]] == world.slots
    url = f"/api/v1/zones/{world.zone_id}/meetings"
    body = {"patent_id": world.patents[1], "reason": "希望了解中试条件", "slot_ids": world.slots[:2]}
    first = post(client, url, token, body, key="meet-1")
    assert first.status_code == 201, first.get_data(as_text=True)
    meeting = first.get_json()
    assert (meeting["status"], meeting["slot_ids"], meeting["university_id"],
            meeting["accepted_slot_id"]) == ("requested", world.slots[:2], world.universities[1], None)
    replay = post(client, url, token, body, key="meet-1")
    assert replay.get_data() == first.get_data() and replay.headers["Idempotent-Replayed"] == "true"
    assert _count(app, MeetingRequest, MeetingRequest.zone_id == world.zone_id) == 1
    reused = post(client, url, token, {**body, "reason": "另一件事"}, key="meet-1")
    assert reused.status_code == 422 and problem_type(reused) == "idempotency-key-reused"
    open_already = post(client, url, token, body, key="meet-2")
    assert open_already.status_code == 422 and error_fields(open_already) == {"patent_id"}


def test_meeting_requests_refuse_callers_and_bad_bodies(app, client, zone, bearer):
    world, newcomer = zone
    token = bearer(world.enterprise_users[0], ZONES)
    url = f"/api/v1/zones/{world.zone_id}/meetings"
    body = {"patent_id": world.patents[0], "reason": "洽谈", "slot_ids": [world.slots[0]]}
    _refusals(client, "POST", url, token, bearer(world.staff[0], PAYMENTS),
              bearer(world.enterprise_users[0], READ), body)
    bad = post(client, url, token, {"patent_id": "x", "reason": "", "slot_ids": world.slots[:4]}, key="bad")
    assert bad.status_code == 422 and error_fields(bad) == {"patent_id", "reason", "slot_ids"}
    foreign = post(client, url, token, {**body, "slot_ids": [999_999]}, key="foreign")
    assert foreign.status_code == 422 and error_fields(foreign) == {"slot_ids"}
    unregistered = post(client, url, bearer(newcomer, ZONES), body, key="unregistered")
    assert unregistered.status_code == 422 and problem_type(unregistered) == "refused"
    assert _count(app, MeetingRequest) == 0
