"""The figures of a university's IP-centre dashboard for one year, each counted in SQL from the statement
of the rows behind it (so a figure and the page of its rows cannot disagree).

- **enterprises served** and the strict (licences only) count: `policy.served` for the university;
- **the funnel**: `policy.funnel` for the university;
- **patents by legal status** (not archived) and archived; **offers by plan kind** (`Patent.offer_kind`
  of patents not archived) — the stock as of today, the catalogue's own definitions (the staff patent list
  filters the same way);
- **licences by state**: every licence of the university's patents by its current status (the licence
  list filters the same way);
- **trials**: running (status trial), ending within 30 days (running, last trial day from today to today +
  30), converted (`licensing.conversion`, with the rate and the median days);
- **fees** charged, collected and overdue by month of the year: `policy.fees`;
- **备案**: live licences without a filing whose deadline is today or later (due) or has passed (overdue);
- **top patents** by licences taken in the year and by enquiries made in the year (conversations an
  enterprise started about the patent, and meeting requests on it);
- **needs its patents fit**: live needs with stored matches on its patents not marked not relevant
  (`matching.queries.fitting_needs`).

The number of SQL statements is fixed: it does not grow with the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import Select, distinct, func, literal, select, union_all

from marketplace.catalogue.models import Patent
from marketplace.conversations.models import Conversation
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.patent_fields import LegalStatus
from marketplace.core.report_year import SERVED_TARGET, ReportYear, meets_target
from marketplace.extensions import db
from marketplace.licensing import conversion
from marketplace.licensing.models import LIVE_STATUSES, Licence
from marketplace.matching.queries import fitting_needs
from marketplace.policy.fees import FeesByMonth, fees_by_month
from marketplace.policy.funnel import STAGES, Stage, funnel
from marketplace.policy.scope import Scope
from marketplace.policy.served import served_counts
from marketplace.zones.meeting_models import MeetingRequest

PLAN_KINDS = ("flat", "staged", "try_first", "royalty", "free")
ENDING_DAYS = 30
TOP = 5


class Figure(StrEnum):
    """The figures whose rows are listed on the dashboard's own rows page (beside the funnel's stages and
    the fees, which keep their engine names)."""

    SERVED = "served"
    STRICT = "strict"
    TRIALS_RUNNING = "trials_running"
    TRIALS_ENDING = "trials_ending"
    TRIALS_CONVERTED = "trials_converted"
    FILING_DUE = "filing_due"
    FILING_OVERDUE = "filing_overdue"
    PATENT_LICENCES = "patent_licences"
    PATENT_ENQUIRIES = "patent_enquiries"


class EnquiryKind(StrEnum):
    """How an enterprise enquired about a patent."""

    CONVERSATION = "conversation"
    MEETING = "meeting"


def scope_of(university_id: int, year: int) -> Scope:
    """The engine's scope: one university, one year."""
    return Scope(year, (university_id,))


# --- the statements of the rows behind the figures -------------------------------------------------

def trials_running(university_id: int) -> Select:
    """Licence ids of the university's trials running now."""
    return select(Licence.id.label("row_id")).where(Licence.university_id == university_id,
                                                    Licence.status == LicenceStatus.TRIAL)


def trials_ending(university_id: int, today: date) -> Select:
    """Licence ids of its trials whose last day is from today to 30 days on."""
    return trials_running(university_id).where(Licence.trial_last_day >= today,
                                               Licence.trial_last_day <= today + timedelta(days=ENDING_DAYS))


def trials_converted(university_id: int) -> Select:
    """Licence ids of its converted trials (the conversion figures' definition)."""
    converted = conversion.converted_statement([university_id]).subquery()
    return select(converted.c.licence_id.label("row_id"))


def filings(university_id: int, today: date, overdue: bool) -> Select:
    """Licence ids of its live licences not yet filed (备案) whose deadline has passed (overdue) or not."""
    deadline = Licence.filing_deadline < today if overdue else Licence.filing_deadline >= today
    return select(Licence.id.label("row_id")).where(Licence.university_id == university_id,
                                                    Licence.status.in_(LIVE_STATUSES),
                                                    Licence.filed_on.is_(None), deadline)


def licences_in_year(university_id: int, year: int, patent_id: int | None = None) -> Select:
    """(row_id = licence, patent_id) of licences on its patents whose term began in the year."""
    period = ReportYear(year)
    stmt = select(Licence.id.label("row_id"), Licence.patent_id.label("patent_id")).where(
        Licence.university_id == university_id, Licence.start_date >= period.first_day,
        Licence.start_date < period.next_first_day)
    return stmt if patent_id is None else stmt.where(Licence.patent_id == patent_id)


def enquiries_in_year(university_id: int, year: int, patent_id: int | None = None) -> Select:
    """(kind, row_id, patent_id, enterprise_id, created_at) of enquiries made in the year about its patents:
    conversations an enterprise started about a patent, and meeting requests on one."""
    start, end = ReportYear(year).utc_bounds()
    asked = (select(literal(EnquiryKind.CONVERSATION.value).label("kind"), Conversation.id.label("row_id"),
                    Conversation.patent_id.label("patent_id"),
                    Conversation.enterprise_id.label("enterprise_id"),
                    Conversation.created_at.label("created_at"))
             .where(Conversation.university_id == university_id, Conversation.need_id.is_(None),
                    Conversation.patent_id.is_not(None), Conversation.created_at >= start,
                    Conversation.created_at < end))
    requested = (select(literal(EnquiryKind.MEETING.value).label("kind"), MeetingRequest.id.label("row_id"),
                        MeetingRequest.patent_id.label("patent_id"),
                        MeetingRequest.enterprise_id.label("enterprise_id"),
                        MeetingRequest.created_at.label("created_at"))
                 .where(MeetingRequest.university_id == university_id, MeetingRequest.created_at >= start,
                        MeetingRequest.created_at < end))
    if patent_id is not None:
        asked = asked.where(Conversation.patent_id == patent_id)
        requested = requested.where(MeetingRequest.patent_id == patent_id)
    return union_all(asked, requested)


def needs_fit(university_id: int) -> Select:
    """The live needs its patents fit (the list of `/matching/needs`)."""
    return fitting_needs(university_id)


# --- the figures ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class TopPatent:
    """A patent of the top list and its count."""

    patent_id: int
    title: str
    count: int


@dataclass(frozen=True)
class UniversityDashboard:
    """Every figure of the dashboard."""

    university_id: int
    year: int
    today: date
    served: int
    strict: int
    funnel: dict[Stage, int]
    patents_by_status: dict[LegalStatus, int]
    archived: int
    offers_by_kind: dict[str, int]
    licences_by_state: dict[LicenceStatus, int]
    trials_running: int
    trials_ending: int
    conversion: conversion.ConversionFigures
    fees: FeesByMonth
    filing_due: int
    filing_overdue: int
    top_by_licences: list[TopPatent] = field(default_factory=list)
    top_by_enquiries: list[TopPatent] = field(default_factory=list)
    needs_fit: int = 0

    target: int = SERVED_TARGET

    @property
    def reached(self) -> bool:
        """Whether the university serves enough enterprises this year."""
        return meets_target(self.served)

    @property
    def missing(self) -> int:
        """How many more enterprises it needs to serve to reach the target (0 once reached)."""
        return max(self.target - self.served, 0)

    @property
    def patents(self) -> int:
        """Patents in the catalogue, not archived."""
        return sum(self.patents_by_status.values())

    @property
    def offers(self) -> int:
        """Patents with an offer."""
        return sum(self.offers_by_kind.values())

    @property
    def licences(self) -> int:
        """Every licence of its patents."""
        return sum(self.licences_by_state.values())

    @property
    def empty(self) -> bool:
        """Nothing recorded yet: no patent, no licence, no one served."""
        return not (self.patents or self.archived or self.licences or self.served)


def _count(stmt: Select):
    """A scalar subquery counting the distinct row ids of a statement."""
    sub = stmt.subquery()
    return select(func.count(distinct(sub.c.row_id))).scalar_subquery()


def _counts(university_id: int, today: date) -> tuple[int, int, int, int, int]:
    """Trials running, ending, and the two 备案 figures, and the needs fit: one statement."""
    fit = needs_fit(university_id).order_by(None).subquery()
    row = db.session.execute(select(
        _count(trials_running(university_id)), _count(trials_ending(university_id, today)),
        _count(filings(university_id, today, overdue=False)),
        _count(filings(university_id, today, overdue=True)),
        select(func.count()).select_from(fit).scalar_subquery())).one()
    return tuple(int(value or 0) for value in row)  # type: ignore[return-value]


def _patents_by_status(university_id: int) -> tuple[dict[LegalStatus, int], int]:
    stmt = (select(Patent.archived, Patent.legal_status, func.count())
            .where(Patent.university_id == university_id).group_by(Patent.archived, Patent.legal_status))
    by_status = dict.fromkeys(LegalStatus, 0)
    archived = 0
    for is_archived, status, count in db.session.execute(stmt):
        if is_archived:
            archived += count
        else:
            by_status[LegalStatus(status)] = count
    return by_status, archived


def _offers_by_kind(university_id: int) -> dict[str, int]:
    stmt = (select(Patent.offer_kind, func.count())
            .where(Patent.university_id == university_id, Patent.archived.is_(False), Patent.offer_kind != "")
            .group_by(Patent.offer_kind))
    found = dict.fromkeys(PLAN_KINDS, 0)
    for kind, count in db.session.execute(stmt):
        found[kind] = count
    return found


def _licences_by_state(university_id: int) -> dict[LicenceStatus, int]:
    stmt = (select(Licence.status, func.count()).where(Licence.university_id == university_id)
            .group_by(Licence.status))
    found = dict.fromkeys(LicenceStatus, 0)
    for status, count in db.session.execute(stmt):
        found[LicenceStatus(status)] = count
    return found


def _top(rows: Select, limit: int = TOP) -> list[TopPatent]:
    """The patents with the most rows (ties by title, then id), with their titles: one statement."""
    sub = rows.subquery()
    count = func.count(distinct(sub.c.row_id))
    stmt = (select(Patent.id, Patent.title, count).join(sub, sub.c.patent_id == Patent.id)
            .group_by(Patent.id, Patent.title).order_by(count.desc(), Patent.title, Patent.id).limit(limit))
    return [TopPatent(patent_id, title, int(found)) for patent_id, title, found in db.session.execute(stmt)]


def _top_enquiries(university_id: int, year: int, limit: int = TOP) -> list[TopPatent]:
    sub = enquiries_in_year(university_id, year).subquery()
    count = func.count()
    stmt = (select(Patent.id, Patent.title, count).join(sub, sub.c.patent_id == Patent.id)
            .group_by(Patent.id, Patent.title).order_by(count.desc(), Patent.title, Patent.id).limit(limit))
    return [TopPatent(patent_id, title, int(found)) for patent_id, title, found in db.session.execute(stmt)]


def university_dashboard(university_id: int, year: int, today: date) -> UniversityDashboard:
    """Every figure of the university's dashboard for the year, as of today."""
    scope = scope_of(university_id, year)
    served = served_counts(scope)
    stages = funnel(scope, today).of(university_id)
    by_status, archived = _patents_by_status(university_id)
    running, ending, due, overdue, fit = _counts(university_id, today)
    figures = conversion.by_university(today, [university_id])[university_id]
    return UniversityDashboard(
        university_id=university_id, year=year, today=today,
        served=served.of(university_id), strict=served.strict_of(university_id),
        funnel={stage: stages.get(stage, 0) for stage in STAGES},
        patents_by_status=by_status, archived=archived, offers_by_kind=_offers_by_kind(university_id),
        licences_by_state=_licences_by_state(university_id), trials_running=running, trials_ending=ending,
        conversion=figures, fees=fees_by_month(scope, today), filing_due=due, filing_overdue=overdue,
        top_by_licences=_top(licences_in_year(university_id, year)),
        top_by_enquiries=_top_enquiries(university_id, year), needs_fit=fit)
