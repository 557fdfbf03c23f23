"""The licensing funnel (domain.md, Policy results), per university, per zone and for the province.

patents published → offers → enterprises that viewed or were matched → meetings requested → meetings held
→ licences taken (trials included) → converted or paid → 备案 recorded.

Every stage is a statement of the rows behind it, ``(row_id, university_id)``; a count is the number of
distinct row ids (per university, or in the whole scope: an enterprise reached by two universities is one
enterprise of the province). The stock stages (patents, offers) are as of today; the others count what
happened in the scope's year:

- **patents**: patents in the catalogue (not archived); in a zone, the zone's patents;
- **offers**: those with an open-licence offer in force (`Patent.offer_kind`);
- **reached** (row = enterprise): enterprises that viewed one of the patents' pages in the year
  (`PatentView`), or whose need posted in the year was matched with one of them (`NeedMatch`); in a zone,
  also the enterprises registered for it;
- **meetings requested**: requests made in the year (any outcome); **held**: accepted meetings whose slot
  day is in the year, recorded as held by both sides;
- **licences**: licences whose term began in the year; **converted or paid**: of those, the trials that
  converted (`licensing.conversion.converted_statement`) and the licences without trial on which a payment
  (less its reversals) settled anything; **备案**: of those, the ones with a filing recorded.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from sqlalchemy import Select, distinct, func, or_, select, union

from marketplace.catalogue.interest_models import PatentView
from marketplace.catalogue.models import Patent
from marketplace.extensions import db
from marketplace.ledger.models import ChargeSettlement
from marketplace.licensing.conversion import PAYMENT_PREFIX, PAYMENT_REVERSAL_PREFIX, converted_statement
from marketplace.licensing.models import Licence
from marketplace.matching.models import NeedMatch
from marketplace.needs.models import Need
from marketplace.policy.scope import Scope
from marketplace.zones.meeting_models import MeetingRequest, MeetingSlot
from marketplace.zones.models import ZonePatent, ZoneRegistration, registration_patent
from marketplace.zones.results import held_by_both


class Stage(StrEnum):
    """The funnel's stages, in order."""

    PATENTS = "patents"
    OFFERS = "offers"
    REACHED = "reached"
    MEETINGS_REQUESTED = "meetings_requested"
    MEETINGS_HELD = "meetings_held"
    LICENCES = "licences"
    CONVERTED = "converted"
    FILED = "filed"


STAGES = tuple(Stage)


def _patents(scope: Scope, offered: bool) -> Select:
    stmt = (select(Patent.id.label("row_id"), Patent.university_id.label("university_id"))
            .where(Patent.archived.is_(False), *scope.universities(Patent.university_id),
                   *scope.industries(Patent.industry)))
    if offered:
        stmt = stmt.where(Patent.offer_kind != "")
    if scope.zone_id is not None:
        in_zone = select(ZonePatent.patent_id).where(ZonePatent.zone_id == scope.zone_id)
        stmt = stmt.where(Patent.id.in_(in_zone))
    return stmt


def _reached(scope: Scope) -> Select:
    period = scope.period
    start, end = period.utc_bounds()
    viewed = (select(PatentView.enterprise_id.label("row_id"),
                     PatentView.university_id.label("university_id"))
              .where(PatentView.viewed_on >= period.first_day, PatentView.viewed_on < period.next_first_day,
                     *scope.universities(PatentView.university_id)))
    matched = (select(Need.enterprise_id.label("row_id"), NeedMatch.university_id.label("university_id"))
               .join(Need, Need.id == NeedMatch.need_id)
               .where(Need.created_at >= start, Need.created_at < end,
                      *scope.universities(NeedMatch.university_id)))
    if scope.industry:  # the patents are read only to keep an industry
        viewed = (viewed.join(Patent, Patent.id == PatentView.patent_id)
                  .where(*scope.industries(Patent.industry)))
        matched = (matched.join(Patent, Patent.id == NeedMatch.patent_id)
                   .where(*scope.industries(Patent.industry)))
    if scope.zone_id is None:
        return union(viewed, matched)
    in_zone = select(ZonePatent.patent_id).where(ZonePatent.zone_id == scope.zone_id)
    viewed = viewed.where(PatentView.patent_id.in_(in_zone))
    matched = matched.where(NeedMatch.patent_id.in_(in_zone))
    # a registration counts for the universities whose patents it named (none named: the zone only)
    registered = (select(ZoneRegistration.enterprise_id.label("row_id"),
                         Patent.university_id.label("university_id"))
                  .outerjoin(registration_patent,
                             registration_patent.c.registration_id == ZoneRegistration.id)
                  .outerjoin(Patent, Patent.id == registration_patent.c.patent_id)
                  .where(ZoneRegistration.zone_id == scope.zone_id, ZoneRegistration.cancelled_at.is_(None),
                         ZoneRegistration.registered_at >= start, ZoneRegistration.registered_at < end,
                         *scope.universities(Patent.university_id)))
    return union(viewed, matched, registered)


def _meetings(scope: Scope, held: bool) -> Select:
    stmt = select(MeetingRequest.id.label("row_id"), MeetingRequest.university_id.label("university_id"))
    period = scope.period
    if held:
        stmt = (stmt.join(MeetingSlot, MeetingSlot.id == MeetingRequest.accepted_slot_id)
                .where(MeetingRequest.id.in_(held_by_both()), MeetingSlot.day >= period.first_day,
                       MeetingSlot.day < period.next_first_day))
    else:
        start, end = period.utc_bounds()
        stmt = stmt.where(MeetingRequest.created_at >= start, MeetingRequest.created_at < end)
    stmt = stmt.where(*scope.universities(MeetingRequest.university_id))
    if scope.industry:
        stmt = (stmt.join(Patent, Patent.id == MeetingRequest.patent_id)
                .where(*scope.industries(Patent.industry)))
    if scope.zone_id is not None:
        stmt = stmt.where(MeetingRequest.zone_id == scope.zone_id)
    return stmt


def licence_conditions(scope: Scope) -> list:
    """Conditions on Licence (joined to Patent when an industry is chosen) for licences taken in scope."""
    period = scope.period
    conditions = [Licence.start_date >= period.first_day, Licence.start_date < period.next_first_day,
                  *scope.universities(Licence.university_id)]
    if scope.industry:
        conditions.append(Licence.patent_id.in_(select(Patent.id).where(*scope.industries(Patent.industry))))
    if scope.zone_id is not None:
        conditions.append(Licence.source_zone_id == scope.zone_id)
    return conditions


def _licences(scope: Scope, *conditions) -> Select:
    return (select(Licence.id.label("row_id"), Licence.university_id.label("university_id"))
            .where(*licence_conditions(scope), *conditions))


def paid_licence_ids(among: Select | None = None) -> Select:
    """Ids of licences on which payments, less their reversals, settled more than nothing (of the licence
    ids `among` selects, when given)."""
    conditions = [or_(ChargeSettlement.transaction_key.startswith(PAYMENT_PREFIX),
                      ChargeSettlement.transaction_key.startswith(PAYMENT_REVERSAL_PREFIX))]
    if among is not None:
        conditions.append(ChargeSettlement.licence_id.in_(among))
    return (select(ChargeSettlement.licence_id).where(*conditions)
            .group_by(ChargeSettlement.licence_id).having(func.sum(ChargeSettlement.amount_fen) > 0))


def _converted_or_paid(scope: Scope) -> Select:
    trials = select(Licence.id).where(*licence_conditions(scope), Licence.trial_last_day.is_not(None))
    others = select(Licence.id).where(*licence_conditions(scope), Licence.trial_last_day.is_(None))
    converted = select(converted_statement(among=trials).subquery().c.licence_id)
    return _licences(scope, or_(Licence.id.in_(converted), Licence.id.in_(paid_licence_ids(among=others))))


def stage_rows(stage: Stage, scope: Scope) -> Select:
    """The statement of the rows behind one stage: (row_id, university_id)."""
    if stage in (Stage.PATENTS, Stage.OFFERS):
        return _patents(scope, offered=stage == Stage.OFFERS)
    if stage == Stage.REACHED:
        return _reached(scope)
    if stage in (Stage.MEETINGS_REQUESTED, Stage.MEETINGS_HELD):
        return _meetings(scope, held=stage == Stage.MEETINGS_HELD)
    if stage == Stage.LICENCES:
        return _licences(scope)
    if stage == Stage.CONVERTED:
        return _converted_or_paid(scope)
    return _licences(scope, Licence.filed_on.is_not(None))


@dataclass(frozen=True)
class Funnel:
    """Counts per stage: per university and for the whole scope."""

    per_university: dict[int, dict[Stage, int]] = field(default_factory=dict)
    total: dict[Stage, int] = field(default_factory=dict)

    def of(self, university_id: int) -> dict[Stage, int]:
        """One university's counts (zeros where it has none)."""
        found = self.per_university.get(university_id, {})
        return {stage: found.get(stage, 0) for stage in STAGES}


def funnel(scope: Scope, today: date | None = None) -> Funnel:
    """The funnel of the scope: one grouped query per stage, and a distinct total for the enterprises
    reached (one enterprise may be reached by several universities). Every other stage's rows are one
    per record of one university, so its total is the sum of the universities' counts.
    `today` is the day the stock stages are read on (they read the offers kept current)."""
    del today
    per_university: dict[int, dict[Stage, int]] = defaultdict(dict)
    total: dict[Stage, int] = {}
    for stage in STAGES:
        rows = stage_rows(stage, scope).subquery()
        counted = func.count(distinct(rows.c.row_id)) if stage == Stage.REACHED else func.count()
        grouped = select(rows.c.university_id, counted).group_by(rows.c.university_id)
        found = 0
        for university_id, count in db.session.execute(grouped):
            found += count
            if university_id is not None:
                per_university[university_id][stage] = count
        if stage == Stage.REACHED:
            found = db.session.scalar(select(func.count(distinct(rows.c.row_id)))) or 0
        total[stage] = found
    return Funnel(dict(per_university), total)
