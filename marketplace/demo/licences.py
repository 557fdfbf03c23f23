"""Demo licences: a dozen licences of the demo offers, taken by the demo enterprises in the months before the
demo's today, through the real services.

Time is moved the way production moves it: each licence is taken on its start day (with that day as
`today`), the due-date job runs for every day from the first start up to the demo's today, and payments,
trial decisions, royalty reports and transfer notices happen on their own days in between. So every
charge, ledger posting, reminder and history step is the one the product itself would have written.

What the demo shows on its today (T): a trial ending within a week (its reminder sent), a trial
converted early and paid, one declined, one expired, a flat licence paid and filed with CNIPA, a staged
licence with its first instalment paid and the next one due later, a flat licence overdue (unpaid past
the 30-day grace period), a royalty licence with a report filed and a transfer notice waiting for the
university, a staged royalty licence, a free licence, and an instalment paid in part.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
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
from marketplace.licensing.models import Licence
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


PLAYS = (
    # 包头稀宝: a flat licence paid and filed; the 90-day trial converted early and its first instalment paid;
    # the 12-month trial of rare-earth steel still running (it converts by itself when it ends).
    Play("xibao", "flat", 160, (Act(8, "pay", "ICBC-XB"), Act(20, "file", "990000318"))),
    Play("xibao", "trial_expire", 130, (Act(15, "convert"), Act(94, "pay", "ICBC-XB"))),
    Play("xibao", "trial_convert", 100),
    # 鄂尔多斯绿氢: the staged licence with its first instalment paid, the royalty licence with its first
    # quarter reported and a transfer notice for the royalty waiting, and a declined trial.
    Play("lvqing", "instalments", 150, (Act(7, "pay", "BOC-LQ"), Act(30, "file", "990000342"))),
    Play("lvqing", "royalty", 130, (Act(5, "pay", "BOC-LQ"), Act(100, "report", amount="286400.00"),
                                    Act(125, "notify", "BOC-LQ"))),
    Play("lvqing", "trial_expire", 70, (Act(12, "decline"),)),
    # 乌海煤化: the staged royalty licence (nothing due in its first year), a flat licence overdue,
    # and a trial that ended without a decision (expired, nothing owed).
    Play("meihua", "staged_royalty", 95),
    Play("meihua", "flat", 48),
    Play("meihua", "trial_expire", 110),
    # 呼和浩特蒙乳: the trial ending within the week, a free licence in its second year, and the first
    # instalment of a staged licence paid in part.
    Play("mengru", "trial_expire", 85),
    Play("mengru", "free", 380),
    Play("mengru", "instalments", 25, (Act(10, "pay", "ABC-MR", "20000.00"),)),
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
    """The first published declaration of each kind of demo offer."""
    offers: dict[str, Declaration] = {}
    for declaration in db.session.scalars(select(Declaration).where(Declaration.status == "published")
                                          .order_by(Declaration.id)):
        offers.setdefault(_offer_name(declaration), declaration)
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


def seed_licences(today: date) -> int:
    """Take the demo licences and run them forward to `today`, unless any licence exists; returns how many
    were taken. Plays whose offer or enterprise user is missing are left out."""
    if db.session.scalar(select(Licence.id).limit(1)) is not None:
        return 0
    offers = _offers()
    users = {user.email.split("@")[0]: user for user in db.session.scalars(
        select(User).where(User.role == Role.ENTERPRISE_USER, User.email.like(f"%@{data.EMAIL_DOMAIN}")))}
    plays = [play for play in PLAYS if play.offer in offers and play.user in users]
    if not plays:
        return 0
    first = today - timedelta(days=max(play.days_before for play in plays))
    # Nothing falls due on a free licence before its term ends, so the job runs from the first other start.
    first_due = today - timedelta(days=max((play.days_before for play in plays if play.offer != "free"),
                                           default=0))
    licences: dict[int, int] = {}
    day = first
    while day <= today:
        for index, play in enumerate(plays):
            if today - timedelta(days=play.days_before) == day:
                declaration = offers[play.offer]
                patent = db.session.get(Patent, declaration.patent_id)
                licence = take_licence(users[play.user], patent, declaration.id, day, day, _morning(day))
                licences[index] = licence.id
        if day >= first_due:
            run_due(day)
        for index, play in enumerate(plays):
            start = today - timedelta(days=play.days_before)
            for act in play.acts:
                if start + timedelta(days=act.after) == day:
                    _act(act, db.session.get(Licence, licences[index]), users[play.user], day)
        day += timedelta(days=1)
    db.session.flush()
    return len(licences)
