"""A zone's results, per university and in total, computed in SQL over the records (never counters).

Every figure is defined once, as a statement of the rows behind it: ``(row_id, university_id, fen)``,
where `row_id` is the registration, meeting or licence that makes the figure and `fen` the amount for a
money figure. The counts per university, the zone's total and the rows page are all read from that one
definition, so a figure and the rows it links to cannot disagree.

- registrations, check-ins: live registrations of the zone (checked in: with a check-in); a university's
  are those that named one of its patents, the total counts each registration once;
- meetings requested (any status), accepted (still accepted), held (accepted, and both sides recorded it
  as held), per the university asked;
- licences taken: licences attributed to the zone (`Licence.source_zone_id`), per licensing university;
- trials started: attributed licences with a trial; converted: those the conversion figures call
  converted (`licensing.conversion.converted_statement`: paid phase entered and first post-trial charge
  paid), whenever that happened — after the zone closed included;
- fees charged: the receivable legs of the charges posted to the ledger for attributed licences; fees
  collected: what payments (less their reversals) settled of those licences' charges;
- 备案 recorded: attributed licences with a filing;
- feedback reasons: declined meetings' reasons and the "no interest" reasons of meeting outcomes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, distinct, func, literal, or_, select, union_all

from marketplace.catalogue.models import Patent
from marketplace.core.feedback import FeedbackReason
from marketplace.core.ledger import Side, TransactionKind
from marketplace.core.meetings import FollowUp, MeetingStatus, Outcome
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.ledger.models import ChargeSettlement, LedgerLeg, LedgerTransaction
from marketplace.licensing.conversion import PAYMENT_PREFIX, PAYMENT_REVERSAL_PREFIX, converted_statement
from marketplace.licensing.models import Licence
from marketplace.organisations.models import University
from marketplace.zones.meeting_models import MeetingOutcome, MeetingRequest
from marketplace.zones.models import ZonePatent, ZoneRegistration, registration_patent


class RowKind(StrEnum):
    """What the rows behind a figure are."""

    REGISTRATION = "registration"
    MEETING = "meeting"
    LICENCE = "licence"


class FigureKey(StrEnum):
    """The figures of a zone's results, in the order they are shown."""

    REGISTRATIONS = "registrations"
    CHECK_INS = "check_ins"
    MEETINGS_REQUESTED = "meetings_requested"
    MEETINGS_ACCEPTED = "meetings_accepted"
    MEETINGS_HELD = "meetings_held"
    LICENCES = "licences"
    TRIALS_STARTED = "trials_started"
    TRIALS_CONVERTED = "trials_converted"
    FEES_CHARGED = "fees_charged"
    FEES_COLLECTED = "fees_collected"
    FILINGS = "filings"


LABELS = {
    FigureKey.REGISTRATIONS: _l("Registrations"),
    FigureKey.CHECK_INS: _l("Check-ins"),
    FigureKey.MEETINGS_REQUESTED: _l("Meetings requested"),
    FigureKey.MEETINGS_ACCEPTED: _l("Meetings accepted"),
    FigureKey.MEETINGS_HELD: _l("Meetings held"),
    FigureKey.LICENCES: _l("Licences taken"),
    FigureKey.TRIALS_STARTED: _l("Trials started"),
    FigureKey.TRIALS_CONVERTED: _l("Trials converted"),
    FigureKey.FEES_CHARGED: _l("Fees charged"),
    FigureKey.FEES_COLLECTED: _l("Fees collected"),
    FigureKey.FILINGS: _l("备案 recorded"),
}
MONEY_FIGURES = frozenset({FigureKey.FEES_CHARGED, FigureKey.FEES_COLLECTED})
ROW_KINDS = {
    FigureKey.REGISTRATIONS: RowKind.REGISTRATION, FigureKey.CHECK_INS: RowKind.REGISTRATION,
    FigureKey.MEETINGS_REQUESTED: RowKind.MEETING, FigureKey.MEETINGS_ACCEPTED: RowKind.MEETING,
    FigureKey.MEETINGS_HELD: RowKind.MEETING,
}


def row_kind(key: FigureKey) -> RowKind:
    """Whether the rows behind the figure are registrations, meetings or licences."""
    return ROW_KINDS.get(key, RowKind.LICENCE)


Zones = int | Select
"""One zone (its id), or a select() of zone ids: the statements below serve a zone's results and the
comparison of several zones alike, every row carrying its zone (``zone_id``)."""


def _of_zones(column, zones: Zones):
    return column == zones if isinstance(zones, int) else column.in_(zones)


def _registrations(zones: Zones, checked_in: bool) -> Select:
    conditions = [_of_zones(ZoneRegistration.zone_id, zones), ZoneRegistration.cancelled_at.is_(None)]
    if checked_in:
        conditions.append(ZoneRegistration.checked_in_at.is_not(None))
    return (select(ZoneRegistration.id.label("row_id"), Patent.university_id.label("university_id"),
                   literal(0).label("fen"), ZoneRegistration.zone_id.label("zone_id"))
            .outerjoin(registration_patent, registration_patent.c.registration_id == ZoneRegistration.id)
            .outerjoin(Patent, Patent.id == registration_patent.c.patent_id)
            .where(*conditions))


def _meetings(zones: Zones, *conditions) -> Select:
    return (select(MeetingRequest.id.label("row_id"), MeetingRequest.university_id.label("university_id"),
                    literal(0).label("fen"), MeetingRequest.zone_id.label("zone_id"))
            .where(_of_zones(MeetingRequest.zone_id, zones), *conditions))


def held_by_both() -> Select:
    """Meetings both sides recorded as held."""
    return (select(MeetingOutcome.meeting_id).where(MeetingOutcome.outcome == Outcome.HELD)
            .group_by(MeetingOutcome.meeting_id).having(func.count(distinct(MeetingOutcome.side)) == 2))


def _licences(zones: Zones, *conditions) -> Select:
    return (select(Licence.id.label("row_id"), Licence.university_id.label("university_id"),
                   literal(0).label("fen"), Licence.source_zone_id.label("zone_id"))
            .where(_of_zones(Licence.source_zone_id, zones), *conditions))


def _converted(zones: Zones) -> Select:
    attributed = select(Licence.id).where(_of_zones(Licence.source_zone_id, zones))
    converted = (converted_statement(among=attributed).add_columns(Licence.source_zone_id.label("zone_id"))
                 .where(_of_zones(Licence.source_zone_id, zones)).subquery())
    return select(converted.c.licence_id.label("row_id"), converted.c.university_id.label("university_id"),
                  literal(0).label("fen"), converted.c.zone_id)


def _charged(zones: Zones) -> Select:
    return (select(Licence.id.label("row_id"), Licence.university_id.label("university_id"),
                   LedgerLeg.amount_fen.label("fen"), Licence.source_zone_id.label("zone_id"))
            .join(LedgerTransaction, LedgerTransaction.licence_id == Licence.id)
            .join(LedgerLeg, LedgerLeg.transaction_id == LedgerTransaction.id)
            .where(_of_zones(Licence.source_zone_id, zones),
                   # the zones' licences drive the join (not every charge ever posted)
                   LedgerTransaction.licence_id.in_(select(Licence.id)
                                                    .where(_of_zones(Licence.source_zone_id, zones))),
                   LedgerTransaction.kind == TransactionKind.CHARGE_POSTED, LedgerLeg.side == Side.DEBIT))


def _collected(zones: Zones) -> Select:
    return (select(Licence.id.label("row_id"), Licence.university_id.label("university_id"),
                   ChargeSettlement.amount_fen.label("fen"), Licence.source_zone_id.label("zone_id"))
            .join(ChargeSettlement, ChargeSettlement.licence_id == Licence.id)
            .where(_of_zones(Licence.source_zone_id, zones),
                   or_(ChargeSettlement.transaction_key.startswith(PAYMENT_PREFIX),
                       ChargeSettlement.transaction_key.startswith(PAYMENT_REVERSAL_PREFIX))))


def figure_rows(key: FigureKey, zone_id: Zones) -> Select:
    """The statement of the rows behind one figure: (row_id, university_id, fen, zone_id), of one zone or
    of a select() of zones."""
    if key == FigureKey.REGISTRATIONS:
        return _registrations(zone_id, checked_in=False)
    if key == FigureKey.CHECK_INS:
        return _registrations(zone_id, checked_in=True)
    if key == FigureKey.MEETINGS_REQUESTED:
        return _meetings(zone_id)
    if key == FigureKey.MEETINGS_ACCEPTED:
        return _meetings(zone_id, MeetingRequest.status == MeetingStatus.ACCEPTED)
    if key == FigureKey.MEETINGS_HELD:
        return _meetings(zone_id, MeetingRequest.status == MeetingStatus.ACCEPTED,
                         MeetingRequest.id.in_(held_by_both()))
    if key == FigureKey.LICENCES:
        return _licences(zone_id)
    if key == FigureKey.TRIALS_STARTED:
        return _licences(zone_id, Licence.trial_last_day.is_not(None))
    if key == FigureKey.TRIALS_CONVERTED:
        return _converted(zone_id)
    if key == FigureKey.FEES_CHARGED:
        return _charged(zone_id)
    if key == FigureKey.FEES_COLLECTED:
        return _collected(zone_id)
    return _licences(zone_id, Licence.filed_on.is_not(None))


def _feedback(zone_id: int) -> Select:
    """(row_id = meeting, university_id, reason) of every reason given: declines and 'no interest'."""
    declined = (select(MeetingRequest.id.label("row_id"), MeetingRequest.university_id.label("university_id"),
                       MeetingRequest.decline_reason.label("reason"))
                .where(MeetingRequest.zone_id == zone_id, MeetingRequest.status == MeetingStatus.DECLINED,
                       MeetingRequest.decline_reason.is_not(None)))
    no_interest = (select(MeetingRequest.id.label("row_id"),
                          MeetingRequest.university_id.label("university_id"),
                          MeetingOutcome.feedback_reason.label("reason"))
                   .join(MeetingOutcome, MeetingOutcome.meeting_id == MeetingRequest.id)
                   .where(MeetingRequest.zone_id == zone_id, MeetingOutcome.follow_up == FollowUp.NO_INTEREST,
                          MeetingOutcome.feedback_reason.is_not(None)))
    return union_all(declined, no_interest)


@dataclass(frozen=True)
class ResultsRow:
    """One line of the results: a university (None for the total) and its figures."""

    university: University | None
    counts: dict[FigureKey, int]
    money: dict[FigureKey, Money]
    reasons: dict[str, int]

    def value(self, key: FigureKey) -> int | Money:
        """The figure's value: a count, or Money for a money figure."""
        return self.money[key] if key in MONEY_FIGURES else self.counts[key]


@dataclass(frozen=True)
class ZoneResults:
    """The zone's results: one row per university taking part, and the total."""

    rows: list[ResultsRow]
    total: ResultsRow


def _figure_values(key: FigureKey, zone_id: int) -> tuple[dict[int, int], int]:
    """Per university and in total: the number of distinct rows, or the sum of fen for a money figure."""
    rows = figure_rows(key, zone_id).subquery()
    measure = (func.coalesce(func.sum(rows.c.fen), 0) if key in MONEY_FIGURES
               else func.count(distinct(rows.c.row_id)))
    per = dict(db.session.execute(select(rows.c.university_id, measure)
                                  .where(rows.c.university_id.is_not(None))
                                  .group_by(rows.c.university_id)).tuples().all())
    if key in MONEY_FIGURES:
        total = sum(per.values())  # every money row has its licence's university
    else:
        total = db.session.scalar(select(measure)) or 0
    return {university_id: int(value) for university_id, value in per.items()}, int(total)


def figures_by_zone(zones: Select) -> dict[int, dict[FigureKey, int]]:
    """Every figure of each zone of `zones` (a select() of zone ids) in one grouped statement, whatever
    the number of zones: per zone, the number of distinct rows, or the sum of fen for a money figure (the
    same definitions as a zone's total). A zone without rows for a figure has none in its dict."""
    parts = []
    for key in FigureKey:
        rows = figure_rows(key, zones).subquery()
        measure = (func.coalesce(func.sum(rows.c.fen), 0) if key in MONEY_FIGURES
                   else func.count(distinct(rows.c.row_id)))
        parts.append(select(literal(key.value).label("figure"), rows.c.zone_id, measure.label("value"))
                     .group_by(rows.c.zone_id))
    per: dict[int, dict[FigureKey, int]] = defaultdict(dict)
    for figure, zone_id, value in db.session.execute(union_all(*parts)).tuples():
        per[zone_id][FigureKey(figure)] = int(value)
    return dict(per)


def zone_results(zone_id: int) -> ZoneResults:
    """The results of a zone, per university and in total, in a fixed number of statements."""
    per: dict[int, dict[FigureKey, int]] = defaultdict(dict)
    totals: dict[FigureKey, int] = {}
    for key in FigureKey:
        values, totals[key] = _figure_values(key, zone_id)
        for university_id, value in values.items():
            per[university_id][key] = value
    feedback = _feedback(zone_id).subquery()
    reasons: dict[int, dict[str, int]] = defaultdict(dict)
    total_reasons: dict[str, int] = {}
    for university_id, reason, count in db.session.execute(
            select(feedback.c.university_id, feedback.c.reason, func.count())
            .group_by(feedback.c.university_id, feedback.c.reason)).tuples():
        reasons[university_id][str(reason)] = count
        total_reasons[str(reason)] = total_reasons.get(str(reason), 0) + count
    curated = select(ZonePatent.university_id).where(ZonePatent.zone_id == zone_id)
    ids = set(per) | set(reasons) | set(db.session.scalars(curated))
    universities = list(db.session.scalars(select(University).where(University.id.in_(ids))
                                           .order_by(University.name, University.id))) if ids else []

    def row(university: University | None, values: dict[FigureKey, int], given: dict[str, int]) -> ResultsRow:
        return ResultsRow(
            university,
            {key: values.get(key, 0) for key in FigureKey if key not in MONEY_FIGURES},
            {key: Money.from_fen(values.get(key, 0)) for key in MONEY_FIGURES},
            {reason.value: given.get(reason.value, 0) for reason in FeedbackReason},
        )

    return ZoneResults([row(university, per[university.id], reasons[university.id])
                        for university in universities], row(None, totals, total_reasons))


def rows_statement(key: FigureKey, zone_id: int, university_id: int | None) -> Select:
    """The registrations, meetings or licences behind one figure (of one university, or all)."""
    rows = figure_rows(key, zone_id).subquery()
    ids = select(rows.c.row_id)
    if university_id is not None:
        ids = ids.where(rows.c.university_id == university_id)
    return _of_kind(row_kind(key), ids)


def reason_rows_statement(zone_id: int, reason: FeedbackReason, university_id: int | None) -> Select:
    """The meetings behind one feedback reason (of one university, or all)."""
    feedback = _feedback(zone_id).subquery()
    ids = select(feedback.c.row_id).where(feedback.c.reason == reason.value)
    if university_id is not None:
        ids = ids.where(feedback.c.university_id == university_id)
    return _of_kind(RowKind.MEETING, ids)


def _of_kind(kind: RowKind, ids: Select) -> Select:
    model = {RowKind.REGISTRATION: ZoneRegistration, RowKind.MEETING: MeetingRequest,
             RowKind.LICENCE: Licence}[kind]
    return select(model).where(and_(model.id.in_(ids))).order_by(model.id)


def university_named(university_id: int | None) -> University | None:
    """The university a rows page is filtered by (None for all, or an unknown id)."""
    return db.session.get(University, university_id) if university_id is not None else None
