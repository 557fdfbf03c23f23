"""The organisations, patents and published offers the ledger benchmark's licences are taken on.

A few universities (each with an IP-centre user) publish open licences of a few hundred patents
through the normal services (`create_patent`, `save_draft`, `publish`); thousands of enterprises, each
with one user, are bulk-inserted. Each patent is offered on one of the plan templates below, so the
licences taken on it get that template's schedule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import insert, select

from marketplace.core.money import Money
from marketplace.core.pricing import (
    Duration,
    Plan,
    RoyaltyPeriod,
    TrialEnd,
    flat_plan,
    free_plan,
    instalment_plan,
    royalty_plan,
    staged_plan,
    try_first_plan,
)

DECLARED_ON = date(2020, 1, 6)  # every offer is published on this day, long before any licence starts
DECLARED_AT = datetime(2020, 1, 6, 2, 0, tzinfo=UTC)
STAMP = datetime(2020, 1, 1, 0, 0, tzinfo=UTC)  # created_at of the bulk-inserted rows
UNIVERSITIES = ("内蒙古大学", "内蒙古工业大学", "内蒙古科技大学", "内蒙古农业大学", "内蒙古师范大学",
                "内蒙古医科大学", "内蒙古民族大学", "包头师范学院")
TITLES = ("一种稀土永磁材料的制备方法", "一种光伏组件清洗装置", "一种乳酸菌发酵乳及其制备方法",
          "一种煤气化灰渣综合利用方法", "一种储氢合金及其制备方法", "一种节水滴灌控制系统",
          "一种羊绒分梳设备", "一种马铃薯淀粉废水处理方法")


@dataclass(frozen=True)
class Template:
    """A plan offered on some of the patents; `trial` when it starts with a trial."""

    name: str
    plan: Plan
    trial: bool = False


def _yuan(amount: str) -> Money:
    return Money(amount)


TEMPLATES = (
    Template("flat", flat_plan(_yuan("30000"), Duration.years(3))),
    Template("quarterly", instalment_plan(_yuan("120000"), 12, Duration.months(3), Duration.years(3))),
    Template("staged", staged_plan([(Duration.years(1), _yuan("20000")), (Duration.years(1), _yuan("30000")),
                                    (None, _yuan("50000"))], Duration.years(3))),
    Template("royalty", royalty_plan(Decimal("0.03"), RoyaltyPeriod.QUARTER, Duration.years(5),
                                     entry_fee=_yuan("10000"))),
    Template("free", free_plan(Duration.years(2))),
    Template("trial_convert", try_first_plan(
        Duration.days(90), Money.zero(), TrialEnd.CONVERT,
        instalment_plan(_yuan("40000"), 4, Duration.months(3), Duration.years(3))), trial=True),
    Template("trial_expire", try_first_plan(
        Duration.days(90), Money.zero(), TrialEnd.EXPIRE, flat_plan(_yuan("20000"), Duration.years(3))),
        trial=True),
)
BY_NAME = {template.name: template for template in TEMPLATES}


@dataclass
class World:
    """Ids of what licences refer to."""

    enterprise_users: dict[int, int]  # enterprise id → its user id
    patents: dict[str, list[int]] = field(default_factory=dict)  # template name → patent ids
    declaration: dict[int, int] = field(default_factory=dict)  # patent id → its published declaration
    university: dict[int, int] = field(default_factory=dict)  # patent id → its university
    expiry: dict[int, date] = field(default_factory=dict)  # patent id → expiry date

    @property
    def enterprises(self) -> list[int]:
        """Every enterprise id, in order."""
        return sorted(self.enterprise_users)


def _application_number(serial: int) -> str:
    from marketplace.core.application_number import check_digit

    digits = f"20161{serial:07d}"
    return f"{digits}.{check_digit(digits)}"


def _staff() -> list:
    """A university and its IP-centre user for each name."""
    from marketplace.accounts.models import AccountStatus, Role, User
    from marketplace.extensions import db
    from marketplace.organisations.models import University

    users = []
    for n, name in enumerate(UNIVERSITIES, start=1):
        university = University(name=name, ip_centre=f"{name}知识产权信息服务中心")
        user = User(email=f"ip{n}@bench.example.com", name=f"知产中心{n}", password_hash="-",  # noqa: S106
                    role=Role.UNIVERSITY_STAFF, status=AccountStatus.ACTIVE, university=university)
        db.session.add(user)
        users.append(user)
    db.session.flush()
    return users


def _enterprises(count: int) -> dict[int, int]:
    """`count` enterprises with one user each, bulk-inserted; enterprise id → user id."""
    from marketplace.accounts.models import AccountStatus, Role, User
    from marketplace.demo.seed import demo_credit_code
    from marketplace.extensions import db
    from marketplace.organisations.models import Enterprise, SizeClass

    sizes = (SizeClass.SMALL, SizeClass.MICRO, SizeClass.MEDIUM, SizeClass.SMALL)
    db.session.execute(insert(Enterprise), [
        {"id": n, "name": f"内蒙古试验{n}科技有限公司",
         "credit_code": demo_credit_code("150100", f"BL{n:06d}"), "region": "150100",
         "size_class": sizes[n % len(sizes)], "specialised": n % 7 == 0, "industry": "",
         "created_at": STAMP} for n in range(1, count + 1)])
    db.session.execute(insert(User), [
        {"email": f"buyer{n}@bench.example.com", "name": f"采购{n}", "password_hash": "-",
         "role": Role.ENTERPRISE_USER, "status": AccountStatus.ACTIVE, "enterprise_id": n, "note": "",
         "created_at": STAMP} for n in range(1, count + 1)])
    users = select(User.enterprise_id, User.id).where(User.enterprise_id.is_not(None))
    return dict(db.session.execute(users).all())


FEES_TRACKED_FROM = date(2100, 1, 1)


def _patent(university_id: int, serial: int):
    from marketplace.catalogue.services import create_patent
    from marketplace.core.patent_record import validate_record

    values = {
        "application_number": _application_number(serial), "title": TITLES[serial % len(TITLES)],
        "abstract": "本发明公开了一种工艺简单、成本低、适合工业化生产的方法。", "claims_summary": "",
        "ipc_codes": "C22C 38/00", "inventors": "王建国；李晓梅", "patentees": "内蒙古大学",
        "filing_date": "2016-03-15", "grant_date": "2019-06-20", "legal_status": "有效",
        "industry": "稀土及新材料", "trl": "6", "keywords": "稀土；永磁",
    }
    record, problems = validate_record(values, DECLARED_ON)
    if record is None:
        raise RuntimeError(f"benchmark patent refused: {problems}")
    patent = create_patent(university_id, record)
    # The benchmark measures the licences' events: the patents' annual fees count as paid (the register
    # tracks them from a day after the benchmark's), so no fee reminder or lapse enters the counts.
    patent.fees_tracked_from = FEES_TRACKED_FROM
    return patent


def build_world(patents: int, enterprises: int) -> World:
    """Universities, `enterprises` enterprises and `patents` patents, each offered on a template's plan
    (cycled over the templates); flushes."""
    from marketplace.declarations import services as declarations

    staff = _staff()
    world = World(_enterprises(enterprises))
    for serial in range(1, patents + 1):
        user = staff[serial % len(staff)]
        template = TEMPLATES[serial % len(TEMPLATES)]
        patent = _patent(user.university_id, serial)
        draft = declarations.save_draft(patent, user, template.plan, "银行转账", "", DECLARED_ON)
        declarations.publish(draft, DECLARED_ON, DECLARED_AT)
        world.patents.setdefault(template.name, []).append(patent.id)
        world.declaration[patent.id] = draft.id
        world.university[patent.id] = patent.university_id
        world.expiry[patent.id] = patent.expiry_date
    return world
