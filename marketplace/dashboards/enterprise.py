"""An enterprise's dashboard: its licences with the next charge and the balance owed, its trials and the
days left, the amounts due (those past their due date apart), the 备案 filings still to make, its needs
and the universities' answers to them, the zones it registered for and its meetings.

Every figure is an SQL aggregate (counts and sums in the database, never rows summed in Python) and each
block lists at most `SHOWN` rows, soonest first, with a link to the full list; the whole dashboard takes
a fixed number of statements whatever the number of licences, charges, needs or meetings.

- balance owed: the enterprise's receivable in the ledger (debits less credits of its legs), in total and
  per licence;
- next charge of a live licence: its earliest charge not settled, posted or still to fall due within its
  term (the definition of the licence list), with what is still open on it;
- amounts due: posted charges not fully settled, what is still open on them; past due: those whose due
  date is before today;
- 备案 to file: live licences without a filing; overdue: their deadline is before today;
- answers: conversations universities started on the enterprise's needs; unread: activity the enterprise
  has not seen; accepted: the enterprise accepted the answer;
- meetings: upcoming = accepted, its slot not started yet; held = accepted and both sides recorded it
  held (the zones' results definition).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, func, or_, select

from marketplace.catalogue.models import Patent
from marketplace.conversations.models import Conversation
from marketplace.core.ledger import AccountRef, Side
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.meetings import MeetingStatus
from marketplace.core.money import Money
from marketplace.core.need_state import NeedStatus
from marketplace.extensions import db
from marketplace.ledger.models import LedgerLeg, LedgerTransaction
from marketplace.licensing.models import LIVE_STATUSES, Licence, LicenceCharge
from marketplace.needs.models import Need
from marketplace.organisations.models import University
from marketplace.zones.meeting_models import MeetingRequest, MeetingSession, MeetingSlot
from marketplace.zones.models import Zone, ZoneRegistration
from marketplace.zones.results import held_by_both

SHOWN = 5


@dataclass(frozen=True)
class LicenceLine:
    """A live licence with its next charge and what the enterprise owes on it."""

    id: int
    number: str
    patent_title: str
    status: LicenceStatus
    next_due: date | None
    next_amount: Money | None
    balance: Money


@dataclass(frozen=True)
class TrialLine:
    """A licence in its trial and the days left (the last day counts)."""

    id: int
    number: str
    patent_title: str
    last_day: date
    days_left: int


@dataclass(frozen=True)
class DueLine:
    """A posted charge still open."""

    licence_id: int
    number: str
    patent_title: str
    due_date: date
    amount: Money
    past_due: bool


@dataclass(frozen=True)
class FilingLine:
    """A live licence still to be filed (备案) and its deadline."""

    licence_id: int
    number: str
    patent_title: str
    deadline: date
    overdue: bool


@dataclass(frozen=True)
class ZoneLine:
    """A zone the enterprise registered for."""

    id: int
    title: str
    opens_on: date
    closes_on: date
    checked_in: bool


@dataclass(frozen=True)
class MeetingLine:
    """An accepted meeting still to come: when, where, with whom."""

    id: int
    zone_title: str
    university_name: str
    starts_at: datetime
    place: str


@dataclass(frozen=True)
class EnterpriseDashboard:
    """Everything the enterprise's dashboard shows."""

    licences_by_status: dict[LicenceStatus, int]
    live_licences: int
    licence_lines: list[LicenceLine]
    balance: Money
    trials: int
    trial_lines: list[TrialLine]
    due_count: int
    due: Money
    past_due_count: int
    past_due: Money
    due_lines: list[DueLine]
    filings_to_make: int
    filings_overdue: int
    filing_lines: list[FilingLine]
    needs_by_status: dict[NeedStatus, int]
    needs: int
    answers: int
    answers_unread: int
    answers_accepted: int
    zones: int
    zone_lines: list[ZoneLine]
    meetings_requested: int
    meetings_waiting: int
    meetings_upcoming: int
    meetings_held: int
    meeting_lines: list[MeetingLine]

    @property
    def is_new(self) -> bool:
        """Nothing done yet on the marketplace: no licence, need, zone or meeting."""
        return not (sum(self.licences_by_status.values()) or self.needs or self.zones
                    or self.meetings_requested)


def _receivable(enterprise_id: int):
    """Signed legs of the enterprise's receivable: debits add, credits subtract (fen)."""
    signed = case((LedgerLeg.side == Side.DEBIT, LedgerLeg.amount_fen), else_=-LedgerLeg.amount_fen)
    return signed, LedgerLeg.account == AccountRef.enterprise_receivable(enterprise_id).code


def _licences(enterprise_id: int) -> tuple[dict[LicenceStatus, int], list[LicenceLine]]:
    by_status = {LicenceStatus(status): count for status, count in db.session.execute(
        select(Licence.status, func.count()).where(Licence.enterprise_id == enterprise_id)
        .group_by(Licence.status)).tuples()}
    live = Licence.status.in_(LIVE_STATUSES)
    ranked = (select(LicenceCharge.licence_id, LicenceCharge.due_date,
                     (LicenceCharge.amount_fen - LicenceCharge.settled_fen).label("open_fen"),
                     func.row_number().over(partition_by=LicenceCharge.licence_id,
                                            order_by=(LicenceCharge.due_date, LicenceCharge.id))
                     .label("rank"))
              .join(Licence, Licence.id == LicenceCharge.licence_id)
              .where(Licence.enterprise_id == enterprise_id, live, LicenceCharge.settled_on.is_(None),
                     or_(LicenceCharge.posted_on.is_not(None),
                         LicenceCharge.due_date <= func.coalesce(Licence.stops_on, Licence.end_date)))
              .subquery())
    signed, of_account = _receivable(enterprise_id)
    owed = (select(LedgerTransaction.licence_id, func.sum(signed).label("fen"))
            .join(LedgerLeg, LedgerLeg.transaction_id == LedgerTransaction.id)
            .where(of_account).group_by(LedgerTransaction.licence_id).subquery())
    rows = db.session.execute(
        select(Licence.id, Licence.number, Patent.title, Licence.status, ranked.c.due_date, ranked.c.open_fen,
               func.coalesce(owed.c.fen, 0))
        .join(Patent, Patent.id == Licence.patent_id)
        .outerjoin(ranked, and_(ranked.c.licence_id == Licence.id, ranked.c.rank == 1))
        .outerjoin(owed, owed.c.licence_id == Licence.id)
        .where(Licence.enterprise_id == enterprise_id, live)
        .order_by(ranked.c.due_date.is_(None), ranked.c.due_date, Licence.id).limit(SHOWN)).tuples()
    lines = [LicenceLine(licence_id, number, title, LicenceStatus(status), due,
                         Money.from_fen(int(open_fen)) if open_fen is not None else None,
                         Money.from_fen(int(fen)))
             for licence_id, number, title, status, due, open_fen, fen in rows]
    return by_status, lines


def _balance(enterprise_id: int) -> Money:
    signed, of_account = _receivable(enterprise_id)
    return Money.from_fen(int(db.session.scalar(
        select(func.coalesce(func.sum(signed), 0)).where(of_account)) or 0))


def _trials(enterprise_id: int, today: date) -> tuple[int, list[TrialLine]]:
    rows = db.session.execute(
        select(Licence.id, Licence.number, Patent.title, Licence.trial_last_day, func.count().over())
        .join(Patent, Patent.id == Licence.patent_id)
        .where(Licence.enterprise_id == enterprise_id, Licence.status == LicenceStatus.TRIAL,
               Licence.trial_last_day.is_not(None))
        .order_by(Licence.trial_last_day, Licence.id).limit(SHOWN)).tuples().all()
    lines = [TrialLine(licence_id, number, title, last_day, max((last_day - today).days + 1, 0))
             for licence_id, number, title, last_day, _ in rows]
    return (rows[0][4] if rows else 0), lines


def _open_charges(enterprise_id: int):
    return (LicenceCharge.posted_on.is_not(None), LicenceCharge.settled_on.is_(None),
            Licence.enterprise_id == enterprise_id)


def _due(enterprise_id: int, today: date) -> tuple[int, int, int, int, list[DueLine]]:
    open_fen = LicenceCharge.amount_fen - LicenceCharge.settled_fen
    past = LicenceCharge.due_date < today
    count, fen, past_count, past_fen = db.session.execute(
        select(func.count(), func.coalesce(func.sum(open_fen), 0),
               func.coalesce(func.sum(case((past, 1), else_=0)), 0),
               func.coalesce(func.sum(case((past, open_fen), else_=0)), 0))
        .select_from(LicenceCharge).join(Licence, Licence.id == LicenceCharge.licence_id)
        .where(*_open_charges(enterprise_id))).tuples().one()
    rows = db.session.execute(
        select(Licence.id, Licence.number, Patent.title, LicenceCharge.due_date, open_fen)
        .select_from(LicenceCharge).join(Licence, Licence.id == LicenceCharge.licence_id)
        .join(Patent, Patent.id == Licence.patent_id)
        .where(*_open_charges(enterprise_id))
        .order_by(LicenceCharge.due_date, LicenceCharge.id).limit(SHOWN)).tuples()
    lines = [DueLine(licence_id, number, title, due, Money.from_fen(int(fen_open)), due < today)
             for licence_id, number, title, due, fen_open in rows]
    return int(count), int(fen), int(past_count), int(past_fen), lines


def _filings(enterprise_id: int, today: date) -> tuple[int, int, list[FilingLine]]:
    unfiled = (Licence.enterprise_id == enterprise_id, Licence.status.in_(LIVE_STATUSES),
               Licence.filed_on.is_(None))
    overdue = Licence.filing_deadline < today
    count, late = db.session.execute(
        select(func.count(), func.coalesce(func.sum(case((overdue, 1), else_=0)), 0))
        .select_from(Licence).where(*unfiled)).tuples().one()
    rows = db.session.execute(
        select(Licence.id, Licence.number, Patent.title, Licence.filing_deadline)
        .join(Patent, Patent.id == Licence.patent_id).where(*unfiled)
        .order_by(Licence.filing_deadline, Licence.id).limit(SHOWN)).tuples()
    lines = [FilingLine(licence_id, number, title, deadline, deadline < today)
             for licence_id, number, title, deadline in rows]
    return int(count), int(late), lines


def _needs(enterprise_id: int) -> tuple[dict[NeedStatus, int], int, int, int]:
    by_status = {NeedStatus(status): count for status, count in db.session.execute(
        select(Need.status, func.count()).where(Need.enterprise_id == enterprise_id)
        .group_by(Need.status)).tuples()}
    unread = or_(Conversation.enterprise_read_at.is_(None),
                 Conversation.last_message_at > Conversation.enterprise_read_at)
    answers, unread_count, accepted = db.session.execute(
        select(func.count(), func.coalesce(func.sum(case((unread, 1), else_=0)), 0),
               func.count(Conversation.answer_accepted_at))
        .select_from(Conversation).join(Need, Need.id == Conversation.need_id)
        .where(Need.enterprise_id == enterprise_id)).tuples().one()
    return by_status, int(answers), int(unread_count), int(accepted)


def _zones(enterprise_id: int) -> tuple[int, list[ZoneLine]]:
    rows = db.session.execute(
        select(Zone.id, Zone.title, Zone.opens_on, Zone.closes_on,
               ZoneRegistration.checked_in_at.is_not(None), func.count().over())
        .join(ZoneRegistration, ZoneRegistration.zone_id == Zone.id)
        .where(ZoneRegistration.enterprise_id == enterprise_id, ZoneRegistration.cancelled_at.is_(None))
        .order_by(Zone.closes_on.desc(), Zone.id.desc()).limit(SHOWN)).tuples().all()
    lines = [ZoneLine(zone_id, title, opens, closes, bool(checked_in))
             for zone_id, title, opens, closes, checked_in, _ in rows]
    return (rows[0][5] if rows else 0), lines


def _meetings(enterprise_id: int, now: datetime) -> tuple[int, int, int, int, list[MeetingLine]]:
    accepted = MeetingRequest.status == MeetingStatus.ACCEPTED
    held = and_(accepted, MeetingRequest.id.in_(held_by_both()))
    upcoming = and_(accepted, MeetingSlot.starts_at >= now, MeetingRequest.id.not_in(held_by_both()))
    waiting = MeetingRequest.status == MeetingStatus.REQUESTED
    requested, waiting_count, coming, held_count = db.session.execute(
        select(func.count(), func.coalesce(func.sum(case((waiting, 1), else_=0)), 0),
               func.coalesce(func.sum(case((upcoming, 1), else_=0)), 0),
               func.coalesce(func.sum(case((held, 1), else_=0)), 0))
        .select_from(MeetingRequest).outerjoin(MeetingSlot, MeetingSlot.id == MeetingRequest.accepted_slot_id)
        .where(MeetingRequest.enterprise_id == enterprise_id)).tuples().one()
    place = func.coalesce(func.nullif(MeetingSession.place, ""), Zone.place)
    rows = db.session.execute(
        select(MeetingRequest.id, Zone.title, University.name, MeetingSlot.starts_at, place)
        .select_from(MeetingRequest)
        .join(MeetingSlot, MeetingSlot.id == MeetingRequest.accepted_slot_id)
        .join(MeetingSession, MeetingSession.id == MeetingSlot.session_id)
        .join(Zone, Zone.id == MeetingRequest.zone_id)
        .join(University, University.id == MeetingRequest.university_id)
        .where(MeetingRequest.enterprise_id == enterprise_id, upcoming)
        .order_by(MeetingSlot.starts_at, MeetingRequest.id).limit(SHOWN)).tuples()
    lines = [MeetingLine(meeting_id, zone_title, university, starts_at, where or "")
             for meeting_id, zone_title, university, starts_at, where in rows]
    return int(requested), int(waiting_count), int(coming), int(held_count), lines


def enterprise_dashboard(enterprise_id: int, today: date, now: datetime) -> EnterpriseDashboard:
    """The figures of the enterprise's dashboard, as of `today` / `now`."""
    by_status, licence_lines = _licences(enterprise_id)
    trials, trial_lines = _trials(enterprise_id, today)
    due_count, due_fen, past_count, past_fen, due_lines = _due(enterprise_id, today)
    filings, filings_overdue, filing_lines = _filings(enterprise_id, today)
    needs_by_status, answers, unread, accepted = _needs(enterprise_id)
    zones, zone_lines = _zones(enterprise_id)
    requested, waiting, upcoming, held, meeting_lines = _meetings(enterprise_id, now)
    return EnterpriseDashboard(
        licences_by_status=by_status,
        live_licences=sum(count for status, count in by_status.items() if status in LIVE_STATUSES),
        licence_lines=licence_lines, balance=_balance(enterprise_id),
        trials=trials, trial_lines=trial_lines,
        due_count=due_count, due=Money.from_fen(due_fen), past_due_count=past_count,
        past_due=Money.from_fen(past_fen), due_lines=due_lines,
        filings_to_make=filings, filings_overdue=filings_overdue, filing_lines=filing_lines,
        needs_by_status=needs_by_status, needs=sum(needs_by_status.values()), answers=answers,
        answers_unread=unread, answers_accepted=accepted,
        zones=zones, zone_lines=zone_lines,
        meetings_requested=requested, meetings_waiting=waiting, meetings_upcoming=upcoming,
        meetings_held=held, meeting_lines=meeting_lines,
    )
