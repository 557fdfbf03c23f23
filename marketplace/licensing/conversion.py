"""Conversion figures of try-first licences: how many trials ended, how many converted, how fast, and
what the converted licences have paid since.

Definitions (domain.md, "Trial end"):

- a **trial** is a licence with a `trial_last_day`;
- it has **ended** once its status is no longer ``trial`` (converted early or at trial end, declined,
  expired, and whatever followed: overdue, suspended, completed, terminated);
- it **converted** when the licence entered its paid phase (it was neither declined nor expired) and
  its first post-trial charge (the earliest charge, by due date, that is not a trial fee) was paid:
  fully settled (`settled_on` set) and settled through payments, i.e. the payments applied to it less
  the reversals of those payments come to more than zero (a charge settled only by a waiver, or whose
  payment was reversed and the rest waived, is not a conversion);
- **days to convert**: from the licence start to the day that charge was settled;
- **conversion rate** = converted / ended (None when no trial ended);
- **fees after conversion**: what payments (less their reversals) settled of converted licences' charges
  after the trial (a trial fee is not a fee after conversion).

Everything is computed with three set-based queries (ended counts, converted licences with the day
their first charge was settled, fees per converted licence), never by replaying a licence's ledger.
Read-only; `today` is taken for the day the figures are as of (statuses are kept current by the job
that moves time, so it is not needed to compute them yet).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Collection, Hashable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, func, or_, select

from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money import Money
from marketplace.core.pricing import ConversionKind
from marketplace.core.schedule import ChargeKind
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.ledger.models import ChargeSettlement
from marketplace.licensing.models import Licence, LicenceCharge

PAYMENT_PREFIX = "payment:"
PAYMENT_REVERSAL_PREFIX = "reversal:payment:"
NOT_PAID_PHASE = (LicenceStatus.TRIAL, LicenceStatus.DECLINED, LicenceStatus.EXPIRED)


@dataclass(frozen=True)
class ConversionFigures:
    """The figures of one group of trials (a university, a conversion plan kind, or all of them)."""

    ended: int = 0
    converted: int = 0
    days: tuple[int, ...] = ()
    fees: Money = field(default_factory=Money.zero)

    @property
    def rate(self) -> Decimal | None:
        """Converted / ended as a fraction (Decimal("0.25") is 25%); None when no trial ended."""
        if not self.ended:
            return None
        return Decimal(self.converted) / Decimal(self.ended)

    @property
    def median_days(self) -> int | float | None:
        """The median number of days from licence start to the first post-trial charge being paid."""
        return statistics.median(self.days) if self.days else None

    def __add__(self, other: ConversionFigures) -> ConversionFigures:
        return ConversionFigures(self.ended + other.ended, self.converted + other.converted,
                                 self.days + other.days, self.fees + other.fees)


@dataclass(frozen=True)
class KindTable:
    """Figures per conversion plan kind (flat, staged, royalty, in that order; then any other kind a
    stored plan has), and the total of them all."""

    rows: list[tuple[str, ConversionFigures]]
    total: ConversionFigures


def _trials(university_ids: Collection[int] | None):
    """Conditions on Licence: trial licences, of the given universities when some are given."""
    conditions = [Licence.trial_last_day.is_not(None)]
    if university_ids is not None:
        conditions.append(Licence.university_id.in_(list(university_ids)))
    return conditions


def ended_statement(university_ids: Collection[int] | None = None) -> Select:
    """Trials that ended, counted per university and conversion kind."""
    return (select(Licence.university_id, Declaration.conversion, func.count(Licence.id).label("count"))
            .join(Declaration, Declaration.id == Licence.declaration_id)
            .where(*_trials(university_ids), Licence.status != LicenceStatus.TRIAL)
            .group_by(Licence.university_id, Declaration.conversion))


def converted_statement(university_ids: Collection[int] | None = None, among: Select | None = None) -> Select:
    """Converted trials: one row per licence with its university, conversion kind, start date and the
    day its first post-trial charge was settled. `among` (a statement of licence ids) keeps those licences
    only, and ranks only their charges (the figures of a year need not rank every charge ever posted)."""
    charges = [LicenceCharge.kind != ChargeKind.TRIAL_FEE.value]
    if among is not None:
        charges.append(LicenceCharge.licence_id.in_(among))
    ranked = (select(LicenceCharge.id.label("charge_id"), LicenceCharge.licence_id, LicenceCharge.settled_on,
                     func.row_number().over(partition_by=LicenceCharge.licence_id,
                                            order_by=(LicenceCharge.due_date, LicenceCharge.id))
                     .label("rank"))
              .where(*charges)
              .subquery("first_paid_charge"))
    paid_fen = (select(func.coalesce(func.sum(ChargeSettlement.amount_fen), 0))
                .where(ChargeSettlement.charge_id == ranked.c.charge_id,
                       or_(ChargeSettlement.transaction_key.startswith(PAYMENT_PREFIX),
                           ChargeSettlement.transaction_key.startswith(PAYMENT_REVERSAL_PREFIX)))
                .scalar_subquery())
    stmt = (select(Licence.id.label("licence_id"), Licence.university_id, Declaration.conversion,
                   Licence.start_date, ranked.c.settled_on)
            .join(Declaration, Declaration.id == Licence.declaration_id)
            .join(ranked, ranked.c.licence_id == Licence.id)
            .where(*_trials(university_ids), Licence.status.not_in(NOT_PAID_PHASE), ranked.c.rank == 1,
                   ranked.c.settled_on.is_not(None), paid_fen > 0))
    return stmt if among is None else stmt.where(Licence.id.in_(among))


def fees_statement(converted: Select) -> Select:
    """Per licence of `converted`, in fen: what payments (less reversals of payments) settled of its
    charges after the trial; a trial fee paid during the trial is not a fee after conversion."""
    licence_ids = select(converted.subquery().c.licence_id)
    from_payments = or_(ChargeSettlement.transaction_key.startswith(PAYMENT_PREFIX),
                        ChargeSettlement.transaction_key.startswith("reversal:" + PAYMENT_PREFIX))
    return (select(ChargeSettlement.licence_id, func.sum(ChargeSettlement.amount_fen).label("fen"))
            .join(LicenceCharge, LicenceCharge.id == ChargeSettlement.charge_id)
            .where(from_payments, LicenceCharge.kind != ChargeKind.TRIAL_FEE.value,
                   ChargeSettlement.licence_id.in_(licence_ids))
            .group_by(ChargeSettlement.licence_id))


def _figures(key_of: Callable[[object], Hashable],
             university_ids: Collection[int] | None) -> dict[Hashable, ConversionFigures]:
    """The figures grouped by `key_of(row)` (rows carry `university_id` and `conversion`)."""
    ended: dict[Hashable, int] = defaultdict(int)
    days: dict[Hashable, list[int]] = defaultdict(list)
    fees: dict[Hashable, int] = defaultdict(int)
    for row in db.session.execute(ended_statement(university_ids)):
        ended[key_of(row)] += row.count
    # only the trials' charges are ranked (a conversion is a trial's), not every charge ever posted
    converted = converted_statement(university_ids, among=select(Licence.id).where(*_trials(university_ids)))
    fee_of = {row.licence_id: int(row.fen or 0) for row in db.session.execute(fees_statement(converted))}
    for row in db.session.execute(converted):
        key = key_of(row)
        days[key].append((row.settled_on - row.start_date).days)
        fees[key] += fee_of.get(row.licence_id, 0)
    return {key: ConversionFigures(ended[key], len(days[key]), tuple(sorted(days[key])),
                                   Money.from_fen(fees[key]))
            for key in ended.keys() | days.keys()}


def _total(figures: Collection[ConversionFigures]) -> ConversionFigures:
    return sum(figures, ConversionFigures())


def by_plan_kind(today: date, university_id: int | None = None) -> KindTable:
    """Figures per conversion plan kind, of one university or (None) of the whole province."""
    del today  # the figures are as of the statuses the job keeps current
    found = _figures(lambda row: row.conversion or "", None if university_id is None else [university_id])
    kinds = [kind.value for kind in ConversionKind]
    kinds += sorted(str(key) for key in found if key not in kinds)
    rows = [(kind, found.get(kind, ConversionFigures())) for kind in kinds]
    return KindTable(rows, _total([figures for _, figures in rows]))


def by_university(today: date, university_ids: Collection[int]) -> dict[int, ConversionFigures]:
    """Figures of each of the given universities (zeros for one without trials)."""
    del today  # the figures are as of the statuses the job keeps current
    found = _figures(lambda row: row.university_id, university_ids)
    return {university_id: found.get(university_id, ConversionFigures()) for university_id in university_ids}
