"""Licences built through the real services inside the current application context (any app, any
database): a university offers a patent on a plan (save_draft + publish), enterprises take it.

Unlike the `take` fixture, which is bound to the session-wide app, these work on the app a test made
for itself; one offer serves many takers (one live licence per enterprise and patent). They flush and
never commit.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.catalogue.models import Patent
from marketplace.catalogue.services import create_patent
from marketplace.core.patent_record import validate_record
from marketplace.core.pricing import Plan
from marketplace.declarations import services as declarations
from marketplace.demo.seed import demo_credit_code
from marketplace.extensions import db
from marketplace.licensing.models import Licence
from marketplace.licensing.services import take_licence
from marketplace.organisations.models import Enterprise, SizeClass, University
from tests.helpers import application_number

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
PASSWORD_HASH = "$argon2id$v=19$m=1024,t=1,p=1$bm90LWEtcmVhbC1zYWx0$bm90LWEtcmVhbC1oYXNo"  # never logs in

_serials = itertools.count(5_000_001)

PATENT = {
    "title": "一种稀土永磁材料的制备方法",
    "abstract": "本发明公开了一种高矫顽力钕铁硼稀土永磁材料的制备方法，适用于风力发电机。",
    "claims_summary": "", "ipc_codes": "C22C 38/00", "inventors": "王建国", "patentees": "内蒙古大学",
    "filing_date": "2021-03-15", "grant_date": "2023-06-20", "legal_status": "有效",
    "industry": "稀土及新材料", "trl": "6", "keywords": "稀土；永磁",
}


@dataclass(frozen=True)
class Offer:
    """A patent offered on a published plan, and a staff user of its university."""

    patent_id: int
    declaration_id: int
    staff_id: int


def offer(plan: Plan) -> Offer:
    """A new university publishes a new patent on `plan`."""
    serial = next(_serials)
    university = University(name=f"并发测试大学{serial}")
    db.session.add(university)
    db.session.flush()
    staff = User(email=f"staff{serial}@example.com", name="测试", password_hash=PASSWORD_HASH,
                 role=Role.UNIVERSITY_STAFF, status=AccountStatus.ACTIVE, university_id=university.id)
    db.session.add(staff)
    record, problems = validate_record({**PATENT, "application_number": application_number(serial)}, TODAY)
    assert not problems, problems
    patent = create_patent(university.id, record)
    # about licences, not annual fees: every fee due before 2100 counts as paid (no fee reminder, no lapse)
    patent.fees_tracked_from = date(2100, 1, 1)
    db.session.flush()
    draft = declarations.save_draft(patent, staff, plan, "银行转账", "", TODAY)
    declarations.publish(draft, TODAY, NOW)
    return Offer(patent.id, draft.id, staff.id)


def enterprise_user() -> User:
    """A new enterprise and one user of it."""
    serial = next(_serials)
    enterprise = Enterprise(name=f"并发测试企业{serial}有限公司", region="150100", size_class=SizeClass.SMALL,
                            credit_code=demo_credit_code("150100", f"C{serial:07d}"))
    db.session.add(enterprise)
    db.session.flush()
    user = User(email=f"buyer{serial}@example.com", name="测试", password_hash=PASSWORD_HASH,
                role=Role.ENTERPRISE_USER, status=AccountStatus.ACTIVE, enterprise_id=enterprise.id)
    db.session.add(user)
    db.session.flush()
    return user


def take(on: Offer, start: date = date(2027, 1, 1)) -> Licence:
    """A new enterprise takes a licence on the offer, starting on `start`."""
    patent = db.session.get(Patent, on.patent_id)
    return take_licence(enterprise_user(), patent, on.declaration_id, start, TODAY, NOW)
