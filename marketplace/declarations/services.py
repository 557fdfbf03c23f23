"""Declaration services: legal facts, drafts, publishing (with every legal bar checked), versions,
withdrawal. They flush and never commit."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import User
from marketplace.annual_fees.register import fees_overdue
from marketplace.catalogue import facet_key
from marketplace.catalogue.models import Patent
from marketplace.core.declaration_rules import (
    DeclarationAction,
    DeclarationStatus,
    IllegalDeclarationMove,
    PatentFacts,
    declaration_bars,
    next_status,
)
from marketplace.core.plan_validation import validate_plan
from marketplace.core.pricing import Plan
from marketplace.core.promotional import promotional_words
from marketplace.core.schedule import build_schedule
from marketplace.declarations.labels import BAR_MESSAGES, PLAN_PROBLEM_MESSAGES
from marketplace.declarations.models import Declaration, PatentLegalFacts
from marketplace.declarations.plan_storage import read_plan, write_plan
from marketplace.extensions import db
from marketplace.matching.store import refresh_for_patent
from marketplace.outside_licences.register import barring_licence_until
from marketplace.service_errors import ServiceError
from marketplace.webhooks import events as webhook_events


def legal_facts(patent: Patent) -> PatentLegalFacts:
    """The patent's legal-facts row (a blank one, not yet added, when none was recorded)."""
    return db.session.get(PatentLegalFacts, patent.id) or PatentLegalFacts(patent_id=patent.id)


def save_legal_facts(patent: Patent, **values) -> PatentLegalFacts:
    """Record encumbrances and consents for a patent."""
    facts = legal_facts(patent)
    for name, value in values.items():
        setattr(facts, name, value)
    db.session.add(facts)
    db.session.flush()
    return facts


def patent_facts(patent: Patent, today: date) -> PatentFacts:
    """What the legal bars look at on `today`, from the patent, its recorded facts, its annual-fee register
    (a tracked fee unpaid past its due date bars a declaration) and its register of outside licences (the
    last day of the exclusive or sole ones not ended before today)."""
    recorded = legal_facts(patent)
    return PatentFacts(
        patent_type=patent.patent_type,
        legal_status=patent.legal_status,
        expiry=patent.expiry_date,
        co_owned=len(patent.patentee_list) > 1,
        co_owner_consent=bool(recorded.co_owner_consent),
        exclusive_licence_until=barring_licence_until(patent.id, today),
        pledged=bool(recorded.pledged),
        pledgee_consent=bool(recorded.pledgee_consent),
        annual_fee_overdue=fees_overdue(patent, today),
        suspended=bool(recorded.suspended),
        evaluation_report_on_file=bool(recorded.evaluation_report_on_file),
    )


def current_declaration(patent_id: int) -> Declaration | None:
    """The published base declaration of a patent, if any (what its IP centre manages). What a taker
    is offered on a day is `terms_in_force`, which may be a time-limited version instead."""
    return db.session.scalar(select(Declaration).where(
        Declaration.patent_id == patent_id, Declaration.status == DeclarationStatus.PUBLISHED))


def _in_force_on(patent_ids: list[int], day: date):
    """The condition of `terms_in_force_for`: the patents' published declarations and their
    time-limited versions whose window contains the day."""
    return Declaration.patent_id.in_(patent_ids) & (
        (Declaration.status == DeclarationStatus.PUBLISHED)
        | ((Declaration.status == DeclarationStatus.EVENT)
           & (Declaration.valid_from <= day) & (Declaration.valid_until >= day)))


def _chosen(rows) -> dict[int, Any]:
    """Per patent, the time-limited version when there is one, else the published declaration."""
    found: dict[int, Any] = {}
    for row in rows:
        if row.status == DeclarationStatus.EVENT or row.patent_id not in found:
            found[row.patent_id] = row
    return found


def terms_in_force_for(patent_ids: list[int], day: date) -> dict[int, Declaration]:
    """The terms every taker gets on `day`, per patent: the time-limited version (event terms) whose
    window contains the day, else the published base declaration; patents offered on neither are left
    out. Two statements whatever the number of patents, phases loaded."""
    if not patent_ids:
        return {}
    return _chosen(db.session.scalars(
        select(Declaration).where(_in_force_on(patent_ids, day))
        .options(selectinload(Declaration.phases))))


def terms_in_force_ids(patent_ids: list[int], day: date) -> dict[int, int]:
    """Which declaration `terms_in_force_for` would give per patent, as its id (a published
    declaration's terms never change, so the id names them): one light statement."""
    if not patent_ids:
        return {}
    rows = db.session.execute(select(Declaration.patent_id, Declaration.id, Declaration.status)
                              .where(_in_force_on(patent_ids, day)))
    return {patent_id: row.id for patent_id, row in _chosen(rows).items()}


def terms_in_force(patent_id: int, day: date) -> Declaration | None:
    """The terms every taker of the patent gets on `day` (see `terms_in_force_for`): used by the
    patent page, its calculator, the take-licence page, `take_licence` and the zone page."""
    return terms_in_force_for([patent_id], day).get(patent_id)


def event_versions(patent_id: int) -> list[Declaration]:
    """The patent's time-limited versions, live and ended, newest first."""
    return list(db.session.scalars(
        select(Declaration).where(Declaration.patent_id == patent_id, Declaration.event_zone_id.is_not(None))
        .order_by(Declaration.version.desc())))


# One patent's declarations that `terms_or_last_withdrawn` chooses from, built once (the patent page
# asks for it on every view): its terms in force on the day, and its withdrawn declarations.
_OFFER_OR_WITHDRAWN = select(Declaration).where(
    (Declaration.patent_id == bindparam("patent_id"))
    & ((Declaration.status == DeclarationStatus.PUBLISHED)
       | (Declaration.status == DeclarationStatus.WITHDRAWN)
       | ((Declaration.status == DeclarationStatus.EVENT)
          & (Declaration.valid_from <= bindparam("day")) & (Declaration.valid_until >= bindparam("day")))))


def terms_or_last_withdrawn(patent_id: int, day: date) -> tuple[Declaration | None, Declaration | None]:
    """(`terms_in_force`, None), or (None, the latest withdrawn declaration, to say why the patent is no
    longer offered) when no terms are in force: what a patent's page says about its offer, in one
    statement (the chosen terms' phases load when they are read)."""
    rows = list(db.session.scalars(_OFFER_OR_WITHDRAWN, {"patent_id": patent_id, "day": day}))
    in_force = _chosen(row for row in rows if row.status != DeclarationStatus.WITHDRAWN).get(patent_id)
    if in_force is not None:
        return in_force, None
    withdrawn = [row for row in rows if row.status == DeclarationStatus.WITHDRAWN]
    return None, max(withdrawn, key=lambda row: row.version, default=None)


def draft_of(patent_id: int) -> Declaration | None:
    """The patent's draft declaration, if one is being prepared."""
    return db.session.scalar(select(Declaration).where(
        Declaration.patent_id == patent_id, Declaration.status == DeclarationStatus.DRAFT))


def check_plan(plan: Plan, patent: Patent, today: date) -> None:
    """Refuse a plan the core finds wrong or whose term runs past the patent's expiry (field "plan")."""
    check = validate_plan(plan)
    if not check.ok:
        raise ServiceError(" ".join(str(PLAN_PROBLEM_MESSAGES[p]) for p in check.problems), field="plan")
    schedule = build_schedule(plan, today, patent.expiry_date)
    if schedule.capped_at_expiry:
        raise ServiceError(
            _l("The licence term runs past the patent's expiry (%(expiry)s); shorten the term.",
               expiry=patent.expiry_date.isoformat()),
            field="plan",
        )


def check_wording(payment_method: str, other_terms: str) -> None:
    """Refuse promotional wording in a declaration's free text, naming the words found (field
    "payment_method" or "other_terms")."""
    for field, text in (("payment_method", payment_method), ("other_terms", other_terms)):
        found = promotional_words(text or "")
        if found:
            raise ServiceError(_l("A declaration may not use promotional wording: %(words)s. "
                                  "State the terms plainly.", words="、".join(found)), field=field)


def save_draft(patent: Patent, user: User, plan: Plan, payment_method: str, other_terms: str,
               today: date) -> Declaration:
    """Create the patent's draft (the next version) or change the existing draft."""
    check_plan(plan, patent, today)
    check_wording(payment_method, other_terms)
    declaration = draft_of(patent.id)
    if declaration is None:
        version = (db.session.scalar(select(func.max(Declaration.version))
                                     .where(Declaration.patent_id == patent.id)) or 0) + 1
        declaration = Declaration(patent=patent, university_id=patent.university_id, version=version,
                                  status=DeclarationStatus.DRAFT, created_by_id=user.id)
        db.session.add(declaration)
    next_status(declaration.status, DeclarationAction.EDIT)
    if declaration.phases:  # the old phases go first: new ones take their positions
        declaration.phases.clear()
        db.session.flush()
    write_plan(declaration, plan)
    declaration.payment_method = payment_method.strip()
    declaration.other_terms = other_terms.strip()
    db.session.flush()
    return declaration


def publish(declaration: Declaration, today: date, now: datetime) -> Declaration:
    """Publish a draft: every legal bar is checked, and a published earlier version is replaced."""
    try:
        next_status(declaration.status, DeclarationAction.PUBLISH)
    except IllegalDeclarationMove:
        raise ServiceError(_l("Only a draft can be published.")) from None
    patent = declaration.patent
    bars = declaration_bars(patent_facts(patent, today), today)
    if bars:
        raise ServiceError(" ".join(str(BAR_MESSAGES[bar]) for bar in bars))
    check_plan(read_plan(declaration), patent, today)
    check_wording(declaration.payment_method, declaration.other_terms)
    previous = current_declaration(patent.id)
    if previous is not None:
        _withdraw(previous, str(_l("Replaced by version %(version)d.", version=declaration.version)),
                  today, now)
        db.session.flush()
    declaration.status = DeclarationStatus.PUBLISHED
    declaration.published_at = now
    declaration.published_on = today
    db.session.flush()
    refresh_offer(patent, today)
    webhook_events.declaration_event(webhook_events.DECLARATION_PUBLISHED, declaration, now)
    return declaration


def refresh_offer(patent: Patent, today: date) -> None:
    """Copy the published offer's kind, trial and fixed fees onto the patent for the catalogue; the
    needs it fits (or no longer fits) follow."""
    offer = current_declaration(patent.id)
    patent.offer_kind = offer.plan_kind if offer else ""
    patent.offer_trial = bool(offer and offer.has_trial)
    patent.offer_price_fen = offer.fixed_total_fen if offer else None
    patent.facet_key = facet_key.encode(patent.facet_values())
    db.session.flush()
    refresh_for_patent(patent.id, today)


def _withdraw(declaration: Declaration, reason: str, today: date, now: datetime) -> None:
    ending_base = declaration.status == DeclarationStatus.PUBLISHED
    declaration.status = next_status(declaration.status, DeclarationAction.WITHDRAW)
    declaration.withdrawal_reason = reason
    declaration.withdrawn_at = now
    declaration.withdrawn_on = today
    if ending_base:  # its time-limited versions end with it: no new licence on them either
        webhook_events.declaration_event(webhook_events.DECLARATION_WITHDRAWN, declaration, now)
        for version in db.session.scalars(select(Declaration).where(
                Declaration.patent_id == declaration.patent_id,
                Declaration.status == DeclarationStatus.EVENT)):
            _withdraw(version, str(_l("The base declaration (version %(version)d) ended.",
                                      version=declaration.version)), today, now)


def withdraw(declaration: Declaration, reason: str, today: date, now: datetime) -> Declaration:
    """Withdraw a published declaration. A reason is required; licences already granted run on."""
    if not reason.strip():
        raise ServiceError(_l("Give the reason for the withdrawal; it is announced."), field="reason")
    try:
        _withdraw(declaration, reason.strip(), today, now)
    except IllegalDeclarationMove:
        raise ServiceError(_l("Only a published declaration can be withdrawn.")) from None
    db.session.flush()
    refresh_offer(declaration.patent, today)
    return declaration


def discard_draft(declaration: Declaration) -> None:
    """Delete a draft that was never published."""
    try:
        next_status(declaration.status, DeclarationAction.DISCARD)
    except IllegalDeclarationMove:
        raise ServiceError(_l("Only a draft can be discarded; published terms never change.")) from None
    db.session.delete(declaration)
    db.session.flush()
