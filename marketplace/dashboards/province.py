"""The administrator's (province) dashboard: one row per university with the 千校万企 figures, the
province's totals, month-by-month trends and the top industries, and the rows behind every figure.

Everything is read from the policy figures engine (`marketplace.policy`): enterprises served, the funnel
and the fees are its statements; this module adds the trials, the 备案 overdue, the months and the
industries as grouped queries over the same statements, so the number of SQL statements a page takes is
the same whatever the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Select, and_, case, distinct, extract, func, literal, null, select
from sqlalchemy.orm import aliased

from marketplace.catalogue.models import Patent
from marketplace.conversations.models import Conversation
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money import Money
from marketplace.core.patent_fields import Industry
from marketplace.core.report_year import MONTHS, SERVED_TARGET, meets_target, rate
from marketplace.extensions import db
from marketplace.licensing.conversion import converted_statement
from marketplace.licensing.models import Licence
from marketplace.needs.models import Need
from marketplace.organisations.models import Enterprise, University
from marketplace.policy.fees import Fee, FeesByMonth, fee_rows, fees_by_month
from marketplace.policy.funnel import STAGES, Funnel, Stage, funnel, licence_conditions, stage_rows
from marketplace.policy.scope import Scope
from marketplace.policy.served import ServedBy, ServedCounts, served_counts, served_rows
from marketplace.zones.meeting_models import MeetingRequest

FIRST_YEAR, LAST_YEAR = 2000, 2100


class Figure(StrEnum):
    """The figures whose rows can be listed: enterprises served, the funnel's stages, the trials, the
    money and the 备案 overdue."""

    SERVED = "served"
    SERVED_STRICT = "served_strict"
    PATENTS = Stage.PATENTS.value
    OFFERS = Stage.OFFERS.value
    REACHED = Stage.REACHED.value
    MEETINGS_REQUESTED = Stage.MEETINGS_REQUESTED.value
    MEETINGS_HELD = Stage.MEETINGS_HELD.value
    LICENCES = Stage.LICENCES.value
    CONVERTED = Stage.CONVERTED.value
    FILED = Stage.FILED.value
    TRIALS = "trials"
    TRIALS_CONVERTED = "trials_converted"
    CHARGED = Fee.CHARGED.value
    COLLECTED = Fee.COLLECTED.value
    OVERDUE = Fee.OVERDUE.value
    FILING_OVERDUE = "filing_overdue"


MONEY_FIGURES = (Figure.CHARGED, Figure.COLLECTED, Figure.OVERDUE)


class RowKind(StrEnum):
    """What the rows of a figure are."""

    ENTERPRISE = "enterprise"
    PATENT = "patent"
    MEETING = "meeting"
    LICENCE = "licence"


@dataclass(frozen=True)
class Trials:
    """Trial licences taken in the year: how many, how many ended, how many converted."""

    taken: int = 0
    ended: int = 0
    converted: int = 0

    @property
    def rate(self) -> Decimal | None:
        """Converted / ended (None when none ended)."""
        return rate(self.converted, self.ended)

    def __add__(self, other: Trials) -> Trials:
        return Trials(self.taken + other.taken, self.ended + other.ended, self.converted + other.converted)


@dataclass(frozen=True)
class UniversityRow:
    """One university's figures."""

    university_id: int | None
    name: str
    served: int
    strict: int
    stages: dict[Stage, int]
    trials: Trials
    charged: Money
    collected: Money
    overdue: Money
    filing_overdue: int

    @property
    def at_target(self) -> bool:
        """Whether it serves the target number of enterprises (always judged per university)."""
        return meets_target(self.served)

    def figure(self, key: Figure) -> int | Money:
        """The value of one figure."""
        values: dict[Figure, int | Money] = {
            Figure.SERVED: self.served, Figure.SERVED_STRICT: self.strict,
            Figure.TRIALS: self.trials.taken, Figure.TRIALS_CONVERTED: self.trials.converted,
            Figure.CHARGED: self.charged, Figure.COLLECTED: self.collected, Figure.OVERDUE: self.overdue,
            Figure.FILING_OVERDUE: self.filing_overdue,
        }
        if key in values:
            return values[key]
        return self.stages[Stage(key.value)]


@dataclass(frozen=True)
class Month:
    """One month of the year's trends."""

    month: int
    licences: int
    charged: Money
    collected: Money
    served_cumulative: int


@dataclass(frozen=True)
class IndustryRow:
    """Licences taken and enterprises served in one patent industry."""

    industry: Industry
    licences: int
    served: int


@dataclass(frozen=True)
class ProvinceFigures:
    """Everything the province dashboard shows (the university rows of one page)."""

    scope: Scope
    rows: list[UniversityRow]
    total: UniversityRow
    universities: int
    at_target: int
    months: list[Month] = field(default_factory=list)
    industries: list[IndustryRow] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nothing happened in the scope's year (and no patent is in the catalogue)."""
        total = self.total
        return not any([total.served, total.stages[Stage.PATENTS], total.stages[Stage.LICENCES],
                        total.charged.amount, total.collected.amount, total.overdue.amount])


def universities_statement(scope: Scope) -> Select:
    """The universities of the scope, by name (the rows of the table; paginate it)."""
    return (select(University).where(*scope.universities(University.id))
            .order_by(University.name, University.id))


def trials_by_university(scope: Scope) -> dict[int, Trials]:
    """Trial licences taken in the year per university: one grouped query."""
    trials = select(Licence.id).where(*licence_conditions(scope), Licence.trial_last_day.is_not(None))
    converted = select(converted_statement(among=trials).subquery().c.licence_id)
    stmt = (select(Licence.university_id, func.count(Licence.id),
                   func.sum(case((Licence.status != LicenceStatus.TRIAL, 1), else_=0)),
                   func.sum(case((Licence.id.in_(converted), 1), else_=0)))
            .where(*licence_conditions(scope), Licence.trial_last_day.is_not(None))
            .group_by(Licence.university_id))
    return {university_id: Trials(taken, int(ended or 0), int(done or 0))
            for university_id, taken, ended, done in db.session.execute(stmt)}


def _filing_overdue_conditions(scope: Scope, today: date) -> list:
    return [*licence_conditions(scope), Licence.filed_on.is_(None), Licence.filing_deadline < today]


def filing_overdue_by_university(scope: Scope, today: date) -> dict[int, int]:
    """Licences taken in the year whose 备案 deadline passed without a filing, per university."""
    stmt = (select(Licence.university_id, func.count(Licence.id))
            .where(*_filing_overdue_conditions(scope, today)).group_by(Licence.university_id))
    return dict(db.session.execute(stmt).tuples().all())


def _row(university_id: int | None, name: str, served: ServedCounts, stages: dict[Stage, int],
         trials: Trials, fees: FeesByMonth, filing_overdue: int) -> UniversityRow:
    if university_id is None:
        return UniversityRow(None, name, served.total, served.total_strict, stages, trials,
                             fees.year(Fee.CHARGED), fees.year(Fee.COLLECTED), fees.year(Fee.OVERDUE),
                             filing_overdue)
    return UniversityRow(university_id, name, served.of(university_id), served.strict_of(university_id),
                         stages, trials, fees.year(Fee.CHARGED, university_id),
                         fees.year(Fee.COLLECTED, university_id), fees.year(Fee.OVERDUE, university_id),
                         filing_overdue)


def licences_by_month(scope: Scope) -> dict[int, int]:
    """Licences taken per month of the year."""
    month = extract("month", Licence.start_date)
    stmt = select(month, func.count(Licence.id)).where(*licence_conditions(scope)).group_by(month)
    return {int(number): count for number, count in db.session.execute(stmt)}


def served_first_month(scope: Scope) -> dict[int, int]:
    """How many enterprises (credit codes) were first served in each month: the cumulative sum is the
    province's enterprises served by the end of each month."""
    rows = served_rows(scope).subquery()
    firsts = (select(rows.c.credit_code, func.min(extract("month", rows.c.day)).label("month"))
              .group_by(rows.c.credit_code).subquery())
    stmt = select(firsts.c.month, func.count()).group_by(firsts.c.month)
    return {int(number): count for number, count in db.session.execute(stmt) if number is not None}


def monthly_counts(scope: Scope) -> list[tuple[int, int]]:
    """(licences taken, enterprises served so far) for each month of the year: two queries."""
    by_month, firsts = licences_by_month(scope), served_first_month(scope)
    found, running = [], 0
    for number in MONTHS:
        running += firsts.get(number, 0)
        found.append((by_month.get(number, 0), running))
    return found


def _industry_of_served(scope: Scope) -> Select:
    """The rows of enterprises served with the industry of the patent licensed or met about, or of the
    need answered: (industry, credit_code)."""
    rows = served_rows(scope).subquery()
    licence_patent, meeting_patent = aliased(Patent), aliased(Patent)
    industry = func.coalesce(licence_patent.industry, meeting_patent.industry, Need.industry)
    return (select(industry.label("industry"), rows.c.credit_code)
            .outerjoin(Licence, and_(rows.c.served_by == ServedBy.LICENCE.value, Licence.id == rows.c.row_id))
            .outerjoin(licence_patent, licence_patent.id == Licence.patent_id)
            .outerjoin(MeetingRequest, and_(rows.c.served_by == ServedBy.MEETING.value,
                                            MeetingRequest.id == rows.c.row_id))
            .outerjoin(meeting_patent, meeting_patent.id == MeetingRequest.patent_id)
            .outerjoin(Conversation, and_(rows.c.served_by == ServedBy.ANSWER.value,
                                          Conversation.id == rows.c.row_id))
            .outerjoin(Need, Need.id == Conversation.need_id))


def industries(scope: Scope) -> list[IndustryRow]:
    """Licences taken and enterprises served per patent industry, most licences first (two queries)."""
    licences = dict(db.session.execute(
        select(Patent.industry, func.count(Licence.id)).join(Patent, Patent.id == Licence.patent_id)
        .where(*licence_conditions(scope)).group_by(Patent.industry)).tuples().all())
    sub = _industry_of_served(scope).subquery()
    served = dict(db.session.execute(
        select(sub.c.industry, func.count(distinct(sub.c.credit_code))).group_by(sub.c.industry))
        .tuples().all())
    found = [IndustryRow(Industry(key), licences.get(key, 0), served.get(key, 0))
             for key in Industry if licences.get(key) or served.get(key)]
    return sorted(found, key=lambda row: (-row.licences, -row.served, list(Industry).index(row.industry)))


def province_figures(scope: Scope, today: date, universities: list[University],
                     university_count: int) -> ProvinceFigures:
    """The figures of `universities` (one page of `universities_statement(scope)`, of `university_count`
    in all) and of the whole scope."""
    served = served_counts(scope)
    flow: Funnel = funnel(scope, today)
    trials = trials_by_university(scope)
    fees = fees_by_month(scope, today)
    filings = filing_overdue_by_university(scope, today)
    rows = [_row(u.id, u.name, served, flow.of(u.id), trials.get(u.id, Trials()), fees, filings.get(u.id, 0))
            for u in universities]
    total = _row(None, "", served, {stage: flow.total.get(stage, 0) for stage in STAGES},
                 sum(trials.values(), Trials()), fees, sum(filings.values()))
    at_target = sum(1 for count in served.served.values() if count >= SERVED_TARGET)
    counts = zip(MONTHS, monthly_counts(scope), strict=True)
    months = [Month(number, licences, fees.month(Fee.CHARGED, number), fees.month(Fee.COLLECTED, number),
                    served_so_far) for number, (licences, served_so_far) in counts]
    return ProvinceFigures(scope, rows, total, university_count, at_target, months, industries(scope))


# ------------------------------------------------------------------ the rows behind a figure

def _university_name():
    return University.name.label("university")


def _licence_rows(inner: Select, day=None, fen=None) -> Select:
    """Rows of licences: `inner` yields row_id (a licence id) and, optionally, day and fen."""
    rows = inner.subquery()
    return (select(rows.c.university_id, _university_name(), Licence.number.label("subject"),
                   Enterprise.name.label("detail"), literal(RowKind.LICENCE.value).label("kind"),
                   Licence.id.label("ref_id"),
                   (rows.c.day if day else Licence.start_date).label("day"),
                   (rows.c.fen if fen else null()).label("fen"))
            .join(Licence, Licence.id == rows.c.row_id)
            .join(Enterprise, Enterprise.id == Licence.enterprise_id)
            .join(University, University.id == rows.c.university_id)
            .order_by(University.name, rows.c.university_id, Licence.id))


def _stage_rows(stage: Stage, scope: Scope) -> Select:
    if stage in (Stage.LICENCES, Stage.CONVERTED, Stage.FILED):
        return _licence_rows(stage_rows(stage, scope))
    rows = stage_rows(stage, scope).subquery()
    if stage in (Stage.PATENTS, Stage.OFFERS):
        return (select(rows.c.university_id, _university_name(), Patent.title.label("subject"),
                       Patent.application_number.label("detail"), literal(RowKind.PATENT.value).label("kind"),
                       Patent.id.label("ref_id"), null().label("day"), null().label("fen"))
                .join(Patent, Patent.id == rows.c.row_id)
                .join(University, University.id == rows.c.university_id)
                .order_by(University.name, rows.c.university_id, Patent.id))
    if stage == Stage.REACHED:
        return (select(rows.c.university_id, _university_name(), Enterprise.name.label("subject"),
                       Enterprise.credit_code.label("detail"),
                       literal(RowKind.ENTERPRISE.value).label("kind"),
                       Enterprise.id.label("ref_id"), null().label("day"), null().label("fen"))
                .join(Enterprise, Enterprise.id == rows.c.row_id)
                .join(University, University.id == rows.c.university_id)
                .order_by(University.name, rows.c.university_id, Enterprise.id))
    return (select(rows.c.university_id, _university_name(), Enterprise.name.label("subject"),
                   Patent.title.label("detail"), literal(RowKind.MEETING.value).label("kind"),
                   MeetingRequest.id.label("ref_id"), null().label("day"), null().label("fen"))
            .join(MeetingRequest, MeetingRequest.id == rows.c.row_id)
            .join(Enterprise, Enterprise.id == MeetingRequest.enterprise_id)
            .join(Patent, Patent.id == MeetingRequest.patent_id)
            .join(University, University.id == rows.c.university_id)
            .order_by(University.name, rows.c.university_id, MeetingRequest.id))


def _served_rows(scope: Scope, strict: bool) -> Select:
    rows = served_rows(scope, strict).subquery()
    return (select(rows.c.university_id, _university_name(), Enterprise.name.label("subject"),
                   rows.c.credit_code.label("detail"), rows.c.served_by.label("kind"),
                   rows.c.row_id.label("ref_id"), rows.c.day.label("day"), null().label("fen"))
            .join(Enterprise, Enterprise.id == rows.c.enterprise_id)
            .join(University, University.id == rows.c.university_id)
            .order_by(University.name, rows.c.university_id, rows.c.credit_code, rows.c.served_by,
                      rows.c.row_id))


def rows_statement(figure: Figure, scope: Scope, today: date) -> Select:
    """The rows behind one figure, in one shape: (university_id, university, subject, detail, kind, ref_id,
    day, fen); `kind` says what ref_id is (a licence, patent, enterprise or meeting; for enterprises
    served, how the enterprise was served)."""
    if figure in (Figure.SERVED, Figure.SERVED_STRICT):
        return _served_rows(scope, strict=figure == Figure.SERVED_STRICT)
    if figure in MONEY_FIGURES:
        return _licence_rows(fee_rows(Fee(figure.value), scope, today), day=True, fen=True)
    if figure in (Figure.TRIALS, Figure.TRIALS_CONVERTED):
        conditions = [*licence_conditions(scope), Licence.trial_last_day.is_not(None)]
        if figure == Figure.TRIALS_CONVERTED:
            trials = select(Licence.id).where(*conditions)
            conditions.append(Licence.id.in_(select(converted_statement(among=trials).subquery().c.licence_id)))
        return _licence_rows(select(Licence.id.label("row_id"), Licence.university_id.label("university_id"))
                             .where(*conditions))
    if figure == Figure.FILING_OVERDUE:
        return _licence_rows(select(Licence.id.label("row_id"), Licence.university_id.label("university_id"))
                             .where(*_filing_overdue_conditions(scope, today)))
    return _stage_rows(Stage(figure.value), scope)


def row_total(rows: Select) -> Money:
    """The sum of the money column of a figure's rows."""
    sub = rows.order_by(None).subquery()
    return Money.from_fen(int(db.session.scalar(select(func.coalesce(func.sum(sub.c.fen), 0))) or 0))


def known_university(university_id: int | None) -> University | None:
    """The university with that id, if there is one."""
    return db.session.get(University, university_id) if university_id is not None else None

