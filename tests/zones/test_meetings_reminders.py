"""The day-before reminder of an accepted meeting: sent by `run_due` to both sides once, whatever the
number of runs (one after another, or two at once on SQLite and PostgreSQL); none for a cancelled or
unanswered meeting, nor earlier than the day before."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.notifications.models import Notification
from marketplace.notifications.services import text_of
from marketplace.zones import meeting_services as services
from marketplace.zones.models import Zone
from tests.ledger.separate_database import BACKENDS, run_together, separate_app
from tests.zones.meeting_world import NOW, build_meeting_world, user

DAY_BEFORE = date(2026, 12, 9)  # the session is on 2026-12-10


def _meetings(world):
    """An accepted meeting, a cancelled one and one still waiting; returns the accepted one's id."""
    zone = db.session.get(Zone, world.zone_id)
    ids = [services.request_meeting(user(world.enterprise_users[index]), zone, world.patents[index], "想了解",
                                    world.slots[:1], NOW).id for index in range(3)]
    services.accept(user(world.staff[0]), ids[0], world.slots[0], NOW)
    services.accept(user(world.staff[1]), ids[1], world.slots[0], NOW)
    services.cancel(user(world.enterprise_users[1]), ids[1], NOW)
    return ids[0]


def _reminders():
    return db.session.scalars(select(Notification).where(Notification.kind == "meeting_reminder")
                              .order_by(Notification.key)).all()


def test_the_reminder_goes_to_both_sides_once_the_day_before(app):
    with app.app_context():
        world = build_meeting_world(enterprises=3, capacity=3, universities=3)
        accepted = _meetings(world)
        assert run_due(date(2026, 12, 8)).meeting_reminders == 0
        assert _reminders() == []
        assert run_due(DAY_BEFORE).meeting_reminders == 1
        assert run_due(DAY_BEFORE).meeting_reminders == 0
        assert run_due(date(2026, 12, 10)).meeting_reminders == 0
        sent = _reminders()
        assert [each.key for each in sent] == [f"meeting-reminder:{accepted}:enterprise",
                                               f"meeting-reminder:{accepted}:university"]
        assert (sent[0].enterprise_id, sent[1].university_id) == (world.enterprises[0], world.universities[0])
        assert json.loads(sent[0].params_json)["when"] == "2026-12-10 09:00"
        assert "2026-12-10 09:00" in text_of(sent[0])


@pytest.mark.real_commits
@pytest.mark.parametrize("backend", BACKENDS)
def test_two_runs_at_once_remind_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            world = build_meeting_world(enterprises=3, capacity=3, universities=3)
            _meetings(world)
            db.session.commit()
        results, errors = run_together(app, 2, lambda: run_due(DAY_BEFORE).meeting_reminders)
        assert errors == []
        assert sorted(results) == [0, 1]
        with app.app_context():
            assert len(_reminders()) == 2
