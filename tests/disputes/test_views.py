"""The dispute pages: both parties of the licence open, escalate and resolve disputes; every refusal is a
422 with the reason beside the field and nothing written; other enterprises and universities get 404,
organisers 403; the licence page links to them; the mediation request downloads."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.disputes.models import Dispute, DisputeCharge
from marketplace.extensions import db
from marketplace.ledger.services import audit
from marketplace.licensing.models import LicenceCharge
from tests.disputes.support import TWO_INSTALMENTS, charge_ids, posted
from tests.helpers import login, page_text, post_form
from tests.royalties.support import party


@pytest.fixture
def licence(app, client, take, at):
    """A licence whose first instalment fell due, its enterprise logged in (English), on 2027-01-10."""
    licence_id = posted(app, take, TWO_INSTALMENTS)
    login(client, party(app, licence_id, Role.ENTERPRISE_USER))
    client.get("/language/en")
    at(date(2027, 1, 10))
    return licence_id


def _charges(app, licence_id):
    with app.app_context():
        return charge_ids(licence_id)


def _counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Dispute)),
                db.session.scalar(select(func.count()).select_from(DisputeCharge)))


def _open(client, licence_id, **changes):
    url = f"/licences/{licence_id}/disputes"
    return post_form(client, url, {"subject": "payment", "description": "第一期款项金额有误",
                                   "open_dispute": "1", **changes})


def _as(app, client, licence_id, role):
    post_form(client, "/logout", {}, page="/dashboard")
    login(client, party(app, licence_id, role))
    client.get("/language/en")


def _dispute_id(app):
    with app.app_context():
        return db.session.scalar(select(Dispute.id).order_by(Dispute.id.desc()))


def test_the_licence_page_links_to_its_disputes_and_a_dispute_opens(app, client, licence):
    assert "Disputes: open one, negotiate, mediation, court" in page_text(client.get(f"/licences/{licence}"))
    page = page_text(client.get(f"/licences/{licence}/disputes"))
    assert "No dispute on this licence." in page and "Open the dispute" in page and "¥6,000.00 open" in page
    first = _charges(app, licence)[0]
    opened = _open(client, licence, charges=str(first))
    assert opened.status_code == 302
    dispute_id = _dispute_id(app)
    assert opened.headers["Location"].endswith(f"/disputes/{dispute_id}")
    text = page_text(client.get(f"/disputes/{dispute_id}"))
    assert "第一期款项金额有误" in text and "Negotiation between the parties" in text
    assert "Dispute opened" in text and "Download the request for CNIPA mediation (PDF)" in text
    assert "1 open" in page_text(client.get(f"/licences/{licence}"))
    listed = page_text(client.get(f"/licences/{licence}/disputes"))
    assert f"Dispute {dispute_id}" in listed and "Payment" in listed
    with app.app_context():
        assert list(db.session.scalars(select(DisputeCharge.charge_id))) == [first]


def test_refusals_are_422_beside_the_field_and_write_nothing(app, client, licence, take):
    other = posted(app, take)
    before = _counts(app)
    blank = _open(client, licence, description="")
    assert blank.status_code == 422
    foreign = _open(client, licence, charges=str(_charges(app, other)[0]))
    assert foreign.status_code == 422 and "Choose charges of this licence." in page_text(foreign)
    not_due = _open(client, licence, charges=str(_charges(app, licence)[1]))
    assert not_due.status_code == 422
    assert "Only a charge that has fallen due can be disputed." in page_text(not_due)
    not_an_id = _open(client, licence, charges="abc")
    assert not_an_id.status_code == 422
    assert _counts(app) == before
    assert _open(client, licence).status_code == 302
    _as(app, client, licence, Role.UNIVERSITY_STAFF)
    second = _open(client, licence, description="对方拖欠")
    assert second.status_code == 422
    assert "A dispute about this subject is already open on this licence." in page_text(second)
    assert _counts(app) == (before[0] + 1, before[1])


def test_escalation_and_outcomes_through_the_pages(app, client, licence):
    _open(client, licence, charges=str(_charges(app, licence)[0]))
    dispute_id = _dispute_id(app)
    url = f"/disputes/{dispute_id}"
    back = post_form(client, f"{url}/escalate", {"to": "negotiation", "note": "", "escalate": "1"}, page=url)
    assert back.status_code == 422 and "never back" in page_text(back)
    early = post_form(client, f"{url}/resolve", {"outcome": "mediated", "reference": "调2027-1",
                                                 "resolve": "1"}, page=url)
    assert early.status_code == 422 and "take the dispute there first" in page_text(early)
    to_mediation = post_form(client, f"{url}/escalate",
                             {"to": "mediation", "note": "协商未果", "escalate": "1"}, page=url)
    assert to_mediation.status_code == 302
    text = page_text(client.get(url))
    assert "Mediation by CNIPA" in text and "mediation requested on 2027-01-10" in text
    assert "Dispute taken to CNIPA mediation" in text and "note: 协商未果" in text
    waive = post_form(client, f"{url}/resolve", {"outcome": "settled", "waive": "y", "resolve": "1"},
                      page=url)
    assert waive.status_code == 422 and "Only the university can waive its charges." in page_text(waive)
    no_number = post_form(client, f"{url}/resolve", {"outcome": "mediated", "reference": "", "resolve": "1"},
                          page=url)
    assert no_number.status_code == 422 and "Give the mediation case number" in page_text(no_number)
    _as(app, client, licence, Role.UNIVERSITY_STAFF)
    done = post_form(client, f"{url}/resolve", {"outcome": "mediated", "reference": "国知调〔2027〕1号",
                                                "note": "减免第一期", "waive": "y", "resolve": "1"}, page=url)
    assert done.status_code == 302
    text = page_text(client.get(url))
    assert "Closed by mediation" in text and "国知调〔2027〕1号" in text
    assert "Record the dispute's outcome" not in text
    with app.app_context():
        charge = db.session.get(LicenceCharge, charge_ids(licence)[0])
        assert charge.settled_fen == charge.amount_fen
        assert audit() == []
    again = post_form(client, f"{url}/resolve", {"outcome": "settled", "resolve": "1"},
                      page=f"/licences/{licence}/disputes")
    assert again.status_code == 422 and "This dispute is already resolved." in page_text(again)


def test_the_mediation_request_downloads(app, client, licence):
    _open(client, licence)
    response = client.get(f"/disputes/{_dispute_id(app)}/mediation-request.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")


def test_other_parties_get_404_and_organisers_403(app, client, licence, take, make_user):
    _open(client, licence)
    dispute_id = _dispute_id(app)
    other = posted(app, take)
    for role in (Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF):
        _as(app, client, other, role)
        for url in (f"/licences/{licence}/disputes", f"/disputes/{dispute_id}",
                    f"/disputes/{dispute_id}/mediation-request.pdf"):
            assert client.get(url).status_code == 404, (role, url)
        own = f"/licences/{other}/disputes"
        assert post_form(client, f"/licences/{licence}/disputes", {"subject": "use", "description": "x"},
                         page=own).status_code == 404
        assert post_form(client, f"/disputes/{dispute_id}/resolve", {"outcome": "settled"},
                         page=own).status_code == 404
        assert post_form(client, f"/disputes/{dispute_id}/escalate", {"to": "court"},
                         page=own).status_code == 404
    post_form(client, "/logout", {}, page="/dashboard")
    login(client, make_user(Role.ORGANISER))
    assert client.get(f"/disputes/{dispute_id}").status_code == 403
    assert client.get(f"/licences/{licence}/disputes").status_code == 403
    assert post_form(client, f"/disputes/{dispute_id}/resolve", {"outcome": "settled"},
                     page="/dashboard").status_code == 403
    with app.app_context():
        assert db.session.get(Dispute, dispute_id).status == "open"
