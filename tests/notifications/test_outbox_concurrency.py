"""The outbox delivered from two servers at once (cron runs `ledger run-due` and `matching notify` on each
app server): every notification goes out once, on SQLite and on PostgreSQL, however the runs overlap."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.notifications.models import Notification
from marketplace.notifications.services import deliver_outbox, notify
from tests.ledger import licence_factory as factory
from tests.ledger.separate_database import BACKENDS, run_together, separate_app

pytestmark = pytest.mark.real_commits

NOW = datetime(2027, 2, 1, 1, 0, tzinfo=UTC)
MESSAGES = 12
RUNS = 4


class SlowRecorder:
    """A sender that takes a moment per message (as SMTP does), so the runs overlap; counts by body."""

    def __init__(self) -> None:
        self.bodies: Counter[str] = Counter()
        self._lock = threading.Lock()

    def send(self, to, subject, body) -> None:
        time.sleep(0.01)
        with self._lock:
            self.bodies[body] += 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_runs_at_once_send_each_notification_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            enterprise_id = factory.enterprise_user().enterprise_id
            for number in range(MESSAGES):
                notify(f"outbox-race:{number}", enterprise_id, "filing_overdue", number=f"L-{number}",
                       deadline="2027-01-31")
            db.session.commit()
        recorder = SlowRecorder()
        results, errors = run_together(app, RUNS, lambda: deliver_outbox(NOW, recorder))
        assert errors == []
        assert sum(results) == MESSAGES
        assert len(recorder.bodies) == MESSAGES and set(recorder.bodies.values()) == {1}
        with app.app_context():
            assert db.session.scalar(select(func.count()).where(Notification.sent_at.is_(None))) == 0
