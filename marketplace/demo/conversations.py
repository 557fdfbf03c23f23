"""Demo conversations: IP centres answering the demo's technology needs, the enterprises' replies, one
answer accepted and one thread turned into a meeting request in the running demo zone, accepted by the IP
centre, and a licence of the patent taken.

Built through the real conversation services from whatever needs exist (none: nothing to do), so every
rule holds; created once (nothing is added when any conversation exists). Let T be the demo's today:
answers come on T-4, replies on T-3, follow-ups on T-2, the acceptance on T-1 and the meeting request on T.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.catalogue.models import Patent
from marketplace.clock import SHANGHAI
from marketplace.conversations import services
from marketplace.conversations.models import Conversation
from marketplace.core.need_state import NeedStatus
from marketplace.core.zone_state import ZoneStatus
from marketplace.extensions import db
from marketplace.matching.models import NeedMatch
from marketplace.needs.models import Need
from marketplace.service_errors import ServiceError
from marketplace.zones import meeting_services
from marketplace.zones.models import Zone

ANSWERS_WANTED = 5
ANSWER = ("您好！我们是{university}知识产权中心。看到贵企业发布的“{need}”需求，我校“{patent}”专利与此相关，"
          "已在平台发布开放许可，可以提供技术资料，并安排发明人团队与贵企业技术负责人对接。")
REPLIES = (
    "感谢答复！请问这项技术有没有中试或产业化案例？我们想先了解设备改造的投入和大致周期。",
    "谢谢老师。我们比较关心许可费用和试用安排，能否先试用三到六个月再决定是否付费？",
    "收到，资料已转给我们的技术部。下周能否安排发明人线上讲解一次？",
    "感谢！我们生产线在旗县，交通不太方便，希望先线上沟通，再考虑现场考察。",
    "好的，我们先内部评估一下，月底前给您回复。",
)
FOLLOW_UPS = (
    "该技术已在区内企业完成中试，运行半年效果稳定；设备方面主要是增加一套控制系统，改造周期约两个月。",
    "可以。许可页面上有先试用后付费的方案，试用期内不收费，期满可转为一次性或分期付款。",
    "没问题，发明人团队下周二、周四下午都有时间，您看哪天方便？",
    "理解，我们可以先线上演示，必要时带样品去现场。",
    "好的，有问题随时在这里留言。",
)
ACCEPTANCE_NOTE = "经过内部评估，我们决定采纳贵校的方案，接下来请安排技术对接。"
MEETING_REASON = "希望在专区线上洽谈室与发明人团队面谈，确认试用条件和技术指标"


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), SHANGHAI).astimezone(UTC)


def _active_staff(university_id: int) -> User | None:
    return db.session.scalars(select(User).where(
        User.role == Role.UNIVERSITY_STAFF, User.university_id == university_id,
        User.status == AccountStatus.ACTIVE).order_by(User.id)).first()


def _active_member(enterprise_id: int, preferred: User | None) -> User | None:
    if (preferred is not None and preferred.status == AccountStatus.ACTIVE
            and preferred.enterprise_id == enterprise_id):
        return preferred
    return db.session.scalars(select(User).where(
        User.role == Role.ENTERPRISE_USER, User.enterprise_id == enterprise_id,
        User.status == AccountStatus.ACTIVE).order_by(User.id)).first()


def _fitting_patent(need: Need, offered: list[Patent], used: set[int]) -> Patent | None:
    """The best stored match among offered patents of staffed universities, else one of the need's industry,
    else the next offered patent not proposed yet."""
    by_id = {patent.id: patent for patent in offered}
    matched = db.session.scalars(select(NeedMatch.patent_id).where(NeedMatch.need_id == need.id)
                                 .order_by(NeedMatch.rank))
    for patent_id in matched:
        if patent_id in by_id:
            return by_id[patent_id]
    same_field = [p for p in offered if need.industry is not None and p.industry == need.industry]
    for patent in same_field + [p for p in offered if p.id not in used]:
        return patent
    return None


def _offered_of_staffed() -> list[Patent]:
    staffed = {user.university_id for user in db.session.scalars(select(User).where(
        User.role == Role.UNIVERSITY_STAFF, User.status == AccountStatus.ACTIVE))}
    patents: list[Patent] = []
    for university_id in sorted(uid for uid in staffed if uid is not None):
        patents.extend(services.offered_patents(university_id))
    return patents


def _turn_into_meeting(threads: list[Conversation], today: date) -> bool:
    """The first thread whose enterprise is registered in a zone taking requests with the university
    becomes a meeting request in that zone."""
    for conversation in threads:
        member = _active_member(conversation.enterprise_id, None)
        for zone in services.meeting_zones(conversation, today):
            if member is None or meeting_services.live_registration(zone.id, member.enterprise_id) is None:
                continue
            slots = meeting_services.bookable_slots(zone.id, _at(today, 9, 30))
            for entry in services.meeting_patents(conversation, zone.id):
                try:
                    with db.session.begin_nested():
                        meeting = services.request_meeting(member, conversation.id, zone, entry.patent_id,
                                                           MEETING_REASON, [slot.id for slot in slots[-2:]],
                                                           today, _at(today, 9, 30))
                except ServiceError:
                    continue
                _accept_and_license(meeting, member, zone, today)
                return True
    return False


def _accept_and_license(meeting, member: User, zone: Zone, today: date) -> None:
    """The IP centre accepts the meeting's first proposed slot, and the enterprise takes a licence of the
    patent on the terms in force (a trial where the plan starts with one), attributed to the zone: the
    thread that began with an answer to a need ends in a meeting and a licence."""
    from marketplace.declarations.services import terms_in_force
    from marketplace.licensing.services import take_licence
    from marketplace.zones.attribution import source_zone_for

    staff = _active_staff(meeting.university_id)
    if staff is None or not meeting.proposals:
        return
    meeting_services.accept(staff, meeting.id, meeting.proposals[0].slot_id, _at(today, 11))
    declaration = terms_in_force(meeting.patent_id, today)
    if declaration is None:
        return
    patent = db.session.get(Patent, meeting.patent_id)
    try:
        with db.session.begin_nested():
            take_licence(member, patent, declaration.id, today, today, _at(today, 15),
                         source_zone_for(member.enterprise_id, patent.id, today, zone.id))
    except ServiceError:
        return
    line = f"已取得该专利的开放许可：{patent.title}"
    services.reply(member, meeting.conversation_id, line, _at(today, 15, 5))


def _asked_in_running_zone(today: date) -> Conversation | None:
    """When no answered need fits a running zone: an enterprise registered in one asks about a curated
    patent it has no open request for, and the IP centre answers (so a thread can become a meeting)."""
    from marketplace.zones.meeting_models import MeetingRequest
    from marketplace.zones.models import ZonePatent, ZoneRegistration

    for zone in db.session.scalars(select(Zone).where(Zone.status == ZoneStatus.RUNNING).order_by(Zone.id)):
        for registration in db.session.scalars(select(ZoneRegistration).where(
                ZoneRegistration.zone_id == zone.id, ZoneRegistration.cancelled_at.is_(None))):
            member = _active_member(registration.enterprise_id, None)
            requested = set(db.session.scalars(select(MeetingRequest.patent_id).where(
                MeetingRequest.zone_id == zone.id,
                MeetingRequest.enterprise_id == registration.enterprise_id)))
            for entry in db.session.scalars(select(ZonePatent).where(ZonePatent.zone_id == zone.id)
                                            .order_by(ZonePatent.position, ZonePatent.id)):
                staff = _active_staff(entry.university_id)
                if member is None or staff is None or entry.patent_id in requested:
                    continue
                conversation = services.ask_about_patent(
                    member, entry.patent_id, "看到专区里的这项专利，和我们牧场的需求很接近，想进一步了解。",
                    _at(today - timedelta(days=2), 10))
                services.reply(staff, conversation.id, "欢迎！可以在专区的线上洽谈室约发明人面谈，时间您选。",
                               _at(today - timedelta(days=1), 16))
                return conversation
    return None


def seed_conversations(today: date) -> int:
    """Answer four or five live demo needs from fitting universities, with the enterprises' replies; accept
    the first answer and turn one thread into a meeting request in a running zone. Returns how many
    conversations were created (0 when any exists already, or when there is no need)."""
    if db.session.scalar(select(Conversation.id).limit(1)) is not None:
        return 0
    needs = list(db.session.scalars(select(Need).where(Need.status == NeedStatus.OPEN).order_by(Need.id)))
    offered = _offered_of_staffed()
    if not needs or not offered:
        return 0
    threads: list[Conversation] = []
    used: set[int] = set()
    for need in needs:
        if len(threads) == ANSWERS_WANTED:
            break
        patent = _fitting_patent(need, offered, used)
        member = _active_member(need.enterprise_id, need.created_by)
        staff = _active_staff(patent.university_id) if patent is not None else None
        if patent is None or staff is None or member is None:
            continue
        used.add(patent.id)
        n = len(threads)
        words = {"university": patent.university.name, "need": need.title, "patent": patent.title}
        conversation = services.answer_need(staff, need.id, ANSWER.format(**words), patent.id,
                                            _at(today - timedelta(days=4), 10 + n))
        services.reply(member, conversation.id, REPLIES[n], _at(today - timedelta(days=3), 9 + n))
        if n < 3:
            services.reply(staff, conversation.id, FOLLOW_UPS[n], _at(today - timedelta(days=2), 14 + n))
        threads.append(conversation)
    if not threads:
        return 0
    first = threads[0]
    member = _active_member(first.enterprise_id, None)
    services.reply(member, first.id, ACCEPTANCE_NOTE, _at(today - timedelta(days=1), 10))
    services.accept_answer(member, first.id, _at(today - timedelta(days=1), 10, 5))
    created = len(threads)
    if not _turn_into_meeting(threads, today):
        asked = _asked_in_running_zone(today)
        if asked is not None:
            created += 1
            _turn_into_meeting([asked], today)
    db.session.flush()
    return created
