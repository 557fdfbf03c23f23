"""The milestones page: both parties see it; the enterprise reports; the university confirms or rejects;
every refusal is a 422 with the reason beside the field and nothing written."""

from datetime import date

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.licensing.models import Licence, LicenceCharge
from marketplace.milestones.models import MilestoneReport
from tests.helpers import login, page_text, post_form
from tests.milestones.plans import FIRST_REVENUE, FROM_FIRST_REVENUE
from tests.royalties.support import party


@pytest.fixture
def licence(app, client, take, at):
    """A licence paying from first revenue, its enterprise logged in (English), on 2027-07-19."""
    licence_id = take(FROM_FIRST_REVENUE)
    login(client, party(app, licence_id, Role.ENTERPRISE_USER))
    client.get("/language/en")
    at(date(2027, 7, 19))
    return licence_id


def _reports(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [(r.status.value, r.happened_on.isoformat())
                for r in db.session.scalars(select(MilestoneReport).order_by(MilestoneReport.id))]


def _report(client, licence_id, **changes):
    url = f"/licences/{licence_id}/milestones"
    return post_form(client, url, {"phase_index": "1", "happened_on": "2027-07-14", "note": "发票 0001",
                                   "report_milestone": "1", **changes})


def _logout(client):
    post_form(client, "/logout", {}, page="/dashboard")


def _as_staff(app, client, licence_id):
    _logout(client)
    login(client, party(app, licence_id, Role.UNIVERSITY_STAFF))
    client.get("/language/en")


def test_the_licence_page_links_to_the_milestones_the_terms_name(app, client, licence):
    assert "Milestones: report and confirm" in page_text(client.get(f"/licences/{licence}"))
    text = page_text(client.get(f"/licences/{licence}/milestones"))
    assert FIRST_REVENUE in text and "2028-01-01" in text and "ends the trial" in text
    assert "Not reported yet" in text and "Report the milestone" in text


def test_the_enterprise_reports_and_the_university_confirms_and_the_charge_appears(app, client, licence):
    response = _report(client, licence)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/licences/{licence}/milestones")
    assert _reports(app) == [("reported", "2027-07-14")]
    assert "Reported: waiting for the university" in page_text(client.get(f"/licences/{licence}/milestones"))
    again = _report(client, licence)
    assert again.status_code == 422 and _reports(app) == [("reported", "2027-07-14")]

    _as_staff(app, client, licence)
    with app.app_context():
        report_id = db.session.scalar(select(MilestoneReport.id))
    page = f"/licences/{licence}/milestones"
    confirmed = post_form(client, f"/milestone-reports/{report_id}/confirm", {}, page=page)
    assert confirmed.status_code == 302
    with app.app_context():
        charge = db.session.scalar(select(LicenceCharge).where(LicenceCharge.licence_id == licence))
        assert (charge.due_date, charge.posted_on) == (date(2027, 7, 19), date(2027, 7, 19))
        assert db.session.get(Licence, licence).status == "active"
    twice = post_form(client, f"/milestone-reports/{report_id}/confirm", {}, page=page)
    assert twice.status_code == 302
    assert "This report was already decided." in page_text(client.get(page))
    text = page_text(client.get(f"/licences/{licence}"))
    assert "¥30,000.00" in text and "Converted to the paid licence" in text


@pytest.mark.parametrize(("changes", "message"), [
    ({"happened_on": "2027-07-20"}, "in the future"),
    ({"happened_on": "2026-12-31"}, "before the licence"),
    ({"happened_on": "not a day"}, "date"),
    ({"phase_index": "0"}, "Choose one of this licence"),
    ({"phase_index": "x"}, "Choose one of this licence"),
    ({"note": "长" * 301}, "300"),
])
def test_a_refused_report_says_why_and_writes_nothing(app, client, licence, changes, message):
    response = _report(client, licence, **changes)
    assert response.status_code == 422
    assert message in page_text(response)
    assert _reports(app) == []


def test_a_rejection_needs_a_reason_and_lets_the_enterprise_report_again(app, client, licence):
    assert _report(client, licence).status_code == 302
    _as_staff(app, client, licence)
    with app.app_context():
        report_id = db.session.scalar(select(MilestoneReport.id))
    page = f"/licences/{licence}/milestones"
    refused = post_form(client, f"/milestone-reports/{report_id}/reject", {"reason": "  "}, page=page)
    assert refused.status_code == 422 and _reports(app) == [("reported", "2027-07-14")]
    assert post_form(client, f"/milestone-reports/{report_id}/reject", {"reason": "发票未附"},
                     page=page).status_code == 302
    assert _reports(app) == [("rejected", "2027-07-14")]
    assert "发票未附" in page_text(client.get(page))
    _logout(client)
    login(client, party(app, licence, Role.ENTERPRISE_USER))
    assert _report(client, licence, happened_on="2027-07-18").status_code == 302
    assert _reports(app) == [("rejected", "2027-07-14"), ("reported", "2027-07-18")]


def test_only_the_licence_parties_see_and_decide(app, client, licence, login_as, take):
    assert _report(client, licence).status_code == 302
    with app.app_context():
        report_id = db.session.scalar(select(MilestoneReport.id))
    page = f"/licences/{licence}/milestones"
    assert post_form(client, f"/milestone-reports/{report_id}/confirm", {}, page=page).status_code == 403
    other = take(FROM_FIRST_REVENUE)  # another university's staff
    _logout(client)
    login(client, party(app, other, Role.UNIVERSITY_STAFF))
    assert client.get(page).status_code == 404
    own = f"/licences/{other}/milestones"
    assert post_form(client, f"/milestone-reports/{report_id}/confirm", {}, page=own).status_code == 404
    rejected = post_form(client, f"/milestone-reports/{report_id}/reject", {"reason": "x"}, page=own)
    assert rejected.status_code == 404
    assert _reports(app) == [("reported", "2027-07-14")]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LicenceCharge)
                                 .where(LicenceCharge.posted_on.is_not(None))) == 0
