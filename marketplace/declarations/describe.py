"""Published terms in plain words: a pricing plan described line by line, amounts as the UI shows them.

`describe_plan` returns lazy, translated lines (lazy_gettext strings formatted with values) that a
template only loops over; `charge_label` words one line of the cost calculator. Amounts are formatted
with Babel's `format_decimal` (thousands separator, two decimals, never a float) behind a yuan sign;
values are lazy too, so the lines are worded in the language of the request that renders them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from marketplace.core.milestones import ends_trial, milestone_phases
from marketplace.core.money import Money
from marketplace.core.money_input import percent_text
from marketplace.core.pricing import (
    Duration,
    DurationUnit,
    Phase,
    PhaseKind,
    Plan,
    PlanKind,
    RoyaltyPeriod,
    TrialEnd,
)
from marketplace.core.schedule import ChargeKind
from marketplace.declarations.plan_storage import MILLION

MONEY_FORMAT = "#,##0.00"


def money_text(money: Money) -> str:
    """``¥50,000.00``: the amount with a thousands separator and two decimals (``-¥0.01`` below zero)."""
    sign = "-" if money.fen < 0 else ""
    return f"{sign}¥{format_decimal(abs(money.amount), format=MONEY_FORMAT)}"


def _money(money: Money) -> LazyString:
    return LazyString(money_text, money)


def duration_text(duration: Duration) -> LazyString:
    """``3 年``, ``6 个月``, ``90 天`` (translated when shown)."""
    if duration.unit is DurationUnit.YEAR:
        return _l("%(count)d years", count=duration.count)
    if duration.unit is DurationUnit.MONTH:
        return _l("%(count)d months", count=duration.count)
    return _l("%(count)d days", count=duration.count)


def _rate(rate) -> str:
    return f"{percent_text(rate)}%"


def _stage_line(number: int, phase: Phase, last: bool) -> LazyString:
    if last or phase.duration is None:
        return _l("Stage %(n)d: until the end of the licence term, fee %(fee)s, due at the start of the "
                  "stage.", n=number, fee=_money(phase.fee))
    return _l("Stage %(n)d: %(length)s, fee %(fee)s, due at the start of the stage.",
              n=number, length=duration_text(phase.duration), fee=_money(phase.fee))


def _flat(phases: list[Phase], after_trial: bool) -> list[LazyString]:
    fee = _money(phases[0].fee)
    if after_trial:
        return [_l("One-time payment of %(fee)s, due when the trial ends and the paid licence starts.",
                   fee=fee)]
    return [_l("One-time payment of %(fee)s, due when the licence takes effect.", fee=fee)]


def _staged(phases: list[Phase]) -> list[LazyString]:
    lines = [_l("Paid in %(count)d stages; each stage's fee is due at the start of the stage:",
                count=len(phases))]
    lines += [_stage_line(number, phase, number == len(phases))
              for number, phase in enumerate(phases, start=1)]
    lines.append(_l("The licensee may stop at the end of any stage and pays nothing further."))
    return lines


def _royalty(phases: list[Phase], after_trial: bool) -> list[LazyString]:
    first = phases[0]
    lines: list[LazyString] = []
    if len(phases) > 1:  # entry fee, then staged payments, plus the royalty: stage 1's fee is the entry fee
        lines.append(_l("Besides the royalty, the licence is paid in %(count)d stages (the first stage's "
                        "fee is the entry fee):", count=len(phases)))
        lines += [_stage_line(number, phase, number == len(phases))
                  for number, phase in enumerate(phases, start=1)]
    elif first.fee.fen == 0:
        lines.append(_l("No entry fee."))
    elif after_trial:
        lines.append(_l("Entry fee %(fee)s, due when the trial ends and the paid licence starts.",
                        fee=_money(first.fee)))
    else:
        lines.append(_l("Entry fee %(fee)s, due when the licence takes effect.", fee=_money(first.fee)))
    if first.royalty_rate is not None:
        if first.royalty_period is RoyaltyPeriod.QUARTER:
            lines.append(_l("Royalty: %(rate)s of net sales, reported and paid each quarter, within 30 days "
                            "after the quarter ends.", rate=_rate(first.royalty_rate)))
        else:
            lines.append(_l("Royalty: %(rate)s of net sales, reported and paid each year, within 30 days "
                            "after the year ends.", rate=_rate(first.royalty_rate)))
    if first.annual_minimum is not None and first.annual_minimum.fen:
        lines.append(_l("Annual minimum royalty: %(amount)s; a year whose royalties fall short of it is "
                        "topped up to it.", amount=_money(first.annual_minimum)))
    return lines


def _paid(kind: PlanKind, phases: list[Phase], after_trial: bool) -> list[LazyString]:
    if kind is PlanKind.FLAT:
        return _flat(phases, after_trial)
    if kind is PlanKind.STAGED:
        return _staged(phases)
    return _royalty(phases, after_trial)


def describe_plan(plan: Plan) -> list[LazyString]:
    """The plan in plain words, one line per fact, in the order an enterprise would read them."""
    phases = list(plan.phases)
    if plan.kind is PlanKind.FREE:
        return [_l("Free: no fee for the whole licence term. It is still a licence, and it is recorded.")]
    if plan.kind is not PlanKind.TRY_FIRST:
        return _paid(plan.kind, phases, after_trial=False) + _milestone_lines(plan)
    trial, following = phases[0], phases[1:]
    lines = [_l("Try first, pay later.")]
    if trial.duration is not None:
        lines.append(_l("Trial period %(length)s, trial fee %(fee)s.",
                        length=duration_text(trial.duration), fee=_money(trial.fee)))
    if plan.trial_end is TrialEnd.CONVERT:
        lines.append(_l("If the trial ends without a decision, the licence converts automatically to a paid "
                        "licence and the first charge falls due."))
    else:
        lines.append(_l("If the trial ends without a decision, the licence ends and nothing is owed."))
    lines.append(_l("During the trial the licensee may convert early, or decline at any time and owe "
                    "nothing."))
    if following and plan.conversion is not None:
        lines.append(_l("After the trial:"))
        lines += _paid(PlanKind(plan.conversion.value), following, after_trial=True)
    return lines + _milestone_lines(plan)


def _milestone_lines(plan: Plan) -> list[LazyString]:
    """What each milestone of the plan does (`core.milestones`)."""
    lines: list[LazyString] = []
    stages = [index for index, phase in enumerate(plan.phases) if phase.kind is not PhaseKind.TRIAL]
    for index, name in milestone_phases(plan):
        if ends_trial(plan.phases, index):
            lines.append(_l("The trial ends early when the milestone “%(name)s” happens: the licensee "
                            "reports it, the university confirms it, and the licence converts that day, its "
                            "first paid charge falling due then. At the latest, the trial ends at its full "
                            "length.",
                            name=name))
        else:
            lines.append(_l("Stage %(n)d's fee falls due when the milestone “%(name)s” is confirmed (the "
                            "licensee reports it, the university confirms it), at the start of the stage at "
                            "the latest.", n=stages.index(index) + 1, name=name))
    return lines


def has_royalty(plan: Plan) -> bool:
    """Whether the plan has a royalty phase (the calculator then asks for expected net sales)."""
    return any(phase.kind is PhaseKind.ROYALTY for phase in plan.phases)


def charge_label(kind: ChargeKind, stage: int | None = None,
                 period: tuple[date, date] | None = None) -> LazyString:
    """What one calculated charge is: trial fee, licence or stage fee, entry fee, estimated royalty…

    `stage` numbers a fixed or royalty phase's fee when the plan has several; `period` is the royalty
    period (or royalty year) an estimated charge is for.
    """
    if kind is ChargeKind.TRIAL_FEE:
        return _l("Trial fee")
    if kind is ChargeKind.FIXED:
        return _l("Stage %(n)d fee", n=stage) if stage else _l("One-time licence fee")
    if kind is ChargeKind.ENTRY_FEE:
        return _l("Stage %(n)d fee", n=stage) if stage and stage > 1 else _l("Entry fee")
    first, last = period if period else (None, None)
    days = {"start": first.isoformat() if first else "", "end": last.isoformat() if last else ""}
    if kind is ChargeKind.ROYALTY:
        return _l("Estimated royalty for %(start)s – %(end)s", **days)
    return _l("Estimated annual minimum true-up for %(start)s – %(end)s", **days)


@dataclass(frozen=True)
class OfferSummary:
    """A plan in a few words for a search result card: its kind, the trial on offer (if any) and what
    is paid first (None for a free plan)."""

    kind: str
    trial: LazyString | None
    price: LazyString | None


def _price_words(kind: PlanKind, phases: list[Phase]) -> LazyString | None:
    if kind is PlanKind.FLAT:
        return _l("One-time fee %(fee)s", fee=_money(phases[0].fee))
    if kind is PlanKind.STAGED:
        total = sum((phase.fee for phase in phases), Money.zero())
        return _l("First stage %(fee)s, %(total)s in all", fee=_money(phases[0].fee), total=_money(total))
    if kind is PlanKind.ROYALTY:
        first = phases[0]
        rate = _rate(first.royalty_rate) if first.royalty_rate is not None else "—"
        if first.fee.fen:
            return _l("Entry fee %(fee)s plus %(rate)s of net sales", fee=_money(first.fee), rate=rate)
        return _l("No entry fee, %(rate)s of net sales", rate=rate)
    return None


def summarise_offer(plan: Plan) -> OfferSummary:
    """The plan as a search result card shows it: "可先试用 90 天", "一次性支付 ¥60,000.00"…"""
    phases = list(plan.phases)
    if plan.kind is not PlanKind.TRY_FIRST:
        return OfferSummary(plan.kind.value, None, _price_words(plan.kind, phases))
    trial, following = phases[0], phases[1:]
    length = _l("Try first for %(length)s", length=duration_text(trial.duration)) if trial.duration else None
    price = None
    if following and plan.conversion is not None:
        after = _price_words(PlanKind(plan.conversion.value), following)
        price = _l("After the trial: %(price)s", price=after) if after is not None else None
    return OfferSummary(plan.kind.value, length, price)


def fen_text(fen: int) -> str:
    """A whole number of fen as the amount shown (¥50,000.00)."""
    return money_text(Money.from_fen(fen))


def ppm_text(ppm: int) -> str:
    """A rate stored in millionths as the percentage shown (35000 → 3.5%)."""
    return _rate(Decimal(ppm) / MILLION)
