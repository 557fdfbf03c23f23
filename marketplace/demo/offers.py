"""Demo open-licence offers: one published declaration per kind of plan, in shapes universities
really use (1 year free then pay; zero entry fee, staged payments plus 3% royalty; 3 instalments)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.money import Money
from marketplace.core.patent_fields import LegalStatus, PatentType
from marketplace.core.pricing import (
    Duration,
    RoyaltyPeriod,
    TrialEnd,
    flat_plan,
    free_plan,
    instalment_plan,
    royalty_plan,
    staged_royalty_plan,
    try_first_plan,
)
from marketplace.declarations import services
from marketplace.declarations.models import Declaration
from marketplace.extensions import db

PAYMENT = "银行转账至高校指定账户，注明许可编号"


def _plans():
    years = Duration.years
    return [
        (flat_plan(Money("80000.00"), years(5)), "一次性支付许可费，许可期内不再收取其他费用。"),
        (instalment_plan(Money("100000.00"), 3, Duration.months(12), years(3)), "分三期支付，每年一期。"),
        (try_first_plan(Duration.months(12), Money.zero(), TrialEnd.CONVERT,
                        flat_plan(Money("60000.00"), years(4))),
         "首年免费试用；试用期满未声明放弃的，自动转为付费许可。"),
        (try_first_plan(Duration.days(90), Money.zero(), TrialEnd.EXPIRE,
                        instalment_plan(Money("150000.00"), 3, Duration.months(6), years(3))),
         "试用90天，可随时转为付费或放弃，不产生任何费用。"),
        (staged_royalty_plan(Decimal("0.03"), RoyaltyPeriod.YEAR,
                             [(Duration.months(12), Money.zero()), (Duration.months(12), Money("30000.00")),
                              (None, Money("30000.00"))], years(5), Money("20000.00")),
         "零入门费，分阶段付款，并按年度净销售额的3%提成。"),
        (royalty_plan(Decimal("0.035"), RoyaltyPeriod.QUARTER, years(5), Money("10000.00")),
         "按季度报告净销售额，提成比例3.5%。"),
        (free_plan(years(2)), "免费许可两年，用于中小企业试制。"),
    ]


def seed_offers(today: date) -> int:
    """Publish the demo offers on patents that have none yet; returns how many were published."""
    if db.session.scalar(select(Declaration.id).limit(1)) is not None:
        return 0
    staff = {user.university_id: user for user in db.session.scalars(
        select(User).where(User.role == Role.UNIVERSITY_STAFF))}
    candidates = [
        patent for patent in db.session.scalars(select(Patent).order_by(Patent.id))
        if patent.university_id in staff and patent.legal_status == LegalStatus.GRANTED
        and patent.patent_type == PatentType.INVENTION and len(patent.patentee_list) == 1
        and patent.expiry_date.year >= today.year + 6
    ]
    now = datetime(today.year, today.month, today.day, 1, 0, tzinfo=UTC)
    published = 0
    for patent, (plan, terms) in zip(candidates, _plans(), strict=False):
        draft = services.save_draft(patent, staff[patent.university_id], plan, PAYMENT, terms, today)
        services.publish(draft, today, now)
        published += 1
    return published
