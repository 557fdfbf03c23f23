"""Which licences the ledger benchmark holds on its day: the events due, and the background.

Due on the benchmark day (`Due`): charges falling due that day on active licences, trials whose last
day was yesterday (half convert, so their first paid charge falls due the same day and is counted
among the charges; half expire), and trials whose reminder goes out that day (last day in 6 days).

The background is what a marketplace that has run for years holds: mostly active licences started
over the last three years (past charges posted and paid, a few within the grace period unpaid or
partly paid, future charges not posted; a few asked to stop at the end of their stage), trials still
running (reminded when their end is near), some licences overdue or suspended (but not changing
standing that day), and ended licences — completed with everything paid (a few stopped at a stage),
trials expired or declined (the unposted charges of those that ended early voided, as the app does).
Every background licence is checked against its real schedule so that nothing of it falls due on
the day: the events a run finds are exactly those of `Due`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from random import Random

from bench.ledger_rows import Spec, schedule_of
from bench.ledger_world import BY_NAME, DECLARED_ON, Template
from marketplace.core.calendar import add_months
from marketplace.core.licence_state import DunningPolicy, LicenceStatus

TERM_DAYS = {"flat": 1095, "quarterly": 1095, "staged": 1095, "royalty": 1826, "free": 730,
             "trial_convert": 1095, "trial_expire": 1095}
TRIAL_DAYS = 90
BACKGROUND = {"active": 0.71, "stopping": 0.005, "trial": 0.05, "overdue": 0.01, "suspended": 0.005,
              "completed": 0.125, "stopped": 0.01, "expired": 0.06, "declined": 0.025}
ACTIVE_TEMPLATES = {"flat": 0.2, "quarterly": 0.25, "staged": 0.2, "royalty": 0.1, "free": 0.05,
                    "trial_convert": 0.2}
DUE_TEMPLATES = {"flat": 0.2, "quarterly": 0.35, "staged": 0.15, "royalty": 0.1, "trial_convert": 0.2}
DUNNING_TEMPLATES = ("quarterly", "staged", "trial_convert")
ENDED_TEMPLATES = ("flat", "quarterly", "staged", "free", "trial_convert")
STAGED_TEMPLATES = ("quarterly", "staged")


@dataclass(frozen=True)
class Due:
    """The events due on the day: charges on active licences, trials ending (`converting` of them
    convert, each adding its first paid charge), and reminders."""

    active_charges: int
    converting: int
    expiring: int
    reminders: int

    @classmethod
    def split(cls, events: int) -> Due:
        """`events` as 60 % charges (a sixth of them from converting trials), 20 % trials ending, 20 %
        reminders: 10,000 → 5,000 + 1,000 charges, 1,000 + 1,000 trials ending, 2,000 reminders."""
        converting = events // 10
        trials = events // 5
        reminders = events // 5
        return cls(events - converting - trials - reminders, converting, trials - converting, reminders)

    @property
    def licences(self) -> int:
        """Licences that have an event on the day."""
        return self.active_charges + self.converting + self.expiring + self.reminders

    def expected(self) -> dict[str, int]:
        """What `run_due` must report."""
        return {"reminders": self.reminders, "trials_ended": self.converting + self.expiring,
                "charges_posted": self.active_charges + self.converting, "settled": 0, "suspended": 0,
                "overdue": 0, "completed": 0, "filings_overdue": 0, "meeting_reminders": 0,
                "patents_lapsed": 0, "fee_reminders": 0}  # its patents' annual fees count as paid


class Mix:
    """Draws licence specs for a benchmark day."""

    def __init__(self, today: date, policy: DunningPolicy, expiry: date, rng: Random) -> None:
        self.today, self.policy, self.expiry, self.rng = today, policy, expiry, rng

    def _pick(self, weights: dict[str, float]) -> Template:
        return BY_NAME[self.rng.choices(list(weights), weights=list(weights.values()))[0]]

    def _days(self, low: int, high: int) -> date:
        """A day between `low` and `high` days before today (negative: after today)."""
        return self.today - timedelta(days=self.rng.randint(low, high))

    def _draw(self, make: Callable[[], Spec | None]) -> Spec:
        for _ in range(1000):
            spec = make()
            if spec is not None:
                return spec
        raise RuntimeError("no licence fits the mix; check the benchmark day and the templates")

    def _schedule(self, spec_or_template, start: date):
        template = spec_or_template if isinstance(spec_or_template, Template) else spec_or_template.template
        return schedule_of(template, start, self.expiry)

    # --- the events due -------------------------------------------------------------------------------

    def due(self, due: Due) -> Iterator[Spec]:
        """The licences with an event today, in a shuffled order."""
        specs = [self._draw(self._charge_due) for _ in range(due.active_charges)]
        specs += [self._trial_ending("trial_convert") for _ in range(due.converting)]
        specs += [self._trial_ending("trial_expire") for _ in range(due.expiring)]
        specs += [self._reminder_due() for _ in range(due.reminders)]
        self.rng.shuffle(specs)
        return iter(specs)

    def _charge_due(self) -> Spec | None:
        """An active licence with a charge due today (its earlier charges posted and paid)."""
        template = self._pick(DUE_TEMPLATES)
        step = {"flat": 0, "royalty": 0, "quarterly": 3, "staged": 12, "trial_convert": 3}[template.name]
        if template.name == "trial_convert":
            start = add_months(self.today, -step * self.rng.randint(1, 3)) - timedelta(days=TRIAL_DAYS)
        else:
            start = add_months(self.today, -step * self.rng.randint(0, 11 if step == 3 else 2))
        spec = self._active(template, start)
        charges = self._schedule(template, start).charges
        if spec is None or not any(charge.due == self.today for charge in charges):
            return None
        return spec

    def _trial_ending(self, name: str) -> Spec:
        """A trial whose last day was yesterday, reminded a week ago."""
        start = self.today - timedelta(days=TRIAL_DAYS)
        return Spec(BY_NAME[name], start, LicenceStatus.TRIAL, reminded_on=self.today - timedelta(days=7))

    def _reminder_due(self) -> Spec:
        """A trial whose last day is in six days: its reminder goes out today."""
        name = "trial_convert" if self.rng.random() < 0.5 else "trial_expire"
        return Spec(BY_NAME[name], self.today - timedelta(days=TRIAL_DAYS - 7), LicenceStatus.TRIAL)

    # --- the background -------------------------------------------------------------------------------

    def background(self, count: int) -> Iterator[Spec]:
        """`count` licences with nothing due today."""
        makers = {"active": self._background_active, "stopping": self._stopping, "trial": self._trial_running,
                  "overdue": self._overdue, "suspended": self._suspended, "completed": self._completed,
                  "stopped": self._stopped, "expired": self._expired, "declined": self._declined}
        kinds = self.rng.choices(list(BACKGROUND), weights=list(BACKGROUND.values()), k=count)
        for kind in kinds:
            yield self._draw(makers[kind])

    def _quiet(self, template: Template, start: date) -> bool:
        """Nothing of the licence's schedule falls due today and its term has not ended."""
        schedule = self._schedule(template, start)
        return schedule.end >= self.today and all(charge.due != self.today for charge in schedule.charges)

    def _converted(self, template: Template, start: date) -> dict:
        """The trial steps of a licence whose trial ended (and converted) before today."""
        last = self._schedule(template, start).trial[1]
        return {"reminded_on": last - timedelta(days=6), "decided": ("converted", last + timedelta(days=1))}

    def _active(self, template: Template, start: date) -> Spec | None:
        """An active licence from `start`: past charges paid, a few within the grace period not (yet)."""
        trial = {}
        if template.trial:
            if self._schedule(template, start).trial[1] >= self.today - timedelta(days=1):
                return None
            trial = self._converted(template, start)
        return Spec(template, start, LicenceStatus.ACTIVE, open_share=0.3, partial=True,
                    open_from=self.today - timedelta(days=self.policy.grace_days - 1), **trial)

    def _background_active(self) -> Spec | None:
        template = self._pick(ACTIVE_TEMPLATES)
        start = self._days(-30, TERM_DAYS[template.name] - 1)
        return self._active(template, start) if self._quiet(template, start) else None

    def _stopping(self) -> Spec | None:
        """An active staged licence whose enterprise asked to stop at the end of the current stage."""
        template = BY_NAME[self.rng.choice(STAGED_TEMPLATES)]
        start = self._days(1, TERM_DAYS[template.name] - 1)
        later = [charge.due for charge in self._schedule(template, start).charges if charge.due > self.today]
        spec = self._active(template, start) if self._quiet(template, start) and later else None
        if spec is None:
            return None
        asked = max(self.today - timedelta(days=self.rng.randint(1, 30)), start)
        return replace(spec, stops_on=later[0] - timedelta(days=1), stop_requested=asked)

    def _stopped(self) -> Spec | None:
        """A staged licence stopped at a stage before yesterday, everything up to then paid; the charges
        after its stop stay unposted."""
        template = BY_NAME[self.rng.choice(STAGED_TEMPLATES)]
        start = self._days(60, TERM_DAYS[template.name] - 1)
        stages = [charge.due for charge in self._schedule(template, start).charges[1:]
                  if charge.due <= self.today - timedelta(days=2)]
        if not stages:
            return None
        stops_on = self.rng.choice(stages) - timedelta(days=1)
        asked = max(stops_on - timedelta(days=self.rng.randint(1, 60)), start)
        return Spec(template, start, LicenceStatus.COMPLETED, stops_on=stops_on, stop_requested=asked,
                    steps=(("stopped_at_stage", stops_on + timedelta(days=1)),))

    def _trial_running(self) -> Spec | None:
        """A trial still running; reminded when its last day is within six days."""
        template = BY_NAME[self.rng.choice(("trial_convert", "trial_expire"))]
        start = self._days(-30, TRIAL_DAYS - 1)
        last = self._schedule(template, start).trial[1]
        if last == self.today + timedelta(days=6):
            return None  # its reminder would be due today
        reminded = max(last - timedelta(days=6), start) if last <= self.today + timedelta(days=5) else None
        return Spec(template, start, LicenceStatus.TRIAL, reminded_on=reminded)

    def _unpaid_from(self, template: Template, start: date, low: int, high: int) -> date | None:
        """The first charge due between `high` and `low` days ago, if the licence is otherwise quiet."""
        if not self._quiet(template, start) or (template.trial and self._schedule(template, start).trial[1]
                                                >= self.today - timedelta(days=1)):
            return None
        window = [charge.due for charge in self._schedule(template, start).charges
                  if self.today - timedelta(days=high) <= charge.due <= self.today - timedelta(days=low)]
        return min(window, default=None)

    def _overdue(self) -> Spec | None:
        """Overdue: a charge unpaid past the grace period, not yet past the suspension threshold."""
        template = BY_NAME[self.rng.choice(DUNNING_TEMPLATES)]
        start = self._days(60, TERM_DAYS[template.name] - 1)
        grace, suspend = self.policy.grace_days, self.policy.suspend_after_days
        unpaid = self._unpaid_from(template, start, grace + 2, suspend - 1)
        if unpaid is None:
            return None
        trial = self._converted(template, start) if template.trial else {}
        return Spec(template, start, LicenceStatus.OVERDUE, open_from=unpaid, open_share=1.0,
                    steps=(("overdue", unpaid + timedelta(days=grace + 1)),), **trial)

    def _suspended(self) -> Spec | None:
        """Suspended: a charge unpaid past the suspension threshold."""
        template = BY_NAME[self.rng.choice(DUNNING_TEMPLATES)]
        start = self._days(120, TERM_DAYS[template.name] - 1)
        grace, suspend = self.policy.grace_days, self.policy.suspend_after_days
        unpaid = self._unpaid_from(template, start, suspend + 2, 400)
        if unpaid is None:
            return None
        trial = self._converted(template, start) if template.trial else {}
        return Spec(template, start, LicenceStatus.SUSPENDED, open_from=unpaid, open_share=1.0,
                    steps=(("overdue", unpaid + timedelta(days=grace + 1)),
                           ("suspended", unpaid + timedelta(days=suspend + 1))), **trial)

    def _completed(self) -> Spec | None:
        """Completed: the term ended before yesterday with everything paid."""
        template = BY_NAME[self.rng.choice(ENDED_TEMPLATES)]
        start = self._days(TERM_DAYS[template.name] + 2, 6 * 365)
        end = self._schedule(template, start).end
        if start <= DECLARED_ON or end >= self.today - timedelta(days=1):
            return None
        trial = self._converted(template, start) if template.trial else {}
        return Spec(template, start, LicenceStatus.COMPLETED, steps=(("completed", end + timedelta(days=1)),),
                    **trial)

    def _expired(self) -> Spec | None:
        """A trial that lapsed under an `expire` policy; its conversion charge stays unposted."""
        template = BY_NAME["trial_expire"]
        start = self._days(TRIAL_DAYS + 1, 3 * 365)
        last = self._schedule(template, start).trial[1]
        return Spec(template, start, LicenceStatus.EXPIRED, reminded_on=last - timedelta(days=6),
                    decided=("expired", last + timedelta(days=1)))

    def _declined(self) -> Spec | None:
        """A trial the enterprise declined; reminded first when it declined in the last week."""
        template = BY_NAME[self.rng.choice(("trial_convert", "trial_expire"))]
        start = self._days(1, 3 * 365)
        last = self._schedule(template, start).trial[1]
        day = min(start + timedelta(days=self.rng.randint(0, TRIAL_DAYS - 1)), self.today - timedelta(days=1))
        reminder = last - timedelta(days=6)
        return Spec(template, start, LicenceStatus.DECLINED,
                    reminded_on=reminder if day >= reminder else None, decided=("declined", day))
