"""The demo tells the year's story: most patents on offer with every kind of plan, declarations published
before the licences taken on them, one university serving ten or more enterprises this year and the others
fewer, licences spread over the year's months with charges paid and overdue, trials running, ending and
converted, 备案 filed, due and overdue, and a royalty period ready to report."""

from __future__ import annotations

from datetime import UTC, date, timedelta

from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.catalogue.models import Patent
from marketplace.core.pricing import ConversionKind, PlanKind
from marketplace.declarations.models import Declaration
from marketplace.declarations.plan_storage import read_plan
from marketplace.demo import data
from marketplace.demo import licences as demo_licences
from marketplace.demo.seed import seed_demo
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.services import audit
from marketplace.licensing.filing import current_filing
from marketplace.licensing.models import LIVE_STATUSES, Licence, LicenceCharge
from marketplace.organisations.models import Enterprise, University
from marketplace.royalties.services import royalty_periods
from tests.helpers import login

DEMO_DAY = date(2026, 11, 26)
YEAR_START = date(DEMO_DAY.year, 1, 1)


def _served_by_licences() -> dict[str, int]:
    """University name → distinct enterprises (by credit code) that took a licence this year."""
    rows = db.session.execute(
        select(University.name, func.count(func.distinct(Enterprise.credit_code)))
        .join(Licence, Licence.university_id == University.id)
        .join(Enterprise, Enterprise.id == Licence.enterprise_id)
        .where(Licence.start_date.between(YEAR_START, DEMO_DAY)).group_by(University.name))
    return dict(rows.all())


def test_the_demo_tells_the_years_story(app, monkeypatch):
    runs = []
    monkeypatch.setattr(demo_licences, "run_due", lambda day: runs.append(day) or run_due(day))
    with app.app_context():
        seed_demo(DEMO_DAY)
        _declarations_are_published_before_every_licence_taken_on_them()
        _most_patents_are_on_offer_with_every_kind_of_plan()
        _one_university_serves_ten_or_more_enterprises_this_year_and_the_others_fewer()
        _licences_show_paid_overdue_trials_filings_and_a_royalty_period_to_report()
    # The due-date job runs on the days something may fall due, not on every day of the year it spans.
    assert runs[-1] == DEMO_DAY and len(runs) == len(set(runs)) < (DEMO_DAY - runs[0]).days // 2


def _declarations_are_published_before_every_licence_taken_on_them():
    licences = db.session.scalars(select(Licence)).all()
    assert len(licences) == 28
    for licence in licences:
        declaration = licence.declaration
        assert declaration.published_on <= licence.start_date, licence.number
        published_at = declaration.published_at.replace(tzinfo=declaration.published_at.tzinfo or UTC)
        accepted_at = licence.accepted_at.replace(tzinfo=licence.accepted_at.tzinfo or UTC)
        assert published_at <= accepted_at, licence.number
    assert max(d.published_on for d in db.session.scalars(select(Declaration))) < DEMO_DAY


def _most_patents_are_on_offer_with_every_kind_of_plan():
    patents = db.session.scalar(select(func.count()).select_from(Patent))
    offered = db.session.scalar(select(func.count()).select_from(Patent).where(Patent.offer_kind != ""))
    assert (offered, patents) == (37, 48)  # 34 offers and the three of the demo zones
    plans = [read_plan(d) for d in db.session.scalars(
        select(Declaration).where(Declaration.status == "published"))]
    assert {plan.kind for plan in plans} == set(PlanKind)
    assert {plan.conversion for plan in plans if plan.kind is PlanKind.TRY_FIRST} == set(ConversionKind)


def _one_university_serves_ten_or_more_enterprises_this_year_and_the_others_fewer():
    assert _served_by_licences() == {"内蒙古科技大学": 13, "内蒙古工业大学": 3, "内蒙古农业大学": 3,
                                     "内蒙古医科大学": 2, "内蒙古大学": 1}
    assert db.session.scalar(select(func.count()).select_from(Enterprise)) == len(data.ENTERPRISES) >= 14
    months = {start.month for start in db.session.scalars(
        select(Licence.start_date).where(Licence.start_date >= YEAR_START))}
    assert months == set(range(1, 12))


def _licences_show_paid_overdue_trials_filings_and_a_royalty_period_to_report():
    licences = db.session.scalars(select(Licence)).all()
    charges = db.session.scalars(select(LicenceCharge).where(LicenceCharge.posted_on.is_not(None))).all()
    assert (len(charges), len([c for c in charges if c.settled_on is not None])) == (20, 15)
    assert len([lic for lic in licences if lic.status == "overdue"]) == 2
    trials = [lic for lic in licences if lic.status == "trial"]
    assert len(trials) == 4
    assert len([t for t in trials if t.trial_last_day <= DEMO_DAY + timedelta(days=30)]) == 1
    converted = [lic for lic in licences if lic.trial_last_day is not None and lic.status == "active"]
    assert len(converted) == 4
    live = [lic for lic in licences if lic.status in LIVE_STATUSES]
    filed = [lic for lic in live if current_filing(lic.id) is not None]
    unfiled = [lic for lic in live if current_filing(lic.id) is None]
    assert len(filed) == 19
    assert len([lic for lic in unfiled if lic.filing_deadline < DEMO_DAY]) == 1
    assert len([lic for lic in unfiled if lic.filing_deadline >= DEMO_DAY]) == 6
    ready = [(lic, p) for lic in live for p in royalty_periods(lic) if p.open_for_report(DEMO_DAY)]
    assert ready and all(p.period.end < DEMO_DAY for _, p in ready)
    assert any(DEMO_DAY - p.period.end < timedelta(days=30) for _, p in ready)
    assert audit() == []


def test_the_royalty_page_offers_the_enterprise_a_period_to_report(app, client):
    app.config["FROZEN_TODAY"] = DEMO_DAY.isoformat()
    try:
        with app.app_context():
            seed_demo(DEMO_DAY)
            db.session.commit()
            licence = next(lic for lic in db.session.scalars(select(Licence).order_by(Licence.id))
                           if any(p.open_for_report(DEMO_DAY) for p in royalty_periods(lic)))
            email = db.session.get(User, licence.taken_by_id).email
            period = next(p.period for p in royalty_periods(licence) if p.open_for_report(DEMO_DAY))
            licence_id = licence.id
        login(client, email, data.DEMO_PASSWORD)
        page = client.get(f"/licences/{licence_id}/royalties")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert period.start.isoformat() in text and period.end.isoformat() in text
    finally:
        app.config.pop("FROZEN_TODAY")
