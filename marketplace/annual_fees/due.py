"""Annual fees, on the day the job runs (a step of `ledger.due.run_due`): reminders to the IP centre and
lapses. Safe to run twice, or twice at once.

Reminders (through the outbox, each with a unique key, so a second run writes none): for each tracked
fee unpaid, one in the 30 days before its due date, one from its due date (the late period has started,
with its surcharge rule), one in the last 30 days of the late period. Only the reminder whose window
contains the run's day is written, so a job that missed days does not send stale ones.

Lapses: a granted patent with a tracked fee unpaid when its late period ended is recorded lapsed (its
right ends as of that fee's due date), its published declaration and any time-limited version end
(withdrawn with the announced reason), and the IP centre is told. Licences already granted run on, as
after any withdrawal; no new licence can be taken. Each patent is claimed first (FOR UPDATE SKIP LOCKED
on PostgreSQL) and changed by a compare-and-set on its legal status, so it lapses once; a fee recorded
paid in the meantime (the payment takes the patent for change too) is seen before it lapses.

Candidates are the granted, unarchived patents with a grant date whose term has not ended, read as a
few columns at a time in chunks; each one's fee years are computed in Python (at most twenty), with the
chunk's payments and declarations read in one query each.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update

from marketplace.annual_fees.models import AnnualFeePayment
from marketplace.annual_fees.register import lapsing_year
from marketplace.catalogue.models import Patent
from marketplace.core.annual_fees import REMINDER_DAYS, annual_fee, counts_as_paid, fee_years
from marketplace.core.calendar import add_days
from marketplace.core.declaration_rules import fee_reduction_period
from marketplace.core.patent_fields import LegalStatus, PatentType
from marketplace.declarations import services as declarations
from marketplace.declarations.describe import money_text
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.ledger.claims import Progress, chunks, claimable
from marketplace.notifications.services import notify
from marketplace.webhooks import events as webhook_events

LAPSE_REASON = "专利权因未缴年费终止"


@dataclass(frozen=True)
class _Candidate:
    id: int
    university_id: int
    application_number: str
    patent_type: PatentType
    filing_date: date
    grant_date: date
    fees_tracked_from: date


def _candidates(today: date) -> list[_Candidate]:
    rows = db.session.execute(select(
        Patent.id, Patent.university_id, Patent.application_number, Patent.patent_type, Patent.filing_date,
        Patent.grant_date, Patent.fees_tracked_from).where(
        Patent.legal_status == LegalStatus.GRANTED, Patent.archived.is_(False),
        Patent.grant_date.is_not(None), Patent.expiry_date >= today).order_by(Patent.id))
    return [_Candidate(row[0], row[1], row[2], PatentType(row[3]), *row[4:]) for row in rows]


def _paid_years(patent_ids: list[int]) -> dict[int, set[int]]:
    paid: dict[int, set[int]] = defaultdict(set)
    for patent_id, year in db.session.execute(select(AnnualFeePayment.patent_id, AnnualFeePayment.year)
                                              .where(AnnualFeePayment.patent_id.in_(patent_ids))):
        paid[patent_id].add(year)
    return paid


def _periods(patent_ids: list[int]) -> dict[int, list[tuple[date, date | None]]]:
    periods: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for patent_id, published, withdrawn, expiry in db.session.execute(
            select(Declaration.patent_id, Declaration.published_on, Declaration.withdrawn_on,
                   Patent.expiry_date)
            .join(Patent, Patent.id == Declaration.patent_id)
            .where(Declaration.patent_id.in_(patent_ids), Declaration.event_zone_id.is_(None),
                   Declaration.published_on.is_not(None))):
        periods[patent_id].append(fee_reduction_period(published, withdrawn, expiry))
    return periods


def _reminder(today: date, due: date, late_end: date) -> str | None:
    """Which reminder's window contains `today` (upcoming, late, last), or None."""
    if add_days(due, -REMINDER_DAYS) <= today < due:
        return "upcoming"
    if due <= today < add_days(late_end, -REMINDER_DAYS):
        return "late"
    if add_days(late_end, -REMINDER_DAYS) <= today <= late_end:
        return "last"
    return None


def send_fee_reminders(today: date, progress: Progress) -> int:
    """Write the reminders due today to the IP centres; returns how many were written."""
    written = 0
    for chunk in chunks(_candidates(today)):
        ids = [candidate.id for candidate in chunk]
        paid, periods = _paid_years(ids), _periods(ids)
        for patent in chunk:
            for year in fee_years(patent.patent_type, patent.filing_date, patent.grant_date):
                fee = annual_fee(patent.patent_type, year, patent.filing_date, periods.get(patent.id, ()))
                if year in paid[patent.id] or counts_as_paid(fee, patent.fees_tracked_from):
                    continue
                which = _reminder(today, fee.due, fee.late_end)
                if which is None:
                    continue
                written += notify(
                    f"annual-fee:{patent.id}:{year}:{which}", None, f"annual_fee_{which}",
                    university_id=patent.university_id, number="ZL" + patent.application_number, year=year,
                    due=fee.due.isoformat(), late_end=fee.late_end.isoformat(), amount=money_text(fee.amount),
                    path=f"/ip/patents/{patent.id}/annual-fees")
        progress(len(chunk))
    return written


def lapse_unpaid(today: date, now: datetime | None = None) -> int:
    """Record lapsed each patent whose late period ended unpaid; end its declarations; returns how many."""
    now = now or webhook_events.day_start(today)
    lapsed = 0
    for chunk in chunks(_candidates(today)):
        paid = _paid_years([candidate.id for candidate in chunk])
        due = [candidate.id for candidate in chunk if _late_period_over(candidate, paid[candidate.id], today)]
        if not due:
            continue
        claimed = claimable(select(Patent.id).where(Patent.id.in_(due),
                                                    Patent.legal_status == LegalStatus.GRANTED)
                            .order_by(Patent.id), Patent)
        for patent_id in claimed:
            lapsed += _lapse(patent_id, today, now)
    return lapsed


def _late_period_over(candidate: _Candidate, paid: set[int], today: date) -> bool:
    """Whether a tracked fee of the patent is unpaid and its late period ended before today."""
    for year in fee_years(candidate.patent_type, candidate.filing_date, candidate.grant_date):
        fee = annual_fee(candidate.patent_type, year, candidate.filing_date)
        if fee.late_end >= today:
            return False
        if year not in paid and not counts_as_paid(fee, candidate.fees_tracked_from):
            return True
    return False


def _lapse(patent_id: int, today: date, now: datetime) -> int:
    """Lapse one claimed patent if a fee's late period still ended unpaid (re-read after the claim: a fee
    recorded meanwhile keeps it in force); 1 when it lapsed."""
    patent = db.session.get(Patent, patent_id, populate_existing=True)
    year = lapsing_year(patent, today) if patent is not None else None
    if patent is None or year is None:
        return 0
    moved = db.session.execute(
        update(Patent).where(Patent.id == patent_id, Patent.legal_status == LegalStatus.GRANTED)
        .values(legal_status=LegalStatus.LAPSED).returning(Patent.id),
        execution_options={"synchronize_session": False}).first()
    if moved is None:
        return 0
    db.session.refresh(patent)
    _end_declarations(patent, today, now)
    notify(f"annual-fee:{patent.id}:{year.fee.year}:lapsed", None, "annual_fee_lapsed",
           university_id=patent.university_id, number=patent.patent_number, year=year.fee.year,
           due=year.fee.due.isoformat(), late_end=year.fee.late_end.isoformat(),
           path=f"/ip/patents/{patent.id}/annual-fees")
    return 1


def _end_declarations(patent: Patent, today: date, now: datetime) -> None:
    """End the lapsed patent's published declaration (its time-limited versions end with it) with the
    announced reason, and keep the catalogue's copy of its offer and legal status true."""
    published = declarations.current_declaration(patent.id)
    if published is not None:
        declarations.withdraw(published, LAPSE_REASON, today, now)
    else:
        declarations.refresh_offer(patent, today)
