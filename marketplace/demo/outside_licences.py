"""A demo licence granted outside the marketplace: an ordinary licence an IP centre negotiated directly on
one of its declared patents (ordinary licences remain possible while declared), so the register page of
that patent shows an entry. Recorded through the register's service, on the demo's day."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.core.outside_licences import OutsideLicenceKind
from marketplace.declarations.models import Declaration
from marketplace.demo import data
from marketplace.extensions import db
from marketplace.organisations.models import University
from marketplace.outside_licences.models import OutsideLicence
from marketplace.outside_licences.services import NewOutsideLicence, record_outside_licence

UNIVERSITY = "内蒙古工业大学"
LICENSEE = data.ENTERPRISES[0]  # name, region, organisation-code body, …
TERM_DAYS = 3 * 365
STARTED_BEFORE = 60  # the licence began this many days before the demo's day


def seed_outside_licences(today: date) -> int:
    """Record the demo's ordinary outside licence unless the register has entries; returns how many."""
    from marketplace.demo.seed import demo_credit_code

    if db.session.scalar(select(OutsideLicence.id).limit(1)) is not None:
        return 0
    university_id = db.session.scalar(select(University.id).where(University.name == UNIVERSITY))
    staff = db.session.scalars(select(User).where(
        User.role == Role.UNIVERSITY_STAFF, User.university_id == university_id).order_by(User.id)).first()
    patent = db.session.scalars(
        select(Patent).join(Declaration, Declaration.patent_id == Patent.id)
        .where(Patent.university_id == university_id, Declaration.status == DeclarationStatus.PUBLISHED)
        .order_by(Patent.id)).first()
    if staff is not None and patent is not None:
        starts_on = today - timedelta(days=STARTED_BEFORE)
        entry = NewOutsideLicence(
            kind=OutsideLicenceKind.ORDINARY, licensee_name=LICENSEE[0],
            licensee_credit_code=demo_credit_code(LICENSEE[1], LICENSEE[2]), starts_on=starts_on,
            ends_on=min(starts_on + timedelta(days=TERM_DAYS), patent.expiry_date),
            contract_number="NMG-IMUT-2026-017")
        record_outside_licence(patent, staff, entry, today)
        return 1
    return 0
