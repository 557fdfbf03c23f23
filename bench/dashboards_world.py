"""The dashboards benchmark's data: sixty universities, a catalogue of bulk-inserted patents, offers and
licences taken through the services, years of ledger history, meetings, accepted answers and patent views.

`build(url, args)` fills a fresh database and returns the app on it and what it holds; `bench.dashboards`
times the pages on it.
"""

# ruff: noqa: S311
# (S311: `random` only composes reproducible synthetic data here; nothing security-related.)

from __future__ import annotations

import argparse
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from random import Random
from typing import Any

from sqlalchemy import func, insert, select, text

import bench.ledger_world as ledger_world
from bench.bulk import bulk_insert
from bench.catalogue import prepare_schema
from bench.catalogue_data import patent_row
from bench.ledger import POLICY, TODAY
from bench.ledger_mix import Mix
from bench.ledger_rows import Writer
from bench.vocabulary import VOCABULARIES

SEED = 2028
UNIVERSITIES = 60
OFFERED = 7 * UNIVERSITIES  # patents offered through the services: one per plan template per university
PASSWORD = "Bench2027pass"  # noqa: S105 - the synthetic users of a scratch database
CHUNK = 5_000
CITIES = ("呼和浩特", "包头", "赤峰", "通辽", "鄂尔多斯", "呼伦贝尔", "巴彦淖尔", "乌兰察布", "乌海",
          "锡林郭勒")



def university_names() -> tuple[str, ...]:
    """Sixty universities and colleges of the region."""
    kinds = ("大学", "理工学院", "职业技术学院", "师范学院", "医学院", "农业大学")
    return tuple(f"{CITIES[n % len(CITIES)]}{kinds[n % len(kinds)]}{n:02d}" for n in range(UNIVERSITIES))


def make_app(url: str):
    """The app on `url`, its clock frozen on the benchmark day, without log-in throttling."""
    from config import TestingConfig
    from marketplace import create_app

    return create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url, FROZEN_TODAY=TODAY.isoformat(),
                      RATELIMIT_ENABLED=False)


def _at(day: date, hour: int = 2) -> datetime:
    return datetime.combine(day, clock_time(hour, 0), tzinfo=UTC)


# --- building the data ------------------------------------------------------------------------------


def insert_catalogue(rng: Random, count: int, universities: dict[int, str]) -> int:
    """The patents not on offer, bulk-inserted (the offered ones come from the services)."""
    from marketplace.catalogue.models import Patent
    from marketplace.extensions import db

    ids = list(universities)
    # Serials from 1,000 up: those below are the offered patents' (bench/ledger_world.py, 2016 inventions).
    serials = rng.sample(range(1_000, 10_000_000), count)
    chunk, written = [], 0
    for serial in serials:
        vocab = rng.choice(VOCABULARIES)
        university = rng.choice(ids)
        chunk.append(patent_row(rng, vocab, serial, (university, universities[university])))
        if len(chunk) == CHUNK:
            written += bulk_insert(db.session.connection(), Patent, chunk)
            chunk = []
    if chunk:
        written += bulk_insert(db.session.connection(), Patent, chunk)
    return written


def _people() -> dict[str, int]:
    """An administrator and an organiser; every user logged in as gets a real password."""
    from marketplace.accounts.models import AccountStatus, Role, User
    from marketplace.accounts.passwords import hash_password
    from marketplace.extensions import db

    hashed = hash_password(PASSWORD)
    found = {}
    for email, role in (("admin@bench.example.com", Role.ADMIN), ("org@bench.example.com", Role.ORGANISER)):
        user = User(email=email, name=email.split("@")[0], password_hash=hashed, role=role,
                    status=AccountStatus.ACTIVE)
        db.session.add(user)
        db.session.flush()
        found[str(role)] = user.id
    return found


def insert_meetings(rng: Random, world, organiser_id: int, staff_of: dict[int, int], count: int) -> int:
    """A zone with sessions over 2026–2027; `count` meeting requests about its patents, two thirds of them
    accepted with a booked seat, and of those half held by both sides, a quarter by one side only."""
    from marketplace.core.meetings import FollowUp, MeetingSide, MeetingStatus, Outcome
    from marketplace.core.zone_state import ZoneStatus
    from marketplace.extensions import db
    from marketplace.zones.meeting_models import (
        MeetingBooking,
        MeetingOutcome,
        MeetingRequest,
        MeetingSession,
        MeetingSlot,
    )
    from marketplace.zones.models import Zone, ZonePatent

    zone = Zone(organiser_id=organiser_id, title="千校万企稀土新材料专场", theme="稀土",
                opens_on=date(2026, 1, 5), closes_on=date(2027, 12, 20), status=ZoneStatus.RUNNING,
                place="包头市稀土高新区会展中心", published_on=date(2026, 1, 2))
    db.session.add(zone)
    db.session.flush()
    offered = sorted(world.university)
    db.session.execute(insert(ZonePatent), [
        {"zone_id": zone.id, "patent_id": patent, "declaration_id": world.declaration[patent],
         "university_id": world.university[patent], "position": n, "featured": False,
         "added_by_id": organiser_id, "added_at": _at(date(2026, 1, 2))} for n, patent in enumerate(offered)])
    by_university: dict[int, list[int]] = {}
    for patent in offered:
        by_university.setdefault(world.university[patent], []).append(patent)
    universities = sorted(by_university)
    capacity = 5
    slots = max(count // capacity, 1)
    days = [date(2026, 1, 10) + timedelta(days=7 * n) for n in range(75)]  # to mid-2027
    session_rows, slot_rows = [], []
    for n, day in enumerate(days, start=1):
        session_rows.append({"id": n, "zone_id": zone.id, "day": day, "starts_at": clock_time(9, 0),
                             "ends_at": clock_time(17, 0), "slot_minutes": 30, "capacity": capacity,
                             "place": "A厅", "created_by_id": organiser_id,
                             "created_at": _at(date(2026, 1, 2))})
    for n in range(1, slots + 1):
        session = session_rows[(n - 1) % len(session_rows)]
        start = _at(session["day"], 1) + timedelta(minutes=30 * ((n - 1) // len(session_rows)) % 480)
        slot_rows.append({"id": n, "session_id": session["id"], "zone_id": zone.id, "day": session["day"],
                          "starts_at": start, "ends_at": start + timedelta(minutes=30), "capacity": capacity})
    db.session.execute(insert(MeetingSession), session_rows)
    db.session.execute(insert(MeetingSlot), slot_rows)
    enterprises = world.enterprises
    requests, bookings, outcomes = [], [], []
    open_pairs: set[tuple[int, int]] = set()
    for i in range(count):
        slot = slot_rows[i % slots]
        k = i // slots
        university = universities[(i % slots + 13 * k) % len(universities)]
        patent = by_university[university][i % len(by_university[university])]
        enterprise = enterprises[(i % slots + 37 * k) % len(enterprises)]  # one seat each per slot
        asked = _at(slot["day"] - timedelta(days=rng.randint(3, 20)))
        roll = rng.random()
        status = (MeetingStatus.ACCEPTED if roll < 2 / 3 else
                  MeetingStatus.REQUESTED if roll < 0.8 else MeetingStatus.CANCELLED)
        if status == MeetingStatus.REQUESTED:  # one open request per enterprise and patent
            if (enterprise, patent) in open_pairs:
                status = MeetingStatus.CANCELLED
            open_pairs.add((enterprise, patent))
        meeting_id = i + 1
        requests.append({
            "id": meeting_id, "zone_id": zone.id, "enterprise_id": enterprise, "university_id": university,
            "patent_id": patent, "requested_by_id": world.enterprise_users[enterprise],
            "reason": "了解许可条件",
            "status": status, "accepted_slot_id": slot["id"] if status == MeetingStatus.ACCEPTED else None,
            "decline_reason": None, "decline_text": "",
            "decided_by_id": staff_of[university] if status == MeetingStatus.ACCEPTED else None,
            "decided_at": asked + timedelta(days=1) if status == MeetingStatus.ACCEPTED else None,
            "cancelled_at": asked + timedelta(days=2) if status == MeetingStatus.CANCELLED else None,
            "reminded_on": None, "conversation_id": None, "created_at": asked})
        if status != MeetingStatus.ACCEPTED:
            continue
        bookings.append({"slot_id": slot["id"], "capacity": capacity, "seat": k + 1, "meeting_id": meeting_id,
                         "enterprise_id": enterprise, "university_id": university})
        if slot["day"] >= TODAY:
            continue
        held = rng.random()
        sides = ((MeetingSide.ENTERPRISE, world.enterprise_users[enterprise]),
                 (MeetingSide.UNIVERSITY, staff_of[university]))
        for side, user in sides[: 2 if held < 0.5 else 1 if held < 0.75 else 0]:
            outcomes.append({"meeting_id": meeting_id, "side": side, "outcome": Outcome.HELD,
                             "follow_up": FollowUp.FURTHER_TALKS,
                             "feedback_reason": None, "feedback_text": "", "recorded_by_id": user,
                             "recorded_at": _at(slot["day"], 9)})
    db.session.execute(insert(MeetingRequest), requests)
    db.session.execute(insert(MeetingBooking), bookings)
    if outcomes:
        db.session.execute(insert(MeetingOutcome), outcomes)
    return len(requests)


def insert_answers(rng: Random, world, staff_of: dict[int, int], count: int) -> int:
    """`count` needs, each answered by one university in a conversation whose answer was accepted."""
    from marketplace.conversations.models import Conversation, Message, MessageKind, Side
    from marketplace.core.need_state import NeedStatus, NeedVisibility
    from marketplace.core.patent_fields import Industry
    from marketplace.extensions import db
    from marketplace.needs.models import Need

    universities, enterprises, industries = sorted(staff_of), world.enterprises, list(Industry)
    needs, conversations, messages = [], [], []
    for n in range(1, count + 1):
        enterprise = rng.choice(enterprises)
        author = world.enterprise_users[enterprise]
        posted = _at(date(2026, 1, 1) + timedelta(days=rng.randint(0, 520)))
        answered = posted + timedelta(days=rng.randint(1, 30))
        accepted = answered + timedelta(days=rng.randint(0, 10))
        university = rng.choice(universities)
        needs.append({"id": n, "enterprise_id": enterprise, "created_by_id": author,
                      "title": "寻求稀土永磁材料量产工艺",
                      "description": "希望与高校合作解决量产中的一致性问题。",
                      "industry": rng.choice(industries), "keywords": "稀土；永磁", "budget_min_fen": None,
                      "budget_max_fen": None, "plan_kinds": "", "timeline": None, "region": "150100",
                      "visibility": NeedVisibility.PUBLIC, "status": NeedStatus.IN_TALKS,
                      "created_at": posted,
                      "updated_at": accepted, "status_changed_at": accepted, "matched_at": None})
        conversations.append({"id": n, "enterprise_id": enterprise, "university_id": university, "need_id": n,
                              "patent_id": None, "subject": "回复：寻求稀土永磁材料量产工艺",
                              "started_by": Side.UNIVERSITY, "created_at": answered,
                              "last_message_at": answered, "enterprise_read_at": accepted,
                              "university_read_at": answered, "answer_accepted_at": accepted,
                              "answer_accepted_by_id": author})
        messages.append({"conversation_id": n, "side": Side.UNIVERSITY, "author_id": staff_of[university],
                         "kind": MessageKind.TEXT, "body": "我校有相关专利与团队，可安排技术对接。",
                         "meeting_id": None, "created_at": answered})
    db.session.execute(insert(Need), needs)
    db.session.execute(insert(Conversation), conversations)
    db.session.execute(insert(Message), messages)
    return count


def insert_views(rng: Random, world, count: int) -> int:
    """Enterprise views of patent pages over 2026–2027, one row per enterprise, patent and day."""
    from marketplace.catalogue.interest_models import PatentView
    from marketplace.catalogue.models import Patent
    from marketplace.extensions import db

    patents = db.session.execute(select(Patent.id, Patent.university_id)).all()
    seen, rows = set(), []
    while len(rows) < count:
        patent, university = rng.choice(patents)
        enterprise = rng.choice(world.enterprises)
        day = date(2026, 1, 1) + timedelta(days=rng.randint(0, (TODAY - date(2026, 1, 1)).days - 1))
        if (patent, enterprise, day) in seen:
            continue
        seen.add((patent, enterprise, day))
        rows.append({"patent_id": patent, "university_id": university, "enterprise_id": enterprise,
                     "viewed_on": day})
        if len(rows) % CHUNK == 0:
            bulk_insert(db.session.connection(), PatentView, rows[-CHUNK:])
    if len(rows) % CHUNK:
        bulk_insert(db.session.connection(), PatentView, rows[-(len(rows) % CHUNK):])
    return len(rows)


def build(url: str, args: argparse.Namespace) -> tuple[Any, dict[str, Any]]:
    """The app on a filled database, and what the database holds."""
    from marketplace.accounts.models import Role, User
    from marketplace.accounts.passwords import hash_password
    from marketplace.catalogue.models import Patent
    from marketplace.extensions import db
    from marketplace.licensing.models import Licence
    from marketplace.organisations.models import University

    started = time.perf_counter()
    app = make_app(url)
    with app.app_context():
        prepare_schema()
        ledger_world.UNIVERSITIES = university_names()
        world = ledger_world.build_world(OFFERED, args.enterprises)
        people = _people()
        db.session.commit()
        staff = db.session.execute(select(User.university_id, User.id)
                                   .where(User.role == Role.UNIVERSITY_STAFF).order_by(User.id)).all()
        staff_of = {university: user for university, user in staff}
        universities = dict(db.session.execute(select(University.id, University.name)).all())
        rng = Random(SEED)
        catalogue = insert_catalogue(rng, args.patents - OFFERED, universities)
        (expiry,) = set(world.expiry.values())
        writer = Writer(world, TODAY, rng)
        for spec in Mix(TODAY, POLICY, expiry, rng).background(args.licences):
            writer.add(spec)
        writer.flush()
        meetings = insert_meetings(rng, world, people[str(Role.ORGANISER)], staff_of, 3_000)
        answers = insert_answers(rng, world, staff_of, 2_000)
        views = insert_views(rng, world, 60_000)
        # the users the pages are read as get a real password
        enterprise = db.session.scalar(select(Licence.enterprise_id).order_by(Licence.id).limit(1))
        logins = {"enterprise_user": world.enterprise_users[enterprise], "university_staff": staff[0][1],
                  "organiser": people[str(Role.ORGANISER)], "admin": people[str(Role.ADMIN)]}
        hashed = hash_password(PASSWORD)
        for user_id in logins.values():
            db.session.get(User, user_id).password_hash = hashed
        emails = {role: db.session.get(User, user_id).email for role, user_id in logins.items()}
        db.session.commit()
        # Planner statistics, as a live database has them (PostgreSQL's autovacuum analyses on its own;
        # SQLite's `PRAGMA optimize` does it): a freshly bulk-loaded file has none, and without them SQLite
        # reads, say, every posted charge to find one zone's.
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        held = {"patents": db.session.scalar(select(func.count(Patent.id))),
                "licences": db.session.scalar(select(func.count(Licence.id))),
                "universities": len(universities), "enterprises": args.enterprises,
                "catalogue_bulk": catalogue, "meetings": meetings, "accepted_answers": answers,
                "patent_views": views, "rows": dict(sorted(writer.counts.items()))}
    held["build_s"] = round(time.perf_counter() - started, 1)
    held["logins"] = emails
    return app, held


