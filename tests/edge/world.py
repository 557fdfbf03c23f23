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
from marketplace.core.declaration_rules import DeclarationStatus
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
from marketplace.zones.models import Zone, ZoneMode

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
    _zone(staff)
    _add_zones(royalty)
    _meeting_zone(staff)
    _event_terms(staff)
    _need_matches(staff)
    _conversations(staff)
    _webhooks()
    _api_tokens()
    _milestone_report(staff)
    _dispute(staff)
    db.session.commit()


def _dispute(staff: User) -> None:
    """An open dispute about the use of the patent, opened by the demo enterprise on the licence it shares
    with the staff's university (the one with a payment notice first, as the access matrix's owner A's), so
    the dispute pages show their escalation and outcome forms. It names no charge: the licence's standing
    and money stay as the demo has them."""
    from marketplace.core.disputes import DisputeSubject
    from marketplace.disputes.services import open_dispute

    buyer = db.session.scalars(select(User).where(User.email == ROLE_USERS[Role.ENTERPRISE_USER])).one()
    licence = db.session.scalars(select(Licence).where(
        Licence.enterprise_id == buyer.enterprise_id, Licence.university_id == staff.university_id).order_by(
        Licence.id.in_(select(PaymentNotice.licence_id)).desc(), Licence.id)).first()
    open_dispute(licence, buyer, DisputeSubject.USE, "贵方在许可范围以外的生产线上实施专利，请说明。", [],
                 DEMO_DAY)


def _disputes(user: User | None) -> list[int]:
    """Disputes on the user's licences (every dispute for other roles, who are turned away)."""
    from marketplace.disputes.models import Dispute

    licence_ids = [licence.id for licence in _licences(user)]
    stmt = select(Dispute.id).order_by(Dispute.id)
    if licence_ids:
        stmt = stmt.where(Dispute.licence_id.in_(licence_ids))
    return list(db.session.scalars(stmt))


def _milestone_report(staff: User) -> None:
    """A patent of the staff's university offered in stages due at two milestones, taken by the demo
    enterprise a month ago, its first milestone reported and waiting for the university, so the milestones
    page shows the report form (for the second) and the confirm and reject forms."""
    from marketplace.catalogue.services import create_patent
    from marketplace.core.patent_record import validate_record
    from marketplace.core.pricing import staged_plan
    from marketplace.licensing.services import take_licence
    from marketplace.milestones.services import report_milestone
    from tests.helpers import application_number
    from tests.ledger.licence_factory import PATENT

    record, problems = validate_record({**PATENT, "title": "一种乳酸菌发酵饲料的制备方法",
                                        "application_number": application_number(7_770_001)}, DEMO_DAY)
    assert not problems, problems
    patent = create_patent(staff.university_id, record)
    db.session.flush()
    plan = staged_plan([(Duration.months(6), Money("10000.00")), (Duration.months(6), Money("20000.00")),
                        (None, Money("30000.00"))], Duration.years(2), [None, "样机完成", "首次销售"])
    start = DEMO_DAY - timedelta(days=30)
    draft = declarations.save_draft(patent, staff, plan, "银行转账", "", start)
    declarations.publish(draft, start, datetime(start.year, start.month, start.day, tzinfo=UTC))
    buyer = db.session.scalars(select(User).where(User.email == ROLE_USERS[Role.ENTERPRISE_USER])).one()
    licence = take_licence(buyer, patent, draft.id, start, start,
                           datetime(start.year, start.month, start.day, tzinfo=UTC))
    report_milestone(licence, buyer, 1, DEMO_DAY - timedelta(days=3), "首张销售发票", DEMO_DAY)


def _milestone_reports(user: User | None) -> list[int]:
    """Milestone reports of the user's licences (every report for other roles, who are turned away)."""
    from marketplace.milestones.models import MilestoneReport

    licence_ids = [licence.id for licence in _licences(user)]
    return list(db.session.scalars(select(MilestoneReport.id)
                                   .where(MilestoneReport.licence_id.in_(licence_ids))
                                   .order_by(MilestoneReport.id)))


def _api_tokens() -> None:
    """An API token of each role's user, so the account page shows its revoke form."""
    from marketplace.api.tokens import create_token

    for email in ROLE_USERS.values():
        if email is not None:
            user = db.session.scalars(select(User).where(User.email == email)).one()
            create_token(user, "对接系统", [], 365, datetime(2026, 11, 26, 2, 0, tzinfo=UTC))


def _tokens(user: User | None) -> list[int]:
    """The user's API tokens first, then every other (whose revocation is 404)."""
    from marketplace.api.token_models import ApiToken

    mine = user.id if user is not None else 0
    return list(db.session.scalars(select(ApiToken.id).order_by((ApiToken.user_id == mine).desc(),
                                                                ApiToken.id)))


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
       b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND"
       b"\xaeB`\x82")


def _zone(staff: User) -> None:
    """A running zone of the demo organiser with a banner, patents curated from every university (some
    featured), and a nomination of the staff user's university waiting; the staff user's university keeps
    offered patents to nominate."""
    from marketplace.core.declaration_rules import DeclarationStatus
    from marketplace.core.zone_state import ZoneAction
    from marketplace.zones import curation, nominations, services

    organiser = db.session.scalars(select(User).where(User.email == ROLE_USERS[Role.ORGANISER])).one()
    zone = services.create_zone(organiser, services.ZoneDetails(
        title="稀土新材料专场", theme="稀土", description="包头稀土专场对接活动",
        industries="rare_earth_materials",
        ipc_classes="C22C；H01F", keywords="稀土；永磁", opens_on=DEMO_DAY - timedelta(days=5),
        closes_on=DEMO_DAY + timedelta(days=25), mode=ZoneMode.ONSITE, place="包头市稀土高新区"))
    services.set_banner(zone, PNG)
    offered = db.session.scalars(select(Declaration).where(Declaration.status == DeclarationStatus.PUBLISHED)
                                 .order_by(Declaration.university_id, Declaration.id)).all()
    by_university: dict[int, list[Declaration]] = {}
    for declaration in offered:
        by_university.setdefault(declaration.university_id, []).append(declaration)
    for declarations_of in by_university.values():
        for declaration in declarations_of[:2]:
            entry = curation.add_patent(zone, declaration.patent_id, organiser)
            entry.featured = declaration.university_id == staff.university_id
    services.change_status(zone, ZoneAction.PUBLISH, DEMO_DAY)
    services.change_status(zone, ZoneAction.START, DEMO_DAY)
    nominations.nominate(zone, by_university[staff.university_id][2].patent_id, "适合稀土企业", staff)


def _add_zones(offer: Declaration) -> None:
    """Two zones of the demo organiser with a curated patent: a running on-site one the sweeps'
    enterprise has registered for (its code, QR code and cancel form show), and a published one it
    has not (the registration form shows)."""
    from marketplace.core.zone_state import ZoneStatus
    from marketplace.zones.models import ZoneMode, ZonePatent
    from marketplace.zones.registration import register

    organiser = db.session.scalars(select(User).where(User.email == ROLE_USERS[Role.ORGANISER])).one()
    zones = [Zone(organiser_id=organiser.id, title=title, theme=theme, opens_on=DEMO_DAY - timedelta(days=5),
                  closes_on=DEMO_DAY + timedelta(days=30), mode=mode, place=place, status=status)
             for title, theme, mode, place, status in (
                 ("稀土新材料专场", "稀土", ZoneMode.ONSITE, "包头市会展中心", ZoneStatus.RUNNING),
                 ("乳业与生物技术线上专区", "乳业", ZoneMode.ONLINE, "", ZoneStatus.PUBLISHED))]
    db.session.add_all(zones)
    db.session.flush()
    for zone in zones:
        db.session.add(ZonePatent(zone_id=zone.id, patent_id=offer.patent_id, declaration_id=offer.id,
                                  university_id=offer.university_id, added_by_id=organiser.id))
    enterprise = db.session.scalars(select(User).where(User.email == ROLE_USERS[Role.ENTERPRISE_USER])).one()
    register(zones[0], enterprise, "张经理", "0477-8123456", "氢能储运", [offer.patent_id], DEMO_DAY,
             datetime(2026, 11, 26, 2, 0, tzinfo=UTC))


def _zones(user: User | None) -> list[int]:
    """Zones the user reaches: the public ones, or (organisers) their own, or (administrators) all."""
    from marketplace.core.zone_state import VISIBLE

    stmt = select(Zone.id).order_by(Zone.id)
    if user is not None and user.role == Role.ORGANISER:
        stmt = stmt.where(Zone.organiser_id == user.id)
    elif user is None or user.role != Role.ADMIN:
        stmt = stmt.where(Zone.status.in_(VISIBLE))
    return list(db.session.scalars(stmt))


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


def _event_terms(staff: User) -> None:
    """Event terms of the IP centre's patent curated into the running meeting zone, from tomorrow to the
    zone's close (so today's terms, which other sweeps take, stay the base terms), and their end form."""
    from marketplace.core.money import Money
    from marketplace.core.pricing import Duration, flat_plan
    from marketplace.declarations.event_terms import EventTerms, publish_event_terms
    from marketplace.zones.models import ZonePatent

    entry = db.session.scalars(select(ZonePatent).join(Zone).where(
        ZonePatent.university_id == staff.university_id,
        Zone.title == "乳业与生物技术线上专区（洽谈）")).one()
    zone = db.session.get(Zone, entry.zone_id)
    publish_event_terms(entry.patent, staff, EventTerms(
        zone_id=zone.id, valid_from=DEMO_DAY + timedelta(days=1), valid_until=zone.closes_on,
        plan=flat_plan(Money("8000.00"), Duration.years(1)), payment_method="银行转账", other_terms=""),
        DEMO_DAY, datetime(2026, 11, 26, 2, 0, tzinfo=UTC))


def _need_matches(staff: User) -> None:
    """A need of the demo enterprise matched to patents of the IP centre (one marked not relevant, with
    words), and one of another enterprise, so the match pages, the mark form and the feedback summary
    all show."""
    from marketplace.core.feedback import FeedbackReason
    from marketplace.matching.feedback_models import MatchFeedback
    from marketplace.matching.models import NeedMatch
    from marketplace.matching.reasons import MatchReasons
    from marketplace.needs.models import Need

    buyer = db.session.scalars(select(User).where(User.email == ROLE_USERS[Role.ENTERPRISE_USER])).one()
    other = db.session.scalars(select(User).where(User.email == ROYALTY_REPORTER)).one()
    patents = db.session.scalars(select(Patent).where(Patent.university_id == staff.university_id)
                                 .order_by(Patent.offer_kind == "", Patent.id).limit(3)).all()
    moment = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
    reasons = MatchReasons(terms=("氢能", "储运"), industry_agrees=True, ipc_classes=("F17C",),
                           plan_fit="fits", price_fit="within", offer_total_fen=5_000_000,
                           remaining_years=12).to_json()
    for author, title in ((buyer, "寻找氢气储运的低成本方案"), (other, "乳制品冷链保鲜技术")):
        need = Need(enterprise_id=author.enterprise_id, created_by_id=author.id, title=title,
                    description="我们是中小企业，想找能尽快落地的技术。", region="鄂尔多斯市",
                    matched_at=moment)
        db.session.add(need)
        db.session.flush()
        for rank, patent in enumerate(patents, start=1):
            db.session.add(NeedMatch(need_id=need.id, patent_id=patent.id, university_id=patent.university_id,
                                     rank=rank, score=1_000_000 - rank, reasons=reasons, computed_at=moment))
        db.session.add(MatchFeedback(need_id=need.id, patent_id=patents[-1].id,
                                     university_id=staff.university_id, reason=FeedbackReason.OTHER,
                                     text="我们已有类似设备", user_id=author.id, created_at=moment))


def _need_patents(user: User | None) -> list[dict]:
    """Matches of the needs above, as (need, patent) pairs."""
    from marketplace.matching.models import NeedMatch

    ids = _needs(user)
    order = {need_id: index for index, need_id in enumerate(ids)}
    rows = db.session.execute(select(NeedMatch.need_id, NeedMatch.patent_id).order_by(NeedMatch.rank)).all()
    return [{"need_id": need_id, "patent_id": patent_id}
            for need_id, patent_id in sorted(rows, key=lambda row: order.get(row[0], len(order)))]


def _conversations(staff: User) -> None:
    """A need of the demo enterprise answered by the IP centre, and a question about one of the centre's
    patents, so the thread, reply, accept and meeting pages all show their forms."""
    from marketplace.conversations import services as conversations
    from marketplace.needs.models import Need

    enterprise = db.session.scalars(select(User).where(User.email == ROLE_USERS[Role.ENTERPRISE_USER])).one()
    need = Need(enterprise_id=enterprise.enterprise_id, created_by_id=enterprise.id,
                title="乳清蛋白低温浓缩工艺", description="想找能降低能耗的乳清浓缩技术。",
                keywords="乳清；膜分离")
    db.session.add(need)
    db.session.flush()
    moment = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
    conversations.answer_need(staff, need.id, "我校有膜分离浓缩相关专利，可以详谈。", None, moment)
    patent = db.session.scalars(select(Patent).where(Patent.university_id == staff.university_id,
                                                     Patent.archived.is_(False)).order_by(Patent.id)).first()
    conversations.ask_about_patent(enterprise, patent.id, "这项专利是否已有中试数据？", moment)


def _webhooks() -> None:
    """A webhook partner with a delivery delivered, one failed and one pending, so the partner page shows
    attempts, the replay forms and the deactivate form."""
    from marketplace.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookPartner

    moment = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
    partner = WebhookPartner(name="蒙科技成果转化平台", url="https://hooks.partner.example.cn/patents",
                             secret="0" * 64, events="licence.taken,payment.confirmed", created_at=moment)
    db.session.add(partner)
    db.session.flush()
    for number, status in enumerate(DeliveryStatus, start=1):
        delivery = WebhookDelivery(partner_id=partner.id, event_type="licence.taken",
                                   event_key=f"licence.taken:{number}",
                                   event_id=f"00000000-0000-0000-0000-{number:012d}",
                                   body=b'{"id":"x"}', status=status, attempts=1, next_attempt_at=moment,
                                   delivered_at=moment if status == DeliveryStatus.DELIVERED else None,
                                   created_at=moment)
        db.session.add(delivery)
        db.session.flush()
        db.session.add(WebhookAttempt(delivery_id=delivery.id, attempted_at=moment, duration_ms=12,
                                      http_status=200 if status == DeliveryStatus.DELIVERED else None,
                                      error="" if status == DeliveryStatus.DELIVERED else "TimeoutError"))


def _threads(user: User | None) -> list[int]:
    """Threads of the user's organisation (every thread for other roles, who are turned away)."""
    from marketplace.conversations.models import Conversation

    stmt = select(Conversation.id).order_by(Conversation.id)
    if user is not None and user.role == Role.ENTERPRISE_USER:
        stmt = stmt.where(Conversation.enterprise_id == user.enterprise_id)
    elif user is not None and user.role == Role.UNIVERSITY_STAFF:
        stmt = stmt.where(Conversation.university_id == user.university_id)
    return list(db.session.scalars(stmt))


def _event_versions(user: User | None) -> list[dict]:
    """Event terms of the patents the user reaches (their own university's for IP-centre staff)."""
    stmt = select(Declaration).where(Declaration.event_zone_id.is_not(None)).order_by(Declaration.id)
    if user is not None and user.role == Role.UNIVERSITY_STAFF:
        stmt = stmt.where(Declaration.university_id == user.university_id)
    return [{"patent_id": d.patent_id, "declaration_id": d.id} for d in db.session.scalars(stmt)]


def _ids(model: str) -> list[int]:
    """The ids of a webhook model's rows."""
    from marketplace.webhooks import models

    table = getattr(models, model)
    return list(db.session.scalars(select(table.id).order_by(table.id)))


def _declarations(user: User | None) -> list[int]:
    """Declarations: the user's university's drafts first (the API publishes them), then the others."""
    mine = user.university_id if user is not None and user.university_id is not None else 0
    return list(db.session.scalars(select(Declaration.id).order_by(
        (Declaration.university_id == mine).desc(), (Declaration.status == DeclarationStatus.DRAFT).desc(),
        Declaration.id)))


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


def _needs(user: User | None) -> list[int]:
    """Needs: the user's enterprise's own first (their pages hold the edit and status forms), then every
    other need (the pages say 404 where the user may not read it)."""
    from marketplace.needs.models import Need

    mine = user.enterprise_id if user is not None and user.enterprise_id is not None else 0
    return list(db.session.scalars(select(Need.id).order_by((Need.enterprise_id == mine).desc(), Need.id)))


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
        frozenset({"report_id"}): [{"report_id": i} for i in _milestone_reports(user)],
        frozenset({"dispute_id"}): [{"dispute_id": i} for i in _disputes(user)],
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
        frozenset({"need_id"}): [{"need_id": i} for i in _needs(user)],
        frozenset({"conversation_id"}): [{"conversation_id": i} for i in _threads(user)],
        frozenset({"token_id"}): [{"token_id": i} for i in _tokens(user)],
        frozenset({"patent_id", "declaration_id"}): _event_versions(user),
        frozenset({"declaration_id"}): [{"declaration_id": i} for i in _declarations(user)],
        frozenset({"need_id", "patent_id"}): _need_patents(user),
        frozenset({"partner_id"}): [{"partner_id": i} for i in _ids("WebhookPartner")],
        frozenset({"delivery_id"}): [{"delivery_id": i} for i in _ids("WebhookDelivery")],
        frozenset({"code"}): [{"code": "zh_CN"}],
        frozenset({"filename"}): [{"filename": "css/site.css"}],
        # A live password-reset link (of a user no sweep logs in as, should a value ever be accepted).
        frozenset({"token"}): [{"token": reset_token_for(ROYALTY_REPORTER, utcnow())[1]}],
    }
    return {names: values[:PER_ROUTE] for names, values in found.items()}
