"""Demo open-licence offers: one published declaration per kind of plan, in shapes universities
really use (1 year free then pay; zero entry fee, staged payments plus 3% royalty; 3 instalments), then
most other patents in force on offer too, every kind of plan among them (a trial converting to a lump sum,
to instalments and to a royalty).

Every demo offer was published `PUBLISHED_BEFORE` days before the demo's today, before any demo licence
starts (the earliest starts a year and two weeks before it), so a licence's contract never cites a
declaration published after the licence was taken.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.clock import SHANGHAI
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
    staged_plan,
    staged_royalty_plan,
    try_first_plan,
)
from marketplace.declarations import services
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.service_errors import ServiceError

PAYMENT = "银行转账至高校指定账户，注明许可编号"
PUBLISHED_BEFORE = 400  # days before the demo's today

# Patents left without an offer: patents their IP centres have still to declare (内蒙古大学's and
# 内蒙古工业大学's first ones are where a declaration is shown being prepared). Patents not in force cannot
# be declared anyway.
UNDECLARED = ("201811095326.1", "201610957381.1", "202110592846.9", "202130512907.7")


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


def _more_plans():
    """Plans of the other offers, by application number; the rest take `_cycle` in turn."""
    years, months = Duration.years, Duration.months
    return {
        # 内蒙古科技大学
        "201910587362.8": (instalment_plan(Money("90000.00"), 3, months(12), years(3)),
                           "分三期支付，每年一期；专利共有人已同意开放许可。"),
        "202021563904.2": (flat_plan(Money("30000.00"), years(3)), "一次性支付许可费，附评价报告。"),
        "202110235718.9": (try_first_plan(months(6), Money.zero(), TrialEnd.CONVERT,
                                          royalty_plan(Decimal("0.03"), RoyaltyPeriod.QUARTER, years(4),
                                                       Money("5000.00"))),
                           "试用六个月；期满未放弃的，转为按季度提成3%的许可。"),
        # 内蒙古农业大学
        "201911207634.3": (try_first_plan(months(3), Money.zero(), TrialEnd.EXPIRE,
                                          royalty_plan(Decimal("0.025"), RoyaltyPeriod.YEAR, years(3),
                                                       Money.zero())),
                           "试用三个月，转为付费后按年度净销售额的2.5%提成，无入门费。"),
        "201710436158.7": (royalty_plan(Decimal("0.04"), RoyaltyPeriod.YEAR, years(5), Money("8000.00"),
                                        Money("5000.00")),
                           "入门费8000元，按年度净销售额的4%提成，年度最低提成5000元。"),
        "202220936145.2": (flat_plan(Money("20000.00"), years(3)), "一次性支付许可费，许可期三年。"),
        # 内蒙古医科大学
        "201610528364.6": (flat_plan(Money("45000.00"), years(4)), "一次性支付许可费，许可期四年。"),
    }


def _cycle():
    """Plans the remaining offers take in turn: every kind, each term short enough for a utility model."""
    years, months = Duration.years, Duration.months
    return [
        (flat_plan(Money("50000.00"), years(3)), "一次性支付许可费，许可期三年。"),
        (try_first_plan(months(6), Money.zero(), TrialEnd.CONVERT, flat_plan(Money("40000.00"), years(3))),
         "试用六个月，期满未放弃的，转为一次性付费许可。"),
        (staged_plan([(months(12), Money("10000.00")), (None, Money("20000.00"))], years(3)),
         "两阶段付款：首年1万元，此后2万元；可在任一阶段结束时停止。"),
        (royalty_plan(Decimal("0.03"), RoyaltyPeriod.YEAR, years(3), Money("5000.00")),
         "入门费5000元，按年度净销售额的3%提成。"),
        (try_first_plan(months(3), Money.zero(), TrialEnd.EXPIRE,
                        instalment_plan(Money("60000.00"), 2, months(12), years(3))),
         "试用三个月，可转为分两期付款的许可。"),
        (free_plan(years(2)), "免费许可两年，支持中小企业试制。"),
    ]


def published_day(today: date) -> date:
    """The day the demo offers were published."""
    return today - timedelta(days=PUBLISHED_BEFORE)


def _publish(patent: Patent, staff: User, plan, terms: str, day: date) -> bool:
    """Publish `plan` on `patent` on `day`, the legal facts recorded as such an offer needs them."""
    if patent.grant_date is None or patent.grant_date > day:
        return False
    services.save_legal_facts(patent, co_owner_consent=len(patent.patentee_list) > 1,
                              evaluation_report_on_file=patent.patent_type != PatentType.INVENTION)
    try:
        draft = services.save_draft(patent, staff, plan, PAYMENT, terms, day)
        services.publish(draft, day, datetime.combine(day, time(9), SHANGHAI))
    except ServiceError:
        draft = services.draft_of(patent.id)
        if draft is not None:
            services.discard_draft(draft)
        return False
    return True


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
    day = published_day(today)
    published = 0
    for patent, (plan, terms) in zip(candidates, _plans(), strict=False):
        published += _publish(patent, staff[patent.university_id], plan, terms, day)
    return published + _seed_more_offers(day, staff)


def _seed_more_offers(day: date, staff: dict[int, User]) -> int:
    """Offers on the other patents in force (but `UNDECLARED` and those offered for the demo zones)."""
    from marketplace.demo.zones import ZONE_OFFERS

    skipped = {*UNDECLARED, *(number for number, _, _ in ZONE_OFFERS)}
    chosen, cycle = _more_plans(), _cycle()
    published = 0
    for patent in db.session.scalars(select(Patent).order_by(Patent.id)):
        if (patent.university_id not in staff or patent.application_number in skipped
                or patent.legal_status != LegalStatus.GRANTED or patent.offer_kind):
            continue
        plan, terms = chosen.get(patent.application_number) or cycle[published % len(cycle)]
        published += _publish(patent, staff[patent.university_id], plan, terms, day)
    return published
