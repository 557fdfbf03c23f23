"""The royalty reports page: both parties see it, the enterprise files, refusals write nothing."""

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.extensions import db
from marketplace.ledger.models import LedgerTransaction
from marketplace.ledger.services import audit
from marketplace.licensing.history import history_of
from marketplace.licensing.models import Licence, LicenceCharge
from marketplace.royalties import services
from marketplace.royalties.models import RoyaltyReport
from tests.helpers import login, page_text, post_form
from tests.royalties.support import QUARTERLY, enterprise_user, party

Q1, Q2 = "2027-01-01", "2027-04-01"


@pytest.fixture
def royalty_licence(app, client, take, at):
    """A licence on the quarterly royalty plan, its enterprise user logged in; returns the page URL."""
    licence_id = take(QUARTERLY)
    login(client, party(app, licence_id, Role.ENTERPRISE_USER))
    client.get("/language/en")  # the assertions read the English wording
    at(date(2027, 4, 10))
    return licence_id, f"/licences/{licence_id}/royalties"


def _file(client, url, period, net_sales):
    return post_form(client, url, {"period": period, "net_sales": net_sales})


def _words(response) -> str:
    """The page's text without its tags, white space folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def _counts(app):
    """How many reports, royalty and true-up charges, and ledger transactions there are."""
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(RoyaltyReport)),
                db.session.scalar(select(func.count()).select_from(LicenceCharge)
                                  .where(LicenceCharge.kind.in_(["royalty", "minimum_true_up"]))),
                db.session.scalar(select(func.count()).select_from(LedgerTransaction)))


def test_enterprise_files_a_report_and_the_royalty_falls_due_with_it(app, client, royalty_licence):
    licence_id, url = royalty_licence
    page = client.get(url)
    assert page.status_code == 200
    text = page_text(page)
    assert "2027-01-01 – 2027-03-31" in text and "2027-04-30" in text
    assert 'inputmode="decimal"' in page.get_data(as_text=True)
    response = _file(client, url, Q1, "123,456.78")
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    with app.app_context():
        report = db.session.scalar(select(RoyaltyReport))
        assert (report.net_sales_fen, report.royalty_fen, report.filed_on, report.late) == (
            12_345_678, 617_284, date(2027, 4, 10), False)  # 5% of 123,456.78 = 6,172.839 → 6,172.84
        charge = db.session.scalar(select(LicenceCharge).where(LicenceCharge.slot == "royalty:2027-01-01"))
        assert (charge.kind, charge.due_date, charge.amount_fen, charge.posted_on) == (
            "royalty", date(2027, 4, 30), 617_284, None)  # run-due posts it on its due date
        steps = [(step.kind, step.amount_fen, step.detail) for step in history_of(licence_id)]
        assert ("report_filed", 617_284, "") in steps
    text = page_text(client.get(url))
    assert "¥123,456.78" in text and "¥6,172.84" in text and "Every period is reported" not in text
    assert "Royalty reports" in page_text(client.get(f"/licences/{licence_id}"))


def test_a_late_report_is_marked_and_its_royalty_posted_at_once(app, client, royalty_licence, at):
    licence_id, url = royalty_licence
    at(date(2027, 5, 5))  # the Q1 report was due on 2027-04-30
    assert _file(client, url, Q1, "1000").status_code == 302
    with app.app_context():
        report = db.session.scalar(select(RoyaltyReport))
        charge = db.session.scalar(select(LicenceCharge).where(LicenceCharge.kind == "royalty"))
        assert report.late and charge.posted_on == date(2027, 5, 5) and charge.amount_fen == 5_000
        assert db.session.scalar(select(LedgerTransaction.key).where(
            LedgerTransaction.kind == "charge_posted")) == f"charge:licence:{licence_id}:royalty:2027-01-01"
        assert ("report_filed", "late") in [(step.kind, step.detail) for step in history_of(licence_id)]
        assert audit() == []
    assert '<span class="badge text-bg-warning">late</span>' in client.get(url).get_data(as_text=True)


def test_a_report_of_zero_sales_owes_nothing(app, client, royalty_licence):
    _, url = royalty_licence
    assert _file(client, url, Q1, "0").status_code == 302
    assert _counts(app) == (1, 0, 0)


def _error_next_to(response, field: str) -> str:
    """The error shown beside a form field ('' when none)."""
    html = response.get_data(as_text=True).replace("&#39;", "'")
    after = html.split(f'id="{field}"', 1)[1].split('<div class="mb-3', 1)[0].split("</form>", 1)[0]
    match = re.search(r'<div class="invalid-feedback[^"]*">([^<]*)</div>', after)
    return match.group(1) if match else ""


@pytest.mark.parametrize(("period", "net_sales", "field", "message"), [
    (Q1, "-5", "net_sales", "Net sales cannot be negative; report 0 for a period without sales."),
    (Q1, "-", "net_sales", "Net sales cannot be negative; report 0 for a period without sales."),
    (Q1, "12.345", "net_sales", "Amounts have at most two decimals (fen)."),
    (Q1, "abc", "net_sales", "Enter an amount in yuan, such as 50000 or 50,000.00."),
    (Q1, "", "net_sales", "This field is required."),
    (Q2, "100", "period", "You can report a period once it has ended; this one ends on 2027-06-30."),
    ("2027-02-01", "100", "period", "Choose one of this licence's royalty periods."),
    ("not-a-day", "100", "period", "Choose one of this licence's royalty periods."),
])
def test_refused_reports_write_nothing(app, client, royalty_licence, period, net_sales, field, message):
    _, url = royalty_licence
    response = _file(client, url, period, net_sales)
    assert response.status_code == 422
    assert _error_next_to(response, field) == message
    assert _counts(app) == (0, 0, 0)


def test_a_period_is_filed_once_even_on_a_double_submit(app, client, royalty_licence):
    _, url = royalty_licence
    assert _file(client, url, Q1, "1000").status_code == 302
    again = _file(client, url, Q1, "2000")
    assert again.status_code == 422
    assert _error_next_to(again, "period") == "This period was already filed on 2027-04-10."
    with app.app_context():
        assert [r.net_sales_fen for r in db.session.scalars(select(RoyaltyReport))] == [100_000]
    assert _counts(app)[:2] == (1, 1)


def test_periods_are_filed_in_order(app, client, royalty_licence, at):
    _, url = royalty_licence
    at(date(2027, 7, 10))
    page = client.get(url).get_data(as_text=True)
    assert f'value="{Q1}"' in page and f'value="{Q2}"' in page  # both ended, both offered
    refused = _file(client, url, Q2, "100")
    assert refused.status_code == 422
    assert _error_next_to(refused, "period") == "File the report for 2027-01-01 – 2027-03-31 first."
    assert _counts(app) == (0, 0, 0)
    assert _file(client, url, Q1, "100").status_code == 302
    assert _file(client, url, Q2, "100").status_code == 302
    assert _counts(app)[0] == 2


def test_the_university_sees_the_reports_but_cannot_file(app, client, royalty_licence):
    licence_id, url = royalty_licence
    assert _file(client, url, Q1, "1000").status_code == 302
    post_form(client, "/logout", {}, page="/dashboard")
    login(client, party(app, licence_id, Role.UNIVERSITY_STAFF))
    client.get("/language/en")
    page = client.get(url)
    assert page.status_code == 200 and "¥1,000.00" in page_text(page)
    assert "File the report" not in page_text(page)
    assert _file(client, url, Q2, "1000").status_code == 403
    assert _counts(app)[0] == 1


def test_other_parties_and_unknown_licences_get_404(app, client, royalty_licence, make_user, make_university):
    licence_id, url = royalty_licence
    post_form(client, "/logout", {}, page="/dashboard")
    login(client, make_user(Role.ENTERPRISE_USER))
    assert client.get(url).status_code == 404
    assert post_form(client, url, {"period": Q1, "net_sales": "1"}, page="/dashboard").status_code == 404
    assert client.get("/licences/999999/royalties").status_code == 404
    assert post_form(client, "/licences/999999/royalties", {"period": Q1, "net_sales": "1"},
                     page="/dashboard").status_code == 404
    post_form(client, "/logout", {}, page="/dashboard")
    login(client, make_user(Role.UNIVERSITY_STAFF, university_id=make_university()))
    assert client.get(url).status_code == 404
    assert _counts(app) == (0, 0, 0)


def test_filed_reports_are_paged_newest_first(app, client, royalty_licence, at):
    licence_id, url = royalty_licence
    app.config["PAGE_SIZE"], size = 2, app.config["PAGE_SIZE"]
    try:
        at(date(2027, 10, 10))
        for period in (Q1, Q2, "2027-07-01"):
            assert _file(client, url, period, "100").status_code == 302
        first, second = _words(client.get(url)), _words(client.get(f"{url}?page=2"))
        assert "2027-07-01 – 2027-09-30 2027-10-30" in first
        assert "2027-01-01 – 2027-03-31 2027-04-30" in second
        assert "2027-04-01" not in second and "3 in all" in first
    finally:
        app.config["PAGE_SIZE"] = size


def test_no_link_or_form_without_royalty_periods(app, client, take, at):
    licence_id = take(flat_plan(Money("50000.00"), Duration.years(3)))
    login(client, party(app, licence_id, Role.ENTERPRISE_USER))
    client.get("/language/en")
    at(date(2027, 4, 10))
    assert "Royalty reports" not in page_text(client.get(f"/licences/{licence_id}"))
    page = client.get(f"/licences/{licence_id}/royalties")
    assert page.status_code == 200 and "File a report" not in page_text(page)
    refused = post_form(client, f"/licences/{licence_id}/royalties", {"period": Q1, "net_sales": "1"})
    assert refused.status_code == 422 and _counts(app) == (0, 0, 0)


def test_reports_only_while_the_licence_is_billable(app, client, royalty_licence):
    licence_id, url = royalty_licence
    with app.app_context():
        db.session.get(Licence, licence_id).status = "terminated"
        db.session.commit()
    response = _file(client, url, Q1, "100")
    assert response.status_code == 422
    assert "filed while the licence is active, overdue or suspended." in page_text(response)
    assert _counts(app) == (0, 0, 0)


def test_the_unique_constraint_refuses_a_second_report_the_pre_check_missed(app, royalty_licence,
                                                                            monkeypatch):
    from marketplace.service_errors import ServiceError

    licence_id, _ = royalty_licence
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        user = enterprise_user(licence)
        services.file_report(licence, user, date(2027, 1, 1), Money("100"), date(2027, 4, 10))
        monkeypatch.setattr(services, "_reports_by_start", lambda licence_id: {})
        with pytest.raises(ServiceError, match="2027-04-10") as refused:
            services.file_report(licence, user, date(2027, 1, 1), Money("200"), date(2027, 4, 11))
        assert refused.value.field == "period"
        assert db.session.scalar(select(func.count()).select_from(RoyaltyReport)) == 1
        assert db.session.scalar(select(func.count()).select_from(LicenceCharge)
                                 .where(LicenceCharge.kind == "royalty")) == 1
