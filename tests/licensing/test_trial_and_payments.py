"""During a trial the enterprise converts or declines; the university records payments exactly once."""

from datetime import date

from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.core.licence_state import LicenceStatus
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.models import LedgerTransaction
from marketplace.ledger.services import audit
from marketplace.licensing.models import Licence, LicenceHistory
from tests.helpers import login, page_text, post_form


def _take(client, patent_id, declaration_id):
    response = post_form(client, f"/patents/{patent_id}/licence",
                         {"start": "2027-01-01", "declaration_id": declaration_id, "accept": "y",
                          "take": "1"})
    assert response.status_code == 302
    return response.headers["Location"]


def _status(app):
    with app.app_context():
        return db.session.scalar(select(Licence.status))


def test_enterprise_declines_its_trial(app, client, login_as, offered):
    login_as(Role.ENTERPRISE_USER)
    url = _take(client, *offered)
    declined = post_form(client, f"{url}/trial", {"decision": "decline", "confirm": "y"}, page=url)
    assert declined.status_code == 302
    assert _status(app) == LicenceStatus.DECLINED
    again = post_form(client, f"{url}/trial", {"decision": "convert"}, page=url)
    assert again.status_code == 422
    assert _status(app) == LicenceStatus.DECLINED
    with app.app_context():
        run_due(date(2027, 6, 1))
        assert db.session.scalar(select(func.count()).select_from(LedgerTransaction)) == 0


def test_convert_then_pay_exactly_once(app, client, login_as, make_user, offered):
    login_as(Role.ENTERPRISE_USER)
    url = _take(client, *offered)
    assert post_form(client, f"{url}/trial", {"decision": "convert"}, page=url).status_code == 302
    assert _status(app) == LicenceStatus.ACTIVE
    with app.app_context():
        run_due(date(2027, 4, 1))
        db.session.commit()
        university_id = db.session.scalar(select(Licence.university_id))
    app.config["FROZEN_TODAY"] = "2027-04-02"  # the day the money arrives
    post_form(client, "/logout", {}, page="/dashboard")
    login(client, make_user(Role.UNIVERSITY_STAFF, university_id=university_id))
    assert "60,000.00" in page_text(client.get(url))
    too_much = post_form(client, f"{url}/payments",
                         {"amount": "70000", "reference": "ICBC-001", "received_on": "2027-04-02"}, page=url)
    assert too_much.status_code == 422
    data = {"amount": "60,000.00", "reference": "icbc-001", "received_on": "2027-04-02"}
    assert post_form(client, f"{url}/payments", data, page=url).status_code == 302
    again = post_form(client, f"{url}/payments", {**data, "reference": "ICBC-001"}, page=url)
    assert again.status_code == 302  # the same transfer: recorded once
    with app.app_context():
        kinds = list(db.session.scalars(select(LedgerTransaction.kind).order_by(LedgerTransaction.id)))
        assert kinds == ["charge_posted", "payment_received"]
        assert audit() == []
    assert "¥0.00" in page_text(client.get(url))


def test_only_the_licences_own_parties_act_on_it(app, client, login_as, make_user, make_university,
                                                 offered):
    login_as(Role.ENTERPRISE_USER)
    url = _take(client, *offered)
    post_form(client, "/logout", {}, page="/dashboard")
    login(client, make_user(Role.ENTERPRISE_USER))
    refused = post_form(client, f"{url}/trial", {"decision": "decline", "confirm": "y"}, page="/dashboard")
    assert refused.status_code == 404
    post_form(client, "/logout", {}, page="/dashboard")
    login(client, make_user(Role.UNIVERSITY_STAFF, university_id=make_university("赤峰学院")))
    response = post_form(client, f"{url}/payments",
                         {"amount": "1", "reference": "X", "received_on": "2027-04-02"}, page="/dashboard")
    assert response.status_code == 404
    assert _status(app) == LicenceStatus.TRIAL


def test_either_party_records_the_filing(app, client, login_as, offered):
    login_as(Role.ENTERPRISE_USER)
    url = _take(client, *offered)
    app.config["FROZEN_TODAY"] = "2027-01-10"  # the licence started on 2027-01-01
    refused = post_form(client, f"{url}/filing", {"filed_on": "2030-01-01", "filing_number": "X"}, page=url)
    assert refused.status_code == 422
    before_start = post_form(client, f"{url}/filing", {"filed_on": "2026-11-26", "filing_number": "X"},
                             page=url)
    assert before_start.status_code == 422
    assert "该日期早于许可开始日期（2027-01-01）。" in page_text(before_start)
    ok = post_form(client, f"{url}/filing", {"filed_on": "2027-01-05", "filing_number": "2026990000123"},
                   page=url)
    assert ok.status_code == 302
    with app.app_context():
        licence = db.session.scalar(select(Licence))
        assert (licence.filed_on.isoformat(), licence.filing_number) == ("2027-01-05", "2026990000123")
    assert "2026990000123" in page_text(client.get(url))


def test_university_filters_and_exports_licences_and_ledger(app, client, login_as, make_user, offered):
    from datetime import date as day

    from marketplace.ledger.due import run_due

    login_as(Role.ENTERPRISE_USER)
    url = _take(client, *offered)
    post_form(client, f"{url}/trial", {"decision": "convert"}, page=url)
    with app.app_context():
        run_due(day(2027, 4, 1))
        db.session.commit()
        university_id = db.session.scalar(select(Licence.university_id))
        number = db.session.scalar(select(Licence.number))
    ledger = client.get(f"{url}/ledger.csv")
    assert ledger.data.startswith("\ufeff".encode())
    assert "60000.00" in ledger.data.decode("utf-8")
    post_form(client, "/logout", {}, page="/dashboard")
    login(client, make_user(Role.UNIVERSITY_STAFF, university_id=university_id))
    assert number in page_text(client.get("/ip/licences?status=active&plan_kind=try_first"))
    assert number not in page_text(client.get("/ip/licences?status=trial"))
    assert number not in page_text(client.get("/ip/licences?trial_ending=1"))
    assert client.get("/ip/licences?status=bogus&plan_kind=bogus").status_code == 200
    exported = client.get("/ip/licences?format=csv&status=active").data.decode("utf-8-sig")
    assert exported.splitlines()[0].startswith("许可编号")
    assert number in exported


def test_a_trial_cannot_be_declined_after_its_last_day(app, client, login_as, offered):
    """Between the trial's end and the job that applies its end-of-trial terms, the licence still reads
    "trial": declining then would dodge a conversion the terms already made, so it is refused."""
    login_as(Role.ENTERPRISE_USER)
    url = _take(client, *offered)
    with app.app_context():
        last_day = db.session.scalar(select(Licence.trial_last_day))
    app.config["FROZEN_TODAY"] = date.fromordinal(last_day.toordinal() + 1).isoformat()
    refused = post_form(client, f"{url}/trial", {"decision": "decline", "confirm": "y"}, page=url)
    assert refused.status_code == 422
    assert f"试用已于 {last_day.isoformat()} 结束" in page_text(refused)
    assert _status(app) == LicenceStatus.TRIAL
    app.config["FROZEN_TODAY"] = last_day.isoformat()
    declined = post_form(client, f"{url}/trial", {"decision": "decline", "confirm": "y"}, page=url)
    assert declined.status_code == 302
    assert _status(app) == LicenceStatus.DECLINED


def test_declining_a_trial_asks_for_a_confirmation_first(app, client, login_as, offered):
    login_as(Role.ENTERPRISE_USER)
    url = _take(client, *offered)
    client.get("/language/en")
    detail = client.get(url).get_data(as_text=True)
    assert f'href="{url}/trial/decline"' in detail  # a link to the confirmation page, not a one-click form
    assert 'name="decision" value="decline"' not in detail

    asked = client.get(f"{url}/trial/decline")
    assert asked.status_code == 200
    text = page_text(asked)
    assert "If you decline, the licence ends today. Nothing is owed, now or later" in text
    assert "Declining cannot be undone: the trial can no longer be converted to the paid licence." in text
    assert "I decline the trial: the licence ends today and can no longer be converted." in text
    assert 'name="csrf_token"' in text and 'name="decision" type="hidden" value="decline"' in text

    unconfirmed = post_form(client, f"{url}/trial", {"decision": "decline"}, page=f"{url}/trial/decline")
    assert unconfirmed.status_code == 422
    assert "Tick the box to confirm that you decline the trial; nothing has been changed." in page_text(
        unconfirmed)
    assert _status(app) == LicenceStatus.TRIAL
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LicenceHistory)
                                 .where(LicenceHistory.kind == "declined")) == 0

    confirmed = post_form(client, f"{url}/trial", {"decision": "decline", "confirm": "y"},
                          page=f"{url}/trial/decline")
    assert confirmed.status_code == 302 and confirmed.headers["Location"].endswith(url)
    assert _status(app) == LicenceStatus.DECLINED
    assert "Trial declined: the licence ends and nothing is owed." in page_text(client.get(url))
    after = client.get(f"{url}/trial/decline")  # nothing left to decline: back to the licence
    assert after.status_code == 302 and after.headers["Location"].endswith(url)


def test_converting_needs_no_confirmation_box(app, client, login_as, offered):
    login_as(Role.ENTERPRISE_USER)
    url = _take(client, *offered)
    assert post_form(client, f"{url}/trial", {"decision": "convert"}, page=url).status_code == 302
    assert _status(app) == LicenceStatus.ACTIVE
