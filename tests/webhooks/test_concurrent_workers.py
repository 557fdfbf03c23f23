"""Delivery workers running at once, with real commits on SQLite and PostgreSQL: each delivery is sent
once per attempt — never by two workers — and, after a failure, retried once when it falls due."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.webhooks.delivery import deliver_webhooks
from marketplace.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery
from marketplace.webhooks.services import emit
from tests.ledger.separate_database import BACKENDS, run_together, separate_app
from tests.webhooks.partners import NOW, partner

pytestmark = pytest.mark.real_commits

WORKERS = 4
DELIVERIES = 30


class Recorder:
    """A poster that remembers every POST (by webhook id), takes a moment over each so that workers
    overlap, and fails each delivery's first attempt when asked to."""

    def __init__(self, fail_first_attempt: bool = False) -> None:
        self.lock = threading.Lock()
        self.posts: Counter[str] = Counter()
        self.fail_first_attempt = fail_first_attempt

    def __call__(self, url, body, headers, timeout) -> int:
        time.sleep(0.002)
        with self.lock:
            self.posts[headers["Webhook-Id"]] += 1
            first = self.posts[headers["Webhook-Id"]] == 1
        return 500 if self.fail_first_attempt and first else 200


def _queue(app) -> None:
    with app.app_context():
        partners = [partner(url="https://a.example.cn/hook"), partner(url="https://b.example.cn/hook")]
        for number in range(DELIVERIES // 2):
            emit("licence.taken", f"licence.taken:{number}", {"n": str(number)}, NOW, partners)
        db.session.commit()


def _deliveries(app) -> list[WebhookDelivery]:
    with app.app_context():
        return list(db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


@pytest.mark.parametrize("backend", BACKENDS)
def test_workers_at_once_send_each_delivery_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        _queue(app)
        poster = Recorder()
        results, errors = run_together(app, WORKERS, lambda: deliver_webhooks(NOW, post=poster, batch=5))
        assert errors == []
        assert sum(report.attempted for report in results) == DELIVERIES
        # Two partners get the same event id: each id is posted exactly twice, once to each partner.
        assert set(poster.posts.values()) == {2} and len(poster.posts) == DELIVERIES // 2
        rows = _deliveries(app)
        assert {row.status for row in rows} == {DeliveryStatus.DELIVERED}
        assert {row.attempts for row in rows} == {1}
        with app.app_context():
            assert len(db.session.scalars(select(WebhookAttempt.id)).all()) == DELIVERIES


@pytest.mark.parametrize("backend", BACKENDS)
def test_after_a_failure_workers_at_once_retry_each_delivery_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        _queue(app)
        poster = Recorder(fail_first_attempt=True)
        results, errors = run_together(app, WORKERS, lambda: deliver_webhooks(NOW, post=poster, batch=5))
        assert errors == [] and sum(report.delivered for report in results) == DELIVERIES // 2
        later = NOW + timedelta(minutes=1)
        results, errors = run_together(app, WORKERS, lambda: deliver_webhooks(later, post=poster, batch=5))
        assert errors == [] and sum(report.attempted for report in results) == DELIVERIES // 2
        assert set(poster.posts.values()) == {3}  # per id: the failed first, its retry, the other partner's
        assert {row.status for row in _deliveries(app)} == {DeliveryStatus.DELIVERED}
        results, errors = run_together(app, WORKERS, lambda: deliver_webhooks(later + timedelta(hours=1),
                                                                              post=poster))
        assert errors == [] and sum(report.attempted for report in results) == 0
