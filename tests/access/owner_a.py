"""Owner A's ids: for each set of URL variables a route may have, values naming rows of owner A.

A's licence is between enterprise A and university A; A's patent, import batch, draft declaration and event
terms are university A's; A's zone is organiser A's meeting zone (running, enterprise A registered, a
patent of university A curated); A's need, meeting and thread are enterprise A's (with university A); A's
API token is enterprise A's. A route with a set of variables not known here fails the matrix.
"""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.password_reset import reset_token_for
from marketplace.catalogue.models import ImportBatch, PatentAttachment
from marketplace.conversations.models import Conversation
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.core.ledger import TransactionKind
from marketplace.database import utcnow
from marketplace.declarations.models import Declaration
from marketplace.disputes.models import Dispute
from marketplace.extensions import db
from marketplace.ledger.models import LedgerTransaction, NoticeStatus, PaymentNotice
from marketplace.licensing.models import Licence, LicenceCharge
from marketplace.milestones.models import MilestoneReport
from marketplace.needs.models import Need
from marketplace.zones.meeting_models import MeetingRequest, MeetingSession, MeetingSlot
from marketplace.zones.models import Zone, ZonePatent
from tests.access.actors import ENT_A, ORG_A, STAFF_A, user
from tests.edge import world

MEETING_ZONE = "乳业与生物技术线上专区（洽谈）"
MATCHED_NEED = "寻找氢气储运的低成本方案"


def give_a_s_zone_a_banner() -> None:
    """A's zone shows a banner, so its banner route has something to serve (inside an application context)."""
    from marketplace.zones.services import set_banner

    set_banner(db.session.scalars(select(Zone).where(Zone.title == MEETING_ZONE)).one(), world.PNG)


def _first(stmt) -> int:
    found = db.session.scalars(stmt.limit(1)).first()
    assert found is not None, f"owner A has no row for {stmt}"
    return found


def owner_a_bindings() -> dict[frozenset[str], dict]:
    """URL variable values of owner A's rows, per set of variable names (inside an application context)."""
    enterprise, staff, organiser = user(ENT_A), user(STAFF_A), user(ORG_A)
    licence = _first(select(Licence).where(Licence.enterprise_id == enterprise.enterprise_id,
                                           Licence.university_id == staff.university_id).order_by(
        Licence.id.in_(select(PaymentNotice.licence_id)).desc(), Licence.id))
    patent_id = world._patents(staff)[0].id  # university A's, with its attachment and draft first
    attachment = _first(select(PatentAttachment).where(PatentAttachment.patent_id == patent_id))
    charge = _first(select(LicenceCharge).where(LicenceCharge.licence_id == licence.id)
                    .order_by(LicenceCharge.posted_on.is_(None), LicenceCharge.id))
    payment = _first(select(LedgerTransaction).where(
        LedgerTransaction.licence_id == licence.id,
        LedgerTransaction.kind == TransactionKind.PAYMENT_RECEIVED).order_by(LedgerTransaction.id))
    notice = _first(select(PaymentNotice.id).where(PaymentNotice.licence_id == licence.id)
                    .order_by(PaymentNotice.status != NoticeStatus.PENDING, PaymentNotice.id))
    zone = _first(select(Zone.id).where(Zone.organiser_id == organiser.id, Zone.title == MEETING_ZONE))
    need = _first(select(Need.id).where(Need.enterprise_id == enterprise.enterprise_id,
                                        Need.title == MATCHED_NEED))
    matched = next(pair for pair in world._need_patents(enterprise) if pair["need_id"] == need)
    event_terms = next(version for version in world._event_versions(staff))
    offer = _first(select(ZonePatent).where(ZonePatent.zone_id == zone))
    slot = _first(select(MeetingSlot.id).join(MeetingSession).where(
        MeetingSession.zone_id == zone, MeetingSession.day > world.DEMO_DAY).order_by(MeetingSlot.id.desc()))
    return {
        frozenset(): {},
        frozenset({"patent_id"}): {"patent_id": patent_id},
        frozenset({"patent_id", "attachment_id"}): {"patent_id": patent_id, "attachment_id": attachment.id},
        frozenset({"licence_id"}): {"licence_id": licence.id},
        frozenset({"licence_id", "charge_id"}): {"licence_id": licence.id, "charge_id": charge.id},
        frozenset({"licence_id", "transaction_id"}): {"licence_id": licence.id, "transaction_id": payment.id},
        frozenset({"notice_id"}): {"notice_id": notice},
        frozenset({"report_id"}): {"report_id": _first(select(MilestoneReport.id).join(
            Licence, Licence.id == MilestoneReport.licence_id).where(
            Licence.enterprise_id == enterprise.enterprise_id, Licence.university_id == staff.university_id)
            .order_by(MilestoneReport.id))},
        frozenset({"dispute_id"}): {"dispute_id": _first(select(Dispute.id).where(
            Dispute.licence_id == licence.id).order_by(Dispute.id))},
        frozenset({"batch_id"}): {"batch_id": _first(select(ImportBatch.id).where(
            ImportBatch.university_id == staff.university_id).order_by(ImportBatch.id))},
        frozenset({"university_id"}): {"university_id": staff.university_id},
        frozenset({"enterprise_id"}): {"enterprise_id": enterprise.enterprise_id},
        frozenset({"user_id"}): {"user_id": enterprise.id},
        frozenset({"zone_id"}): {"zone_id": zone},
        frozenset({"meeting_id"}): {"meeting_id": _first(select(MeetingRequest.id).where(
            MeetingRequest.enterprise_id == enterprise.enterprise_id,
            MeetingRequest.university_id == staff.university_id, MeetingRequest.zone_id == zone)
            .order_by(MeetingRequest.id))},
        frozenset({"need_id"}): {"need_id": need},
        frozenset({"need_id", "patent_id"}): matched,
        frozenset({"conversation_id"}): {"conversation_id": _first(select(Conversation.id).where(
            Conversation.enterprise_id == enterprise.enterprise_id,
            Conversation.university_id == staff.university_id).order_by(Conversation.id))},
        frozenset({"token_id"}): {"token_id": world._tokens(enterprise)[0]},
        frozenset({"patent_id", "declaration_id"}): event_terms,
        frozenset({"declaration_id"}): {"declaration_id": _first(select(Declaration.id).where(
            Declaration.university_id == staff.university_id, Declaration.status == DeclarationStatus.DRAFT)
            .order_by(Declaration.id))},
        frozenset({"partner_id"}): {"partner_id": world._ids("WebhookPartner")[0]},
        frozenset({"delivery_id"}): {"delivery_id": world._ids("WebhookDelivery")[0]},
        # Not a URL's: the offer of university A curated into A's zone, and a free slot of its future session
        # (API bodies name them).
        frozenset({"offer"}): {"patent_id": offer.patent_id, "declaration_id": offer.declaration_id,
                               "slot_id": slot},
        frozenset({"code"}): {"code": "zh_CN"},
        frozenset({"filename"}): {"filename": "css/site.css"},
        frozenset({"token"}): {"token": reset_token_for(world.ROYALTY_REPORTER, utcnow())[1]},
    }


def b_parents() -> dict[str, int]:
    """University B's own licence and patent: the parent ids B's staff pair with A's child ids."""
    from marketplace.catalogue.models import Patent
    from tests.access.actors import STAFF_B

    staff_b = user(STAFF_B)
    return {
        "licence_id": _first(select(Licence.id).where(Licence.university_id == staff_b.university_id)
                             .order_by(Licence.id)),
        "patent_id": _first(select(Patent.id).where(Patent.university_id == staff_b.university_id)
                            .order_by(Patent.id)),
    }
