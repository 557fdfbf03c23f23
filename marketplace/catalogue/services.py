"""Patent services for IP centres: create, edit, archive, list. They flush and never commit."""

from __future__ import annotations

from datetime import date

from flask import abort, has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import Role, User
from marketplace.catalogue import facet_key
from marketplace.catalogue.for_change import patent_for_change
from marketplace.catalogue.models import LIST_SEPARATOR, Patent
from marketplace.catalogue.search import index_patents
from marketplace.core.patent_fields import LegalStatus
from marketplace.core.patent_record import PatentRecord
from marketplace.extensions import db
from marketplace.matching.store import refresh_for_patent, refresh_for_patents
from marketplace.service_errors import ServiceError

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

NUMBER_TAKEN = _l("A patent with this application number is already in the catalogue.")


def apply_record(patent: Patent, record: PatentRecord) -> None:
    """Copy a validated record onto a patent row (derived fields included)."""
    patent.application_number = record.application.number
    patent.patent_type = record.application.patent_type
    patent.pct = record.application.pct
    patent.title = record.title
    patent.abstract = record.abstract
    patent.claims_summary = record.claims_summary
    patent.ipc_codes = LIST_SEPARATOR.join(str(code) for code in record.ipc_codes)
    main = record.ipc_codes[0] if record.ipc_codes else None
    patent.ipc_section = main.section if main else ""
    patent.ipc_class = main.ipc_class if main else ""
    patent.inventors = LIST_SEPARATOR.join(record.inventors)
    patent.patentees = LIST_SEPARATOR.join(record.patentees)
    patent.filing_date = record.filing_date
    patent.grant_date = record.grant_date
    patent.expiry_date = record.expiry
    patent.legal_status = record.legal_status
    patent.industry = record.industry
    patent.trl = record.trl
    patent.keywords = LIST_SEPARATOR.join(record.keywords)
    patent.title_en = record.title_en
    patent.abstract_en = record.abstract_en
    patent.facet_key = facet_key.encode(patent.facet_values())


def _ensure_number_free(number: str, patent_id: int | None) -> None:
    stmt = select(Patent.id).where(Patent.application_number == number)
    if patent_id is not None:
        stmt = stmt.where(Patent.id != patent_id)
    if db.session.scalar(stmt) is not None:
        raise ServiceError(NUMBER_TAKEN, field="application_number")


def create_patent(university_id: int, record: PatentRecord) -> Patent:
    """Add a patent to a university's catalogue and to the search index. The number's unique key decides
    between two requests adding it at once: the later one is refused like any taken number."""
    _ensure_number_free(record.application.number, None)
    patent = Patent(university_id=university_id)
    apply_record(patent, record)
    try:
        with db.session.begin_nested():
            db.session.add(patent)
            db.session.flush()
    except IntegrityError:
        raise ServiceError(NUMBER_TAKEN, field="application_number") from None
    index_patents([patent])
    return patent


def record_values(patent: Patent) -> dict[str, str]:
    """A stored patent as the text values `validate_record` reads (what its edit form starts from)."""
    return {
        "application_number": patent.application_number, "title": patent.title, "abstract": patent.abstract,
        "claims_summary": patent.claims_summary, "ipc_codes": patent.ipc_codes, "inventors": patent.inventors,
        "patentees": patent.patentees, "filing_date": patent.filing_date.isoformat(),
        "grant_date": patent.grant_date.isoformat() if patent.grant_date else "",
        "legal_status": patent.legal_status.value, "industry": patent.industry.value,
        "trl": "" if patent.trl is None else str(patent.trl), "keywords": patent.keywords,
        "title_en": patent.title_en, "abstract_en": patent.abstract_en,
    }


def update_patent(patent: Patent, record: PatentRecord, today: date) -> Patent:
    """Change a patent; the search index and the needs it fits follow."""
    _ensure_number_free(record.application.number, patent.id)
    apply_record(patent, record)
    index_patents([patent])
    refresh_for_patent(patent.id, today)
    return patent


def expire_ended_terms(today: date) -> int:
    """Record as expired every patent still recorded in force whose term ended before `today`.

    Pages derive the status on display already; the catalogue's legal-status filter and facet counts
    read the stored status, which this keeps true. Returns how many patents changed.
    """
    patents = list(db.session.scalars(select(Patent).where(
        Patent.legal_status == LegalStatus.GRANTED, Patent.expiry_date < today)))
    for patent in patents:
        patent.legal_status = LegalStatus.EXPIRED
        patent.facet_key = facet_key.encode(patent.facet_values())
    db.session.flush()
    refresh_for_patents([p.id for p in patents], today)
    return len(patents)


def set_archived(patent: Patent, archived: bool, today: date) -> None:
    """Archive (hide from the catalogue) or restore a patent; the needs it fits follow."""
    patent.archived = archived
    index_patents([patent])
    refresh_for_patent(patent.id, today)


def patent_for_staff(patent_id: int, user: User) -> Patent:
    """The patent if it belongs to the user's university: 404 when missing, 403 when another's. In a
    request that writes (any method but GET, HEAD and OPTIONS) it is then taken for change
    (`for_change.patent_for_change`), so every write to a patent or its declarations from the IP
    centre's pages runs after any other one on the same patent and sees what it committed."""
    patent = db.session.get(Patent, patent_id)
    if patent is None:
        abort(404)
    if user.role != Role.UNIVERSITY_STAFF or patent.university_id != user.university_id:
        abort(403)
    if has_request_context() and request.method not in READ_METHODS:
        patent = patent_for_change(patent.id)
        if patent is None:  # deleted meanwhile
            abort(404)
    return patent


def staff_patents_query(university_id: int, search: str = "", archived: bool = False, legal_status: str = "",
                        offer_kind: str = "") -> Select:
    """The select() behind an IP centre's own patent list, newest first; optionally of one legal status or
    offered with one plan kind."""
    stmt = (
        select(Patent)
        .where(Patent.university_id == university_id, Patent.archived.is_(archived))
        .order_by(Patent.updated_at.desc(), Patent.id.desc())
    )
    if legal_status:
        stmt = stmt.where(Patent.legal_status == legal_status)
    if offer_kind:
        stmt = stmt.where(Patent.offer_kind == offer_kind)
    term = search.strip()
    if term:
        stmt = stmt.where(
            Patent.title.contains(term, autoescape=True)
            | Patent.application_number.contains(term.upper().removeprefix("ZL"), autoescape=True)
        )
    return stmt
