"""Taking a licence on the published terms: at once, equal terms, once per live licence."""

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.catalogue.models import Patent
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, TrialEnd, flat_plan, try_first_plan
from marketplace.declarations import services as declarations
from marketplace.extensions import db
from marketplace.licensing.models import Licence, LicenceCharge
from tests.helpers import page_text, post_form

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
TRY_FIRST = try_first_plan(Duration.days(90), Money.zero(), TrialEnd.EXPIRE,
                           flat_plan(Money("60000.00"), Duration.years(3)))


def _licences(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Licence))


def test_enterprise_reviews_accepts_and_gets_the_licence(app, client, login_as, offered):
    patent_id, declaration_id = offered
    login_as(Role.ENTERPRISE_USER)
    page = f"/patents/{patent_id}/licence"
    review = post_form(client, page, {"start": "2027-01-01", "declaration_id": declaration_id, "review": "1"})
    assert review.status_code == 200
    assert "2027-04-01" in page_text(review)
    assert _licences(app) == 0
    refused = post_form(client, page, {"start": "2027-01-01", "declaration_id": declaration_id, "take": "1"})
    assert refused.status_code == 422  # the acceptance box was not ticked
    assert _licences(app) == 0
    taken = post_form(client, page, {"start": "2027-01-01", "declaration_id": declaration_id, "accept": "y",
                                     "take": "1"})
    assert taken.status_code == 302
    with app.app_context():
        licence = db.session.scalar(select(Licence))
        assert licence.status == LicenceStatus.TRIAL
        assert licence.declaration_id == declaration_id
        assert (licence.start_date, licence.trial_last_day) == (date(2027, 1, 1), date(2027, 3, 31))
        assert licence.end_date == date(2029, 12, 31)
        assert licence.filing_deadline == date(2027, 4, 1)
        assert licence.number.startswith("OL2027")
        charges = [(c.due_date, c.amount_fen) for c in db.session.scalars(select(LicenceCharge))]
        assert charges == [(date(2027, 4, 1), 6_000_000)]
    detail = page_text(client.get(taken.headers["Location"]))
    assert f"<title>许可 {licence.number} · " in detail
    assert "2027-04-01" in detail and "60,000.00" in detail
    assert licence.number in page_text(client.get("/my/licences"))
    pdf = client.get(taken.headers["Location"] + "/contract.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_double_take_and_second_live_licence_are_refused(app, client, login_as, offered):
    patent_id, declaration_id = offered
    login_as(Role.ENTERPRISE_USER)
    data = {"start": "2027-01-01", "declaration_id": declaration_id, "accept": "y", "take": "1"}
    assert post_form(client, f"/patents/{patent_id}/licence", data).status_code == 302
    again = post_form(client, f"/patents/{patent_id}/licence", data)
    assert again.status_code == 422
    assert "已持有" in page_text(again) or "live licence" in page_text(again)
    assert _licences(app) == 1


def test_stale_terms_past_start_and_withdrawn_declarations_are_refused(app, client, login_as, offered):
    patent_id, declaration_id = offered
    login_as(Role.ENTERPRISE_USER)
    page = f"/patents/{patent_id}/licence"
    stale = post_form(client, page, {"start": "2027-01-01", "declaration_id": declaration_id + 99,
                                     "accept": "y", "take": "1"})
    assert stale.status_code == 422
    past = post_form(client, page, {"start": "2020-01-01", "declaration_id": declaration_id,
                                    "accept": "y", "take": "1"})
    assert past.status_code == 422
    assert _licences(app) == 0
    with app.app_context():
        declarations.withdraw(declarations.current_declaration(patent_id), "转让", TODAY, NOW)
        db.session.commit()
    assert client.get(page).status_code == 302  # back to the patent page: not offered any more
    assert _licences(app) == 0


def test_a_licence_taken_late_ends_at_the_patents_expiry(app, client, login_as, offered):
    patent_id, declaration_id = offered
    with app.app_context():
        db.session.get(Patent, patent_id).expiry_date = date(2028, 6, 30)
        db.session.commit()
    login_as(Role.ENTERPRISE_USER)
    review = post_form(client, f"/patents/{patent_id}/licence",
                       {"start": "2027-01-01", "declaration_id": declaration_id, "review": "1"})
    assert "2028-06-30" in page_text(review)


def test_nobody_else_sees_a_licence(app, client, login_as, make_user, make_university, offered):
    from tests.helpers import login

    patent_id, declaration_id = offered
    login_as(Role.ENTERPRISE_USER)
    taken = post_form(client, f"/patents/{patent_id}/licence",
                      {"start": "2027-01-01", "declaration_id": declaration_id, "accept": "y", "take": "1"})
    url = taken.headers["Location"]
    post_form(client, "/logout", {}, page="/dashboard")
    login(client, make_user(Role.ENTERPRISE_USER))
    assert client.get(url).status_code == 404
    post_form(client, "/logout", {}, page="/dashboard")
    login(client, make_user(Role.UNIVERSITY_STAFF, university_id=make_university("赤峰学院")))
    assert client.get(url).status_code == 404
    assert client.get("/ip/licences").status_code == 200
