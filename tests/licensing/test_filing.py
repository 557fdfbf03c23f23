"""The 备案 filing through the licence page: either party records it once (a double click records one
entry), corrects it by a correcting entry with a reason (the wrong entry stays, struck through, in the
record both parties see), and every refusal writes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from marketplace.accounts.models import User
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.extensions import db
from marketplace.licensing.history import history_of
from marketplace.licensing.models import Licence, LicenceFiling
from tests.licensing.money_helpers import deal_factory, move_to, post, signed_in, visible

FLAT = flat_plan(Money("60000.00"), Duration.years(3))


@pytest.fixture
def deal(app, make_patent, make_university, make_user):
    yield deal_factory(app, make_patent, make_university, make_user)
    app.config.pop("FROZEN_TODAY", None)


@pytest.fixture
def flat(deal, app):
    licence = deal(FLAT)
    move_to(app, date(2027, 1, 1), date(2027, 1, 20))
    return licence


def _entries(app, licence_id):
    with app.app_context():
        entries = db.session.scalars(select(LicenceFiling).where(LicenceFiling.licence_id == licence_id)
                                     .order_by(LicenceFiling.id))
        return [(e.filed_on.isoformat(), e.filing_number, e.corrects_id is not None, e.reason)
                for e in entries]


def _current(app, licence_id):
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        return licence.filed_on.isoformat() if licence.filed_on else None, licence.filing_number


def _first_id(app, licence_id):
    with app.app_context():
        return db.session.scalar(select(func.min(LicenceFiling.id))
                                 .where(LicenceFiling.licence_id == licence_id))


def _file(client, deal, day="2027-01-05", number="2027990000123"):
    return post(client, f"{deal.url}/filing", {"filed_on": day, "filing_number": number}, page=deal.url)


def _correct(client, deal, corrects, day="2027-01-06", number="2027990000124", reason="wrong number typed"):
    return post(client, f"{deal.url}/filing/corrections",
                {"correction-corrects": corrects, "correction-filed_on": day,
                 "correction-filing_number": number, "correction-reason": reason}, page=deal.url)


def test_a_double_click_records_the_filing_once_and_a_different_second_filing_is_refused(app, flat):
    buyer = signed_in(app, flat.buyer)
    assert _file(buyer, flat).status_code == 302
    assert _file(buyer, flat).status_code == 302  # the same filing again: nothing new
    other = _file(signed_in(app, flat.staff), flat, number="2027990000999")
    assert other.status_code == 422
    assert "The filing is already recorded; correct it below, with a reason." in visible(other)
    assert _entries(app, flat.licence_id) == [("2027-01-05", "2027990000123", False, "")]
    assert _current(app, flat.licence_id) == ("2027-01-05", "2027990000123")


def test_either_party_corrects_the_filing_and_both_see_the_whole_record(app, flat):
    buyer, staff = signed_in(app, flat.buyer), signed_in(app, flat.staff)
    assert _file(buyer, flat).status_code == 302
    first = _first_id(app, flat.licence_id)
    assert _correct(staff, flat, first).status_code == 302
    assert _correct(staff, flat, first).status_code == 302  # a double click: the same correction once
    assert _entries(app, flat.licence_id) == [("2027-01-05", "2027990000123", False, ""),
                                              ("2027-01-06", "2027990000124", True, "wrong number typed")]
    assert _current(app, flat.licence_id) == ("2027-01-06", "2027990000124")
    for client in (buyer, staff):
        page = client.get(flat.url)
        words = visible(page)
        assert "recorded on 2027-01-06 (2027990000124)" in words
        assert "<s>2027990000123</s>" in page.get_data(as_text=True)
        assert "corrects the entry above: wrong number typed" in words
        assert "备案 entry corrected · now: filing number 2027990000124 (wrong number typed)" in words
    with app.app_context():
        kinds = [step.kind for step in history_of(flat.licence_id)]
        assert kinds.count("filed") == 1 and kinds.count("filing_corrected") == 1
    # the current entry can be corrected again; the superseded one cannot
    later = _first_id(app, flat.licence_id) + 1
    assert _correct(buyer, flat, later, number="2027990000125", reason="second typo").status_code == 302
    stale = _correct(staff, flat, first, number="2027990000126", reason="old page")
    assert stale.status_code == 422
    assert "That entry was already corrected; the page now shows the current filing." in visible(stale)
    assert len(_entries(app, flat.licence_id)) == 3
    assert _current(app, flat.licence_id) == ("2027-01-06", "2027990000125")


def test_refused_corrections_write_nothing(app, flat, deal):
    buyer = signed_in(app, flat.buyer)
    assert _file(buyer, flat).status_code == 302
    first = _first_id(app, flat.licence_id)
    no_reason = _correct(buyer, flat, first, reason="")
    assert no_reason.status_code == 422
    assert 'name="correction-reason"' in no_reason.get_data(as_text=True)
    unchanged = _correct(buyer, flat, first, day="2027-01-05", number="2027990000123")
    assert unchanged.status_code == 422
    assert "The correction changes nothing" in visible(unchanged)
    for junk in ("abc", "99999999999999999999", "-1", "²", ""):
        response = _correct(buyer, flat, junk)
        assert response.status_code == 422, junk
        assert "Only an entry of this licence's filing can be corrected." in visible(response)
    # an entry of another licence of the same enterprise
    with app.app_context():
        licence = db.session.get(Licence, flat.licence_id)
        buyer_email = db.session.scalar(select(User.email).where(User.enterprise_id == licence.enterprise_id))
    other = deal(FLAT, buyer=buyer_email)
    assert _file(buyer, other).status_code == 302
    foreign = _correct(buyer, flat, _first_id(app, other.licence_id))
    assert foreign.status_code == 422
    assert len(_entries(app, flat.licence_id)) == 1 and len(_entries(app, other.licence_id)) == 1


def test_the_database_refuses_to_edit_or_delete_a_filing_entry(app, flat):
    assert _file(signed_in(app, flat.buyer), flat).status_code == 302
    for statement in ("UPDATE licence_filing SET filing_number = 'X'", "DELETE FROM licence_filing"):
        with app.app_context():
            with pytest.raises(DatabaseError):
                with db.session.begin_nested():
                    db.session.execute(text(statement))
            db.session.rollback()
    assert _entries(app, flat.licence_id) == [("2027-01-05", "2027990000123", False, "")]
