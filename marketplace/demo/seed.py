"""Loading the demo data: creates what is missing, changes nothing that exists (idempotent)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from marketplace.accounts.models import Role, User
from marketplace.accounts.passwords import hash_password
from marketplace.catalogue.models import Patent
from marketplace.catalogue.services import create_patent
from marketplace.core.credit_code import check_character
from marketplace.core.patent_fields import LEGAL_STATUS_NAMES, LegalStatus
from marketplace.core.patent_record import PatentRecord, RowProblem, RowProblemCode, validate_record
from marketplace.demo import data
from marketplace.demo.conversations import seed_conversations
from marketplace.demo.licences import seed_licences
from marketplace.demo.needs import seed_needs
from marketplace.demo.offers import seed_offers
from marketplace.demo.outside_licences import seed_outside_licences
from marketplace.demo.patents import PATENTS
from marketplace.demo.zones import seed_zones
from marketplace.extensions import db
from marketplace.organisations.models import Enterprise, University

ORG_CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def organisation_code(body: str) -> str:
    """A nine-character organisation code (GB 11714): eight characters and their check character."""
    total = sum(ORG_CODE_ALPHABET.index(c) * w for c, w in zip(body, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def demo_credit_code(region: str, org_body: str) -> str:
    """A valid credit code for an enterprise (registration authority 9, type 1) in `region`."""
    first17 = "91" + region + organisation_code(org_body)
    return first17 + check_character(first17)


def demo_record(values: dict[str, str], today: date) -> tuple[PatentRecord | None, list[RowProblem]]:
    """Validate one demo patent on `today`; one typed as in force whose term has ended is loaded as expired.

    The demo data is written once and seeded on any later day, so a patent in force when it was
    written reaches the end of its term; its status is derived as the law has it, never kept as 有效.
    """
    record, problems = validate_record(values, today)
    if [problem.code for problem in problems] == [RowProblemCode.IN_FORCE_AFTER_EXPIRY]:
        expired = {**values, "legal_status": LEGAL_STATUS_NAMES[LegalStatus.EXPIRED]}
        record, problems = validate_record(expired, today)
    return record, problems


def is_empty() -> bool:
    """True when the database has no users yet."""
    return (db.session.scalar(select(func.count()).select_from(User)) or 0) == 0


def seed_demo(today: date) -> dict[str, int]:
    """Create the demo records that are missing; returns how many of each were created.

    `today` is the date the demo patents are validated against (no filing or grant after it) and the
    day the demo licences have been run forward to; the demo zones are a closed one whose window held some
    of those licences and a running one whose window contains `today`.
    """
    created = {"universities": 0, "enterprises": 0, "users": 0, "patents": 0, "offers": 0, "licences": 0,
               "zones": 0, "needs": 0, "outside_licences": 0}
    universities = {u.name: u for u in db.session.scalars(select(University))}
    for name, short, city, centre, website in data.UNIVERSITIES:
        if name not in universities:
            universities[name] = University(
                name=name, short_name=short, city=city, ip_centre=centre, website=website
            )
            db.session.add(universities[name])
            created["universities"] += 1

    enterprises = {e.credit_code: e for e in db.session.scalars(select(Enterprise))}
    by_name: dict[str, Enterprise] = {}
    for name, region, body, size, specialised, industry in data.ENTERPRISES:
        code = demo_credit_code(region, body)
        if code not in enterprises:
            enterprises[code] = Enterprise(
                name=name, credit_code=code, region=region, size_class=size,
                specialised=specialised, industry=industry,
            )
            db.session.add(enterprises[code])
            created["enterprises"] += 1
        by_name[name] = enterprises[code]

    existing = set(db.session.scalars(select(User.email)))
    for local, name, role, status, organisation in data.USERS:
        email = f"{local}@{data.EMAIL_DOMAIN}"
        if email in existing:
            continue
        db.session.add(User(
            email=email, name=name, role=role, status=status,
            password_hash=hash_password(data.DEMO_PASSWORD),
            university=universities[organisation] if role == Role.UNIVERSITY_STAFF else None,
            enterprise=by_name[organisation] if role == Role.ENTERPRISE_USER else None,
        ))
        created["users"] += 1
    db.session.flush()

    numbers = set(db.session.scalars(select(Patent.application_number)))
    for values in PATENTS:
        record, problems = demo_record(values, today)
        if record is None or problems:
            found = ", ".join(f"{p.field}: {p.code.value}" for p in problems) or "no record"
            raise RuntimeError(f"demo patent {values['application_number']} is not valid: {found}")
        if record.application.number in numbers:
            continue
        create_patent(universities[values["university"]].id, record)
        numbers.add(record.application.number)
        created["patents"] += 1
    created["offers"] = seed_offers(today)
    created["licences"] = seed_licences(today)
    created["zones"] = seed_zones(today)
    created["needs"] = seed_needs(today)
    created["conversations"] = seed_conversations(today)
    created["outside_licences"] = seed_outside_licences(today)
    return created
