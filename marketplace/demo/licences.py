"""Demo licences: licences of the demo offers, taken by the demo enterprises in the months before the
demo's today, through the real services.

Time is moved the way production moves it: each licence is taken on its start day (with that day as
`today`), the due-date job runs on every day something may fall due up to the demo's today, and payments,
trial decisions, royalty reports and transfer notices happen on their own days in between. So every
charge, ledger posting, reminder and history step is the one the product itself would have written.

What the demo shows on its today (T): a trial ending within a week (its reminder sent), a trial
converted early and paid, one declined, one expired, a flat licence paid and filed with CNIPA, a staged
licence with its first instalment paid and the next one due later, a flat licence overdue (unpaid past
the 30-day grace period), a royalty licence with a report filed and a transfer notice waiting for the
university, a staged royalty licence, a free licence, and an instalment paid in part.

The year's story (`YEAR_PLAYS`, started on days spread over the months of the demo's year, from 1 January
to its today): 内蒙古科技大学 serves more than ten enterprises this year, the other universities fewer;
licences of every kind of offer, most paid, one left unpaid past its grace period; trials converted and
one running into next year; a quarterly royalty licence whose last quarter ended days ago and is ready to
report; 备案 filed for the licences older than three months but one (the staged royalty licence, overdue),
and still due for the recent ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.licence_state import DunningPolicy
from marketplace.core.money import Money
from marketplace.core.pricing import PlanKind, TrialEnd
from marketplace.declarations.models import Declaration
from marketplace.declarations.plan_storage import read_plan
from marketplace.demo import data
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.notices import notify_transfer
from marketplace.ledger.payments import outstanding, record_payment
from marketplace.licensing.filing import record_filing
from marketplace.licensing.models import LIVE_STATUSES, Licence, LicenceCharge
from marketplace.licensing.services import decide_trial, take_licence
from marketplace.royalties.services import file_report, royalty_periods


@dataclass(frozen=True)
class Act:
    """Something done on a licence `after` days from its start.

    `kind`: "pay" (the university records a transfer received; `amount` None pays all that is open),
    "notify" (the enterprise notifies a transfer sent the day before, all that is open), "convert",
    "decline", "report" (the enterprise files its first open royalty period's net sales, `amount`),
    "file" (the CNIPA filing of the contract is recorded). A transfer's bank reference is `reference`
    and the day it was sent; a filing number is the year and `reference`.
    """

    after: int
    kind: str
    reference: str = ""
    amount: str | None = None


@dataclass(frozen=True)
class Play:
    """One demo licence: the enterprise user (e-mail local part), the offer (see `_offer_name`), the start
    (days before the demo's today) and what happens to it."""

    user: str
    offer: str
    days_before: int
    acts: tuple[Act, ...] = ()
    in_year: float | None = None  # instead of `days_before`: this far through the year up to today (0…1)

    def start(self, today: date) -> date:
        """The day the licence is taken."""
        if self.in_year is None:
            return today - timedelta(days=self.days_before)
        first = date(today.year, 1, 1)
        return first + timedelta(days=int((today - first).days * self.in_year))


PLAYS = (
    # 包头稀宝: a flat licence paid and filed; the 90-day trial converted early and its first instalment paid;
    # the 12-month trial of rare-earth steel still running (it converts by itself when it ends).
    Play("xibao", "flat", 160, (Act(8, "pay", "ICBC-XB"), Act(20, "file", "990000318"))),
    Play("xibao", "trial_expire", 130, (Act(15, "convert"), Act(40, "file", "990000327"),
                                        Act(94, "pay", "ICBC-XB"))),
    Play("xibao", "trial_convert", 100, (Act(30, "file", "990000335"),)),
    # 鄂尔多斯绿氢: the staged licence with its first instalment paid, the royalty licence with its first
    # quarter reported and a transfer notice for the royalty waiting, and a declined trial.
    Play("lvqing", "instalments", 150, (Act(7, "pay", "BOC-LQ"), Act(30, "file", "990000342"))),
    Play("lvqing", "royalty", 130, (Act(5, "pay", "BOC-LQ"), Act(45, "file", "990000356"),
                                    Act(100, "report", amount="286400.00"), Act(125, "notify", "BOC-LQ"))),
    Play("lvqing", "trial_expire", 70, (Act(12, "decline"),)),
    # 乌海煤化: the staged royalty licence (nothing due in its first year), a flat licence overdue,
    # and a trial that ended without a decision (expired, nothing owed).
    Play("meihua", "staged_royalty", 95),
    Play("meihua", "flat", 48),
    Play("meihua", "trial_expire", 110),
    # 呼和浩特蒙乳: the trial ending within the week, a free licence in its second year, and the first
    # instalment of a staged licence paid in part.
    Play("mengru", "trial_expire", 85),
    Play("mengru", "free", 380, (Act(60, "file", "990000104"),)),
    Play("mengru", "instalments", 25, (Act(10, "pay", "ABC-MR", "20000.00"),)),
)

# Offers named by the application number of their patent (see `offers._more_plans` for their plans).
CO_OWNED_STAGED = "201910587362.8"  # 内蒙古科技大学, three yearly instalments
UTILITY_FLAT = "202021563904.2"  # 内蒙古科技大学, flat
TRIAL_TO_ROYALTY = "202110235718.9"  # 内蒙古科技大学, 6-month trial converting to a quarterly royalty
TRIAL_THEN_ROYALTY = "201911207634.3"  # 内蒙古农业大学, 3-month trial, then a yearly royalty
YEARLY_ROYALTY = "201710436158.7"  # 内蒙古农业大学, yearly royalty with an annual minimum
FARM_FLAT = "202220936145.2"  # 内蒙古农业大学, flat
MEDICAL_FLAT = "201610528364.6"  # 内蒙古医科大学, flat

YEAR_PLAYS = (
    # 内蒙古科技大学's enterprises of the year, besides the four above.
    Play("caoyuan", "flat", 0, (Act(10, "pay", "RCC-CY"), Act(30, "file", "990000412")), in_year=0.04),
    Play("yumi", "instalments", 0, (Act(6, "pay", "BOC-YM"), Act(35, "file", "990000425")), in_year=0.13),
    Play("hetao", UTILITY_FLAT, 0, (Act(20, "file", "990000433"), Act(45, "pay", "ABC-HT")), in_year=0.22),
    Play("fengdian", "trial_convert", 0, (Act(25, "file", "990000448"), Act(60, "convert")), in_year=0.31),
    Play("ganglian", "trial_expire", 0, (Act(20, "file", "990000451"), Act(30, "convert"),
                                         Act(95, "pay", "ICBC-GL")), in_year=0.42),
    Play("hengtai", "flat", 0, (Act(12, "pay", "BOC-HT"), Act(28, "file", "990000469")), in_year=0.55),
    Play("mengyao", CO_OWNED_STAGED, 0, (Act(4, "pay", "ABC-MY"), Act(21, "file", "990000474")),
         in_year=0.66),
    Play("yungu", TRIAL_TO_ROYALTY, 0, (Act(30, "file", "990000486"),), in_year=0.78),
    Play("malingshu", "instalments", 0, (), in_year=0.96),
    # The quarterly royalty licence ready to report: its entry fee paid, its first quarter reported and
    # paid, the quarter that ended days ago still to report.
    Play("yumi", "royalty", 195, (Act(5, "pay", "BOC-YM"), Act(30, "file", "990000492"),
                                  Act(100, "report", amount="412500.00"), Act(122, "pay", "BOC-YM"))),
    # 内蒙古农业大学 and 内蒙古医科大学.
    Play("caoyuan", YEARLY_ROYALTY, 0, (Act(8, "pay", "RCC-CY"), Act(40, "file", "990000505")), in_year=0.27),
    Play("malingshu", TRIAL_THEN_ROYALTY, 0, (Act(20, "convert"), Act(50, "file", "990000513")),
         in_year=0.18),
    Play("hetao", FARM_FLAT, 0, (Act(15, "pay", "ABC-HT"), Act(35, "file", "990000528")), in_year=0.49),
    Play("mengyao", MEDICAL_FLAT, 0, (Act(9, "pay", "ABC-MY"), Act(40, "file", "990000536")), in_year=0.37),
    Play("hengtai", MEDICAL_FLAT, 0, (), in_year=0.88),
)


def _offer_name(declaration: Declaration) -> str:
    """Which demo offer a declaration is, by the shape of its plan."""
    plan = read_plan(declaration)
    if plan.kind is PlanKind.TRY_FIRST:
        return "trial_convert" if plan.trial_end is TrialEnd.CONVERT else "trial_expire"
    if plan.kind is PlanKind.STAGED:
        return "instalments"
    if plan.kind is PlanKind.ROYALTY:
        return "staged_royalty" if len(plan.phases) > 1 else "royalty"
    return str(plan.kind)


def _offers() -> dict[str, Declaration]:
    """The first published declaration of each kind of demo offer, and every published declaration by its
    patent's application number."""
    offers: dict[str, Declaration] = {}
    for declaration in db.session.scalars(select(Declaration).where(Declaration.status == "published")
                                          .order_by(Declaration.id)):
        offers.setdefault(_offer_name(declaration), declaration)
        offers[declaration.patent.application_number] = declaration
    return offers


def _morning(day: date) -> datetime:
    """10:00 in Shanghai on `day`, the moment a demo step happens."""
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)


def _act(act: Act, licence: Licence, user: User, day: date) -> None:
    """Do `act` on `licence` today, as `user` (the enterprise) or the university would."""
    if act.kind == "pay":
        amount = Money(act.amount) if act.amount else outstanding(licence)
        record_payment(licence, amount, f"{act.reference}-{day:%Y%m%d}", day)
    elif act.kind == "notify":
        sent = day - timedelta(days=1)
        notify_transfer(licence, user, outstanding(licence), f"{act.reference}-{sent:%Y%m%d}", sent, day)
    elif act.kind in ("convert", "decline"):
        decide_trial(licence, user, act.kind == "convert", day)
    elif act.kind == "report":
        period = next(p.period for p in royalty_periods(licence) if p.open_for_report(day))
        file_report(licence, user, period.start, Money(act.amount or "0"), day)
    elif act.kind == "file":
        record_filing(licence, user, day, f"{day.year}{act.reference}", day)
    else:
        raise ValueError(f"unknown demo act {act.kind!r}")


def _due_days(policy: DunningPolicy | None = None) -> set[date]:
    """Every day on which the due-date job may have something to do for the licences as they stand: a
    charge falling due, passing its grace period or the suspension threshold, a trial's reminder and end,
    a term's end and a 备案 deadline passing. The job catches up with whatever fell due before the day it
    runs, so running it on these days only (and on the day after something is done) gives the same ledger
    as running it every day, in a fraction of the time."""
    policy = policy or DunningPolicy()
    days: set[date] = set()
    for due in db.session.scalars(select(LicenceCharge.due_date).where(
            LicenceCharge.voided_on.is_(None), LicenceCharge.settled_on.is_(None))):
        days |= {due, due + timedelta(days=policy.grace_days + 1),
                 due + timedelta(days=policy.suspend_after_days + 1)}
    for trial_last, end, stops, deadline in db.session.execute(select(
            Licence.trial_last_day, Licence.end_date, Licence.stops_on, Licence.filing_deadline)
            .where(Licence.status.in_(LIVE_STATUSES))):
        if trial_last is not None:
            days |= {trial_last - timedelta(days=7), trial_last + timedelta(days=1)}
        days |= {day + timedelta(days=1) for day in (end, stops, deadline) if day is not None}
    return days


def seed_licences(today: date) -> int:
    """Take the demo licences and run them forward to `today`, unless any licence exists; returns how many
    were taken. Plays whose offer or enterprise user is missing are left out."""
    if db.session.scalar(select(Licence.id).limit(1)) is not None:
        return 0
    offers = _offers()
    users = {user.email.split("@")[0]: user for user in db.session.scalars(
        select(User).where(User.role == Role.ENTERPRISE_USER, User.email.like(f"%@{data.EMAIL_DOMAIN}")))}
    plays = [play for play in (*PLAYS, *YEAR_PLAYS) if play.offer in offers and play.user in users]
    if not plays:
        return 0
    starts = [play.start(today) for play in plays]
    acts = {(starts[index] + timedelta(days=act.after), index): act
            for index, play in enumerate(plays) for act in play.acts}
    busy = set(starts) | {day for day, _ in acts}  # the day after, the job settles what was paid
    licences: dict[int, int] = {}
    due_days: set[date] = set()
    day = min(starts)
    while day <= today:
        if day in starts:
            for index, play in enumerate(plays):
                if starts[index] == day:
                    declaration = offers[play.offer]
                    patent = db.session.get(Patent, declaration.patent_id)
                    licence = take_licence(users[play.user], patent, declaration.id, day, day, _morning(day))
                    licences[index] = licence.id
            due_days = _due_days()
        if day in due_days or day - timedelta(days=1) in busy or day == today:
            run_due(day)
            due_days = _due_days()
        for index in range(len(plays)):
            act = acts.get((day, index))
            if act is not None and index in licences:
                _act(act, db.session.get(Licence, licences[index]), users[plays[index].user], day)
        day += timedelta(days=1)
    db.session.flush()
    return len(licences)
