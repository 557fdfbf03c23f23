"""Services for universities and enterprises (create, edit, list). They flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.core.credit_code import InvalidCreditCode, parse_credit_code
from marketplace.extensions import db
from marketplace.organisations.labels import CREDIT_CODE_MESSAGES
from marketplace.organisations.models import Enterprise, SizeClass, University
from marketplace.service_errors import ServiceError

CREDIT_CODE_TAKEN = _l("An enterprise with this unified social credit code is already registered.")
UNIVERSITY_TAKEN = _l("A university with this name already exists.")


@dataclass(frozen=True)
class EnterpriseDetails:
    """The fields of an enterprise record as entered."""

    name: str
    credit_code: str
    region: str
    size_class: SizeClass
    specialised: bool = False
    industry: str = ""


@dataclass(frozen=True)
class UniversityDetails:
    """The fields of a university record as entered."""

    name: str
    short_name: str = ""
    city: str = ""
    ip_centre: str = ""
    website: str = ""


def _flush_unique(obj: object, message, field: str) -> None:
    try:
        with db.session.begin_nested():
            db.session.add(obj)
            db.session.flush()
    except IntegrityError:
        raise ServiceError(message, field=field) from None


def _apply_enterprise(enterprise: Enterprise, details: EnterpriseDetails) -> None:
    try:
        code = parse_credit_code(details.credit_code)
    except InvalidCreditCode as exc:
        raise ServiceError(CREDIT_CODE_MESSAGES[exc.problem], field="credit_code") from None
    stmt = select(Enterprise.id).where(Enterprise.credit_code == code)
    if enterprise.id:
        stmt = stmt.where(Enterprise.id != enterprise.id)
    if db.session.scalar(stmt) is not None:
        raise ServiceError(CREDIT_CODE_TAKEN, field="credit_code")
    enterprise.name = details.name.strip()
    enterprise.credit_code = code
    enterprise.region = details.region
    enterprise.size_class = details.size_class
    enterprise.specialised = details.specialised
    enterprise.industry = details.industry.strip()


def create_enterprise(details: EnterpriseDetails) -> Enterprise:
    """A new enterprise record; the credit code must be valid and not yet registered."""
    enterprise = Enterprise()
    _apply_enterprise(enterprise, details)
    _flush_unique(enterprise, CREDIT_CODE_TAKEN, "credit_code")
    return enterprise


def update_enterprise(enterprise: Enterprise, details: EnterpriseDetails) -> Enterprise:
    """Change an enterprise record."""
    _apply_enterprise(enterprise, details)
    _flush_unique(enterprise, CREDIT_CODE_TAKEN, "credit_code")
    return enterprise


def _apply_university(university: University, details: UniversityDetails) -> None:
    name = details.name.strip()
    stmt = select(University.id).where(University.name == name)
    if university.id:
        stmt = stmt.where(University.id != university.id)
    if db.session.scalar(stmt) is not None:
        raise ServiceError(UNIVERSITY_TAKEN, field="name")
    university.name = name
    university.short_name = details.short_name.strip()
    university.city = details.city.strip()
    university.ip_centre = details.ip_centre.strip()
    university.website = details.website.strip()


def create_university(details: UniversityDetails) -> University:
    """A new university record with a unique name."""
    university = University()
    _apply_university(university, details)
    _flush_unique(university, UNIVERSITY_TAKEN, "name")
    return university


def update_university(university: University, details: UniversityDetails) -> University:
    """Change a university record."""
    _apply_university(university, details)
    _flush_unique(university, UNIVERSITY_TAKEN, "name")
    return university


def universities_query(search: str = ""):
    """The select() behind the university list, by name."""
    stmt = select(University).order_by(University.name)
    if search.strip():
        stmt = stmt.where(University.name.contains(search.strip(), autoescape=True))
    return stmt


def enterprises_query(search: str = ""):
    """The select() behind the enterprise list, newest first."""
    stmt = select(Enterprise).order_by(Enterprise.created_at.desc(), Enterprise.id.desc())
    term = search.strip()
    if term:
        stmt = stmt.where(
            Enterprise.name.contains(term, autoescape=True)
            | (Enterprise.credit_code == term.upper())
        )
    return stmt


def university_choices() -> list[tuple[int, str]]:
    """(id, name) pairs for a select field."""
    rows = db.session.execute(select(University.id, University.name).order_by(University.name))
    return [(row.id, row.name) for row in rows]


def organisation_counts() -> dict[str, int]:
    """How many universities and enterprises there are."""
    return {
        "universities": db.session.scalar(select(func.count()).select_from(University)) or 0,
        "enterprises": db.session.scalar(select(func.count()).select_from(Enterprise)) or 0,
    }
