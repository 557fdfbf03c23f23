"""Annual fees (年费) of a granted patent: amounts, due dates, the late period and its surcharge, the
reduction while an open-licence declaration is in force. No Flask, no clock: dates are passed in.

- **Amounts** come from the official schedule kept as data (`data/annual_fees.toml`, with its sources):
  yuan per patent year, by kind of patent.
- **Due dates**: patent year n runs from the filing date's (n−1)-th anniversary; the fee for year n
  (n ≥ 2) is due on that anniversary, filing date + (n−1) years, computed from the filing date every time
  (29 February becomes 28 February in a common year, and the next leap year is 29 February again).
- **Which years**: the fee for the year the patent was granted in is paid at grant registration; the
  fees of the later years up to the end of the term (`patent_term.term_years`) are the annual fees
  tracked here. A patent without a grant date has none.
- **Late period**: a fee unpaid on its due date may still be paid within six months after it (calendar
  months from the due date, clamped to the month's end, as `calendar.add_months`), with a surcharge
  (滞纳金) of 5% of the full, unreduced fee per whole month late beyond the first: late up to one month
  0%, more than one up to two months 5%, … more than five up to six months 25%. Paid later, it is
  refused: at the end of the late period unpaid the patent lapses (its right ends as of that due date).
- **Reduction**: the fee of a year whose due date falls while a declaration is in force is 85% of the
  schedule amount (rounded half up to the fen); the surcharge is always on the full fee.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from marketplace.core.application_number import PatentType
from marketplace.core.calendar import add_days, add_months, add_years
from marketplace.core.money import Money
from marketplace.core.patent_term import term_years

DATA_FILE = Path(__file__).with_name("data") / "annual_fees.toml"
REDUCTION_RATE = Decimal("0.85")  # what is paid of the fee while declared (a 15% reduction)
REMINDER_DAYS = 30  # reminders go out this many days before a due date and before a late period ends


@dataclass(frozen=True)
class FeeBand:
    """Patent years `first` … `last` (both included) cost `amount` each."""

    first: int
    last: int
    amount: Money


@dataclass(frozen=True)
class FeeSchedule:
    """The official schedule: bands per kind of patent, the late-payment rule, and where they come from."""

    bands: dict[PatentType, tuple[FeeBand, ...]]
    late_months: int
    percent_per_month: int
    free_months: int
    sources: dict[str, str]

    def amount(self, patent_type: PatentType, year: int) -> Money:
        """The full fee of patent year `year`; ValueError when the schedule has none for it."""
        for band in self.bands[patent_type]:
            if band.first <= year <= band.last:
                return band.amount
        raise ValueError(f"no annual fee for year {year} of a {patent_type}")


def load_schedule(path: Path = DATA_FILE) -> FeeSchedule:
    """Read and check the schedule: each kind's bands run from year 1 without gaps, amounts positive."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    bands: dict[PatentType, list[FeeBand]] = {kind: [] for kind in PatentType}
    for row in data["band"]:
        first, last = (int(year) for year in row["years"])
        bands[PatentType(row["type"])].append(FeeBand(first, last, Money(int(row["yuan"]))))
    for kind, rows in bands.items():
        rows.sort(key=lambda band: band.first)
        expected = 1
        for band in rows:
            if band.first != expected or band.last < band.first or band.amount <= Money.zero():
                raise ValueError(f"{path.name}: the bands of {kind} must run from year 1 without gaps")
            expected = band.last + 1
    late = data["late_payment"]
    return FeeSchedule(bands={kind: tuple(rows) for kind, rows in bands.items()},
                       late_months=int(late["months"]), percent_per_month=int(late["percent_per_month"]),
                       free_months=int(late["free_months"]), sources=dict(data["source"]))


SCHEDULE = load_schedule()


class LatePeriodOver(ValueError):
    """A payment day after the end of the late period: the fee can no longer be paid (the patent lapsed)."""


class FeeStatus(StrEnum):
    """Where one year's fee stands on a day."""

    PAID = "paid"
    DUE = "due"  # not yet past its due date
    LATE = "late"  # past its due date, inside the late period
    LAPSED = "lapsed"  # the late period ended unpaid (or an earlier year's did): no longer payable


def due_date(filing_date: date, year: int) -> date:
    """The due date of the fee for patent year `year`: filing date + (year − 1) years."""
    if year < 1:
        raise ValueError("patent years start at 1")
    return add_years(filing_date, year - 1)


def late_period_end(due: date, schedule: FeeSchedule = SCHEDULE) -> date:
    """The last day the fee due on `due` may still be paid (with the surcharge): six months later."""
    return add_months(due, schedule.late_months)


def patent_year_on(filing_date: date, day: date) -> int:
    """The patent year `day` falls in (1 from the filing date to the day before its first anniversary)."""
    if day < filing_date:
        raise ValueError("the day is before the filing date")
    year = day.year - filing_date.year + 1
    if due_date(filing_date, year) > day:
        year -= 1
    return year


def fee_years(patent_type: PatentType, filing_date: date, grant_date: date | None) -> range:
    """The patent years whose annual fees are tracked: those after the year of grant, to the term's end."""
    if grant_date is None:
        return range(0)
    return range(patent_year_on(filing_date, grant_date) + 1, term_years(patent_type, filing_date) + 1)


def in_force_on(day: date, periods: Iterable[tuple[date, date | None]]) -> bool:
    """Whether `day` lies in one of the declaration periods (first day, last day or None while in force)."""
    return any(start <= day and (end is None or day <= end) for start, end in periods)


def months_late(due: date, paid_on: date) -> int:
    """0 when paid on or before the due date; else the k ≥ 1 with due + (k−1) months < paid_on ≤ due + k
    months (each boundary computed from the due date)."""
    if paid_on <= due:
        return 0
    months = (paid_on.year - due.year) * 12 + paid_on.month - due.month
    months = max(months, 1)
    while add_months(due, months - 1) >= paid_on:
        months -= 1
    while add_months(due, months) < paid_on:
        months += 1
    return months


def surcharge_percent(due: date, paid_on: date, schedule: FeeSchedule = SCHEDULE) -> int:
    """The surcharge in percent of the full fee for paying on `paid_on`; LatePeriodOver after the late
    period."""
    late = months_late(due, paid_on)
    if late > schedule.late_months:
        raise LatePeriodOver(f"the late period ended on {late_period_end(due, schedule).isoformat()}")
    return schedule.percent_per_month * max(0, late - schedule.free_months)


@dataclass(frozen=True)
class AnnualFee:
    """The fee of one patent year: its due date, the last day of its late period, the full schedule
    amount, and whether the 15% reduction applies (a declaration in force on the due date)."""

    year: int
    due: date
    late_end: date
    full: Money
    reduced: bool

    @property
    def amount(self) -> Money:
        """What is paid on time: the full fee, or 85% of it while declared."""
        return self.full.times(REDUCTION_RATE) if self.reduced else self.full

    def reminder_days(self) -> tuple[date, date, date]:
        """The days the reminders start: 30 days before the due date, the due date, 30 days before the
        late period ends."""
        return (add_days(self.due, -REMINDER_DAYS), self.due, add_days(self.late_end, -REMINDER_DAYS))


def annual_fee(patent_type: PatentType, year: int, filing_date: date,
               declared: Iterable[tuple[date, date | None]] = (),
               schedule: FeeSchedule = SCHEDULE) -> AnnualFee:
    """The fee of patent year `year`; `declared` are the periods a declaration was (or is) in force."""
    due = due_date(filing_date, year)
    return AnnualFee(year=year, due=due, late_end=late_period_end(due, schedule),
                     full=schedule.amount(patent_type, year), reduced=in_force_on(due, declared))


@dataclass(frozen=True)
class FeePayment:
    """What paying a year's fee on a day costs: the fee (reduced or not), the surcharge, the total."""

    fee: Money
    surcharge: Money
    percent: int

    @property
    def total(self) -> Money:
        return self.fee + self.surcharge


def payment_on(fee: AnnualFee, paid_on: date, schedule: FeeSchedule = SCHEDULE) -> FeePayment:
    """The amounts of paying `fee` on `paid_on`; LatePeriodOver after its late period."""
    percent = surcharge_percent(fee.due, paid_on, schedule)
    return FeePayment(fee=fee.amount, surcharge=fee.full.portion(percent, 100), percent=percent)


def fee_status(fee: AnnualFee, paid: bool, today: date) -> FeeStatus:
    """The status of one year's fee on `today`, on its own (an earlier lapse is the caller's to apply)."""
    if paid:
        return FeeStatus.PAID
    if today <= fee.due:
        return FeeStatus.DUE
    if today <= fee.late_end:
        return FeeStatus.LATE
    return FeeStatus.LAPSED


def counts_as_paid(fee: AnnualFee, tracked_from: date) -> bool:
    """A fee due before the register started tracking the patent counts as paid: the register holds
    no record of payments made before it."""
    return fee.due < tracked_from
