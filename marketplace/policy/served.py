"""Enterprises served by a university in a year (domain.md, Policy results).

A distinct enterprise, counted by its unified social credit code, that in the year

- took a licence (trial included) on one of the university's patents — a licence whose term began in
  the year (`Licence.start_date`);
- held a meeting with the university that both sides recorded as held — an accepted meeting whose slot
  day is in the year and with a "held" outcome from each side;
- accepted the university's answer to its need — `Conversation.answer_accepted_at` in the year (local day).

The strict count keeps licences only. `served_rows` is the one definition: the counts, the province's
total, and the page of rows behind a figure all read it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Select, distinct, func, literal, select, union_all

from marketplace.catalogue.models import Patent
from marketplace.conversations.models import Conversation
from marketplace.core.meetings import MeetingStatus
from marketplace.core.report_year import meets_target
from marketplace.extensions import db
from marketplace.licensing.models import Licence
from marketplace.needs.models import Need
from marketplace.organisations.models import Enterprise
from marketplace.policy.scope import Scope
from marketplace.zones.meeting_models import MeetingRequest, MeetingSlot
from marketplace.zones.results import held_by_both


class ServedBy(StrEnum):
    """How an enterprise was served."""

    LICENCE = "licence"
    MEETING = "meeting"
    ANSWER = "answer"


def _licences(scope: Scope) -> Select:
    period = scope.period
    stmt = (select(Licence.university_id.label("university_id"), Licence.enterprise_id.label("enterprise_id"),
                   literal(ServedBy.LICENCE.value).label("served_by"), Licence.id.label("row_id"),
                   Licence.start_date.label("day"))
            .where(Licence.start_date >= period.first_day, Licence.start_date < period.next_first_day,
                   *scope.universities(Licence.university_id)))
    if scope.industry:
        stmt = stmt.join(Patent, Patent.id == Licence.patent_id).where(*scope.industries(Patent.industry))
    if scope.zone_id is not None:
        stmt = stmt.where(Licence.source_zone_id == scope.zone_id)
    return stmt


def _meetings(scope: Scope) -> Select:
    period = scope.period
    stmt = (select(MeetingRequest.university_id.label("university_id"),
                   MeetingRequest.enterprise_id.label("enterprise_id"),
                   literal(ServedBy.MEETING.value).label("served_by"), MeetingRequest.id.label("row_id"),
                   MeetingSlot.day.label("day"))
            .join(MeetingSlot, MeetingSlot.id == MeetingRequest.accepted_slot_id)
            .where(MeetingRequest.status == MeetingStatus.ACCEPTED, MeetingRequest.id.in_(held_by_both()),
                   MeetingSlot.day >= period.first_day, MeetingSlot.day < period.next_first_day,
                   *scope.universities(MeetingRequest.university_id)))
    if scope.industry:
        stmt = (stmt.join(Patent, Patent.id == MeetingRequest.patent_id)
                .where(*scope.industries(Patent.industry)))
    if scope.zone_id is not None:
        stmt = stmt.where(MeetingRequest.zone_id == scope.zone_id)
    return stmt


def _answers(scope: Scope) -> Select:
    start, end = scope.period.utc_bounds()
    day = func.date(Conversation.answer_accepted_at)  # shown only; the bounds above decide the year
    stmt = (select(Conversation.university_id.label("university_id"),
                   Conversation.enterprise_id.label("enterprise_id"),
                   literal(ServedBy.ANSWER.value).label("served_by"), Conversation.id.label("row_id"),
                   day.label("day"))
            .where(Conversation.need_id.is_not(None), Conversation.answer_accepted_at >= start,
                   Conversation.answer_accepted_at < end, *scope.universities(Conversation.university_id)))
    if scope.industry:
        stmt = stmt.join(Need, Need.id == Conversation.need_id).where(*scope.industries(Need.industry))
    if scope.zone_id is not None:  # an answer to a need is not made in a zone
        stmt = stmt.where(literal(False))
    return stmt


def served_rows(scope: Scope, strict: bool = False) -> Select:
    """The rows behind "enterprises served": (university_id, enterprise_id, credit_code, served_by, row_id,
    day), one per licence, held meeting or accepted answer; `strict` keeps licences only."""
    parts = [_licences(scope)] if strict else [_licences(scope), _meetings(scope), _answers(scope)]
    rows = union_all(*parts).subquery("served")
    return (select(rows.c.university_id, rows.c.enterprise_id, Enterprise.credit_code, rows.c.served_by,
                   rows.c.row_id, rows.c.day)
            .join(Enterprise, Enterprise.id == rows.c.enterprise_id))


@dataclass(frozen=True)
class ServedCounts:
    """Enterprises served per university (distinct credit codes) and in the whole scope."""

    served: dict[int, int]
    strict: dict[int, int]
    total: int
    total_strict: int

    def of(self, university_id: int) -> int:
        """Enterprises served by one university (0 when none)."""
        return self.served.get(university_id, 0)

    def strict_of(self, university_id: int) -> int:
        """Enterprises that took a licence from one university (0 when none)."""
        return self.strict.get(university_id, 0)

    def at_target(self, university_ids) -> int:
        """How many of `university_ids` reach the target."""
        return sum(1 for university_id in university_ids if meets_target(self.of(university_id)))


def _per_university(rows: Select) -> dict[int, int]:
    sub = rows.subquery()
    stmt = (select(sub.c.university_id, func.count(distinct(sub.c.credit_code)))
            .group_by(sub.c.university_id))
    return {university_id: count for university_id, count in db.session.execute(stmt)}


def _distinct_codes(rows: Select) -> int:
    sub = rows.subquery()
    return db.session.scalar(select(func.count(distinct(sub.c.credit_code)))) or 0


def served_counts(scope: Scope) -> ServedCounts:
    """Enterprises served and the strict (licences only) count, per university and in total: four
    grouped queries whatever the data."""
    everything, strict = served_rows(scope), served_rows(scope, strict=True)
    return ServedCounts(_per_university(everything), _per_university(strict),
                        _distinct_codes(everything), _distinct_codes(strict))


def served_by_kind(scope: Scope) -> Counter:
    """How many (university, enterprise) pairs each way of serving produced (an enterprise served two
    ways counts under both)."""
    sub = served_rows(scope).subquery()
    pairs = (select(sub.c.served_by, sub.c.university_id, sub.c.credit_code).distinct().subquery())
    stmt = select(pairs.c.served_by, func.count()).group_by(pairs.c.served_by)
    return Counter({ServedBy(kind): count for kind, count in db.session.execute(stmt)})
