"""Licences granted outside the marketplace (普通许可 / 独占许可 / 排他许可): when they are in their term,
which of them bar an open-licence declaration, and which dates a person may enter for them.

Patent Law art. 50–52 and Implementing Regulations art. 86–88: a declaration is barred while an exclusive
(独占) or sole (排他) licence is in its term, and while a declaration is in force no exclusive or sole licence
may be granted; ordinary licences (普通许可) negotiated outside the declaration remain possible.

The register is append-only. A licence runs from its first day to its last day, both included; an early
end recorded later says from which day it is no longer in force (`ended_on`), so its last day becomes the
day before (or stays the agreed last day when that comes first). A licence ended on or before its first
day was never in force: that is how a mistaken entry is taken out, with the reason in the record.

Nothing here reads the clock: `today` is passed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class OutsideLicenceKind(StrEnum):
    """The kind of a licence granted outside the marketplace."""

    ORDINARY = "ordinary"  # 普通许可: the patentee may license others and use the patent itself
    EXCLUSIVE = "exclusive"  # 独占许可: the licensee alone, not even the patentee
    SOLE = "sole"  # 排他许可: the licensee and the patentee, nobody else


BARRING_KINDS = frozenset({OutsideLicenceKind.EXCLUSIVE, OutsideLicenceKind.SOLE})


def refused_while_declared(kind: OutsideLicenceKind) -> bool:
    """Whether a licence of this kind may not be granted while a declaration is in force."""
    return kind in BARRING_KINDS


@dataclass(frozen=True)
class OutsideTerm:
    """A recorded licence's kind and term, with the day it ended early from, if any."""

    kind: OutsideLicenceKind
    starts_on: date  # first day
    ends_on: date  # last day agreed
    ended_on: date | None = None  # no longer in force from this day (an early end)

    @property
    def last_day(self) -> date:
        """The last day in force: the agreed last day, or the day before an early end that comes first."""
        if self.ended_on is None:
            return self.ends_on
        return min(self.ends_on, self.ended_on - timedelta(days=1))

    @property
    def never_in_force(self) -> bool:
        """Ended on or before its first day (cancelled before it began, or recorded by mistake)."""
        return self.last_day < self.starts_on

    def in_term(self, day: date) -> bool:
        """Whether the licence is in force on `day`."""
        return self.starts_on <= day <= self.last_day

    def over(self, day: date) -> bool:
        """Whether the licence's term has ended before `day` (or it was never in force)."""
        return self.never_in_force or self.last_day < day


def exclusive_licence_until(terms: Iterable[OutsideTerm], today: date) -> date | None:
    """The latest last day of the exclusive or sole licences that have not ended before `today` (one that
    has not started yet counts too: it bars a declaration as well); None when there is none."""
    return max((term.last_day for term in terms
                if term.kind in BARRING_KINDS and not term.over(today)), default=None)


class TermProblem(StrEnum):
    """Why the term entered for a licence is refused."""

    END_BEFORE_START = "end_before_start"
    START_BEFORE_FILING = "start_before_filing"
    END_AFTER_EXPIRY = "end_after_expiry"


@dataclass(frozen=True)
class TermRefusal:
    """The `problem`, the field it belongs beside ("starts_on" or "ends_on") and the bound crossed."""

    problem: TermProblem
    field: str
    limit: date


def term_refusal(starts_on: date, ends_on: date, filing_date: date, expiry: date) -> TermRefusal | None:
    """None when a licence may run from `starts_on` to `ends_on`: not before the patent was filed (an
    application can be licensed), not past the patent's last day, and ending on or after its start."""
    if starts_on < filing_date:
        return TermRefusal(TermProblem.START_BEFORE_FILING, "starts_on", filing_date)
    if ends_on > expiry:
        return TermRefusal(TermProblem.END_AFTER_EXPIRY, "ends_on", expiry)
    if ends_on < starts_on:
        return TermRefusal(TermProblem.END_BEFORE_START, "ends_on", starts_on)
    return None


class EndProblem(StrEnum):
    """Why the day entered for an early end is refused."""

    AFTER_TODAY = "after_today"  # it has not happened yet
    AFTER_LAST_DAY = "after_last_day"  # the licence had ended by then anyway
    BEFORE_START = "before_start"  # before the licence began (or, for one not begun, before today)


@dataclass(frozen=True)
class EndRefusal:
    """The `problem` and the bound the day crossed."""

    problem: EndProblem
    limit: date


def early_end_refusal(ended_on: date, starts_on: date, ends_on: date, today: date) -> EndRefusal | None:
    """None when a licence may be recorded as no longer in force from `ended_on`: an event that happened
    (not after today), within its term (not after its agreed last day, not before its first day). A
    licence that has not begun ends from today, when it is cancelled."""
    if ended_on > today:
        return EndRefusal(EndProblem.AFTER_TODAY, today)
    if ended_on > ends_on:
        return EndRefusal(EndProblem.AFTER_LAST_DAY, ends_on)
    earliest = min(starts_on, today)
    if ended_on < earliest:
        return EndRefusal(EndProblem.BEFORE_START, earliest)
    return None
