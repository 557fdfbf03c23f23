"""The world the edge sweeps run in: the demo data on its day, plus a draft declaration, an attachment and an
import batch, so that every page and every form of the application has something to show.

`bindings(user)` gives, for each set of URL variables a route may have, values that name real rows the
user can reach (their enterprise's or university's where it matters). A route with a set of variables
not known here fails the sweeps with a message saying so: add how to find such rows below.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.accounts.password_reset import reset_token_for
from marketplace.catalogue.models import ImportBatch, ImportStatus, Patent, PatentAttachment
from marketplace.core.ledger import TransactionKind
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.database import utcnow
from marketplace.declarations import services as declarations
from marketplace.declarations.models import Declaration
from marketplace.demo.seed import seed_demo
from marketplace.extensions import db
from marketplace.ledger.models import LedgerTransaction, PaymentNotice
from marketplace.licensing.models import Licence, LicenceCharge
from marketplace.organisations.models import Enterprise, University

DEMO_DAY = date(2026, 11, 26)
DEMO_PASSWORD = "Demo2026pass"  # noqa: S105 - the demo's published password
ANONYMOUS = "anonymous"
# One user per role for the hostile sweep: 鄂尔多斯绿氢 and 内蒙古工业大学 share the royalty licence whose
# transfer notice waits for the university, so both see every kind of money form.
ROLE_USERS = {
    ANONYMOUS: None,
    Role.ENTERPRISE_USER: "lvqing@demo.nmgpatent.cn",
    Role.UNIVERSITY_STAFF: "imut@demo.nmgpatent.cn",
    Role.ORGANISER: "organiser@demo.nmgpatent.cn",
    Role.ADMIN: "admin@demo.nmgpatent.cn",
}
ROYALTY_REPORTER = "xibao@demo.nmgpatent.cn"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PER_ROUTE = 12  # at most this many rows per route and user


def build_world() -> None:
    """Seed the demo on its day and add what it lacks (inside an application context; commits)."""
    seed_demo(DEMO_DAY)
    staff = db.session.scalars(select(User).where(User.email == ROLE_USERS[Role.UNIVERSITY_STAFF])).one()
    offered = select(Declaration.patent_id)
    bare = db.session.scalars(select(Patent).where(Patent.university_id == staff.university_id,
                                                   Patent.id.not_in(offered)).order_by(Patent.id)).first()
    declarations.save_draft(bare, staff, flat_plan(Money("10000.00"), Duration.years(1)), "银行转账", "",
                            DEMO_DAY)
    from marketplace.catalogue.attachments import add_attachment

    add_attachment(bare, "说明书.pdf", PDF)
    db.session.add(ImportBatch(university_id=staff.university_id, user_id=staff.id, filename="a.csv",
                               kind="csv", sha256="0" * 64, row_count=0, error_row_count=0,
                               status=ImportStatus.PREVIEWED))
    # A royalty licence with ended periods not reported yet, so the report form shows.
    from marketplace.demo.licences import _offers
    from marketplace.licensing.services import take_licence

    royalty = _offers()["royalty"]
    start = DEMO_DAY - timedelta(days=200)
    reporter = db.session.scalars(select(User).where(User.email == ROYALTY_REPORTER)).one()
    take_licence(reporter, royalty.patent, royalty.id, start, start,
                 datetime(start.year, start.month, start.day, tzinfo=UTC))
    _meeting_zone(staff)
    db.session.commit()


def _meeting_zone(staff: User) -> None:
    """A running zone of the demo organiser with one of the IP centre's offered patents, the demo enterprise
    registered, a past and a future session, and meetings waiting, accepted ahead and accepted in the past,
    so the answer, cancel and outcome forms all show."""
    from marketplace.core.declaration_rules import DeclarationStatus
    from marketplace.core.meetings import MeetingStatus
    from marketplace.core.zone_state import ZoneStatus
    from marketplace.zones.meeting_models import MeetingBooking, MeetingProposal, MeetingRequest
    from marketplace.zones.meeting_services import create_session
    from marketplace.zones.models import Zone, ZonePatent, ZoneRegistration

    organiser = db.session.scalars(select(User).where(User.email == ROLE_USERS[Role.ORGANISER])).one()
    enterprise = db.session.scalars(select(User).where(User.email == ROLE_USERS[Role.ENTERPRISE_USER])).one()
    declaration = db.session.scalars(select(Declaration).join(Patent).where(
        Patent.university_id == staff.university_id, Declaration.status == DeclarationStatus.PUBLISHED)
        .order_by(Declaration.id)).first()
    zone = Zone(organiser_id=organiser.id, title="乳业与生物技术线上专区（洽谈）", theme="乳业",
                opens_on=DEMO_DAY - timedelta(days=20), closes_on=DEMO_DAY + timedelta(days=30),
                status=ZoneStatus.RUNNING)
    db.session.add(zone)
    db.session.flush()
    db.session.add(ZonePatent(zone_id=zone.id, patent_id=declaration.patent_id, declaration_id=declaration.id,
                              university_id=staff.university_id, added_by_id=organiser.id))
    db.session.add(ZoneRegistration(zone_id=zone.id, enterprise_id=enterprise.enterprise_id,
                                    registered_by_id=enterprise.id, contact_name="王经理",
                                    check_in_code="MEETWORLD0001"))
    past = create_session(zone, organiser, DEMO_DAY - timedelta(days=5), time(9), time(10), 30, 2,
                          "线上一号厅")
    ahead = create_session(zone, organiser, DEMO_DAY + timedelta(days=10), time(9), time(10), 30, 2, "")
    for status, slot in ((MeetingStatus.REQUESTED, None), (MeetingStatus.ACCEPTED, ahead.slots[0]),
                         (MeetingStatus.ACCEPTED, past.slots[0])):
        meeting = MeetingRequest(zone_id=zone.id, enterprise_id=enterprise.enterprise_id,
                                 university_id=staff.university_id, patent_id=declaration.patent_id,
                                 requested_by_id=enterprise.id, reason="希望了解中试条件", status=status,
                                 accepted_slot_id=slot.id if slot else None)
        meeting.proposals = [MeetingProposal(slot_id=(slot or ahead.slots[1]).id, position=1)]
        db.session.add(meeting)
        db.session.flush()
        if slot is not None:
            db.session.add(MeetingBooking(slot_id=slot.id, capacity=slot.capacity, seat=1,
                                          meeting_id=meeting.id,
                                          enterprise_id=meeting.enterprise_id,
                                          university_id=meeting.university_id))


def user_id_of(email: str) -> int:
    return db.session.scalar(select(User.id).where(User.email == email))


def _licences(user: User | None):
    stmt = select(Licence).order_by(Licence.id)
    if user is not None and user.role == Role.ENTERPRISE_USER:
        stmt = stmt.where(Licence.enterprise_id == user.enterprise_id)
    elif user is not None and user.role == Role.UNIVERSITY_STAFF:
        stmt = stmt.where(Licence.university_id == user.university_id)
    return list(db.session.scalars(stmt))


def _patents(user: User | None):
    stmt = select(Patent)
    if user is not None and user.role == Role.UNIVERSITY_STAFF:
        stmt = stmt.where(Patent.university_id == user.university_id)
    declared = select(Declaration.patent_id)
    attached = select(PatentAttachment.patent_id)
    # Patents with terms or attachments first: their pages hold the most forms.
    stmt = stmt.order_by(Patent.id.in_(attached).desc(), Patent.id.in_(declared).desc(), Patent.id)
    return list(db.session.scalars(stmt))


def _zones(user: User | None) -> list[int]:
    """Zones: an organiser's own first (their pages show forms), then every other."""
    from marketplace.zones.models import Zone

    mine = user.id if user is not None else 0
    return list(db.session.scalars(select(Zone.id).order_by((Zone.organiser_id == mine).desc(), Zone.id)))


def _meetings(user: User | None) -> list[int]:
    """Meetings the user is a side of (every meeting for other roles, who are turned away)."""
    from marketplace.zones.meeting_models import MeetingRequest

    stmt = select(MeetingRequest.id).order_by(MeetingRequest.id)
    if user is not None and user.role == Role.ENTERPRISE_USER:
        stmt = stmt.where(MeetingRequest.enterprise_id == user.enterprise_id)
    elif user is not None and user.role == Role.UNIVERSITY_STAFF:
        stmt = stmt.where(MeetingRequest.university_id == user.university_id)
    return list(db.session.scalars(stmt))


def bindings(email: str | None) -> dict[frozenset[str], list[dict]]:
    """URL variable values per set of variable names, for the user with `email` (None: anonymous)."""
    user = db.session.scalars(select(User).where(User.email == email)).one() if email else None
    licences = _licences(user)
    licence_ids = [licence.id for licence in licences]
    charges = db.session.scalars(select(LicenceCharge).where(LicenceCharge.licence_id.in_(licence_ids))
                                 .order_by(LicenceCharge.posted_on.is_(None), LicenceCharge.id)).all()
    payments = db.session.scalars(select(LedgerTransaction).where(
        LedgerTransaction.licence_id.in_(licence_ids),
        LedgerTransaction.kind == TransactionKind.PAYMENT_RECEIVED)
        .order_by(LedgerTransaction.id)).all()
    notices = db.session.scalars(select(PaymentNotice).where(PaymentNotice.licence_id.in_(licence_ids))
                                 .order_by(PaymentNotice.id)).all()
    attachments = db.session.scalars(select(PatentAttachment).order_by(PatentAttachment.id)).all()
    batches = db.session.scalars(select(ImportBatch).order_by(ImportBatch.id)).all()
    found = {
        frozenset(): [{}],
        frozenset({"patent_id"}): [{"patent_id": p.id} for p in _patents(user)],
        frozenset({"licence_id"}): [{"licence_id": i} for i in licence_ids],
        frozenset({"licence_id", "charge_id"}): [
            {"licence_id": c.licence_id, "charge_id": c.id} for c in charges],
        frozenset({"licence_id", "transaction_id"}): [
            {"licence_id": t.licence_id, "transaction_id": t.id} for t in payments],
        frozenset({"notice_id"}): [{"notice_id": n.id} for n in notices],
        frozenset({"patent_id", "attachment_id"}): [
            {"patent_id": a.patent_id, "attachment_id": a.id} for a in attachments],
        frozenset({"batch_id"}): [{"batch_id": b.id} for b in batches],
        frozenset({"university_id"}): [
            {"university_id": i} for i in db.session.scalars(select(University.id).order_by(University.id))],
        frozenset({"enterprise_id"}): [
            {"enterprise_id": i} for i in db.session.scalars(select(Enterprise.id).order_by(Enterprise.id))],
        frozenset({"user_id"}): [
            {"user_id": i} for i in db.session.scalars(select(User.id).order_by(User.id))],
        frozenset({"zone_id"}): [{"zone_id": i} for i in _zones(user)],
        frozenset({"meeting_id"}): [{"meeting_id": i} for i in _meetings(user)],
        frozenset({"code"}): [{"code": "zh_CN"}],
        frozenset({"filename"}): [{"filename": "css/site.css"}],
        # A live password-reset link (of a user no sweep logs in as, should a value ever be accepted).
        frozenset({"token"}): [{"token": reset_token_for(ROYALTY_REPORTER, utcnow())[1]}],
    }
    return {names: values[:PER_ROUTE] for names, values in found.items()}
