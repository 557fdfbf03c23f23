"""Needs and stored matches written directly (inside the current application context, any database), so
the match pages, feedback and notices are tested without the engine: an enterprise's need, patents of two
universities (some offered), and ranked `need_match` rows with their reasons. Flushes, never commits."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.catalogue.models import Patent
from marketplace.catalogue.services import create_patent
from marketplace.core.need_state import NeedStatus, NeedVisibility
from marketplace.core.patent_fields import Industry
from marketplace.core.patent_record import validate_record
from marketplace.demo.seed import demo_credit_code
from marketplace.extensions import db
from marketplace.matching.models import NeedMatch
from marketplace.matching.reasons import MatchReasons
from marketplace.needs.models import Need
from marketplace.organisations.models import Enterprise, SizeClass, University
from tests.helpers import application_number

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
PASSWORD_HASH = "$argon2id$v=19$m=1024,t=1,p=1$bm90LWEtcmVhbC1zYWx0$bm90LWEtcmVhbC1oYXNo"  # never logs in

_serials = itertools.count(7_000_001)

PATENT = {
    "title": "一种稀土永磁材料的制备方法",
    "abstract": "本发明公开了一种高矫顽力钕铁硼稀土永磁材料的制备方法。",
    "claims_summary": "", "ipc_codes": "H01F 1/057", "inventors": "王建国", "patentees": "内蒙古大学",
    "filing_date": "2021-03-15", "grant_date": "2023-06-20", "legal_status": "有效",
    "industry": "稀土及新材料", "trl": "6", "keywords": "稀土；永磁",
}

BEST = MatchReasons(terms=("稀土", "永磁"), industry_agrees=True, ipc_classes=("H01F",), plan_fit="fits",
                    price_fit="within", offer_total_fen=12_000_000, remaining_years=14)
PLAIN = MatchReasons(terms=("稀土",), plan_fit="not_offered", remaining_years=9)
DEAR = MatchReasons(terms=("永磁",), plan_fit="other_kind", price_fit="above", offer_total_fen=80_000_000,
                    remaining_years=3)


def university(name: str | None = None) -> int:
    """A new university; its id."""
    row = University(name=name or f"匹配测试大学{next(_serials)}")
    db.session.add(row)
    db.session.flush()
    return row.id


def enterprise(name: str | None = None) -> int:
    """A new enterprise; its id."""
    serial = next(_serials)
    row = Enterprise(name=name or f"匹配测试企业{serial}有限公司", region="150200",
                     size_class=SizeClass.SMALL, credit_code=demo_credit_code("150200", f"M{serial:07d}"))
    db.session.add(row)
    db.session.flush()
    return row.id


def user(role: Role, university_id: int | None = None, enterprise_id: int | None = None) -> int:
    """A user who never logs in (for service and command tests); its id."""
    row = User(email=f"match{next(_serials)}@example.com", name="测试", password_hash=PASSWORD_HASH,
               role=role, status=AccountStatus.ACTIVE, university_id=university_id,
               enterprise_id=enterprise_id)
    db.session.add(row)
    db.session.flush()
    return row.id


def patent(university_id: int, offer_kind: str = "", title: str = PATENT["title"]) -> int:
    """A patent of the university; `offer_kind` set as the declarations would set it when published."""
    record, problems = validate_record(
        {**PATENT, "title": title, "application_number": application_number(next(_serials))}, TODAY)
    assert not problems, problems
    row = create_patent(university_id, record)
    row.offer_kind = offer_kind
    db.session.flush()
    return row.id


def need(enterprise_id: int, created_by_id: int, title: str = "寻找稀土永磁电机材料技术",
         status: NeedStatus = NeedStatus.OPEN, **fields) -> int:
    """A need of the enterprise; its id."""
    row = Need(enterprise_id=enterprise_id, created_by_id=created_by_id, title=title,
               description=fields.pop("description", "我们做风电电机，想找耐高温的永磁材料。"),
               industry=fields.pop("industry", Industry.RARE_EARTH_MATERIALS),
               region=fields.pop("region", "包头市"),
               visibility=fields.pop("visibility", NeedVisibility.PUBLIC),
               status=status, matched_at=fields.pop("matched_at", NOW), **fields)
    db.session.add(row)
    db.session.flush()
    return row.id


def match(need_id: int, patent_id: int, rank: int, score: int, reasons: MatchReasons = BEST) -> int:
    """A stored match of the patent for the need; its id."""
    row = NeedMatch(need_id=need_id, patent_id=patent_id, university_id=db.session.get(Patent, patent_id)
                    .university_id, rank=rank, score=score, reasons=reasons.to_json(), computed_at=NOW)
    db.session.add(row)
    db.session.flush()
    return row.id


@dataclass(frozen=True)
class World:
    """An enterprise's open need matched to three patents: `best` (university u0, offered try-first),
    `plain` (u0, not offered) and `dear` (u1, offered flat, above the budget)."""

    enterprise_id: int
    buyer_id: int
    u0: int
    u1: int
    need_id: int
    best: int
    plain: int
    dear: int


def build(enterprise_id: int | None = None, buyer_id: int | None = None, u0: int | None = None,
          u1: int | None = None) -> World:
    """The world above; the organisations given are used, others are made."""
    enterprise_id = enterprise_id or enterprise()
    buyer_id = buyer_id or user(Role.ENTERPRISE_USER, enterprise_id=enterprise_id)
    u0, u1 = u0 or university(), u1 or university()
    need_id = need(enterprise_id, buyer_id, budget_min_fen=5_000_000, budget_max_fen=20_000_000,
                   plan_kinds="try_first")
    best = patent(u0, "try_first", "一种耐高温稀土永磁材料")
    plain = patent(u0, "", "一种稀土抛光粉的回收方法")
    dear = patent(u1, "flat", "永磁同步电机转子结构")
    match(need_id, best, 1, 900_000, BEST)
    match(need_id, plain, 2, 500_000, PLAIN)
    match(need_id, dear, 3, 300_000, DEAR)
    return World(enterprise_id, buyer_id, u0, u1, need_id, best, plain, dear)
