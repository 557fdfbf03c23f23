"""Loading the evaluation set: the catalogue into a database (through the models and the search index),
and the needs as the matcher's queries.

`load_catalogue` needs an application context on an empty, migrated database. Universities and one
IP-centre user each are added through the ORM; patents and, for offered patents, a published declaration
with its plan phases (the plan written by `declarations.plan_storage.write_plan`) are bulk-inserted into
the models' tables, the offer copied onto the patent as the declaration services do; then the full-text
index and the facet keys are rebuilt with `reindex_all`. The subtopic label (`_subtopic`) is never
written to the database.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE / "catalogue.jsonl"
NEEDS = HERE / "needs.jsonl"
CHUNK = 5_000
TYPE_DIGIT = {"invention": "1", "utility_model": "2", "design": "3"}


@dataclass(frozen=True)
class EvalNeed:
    """One labelled need: its id, the matcher's query, and the catalogue ids (pid) judged relevant."""

    nid: str
    query: Any  # marketplace.core.need_query.NeedQuery
    relevant: frozenset[str]
    record: dict[str, Any]


def read_lines(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON-lines file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_catalogue(path: Path = CATALOGUE) -> list[dict[str, Any]]:
    """The catalogue's patent records."""
    return read_lines(path)


def need_query(record: dict[str, Any]):
    """The matcher's query for a need record."""
    from marketplace.core.need_query import NeedQuery

    return NeedQuery(
        title=record["title"], description=record.get("description", ""),
        keywords=tuple(record.get("keywords", ())), industry=record.get("industry"),
        budget_min_fen=record.get("budget_min_fen"), budget_max_fen=record.get("budget_max_fen"),
        plan_kinds=tuple(record.get("plan_kinds", ())),
    )


def read_needs(path: Path = NEEDS) -> list[EvalNeed]:
    """The labelled needs."""
    return [EvalNeed(r["nid"], need_query(r), frozenset(r["relevant"]), r) for r in read_lines(path)]


def application_number(record: dict[str, Any]) -> str:
    """A valid application number (with its check digit) made from the filing year and the pid."""
    from marketplace.core.application_number import check_digit

    digits = f"{record['filing_date'][:4]}{TYPE_DIGIT[record['patent_type']]}{int(record['pid'][1:]):07d}"
    return f"{digits}.{check_digit(digits)}"


def offer_plan(offer: dict[str, Any]):
    """The pricing plan of a catalogue offer (core.pricing)."""
    from marketplace.core.money import Money
    from marketplace.core.pricing import (
        Duration,
        RoyaltyPeriod,
        TrialEnd,
        flat_plan,
        instalment_plan,
        royalty_plan,
        try_first_plan,
    )

    term = Duration.years(offer["term_years"])
    kind = offer["kind"]
    if kind == "royalty":
        return royalty_plan(Decimal(offer["royalty_ppm"]) / Decimal(1_000_000), RoyaltyPeriod.YEAR, term,
                            entry_fee=Money.from_fen(offer["entry_fee_fen"]))
    price = Money.from_fen(offer["price_fen"])
    if kind == "staged":
        return instalment_plan(price, offer["term_years"], Duration.years(1), term)
    if kind == "try_first":
        return try_first_plan(Duration.days(offer["trial_days"]), Money.zero(), TrialEnd.EXPIRE,
                              flat_plan(price, term))
    return flat_plan(price, term)


def patent_values(record: dict[str, Any], university_id: int, university_name: str) -> dict[str, Any]:
    """The Patent columns of a catalogue record (no offer yet)."""
    from marketplace.catalogue.models import Patent
    from marketplace.core.ipc import parse_ipc
    from marketplace.core.patent_fields import Industry, LegalStatus, PatentType
    from marketplace.core.patent_term import expiry_date

    patent_type = PatentType(record["patent_type"])
    filing = date.fromisoformat(record["filing_date"])
    codes = [c for c in record["ipc_codes"].split("；") if c]
    main = parse_ipc(codes[0]) if codes else None
    values = {
        "university_id": university_id, "application_number": application_number(record),
        "patent_type": patent_type, "pct": False, "title": record["title"], "abstract": record["abstract"],
        "claims_summary": "", "ipc_codes": record["ipc_codes"],
        "ipc_section": main.section if main else "", "ipc_class": main.ipc_class if main else "",
        "inventors": record["inventors"], "patentees": university_name, "filing_date": filing,
        "grant_date": date.fromisoformat(record["grant_date"]),
        "expiry_date": expiry_date(patent_type, filing),
        "legal_status": LegalStatus(record["legal_status"]), "industry": Industry(record["industry"]),
        "trl": record["trl"], "keywords": record["keywords"], "archived": False,
    }
    for name in ("title_en", "abstract_en"):  # columns that exist only once English text is supported
        if hasattr(Patent, name):
            values[name] = record.get(name, "")
    return values


def add_universities(names: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Each university (by name) and one active IP-centre user: name -> (university id, user id)."""
    from marketplace.accounts.models import AccountStatus, Role, User
    from marketplace.extensions import db
    from marketplace.organisations.models import University

    made: dict[str, tuple[University, User]] = {}
    for index, name in enumerate(sorted(set(names)), start=1):
        university = University(name=name)
        user = User(email=f"ip{index}@eval.example", name=f"{name}知识产权中心", password_hash="!",  # noqa: S106 (no login)
                    role=Role.UNIVERSITY_STAFF, status=AccountStatus.ACTIVE, university=university)
        db.session.add_all([university, user])
        made[name] = (university, user)
    db.session.flush()
    return {name: (university.id, user.id) for name, (university, user) in made.items()}


def declared(record: dict[str, Any]):
    """The (unsaved) declaration of a record's offer, its plan written as the declaration services write
    it; None when the patent is not offered."""
    from marketplace.declarations.models import Declaration
    from marketplace.declarations.plan_storage import write_plan

    if not record.get("offer"):
        return None
    declaration = Declaration()
    write_plan(declaration, offer_plan(record["offer"]))
    return declaration


def insert_catalogue(records: list[dict[str, Any]], today: date) -> dict[str, int]:
    """Insert universities, patents and the published declarations (with plan phases) of the offered
    ones, in bulk, the offer copied onto the patent as `declarations.services.refresh_offer` does; no
    index yet. Returns pid -> patent id."""
    from sqlalchemy import select

    from marketplace.catalogue.models import Patent
    from marketplace.core.declaration_rules import DeclarationStatus
    from marketplace.declarations.models import Declaration, PlanPhase
    from marketplace.extensions import db

    universities = add_universities(r["university"] for r in records)
    stamp = datetime.combine(today, time(1, 0), tzinfo=UTC)
    ids: dict[str, int] = {}
    for start in range(0, len(records), CHUNK):
        chunk = [(r, declared(r)) for r in records[start:start + CHUNK]]
        rows = []
        for record, declaration in chunk:
            row = patent_values(record, universities[record["university"]][0], record["university"])
            row.update(offer_kind=declaration.plan_kind if declaration else "",
                       offer_trial=bool(declaration and declaration.has_trial),
                       offer_price_fen=declaration.fixed_total_fen if declaration else None,
                       facet_key=0, created_at=stamp, updated_at=stamp)
            rows.append(row)
        db.session.execute(Patent.__table__.insert(), rows)
        numbers = [row["application_number"] for row in rows]
        by_number = dict(db.session.execute(
            select(Patent.application_number, Patent.id).where(Patent.application_number.in_(numbers))).all())
        offered = []
        for (record, declaration), number in zip(chunk, numbers, strict=True):
            ids[record["pid"]] = by_number[number]
            if declaration is not None:
                offered.append((record, declaration, by_number[number]))
        if not offered:
            continue
        db.session.execute(Declaration.__table__.insert(), [{
            "patent_id": patent_id, "university_id": universities[record["university"]][0], "version": 1,
            "status": DeclarationStatus.PUBLISHED, "plan_kind": declaration.plan_kind,
            "term_count": declaration.term_count, "term_unit": declaration.term_unit,
            "trial_end": declaration.trial_end, "conversion": declaration.conversion,
            "payment_method": "银行转账", "other_terms": "", "has_trial": declaration.has_trial,
            "fixed_total_fen": declaration.fixed_total_fen, "currency": "CNY",
            "created_by_id": universities[record["university"]][1], "created_at": stamp,
            "published_at": stamp, "published_on": today, "withdrawal_reason": "",
        } for record, declaration, patent_id in offered])
        declaration_ids = dict(db.session.execute(
            select(Declaration.patent_id, Declaration.id)
            .where(Declaration.patent_id.in_([patent_id for _, _, patent_id in offered]))).all())
        db.session.execute(PlanPhase.__table__.insert(), [
            {"declaration_id": declaration_ids[patent_id], "position": phase.position, "kind": phase.kind,
             "duration_count": phase.duration_count, "duration_unit": phase.duration_unit,
             "fee_fen": phase.fee_fen, "royalty_rate_ppm": phase.royalty_rate_ppm,
             "royalty_period": phase.royalty_period, "annual_minimum_fen": phase.annual_minimum_fen}
            for _, declaration, patent_id in offered for phase in declaration.phases])
    return ids


def load_catalogue(records: list[dict[str, Any]], today: date) -> dict[str, int]:
    """Add the catalogue to the (empty, migrated) database and index it (facet keys included); returns
    pid -> patent id. Flushes; the caller commits."""
    from marketplace.catalogue.search import reindex_all
    from marketplace.extensions import db

    ids = insert_catalogue(records, today)
    db.session.flush()
    indexed = reindex_all()
    if indexed != len(records):
        raise RuntimeError(f"indexed {indexed} of {len(records)} patents")
    return ids
