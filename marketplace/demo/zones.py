"""Demo special zones: a closed on-site matchmaking event and a running online zone of the demo organiser,
built through the real zone services on the days they would have happened.

Let T be the demo's today.

- 稀土新材料专场 (on site in 包头, window T-140 … T-120, closed): patents of 内蒙古科技大学, 内蒙古工业大学
  (one nominated by the university and accepted) and 内蒙古大学; four enterprises registered, three checked
  in; a session on T-132 with two meetings held (both sides record it), one declined with a feedback reason
  and one no-show. The window was chosen around the demo licences taken on T-130 (see `licences.PLAYS`):
  稀宝's 90-day trial, converted on T-115 after the zone closed and its first instalment paid on T-36, and
  绿氢's royalty licence. Those licences carry the zone as their source.
- 乳业与生物技术线上专区 (online, window T-10 … T+20, running): biotechnology patents of 内蒙古大学 published
  for it, two enterprises registered, a session on T+3 with every slot open, and one meeting request
  waiting for the IP centre's answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.clock import SHANGHAI
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.core.feedback import FeedbackReason
from marketplace.core.meetings import FollowUp, Outcome
from marketplace.core.money import Money
from marketplace.core.patent_fields import LegalStatus
from marketplace.core.pricing import Duration, TrialEnd, flat_plan, free_plan, try_first_plan
from marketplace.core.zone_state import ZoneAction
from marketplace.declarations import services as declarations
from marketplace.declarations.models import Declaration
from marketplace.demo import data
from marketplace.demo.offers import PAYMENT
from marketplace.extensions import db
from marketplace.licensing.models import Licence
from marketplace.zones import curation, meeting_services, nominations, registration, services
from marketplace.zones.models import Zone, ZoneMode, ZonePatent, ZoneRegistration

CLOSED_TITLE = "稀土新材料专场"
RUNNING_TITLE = "乳业与生物技术线上专区"

# Patents offered for the zones by 内蒙古大学 (application number, plan, other terms), published on T-160,
# before the closed zone was prepared.
ZONE_OFFERS_PUBLISHED_BEFORE = 160
ZONE_OFFERS = (
    ("201810659273.5", flat_plan(Money("50000.00"), Duration.years(3)), "一次性支付许可费，许可期三年。"),
    ("201310418506.X", try_first_plan(Duration.months(6), Money.zero(), TrialEnd.EXPIRE,
                                      flat_plan(Money("40000.00"), Duration.years(3))),
     "试用六个月，可随时转为付费或放弃。"),
    ("201910803164.0", free_plan(Duration.years(2)), "免费许可两年，支持牧场和乳企试用。"),
)

# Curated into the closed zone by the organiser, in this order (application numbers); the 内蒙古工业大学
# patent comes in by the university's nomination.
CLOSED_CURATED = ("201710412450.5", "201610398215.2", "201811204637.7", "202210873159.9",
                  "201810659273.5")
CLOSED_NOMINATED = "202310158264.9"
RUNNING_CURATED = ("201310418506.X", "201910803164.0")


@dataclass(frozen=True)
class Meeting:
    """A meeting request in the closed zone: the enterprise (e-mail local part), the patent, its reason,
    the slot asked for (index in the session), and what became of it."""

    enterprise: str
    patent: str
    reason: str
    slot: int
    answer: str  # "held", "no_show" (the university records it) or "declined"
    follow_up: FollowUp | None = None


CLOSED_MEETINGS = (
    Meeting("xibao", "202210873159.9", "希望了解稀土镁合金挤压成形的中试条件", 0, "held",
            FollowUp.TRIAL_STARTED),
    Meeting("lvqing", "202310158264.9", "析氢电极能否用于我司碱性电解槽", 1, "held", FollowUp.LICENCE_TAKEN),
    Meeting("meihua", "201710412450.5", "抛光粉能否用于光伏玻璃", 2, "declined"),
    Meeting("mengru", "201810659273.5", "催化剂在乳品废水处理中的应用", 3, "no_show"),
)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    """`hour`:`minute` in Shanghai on `day`, as a stored instant (UTC)."""
    return datetime.combine(day, time(hour, minute), SHANGHAI).astimezone(UTC)


def _user(local: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == f"{local}@{data.EMAIL_DOMAIN}"))


def staff_of(patent: Patent) -> User | None:
    """The demo IP-centre user of the patent's university, if it has one."""
    return db.session.scalar(select(User).where(User.role == Role.UNIVERSITY_STAFF,
                                                User.university_id == patent.university_id,
                                                User.email.like(f"%@{data.EMAIL_DOMAIN}")).order_by(User.id))


def _undeclared_in_force(patent: Patent, today: date) -> bool:
    """Whether the patent has no declaration yet and stays in force for the zone offers' terms."""
    if patent.legal_status != LegalStatus.GRANTED or patent.expiry_date.year < today.year + 4:
        return False
    return db.session.scalar(select(Declaration.id).where(Declaration.patent_id == patent.id)) is None


def _publish_zone_offers(today: date) -> None:
    """Publish 内蒙古大学's offers for the zones on patents that have no declaration yet."""
    staff = _user("imu")
    day = today - timedelta(days=ZONE_OFFERS_PUBLISHED_BEFORE)
    for number, plan, terms in ZONE_OFFERS:
        patent = db.session.scalar(select(Patent).where(Patent.application_number == number))
        if staff is None or patent is None or not _undeclared_in_force(patent, today):
            continue
        draft = declarations.save_draft(patent, staff, plan, PAYMENT, terms, day)
        declarations.publish(draft, day, _at(day, 9))


def _new_zone(organiser: User, details: services.ZoneDetails, day: date) -> Zone:
    zone = services.create_zone(organiser, details)
    zone.created_at = _at(day, 9)
    return zone


def _offered(number: str) -> int | None:
    """The id of the patent with this application number while it is offered on published terms."""
    return db.session.scalar(select(Patent.id).join(Declaration, Declaration.patent_id == Patent.id).where(
        Patent.application_number == number, Declaration.status == DeclarationStatus.PUBLISHED))


def _listed(zone: Zone, number: str) -> int | None:
    """The id of the patent with this application number when the zone lists it."""
    return db.session.scalar(select(Patent.id).join(ZonePatent, ZonePatent.patent_id == Patent.id).where(
        Patent.application_number == number, ZonePatent.zone_id == zone.id))


def _curate(zone: Zone, numbers: tuple[str, ...], organiser: User, day: date) -> None:
    """Curate the patents that are offered (a demo seeded years later finds some no longer offered)."""
    for patent_id in map(_offered, numbers):
        if patent_id is not None:
            curation.add_patent(zone, patent_id, organiser).added_at = _at(day, 10)


def _register(zone: Zone, local: str, contact: str, phone: str, interests: str, numbers: tuple[str, ...],
              day: date) -> ZoneRegistration | None:
    user = _user(local)
    if user is None:
        return None
    patent_ids = [patent_id for number in numbers if (patent_id := _listed(zone, number)) is not None]
    return registration.register(zone, user, contact, phone, interests, patent_ids, day, _at(day, 11))


def attribute_licences(zone: Zone) -> int:
    """Record the zone as the source of every licence the attribution rule gives it: taken within the
    zone's window by an enterprise registered for the zone, on a patent the zone lists. Returns how many.

    The demo licences were taken before their zone was recorded (`seed_licences` runs first, day by day),
    so no service attributed them when they were taken; the demo sets `source_zone_id` to what the rule
    (domain.md, "Attribution") gives. The demo zones' windows do not overlap, so no licence has two
    candidate zones, and no demo licence was taken from a zone page.
    """
    registered = select(ZoneRegistration.enterprise_id).where(ZoneRegistration.zone_id == zone.id,
                                                              ZoneRegistration.cancelled_at.is_(None))
    listed = select(ZonePatent.patent_id).where(ZonePatent.zone_id == zone.id)
    licences = db.session.scalars(select(Licence).where(
        Licence.source_zone_id.is_(None), Licence.start_date.between(zone.opens_on, zone.closes_on),
        Licence.enterprise_id.in_(registered), Licence.patent_id.in_(listed))).all()
    for licence in licences:
        licence.source_zone_id = zone.id
    db.session.flush()
    return len(licences)


def _closed_zone(organiser: User, today: date) -> Zone:
    opens, closes = today - timedelta(days=140), today - timedelta(days=120)
    zone = _new_zone(organiser, services.ZoneDetails(
        title=CLOSED_TITLE, theme="稀土", industries="rare_earth_materials；metallurgy",
        ipc_classes="C22C；H01F", keywords="稀土；永磁；储氢", opens_on=opens, closes_on=closes,
        mode=ZoneMode.ONSITE,
        place="包头市稀土高新区 包头国际会展中心",
        description="面向包头稀土产业链企业的专利开放许可专场对接活动：高校集中发布稀土新材料专利，"
                    "现场一对一洽谈。"), opens - timedelta(days=10))
    _curate(zone, CLOSED_CURATED, organiser, opens - timedelta(days=10))
    if services.curated_count(zone.id) == 0:
        return zone  # nothing offered to show: the zone stays a draft
    services.change_status(zone, ZoneAction.PUBLISH, opens - timedelta(days=8))
    nominee = _offered(CLOSED_NOMINATED)
    imut = _user("imut")
    if nominee is not None and imut is not None:
        nomination = nominations.nominate(zone, nominee, "储氢与电解水制氢企业关注度高", imut)
        nominations.accept(zone, nomination.id, organiser)
        nomination.created_at = _at(opens - timedelta(days=7), 9)
        nomination.decided_at = _at(opens - timedelta(days=6), 9)
    registrations = [
        _register(zone, "xibao", "张伟", "0472-5126688", "稀土镁合金、钕铁硼永磁",
                  ("202210873159.9", "201811204637.7"), opens - timedelta(days=6)),
        _register(zone, "lvqing", "孙浩", "0477-8123456", "储氢合金、电解水制氢电极",
                  ("202310158264.9", "201610398215.2"), opens - timedelta(days=5)),
        _register(zone, "meihua", "周磊", "0473-2201357", "稀土抛光粉", ("201710412450.5",),
                  opens - timedelta(days=4)),
        _register(zone, "mengru", "陈静", "0471-3396120", "废水处理催化剂", ("201810659273.5",),
                  opens - timedelta(days=3)),
    ]
    services.change_status(zone, ZoneAction.START, opens)
    event_day = opens + timedelta(days=8)
    session = meeting_services.create_session(zone, organiser, event_day, time(9), time(11), 30, 4,
                                              "包头国际会展中心 B 厅洽谈区")
    session.created_at = _at(opens, 10)
    for each in registrations[:3]:
        if each is not None:
            registration.check_in(zone, organiser, each.check_in_code, _at(event_day, 8, 40))
    _closed_meetings(zone, session.slots, event_day)
    attribute_licences(zone)
    services.change_status(zone, ZoneAction.CLOSE, closes + timedelta(days=1))
    return zone


def _closed_meetings(zone: Zone, slots, event_day: date) -> None:
    """The closed zone's meetings, requested a week before the event, answered two days later, and their
    outcomes recorded after the licences of the window were taken (T-129)."""
    asked, answered, recorded = (event_day - timedelta(days=6), event_day - timedelta(days=4),
                                 event_day + timedelta(days=3))
    for meeting in CLOSED_MEETINGS:
        enterprise_user = _user(meeting.enterprise)
        listed = _listed(zone, meeting.patent)
        patent = db.session.get(Patent, listed) if listed is not None else None
        staff = staff_of(patent) if patent is not None else None
        if enterprise_user is None or patent is None or staff is None:
            continue
        request = meeting_services.request_meeting(enterprise_user, zone, patent.id, meeting.reason,
                                                   [slots[meeting.slot].id], _at(asked, 10))
        if meeting.answer == "declined":
            meeting_services.decline(staff, request.id, FeedbackReason.TOO_EARLY, "",
                                     _at(answered, 15))
            continue
        meeting_services.accept(staff, request.id, slots[meeting.slot].id, _at(answered, 15))
        if meeting.answer == "held":
            for side in (enterprise_user, staff):
                meeting_services.record_outcome(side, request.id, Outcome.HELD, meeting.follow_up, None, "",
                                                _at(recorded, 16))
        else:
            meeting_services.record_outcome(staff, request.id, Outcome.NO_SHOW, None, None, "",
                                            _at(event_day, 12))


def _running_zone(organiser: User, today: date) -> Zone:
    opens, closes = today - timedelta(days=10), today + timedelta(days=20)
    zone = _new_zone(organiser, services.ZoneDetails(
        title=RUNNING_TITLE, theme="乳业", industries="dairy_food；agriculture_livestock",
        ipc_classes="C12N；A23C", keywords="乳业；胚胎；乳酸菌", opens_on=opens, closes_on=closes,
        mode=ZoneMode.ONLINE, place="",
        description="面向乳企和牧场的线上专区：奶牛繁育、发酵乳等生物技术专利集中展示，线上一对一洽谈。"),
        opens - timedelta(days=5))
    _curate(zone, RUNNING_CURATED, organiser, opens - timedelta(days=5))
    if services.curated_count(zone.id) == 0:
        return zone  # nothing offered to show: the zone stays a draft
    services.change_status(zone, ZoneAction.PUBLISH, opens - timedelta(days=3))
    services.change_status(zone, ZoneAction.START, opens)
    mengru = _register(zone, "mengru", "陈静", "0471-3396120", "奶牛良种繁育、胚胎移植",
                       RUNNING_CURATED, opens + timedelta(days=1))
    _register(zone, "xibao", "刘芳", "0472-5126688", "生物技术跨界合作", (), opens + timedelta(days=4))
    session = meeting_services.create_session(zone, organiser, today + timedelta(days=3), time(14), time(16),
                                              30, 3, "线上洽谈室（链接会前发送）")
    session.created_at = _at(opens, 10)
    patent_id = _listed(zone, RUNNING_CURATED[0])
    if mengru is not None and patent_id is not None:
        meeting_services.request_meeting(_user("mengru"), zone, patent_id,
                                         "希望了解胚胎构建方法在奶牛场的应用",
                                         [slot.id for slot in session.slots[:2]], _at(today, 9))
    attribute_licences(zone)
    return zone


def seed_zones(today: date) -> int:
    """Create the demo organiser's two zones, unless any zone exists; returns how many were created."""
    if db.session.scalar(select(Zone.id).limit(1)) is not None:
        return 0
    organiser = _user("organiser")
    if organiser is None:
        return 0
    _publish_zone_offers(today)
    _closed_zone(organiser, today)
    _running_zone(organiser, today)
    db.session.flush()
    return 2
