"""Notices and marks under real concurrency, on SQLite and on PostgreSQL: notify runs at once tell each
pair exactly once (the unique keys of `match_notice` and INSERT ... ON CONFLICT DO NOTHING); marks of the
same match at once leave one row (INSERT ... ON CONFLICT UPDATE)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import User
from marketplace.core.feedback import FeedbackReason
from marketplace.extensions import db
from marketplace.matching import feedback
from marketplace.matching.feedback_models import MatchFeedback, MatchNotice
from marketplace.matching.notices import notify_matches
from marketplace.needs.models import Need
from marketplace.notifications.models import Notification
from tests.ledger.separate_database import BACKENDS, run_together, separate_app
from tests.matching import match_world
from tests.matching.match_world import NOW

pytestmark = pytest.mark.real_commits

RUNS = 6


@pytest.mark.parametrize("backend", BACKENDS)
def test_notify_runs_at_once_tell_each_pair_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            worlds = [match_world.build() for _ in range(3)]
            db.session.commit()

        results, errors = run_together(app, RUNS, lambda: notify_matches(NOW))
        assert errors == []
        assert sum(report.university_pairs for report in results) == 3 * 2
        assert sum(report.enterprise_pairs for report in results) == 3 * 2
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(MatchNotice)) == 3 * 4
            told: list[tuple] = []
            for notice in db.session.scalars(select(Notification)):
                recipient = (notice.university_id, notice.enterprise_id)
                told += [(recipient, line) for line in json.loads(notice.params_json)["list"].splitlines()]
            assert len(told) == len(set(told)) == 3 * 4  # every pair in exactly one notification
            assert {w.enterprise_id for w in worlds} == set(db.session.scalars(
                select(Notification.enterprise_id).where(Notification.enterprise_id.is_not(None))))
            # The unique key itself refuses a second notice of a pair written directly.
            world = worlds[0]
            db.session.add(MatchNotice(kind="university", need_id=world.need_id, university_id=world.u0))
            with pytest.raises(IntegrityError):
                db.session.commit()
            db.session.rollback()

        results, errors = run_together(app, 2, lambda: notify_matches(NOW))
        assert errors == []
        assert all(report.university_pairs == report.enterprise_pairs == 0 for report in results)


@pytest.mark.parametrize("backend", BACKENDS)
def test_marks_of_one_match_at_once_leave_one_row(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            world = match_world.build()
            db.session.commit()
        reasons = [FeedbackReason.TOO_EARLY, FeedbackReason.PRICE_OR_TERMS, FeedbackReason.NOT_OUR_FIELD]

        turns = iter(range(RUNS))

        def mark():
            reason = reasons[next(turns) % len(reasons)]
            return feedback.dismiss(db.session.get(User, world.buyer_id), db.session.get(Need, world.need_id),
                                    world.best, reason, "", NOW).reason

        results, errors = run_together(app, RUNS, mark)
        assert errors == []
        with app.app_context():
            stored = db.session.scalars(select(MatchFeedback)).all()
            assert len(stored) == 1 and stored[0].reason in results
            assert stored[0].university_id == world.u0
