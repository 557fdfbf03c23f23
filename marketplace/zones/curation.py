"""Curation: which patents a zone shows, in which order, which are featured, and suggestions.

Only a patent whose open-licence declaration is published can be curated; the entry keeps the declaration
it was curated on, so a declaration withdrawn later stays listed as withdrawn (the zone's record stays
true). Every change works on a zone taken for change (`services.zone_for_change`) and is refused once the
zone is closed.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from marketplace.accounts.models import User
from marketplace.catalogue.models import Patent
from marketplace.catalogue.search import patents_matching_any
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.core.patent_fields import Industry
from marketplace.core.zone_state import ZoneAction
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.service_errors import ServiceError
from marketplace.zones.models import Zone, ZonePatent
from marketplace.zones.services import require_action

_SEPARATORS = re.compile(r"[；;，,、\s]+")
MAX_TERMS = 10
IPC_PREFIX = re.compile(r"[A-H](\d{2}([A-Z])?)?")


def split_list(value: str) -> list[str]:
    """The items of a "；"-separated list (also , ， 、 ; or spaces), without blanks, at most ten."""
    return [item for item in _SEPARATORS.split(value or "") if item][:MAX_TERMS]


def entries_query(zone_id: int):
    """The zone's curated patents: featured first, then by position."""
    return (select(ZonePatent).where(ZonePatent.zone_id == zone_id)
            .order_by(ZonePatent.featured.desc(), ZonePatent.position, ZonePatent.id))


def _published_declaration(patent_id: int) -> Declaration | None:
    return db.session.scalar(select(Declaration).where(
        Declaration.patent_id == patent_id, Declaration.status == DeclarationStatus.PUBLISHED))


def _refusal_for(patent_id: int):
    """Why a patent without published terms cannot be curated."""
    statuses = set(db.session.scalars(select(Declaration.status).where(Declaration.patent_id == patent_id)))
    if DeclarationStatus.WITHDRAWN in statuses:
        return _l("This patent's open-licence declaration was withdrawn; it cannot be curated.")
    if DeclarationStatus.DRAFT in statuses:
        return _l("This patent's open-licence declaration is still a draft; only published terms can be "
                  "curated.")
    return _l("This patent has no published open-licence declaration.")


def add_patent(zone: Zone, patent_id: int, user: User) -> ZonePatent:
    """Curate a patent with published terms into a zone taken for change, at the end of the list."""
    require_action(zone, ZoneAction.EDIT)
    patent = db.session.get(Patent, patent_id)
    if patent is None or patent.archived:
        raise ServiceError(_l("There is no such patent in the catalogue."), field="patent_id")
    declaration = _published_declaration(patent_id)
    if declaration is None:
        raise ServiceError(_refusal_for(patent_id), field="patent_id")
    if db.session.scalar(select(ZonePatent.id).where(ZonePatent.zone_id == zone.id,
                                                     ZonePatent.patent_id == patent_id)):
        raise ServiceError(_l("This patent is already in the zone."), field="patent_id")
    last = db.session.scalar(select(func.max(ZonePatent.position)).where(ZonePatent.zone_id == zone.id))
    entry = ZonePatent(zone_id=zone.id, patent_id=patent_id, declaration_id=declaration.id,
                       university_id=patent.university_id, position=(last or 0) + 1, added_by_id=user.id)
    db.session.add(entry)
    db.session.flush()
    return entry


def _entry(zone: Zone, entry_id: int) -> ZonePatent:
    entry = db.session.get(ZonePatent, entry_id)
    if entry is None or entry.zone_id != zone.id:
        raise ServiceError(_l("This patent is no longer in the zone; reload the page."))
    return entry


def remove_patent(zone: Zone, entry_id: int) -> None:
    """Take a patent out of a zone taken for change."""
    require_action(zone, ZoneAction.EDIT)
    db.session.delete(_entry(zone, entry_id))
    db.session.flush()


def move_patent(zone: Zone, entry_id: int, up: bool) -> None:
    """Move a curated patent one place up or down in the zone's order (nothing at either end)."""
    require_action(zone, ZoneAction.EDIT)
    entry = _entry(zone, entry_id)
    ordered = list(db.session.scalars(select(ZonePatent).where(ZonePatent.zone_id == zone.id)
                                      .order_by(ZonePatent.position, ZonePatent.id)))
    index = ordered.index(entry)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, each in enumerate(ordered, start=1):
        each.position = position
    db.session.flush()


def set_featured(zone: Zone, entry_id: int, featured: bool) -> None:
    """Feature a curated patent (shown first on the zone page) or stop featuring it."""
    require_action(zone, ZoneAction.EDIT)
    _entry(zone, entry_id).featured = featured
    db.session.flush()


def suggestions_query(zone: Zone):
    """Patents offered on published terms, not yet curated, matching the zone's industries, IPC classes
    (a section, class or subclass) or keywords (through the catalogue's full-text search)."""
    conditions = []
    industries = [item for item in split_list(zone.industries) if item in Industry.__members__.values()]
    if industries:
        conditions.append(Patent.industry.in_(industries))
    for code in split_list(zone.ipc_classes):
        code = code.upper()
        if not IPC_PREFIX.fullmatch(code):
            continue
        conditions.append(Patent.ipc_codes.like(f"%{code}%") if len(code) > 3
                          else (Patent.ipc_class == code) if len(code) == 3 else (Patent.ipc_section == code))
    matched = patents_matching_any(split_list(zone.keywords))
    if matched:
        conditions.append(Patent.id.in_(matched))
    published = select(Declaration.patent_id).where(Declaration.status == DeclarationStatus.PUBLISHED)
    curated = select(ZonePatent.patent_id).where(ZonePatent.zone_id == zone.id)
    stmt = (select(Patent).where(Patent.archived.is_(False), Patent.id.in_(published),
                                 Patent.id.not_in(curated))
            .order_by(Patent.university_id, Patent.id))
    return stmt.where(or_(*conditions)) if conditions else stmt.where(False)
