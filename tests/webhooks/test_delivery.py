"""The delivery job: signed POSTs that a real receiver on 127.0.0.1 verifies; a failing receiver gets
retries at the back-off times, and once it recovers every delivery has arrived exactly once."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.webhooks.delivery import deliver_webhooks
from marketplace.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery
from marketplace.webhooks.services import emit, event_id
from tests.webhooks.partners import NOW, partner, receiver

SECRET = "0123456789abcdef" * 4  # noqa: S105 - a test key


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


def queue(count: int, partner_row, start: int = 1) -> list[str]:
    """Queue `count` licence.taken events with money in them; their keys."""
    keys = []
    for number in range(start, start + count):
        key = f"licence.taken:{number}"
        data = {"licence": {"number": f"OL2026{number:07d}"}, "scheduled_total": "10000.00",
                "patent": {"title": "一种稀土永磁材料的制备方法"}}
        emit("licence.taken", key, data, NOW, [partner_row])
        keys.append(key)
    db.session.commit()
    return keys


def rows() -> list[WebhookDelivery]:
    db.session.expire_all()
    return list(db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


def attempts(delivery_id: int) -> list[WebhookAttempt]:
    return list(db.session.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_id == delivery_id)
                                   .order_by(WebhookAttempt.id)))


def test_a_loopback_receiver_verifies_every_signature(ctx):
    with receiver(SECRET) as seen:
        keys = queue(5, partner(url=seen.url, secret=SECRET))
        report = deliver_webhooks(NOW)  # the standard library's poster, over real HTTP
    assert (report.attempted, report.delivered, report.failed) == (5, 5, 0)
    assert seen.bad_signatures == 0 and len(seen.requests) == 5
    assert sorted(request["id"] for request in seen.accepted) == sorted(event_id(key) for key in keys)
    for request in seen.accepted:
        assert request["content_type"] == "application/json"
        assert request["timestamp"] == str(int(NOW.timestamp()))
        assert request["signature"].startswith("v1=")
        assert request["json"]["id"] == request["id"] and request["json"]["type"] == "licence.taken"
        assert request["json"]["data"]["scheduled_total"] == "10000.00"
    for row in rows():
        assert row.status == DeliveryStatus.DELIVERED and row.delivered_at == NOW and row.attempts == 1
        assert [(a.http_status, a.error, a.attempted_at) for a in attempts(row.id)] == [(204, "", NOW)]
        assert row.body in {request["body"] for request in seen.accepted}  # the stored bytes, exactly


def test_a_wrong_secret_is_refused_by_the_receiver_and_retried(ctx):
    with receiver(SECRET) as seen:
        queue(1, partner(url=seen.url, secret="not-the-partners-secret"))  # noqa: S106
        report = deliver_webhooks(NOW)
    assert seen.bad_signatures == 1 and seen.accepted == []
    assert (report.attempted, report.delivered) == (1, 0)
    row = rows()[0]
    assert row.status == DeliveryStatus.PENDING and row.next_attempt_at == NOW + timedelta(minutes=1)
    assert [(a.http_status, a.error) for a in attempts(row.id)] == [(401, "HTTP 401")]


def test_a_failing_receiver_gets_retries_at_the_back_off_times_and_each_delivery_arrives_once(ctx):
    with receiver(SECRET, fail_first=6) as seen:  # two deliveries, three failures each
        queue(2, partner(url=seen.url, secret=SECRET))
        timeline = []
        for minutes in (0, 0.5, 1, 2, 3, 6, 7, 8, 20, 600):
            moment = NOW + timedelta(minutes=minutes)
            seen.clock[0] = moment  # the receiver's clock agrees with the job's
            report = deliver_webhooks(moment)
            timeline.append((minutes, report.attempted, report.delivered))
    # Due at 0, then 1 (0 + 1 min), 3 (1 + 2 min), 7 (3 + 4 min): nothing in between, nothing after.
    assert timeline == [(0, 2, 0), (0.5, 0, 0), (1, 2, 0), (2, 0, 0), (3, 2, 0), (6, 0, 0), (7, 2, 2),
                        (8, 0, 0), (20, 0, 0), (600, 0, 0)]
    assert seen.bad_signatures == 0 and len(seen.requests) == 8
    assert sorted(request["id"] for request in seen.accepted) == sorted(row.event_id for row in rows())
    for row in rows():
        assert row.status == DeliveryStatus.DELIVERED and row.attempts == 4
        assert row.delivered_at == NOW + timedelta(minutes=7)
        log = attempts(row.id)
        assert [a.attempted_at for a in log] == [NOW + timedelta(minutes=m) for m in (0, 1, 3, 7)]
        assert [a.http_status for a in log] == [503, 503, 503, 204]
        assert all(a.duration_ms >= 0 for a in log)
    # Each retry is signed with its own timestamp: an old one would be refused.
    assert len({request["timestamp"] for request in seen.requests}) == 4


def test_network_errors_and_timeouts_are_logged_and_after_the_last_attempt_it_fails(ctx):
    queue(1, partner())

    def unreachable(url, body, headers, timeout):
        raise TimeoutError("timed out")

    moment = NOW
    for attempt in range(1, 4):
        report = deliver_webhooks(moment, post=unreachable, max_attempts=3)
        assert report.attempted == 1 and report.failed == (1 if attempt == 3 else 0)
        moment = rows()[0].next_attempt_at
    row = rows()[0]
    assert row.status == DeliveryStatus.FAILED and row.attempts == 3
    assert [a.error for a in attempts(row.id)] == ["TimeoutError: timed out"] * 3
    assert [a.http_status for a in attempts(row.id)] == [None] * 3
    assert deliver_webhooks(moment + timedelta(days=30), post=unreachable).attempted == 0


def test_a_closed_port_is_a_network_error(ctx):
    with receiver(SECRET) as seen:
        url = seen.url
    queue(1, partner(url=url, secret=SECRET))  # the server is gone: connection refused
    assert deliver_webhooks(NOW, timeout=2).attempted == 1
    (attempt,) = attempts(rows()[0].id)
    assert attempt.http_status is None and "URLError" in attempt.error


def test_an_inactive_partners_deliveries_wait_until_it_is_reactivated(ctx):
    sent = []
    row = partner()
    queue(1, row)
    row.active = False
    db.session.commit()
    assert deliver_webhooks(NOW, post=lambda *args: sent.append(args) or 200).attempted == 0
    row.active = True
    db.session.commit()
    assert deliver_webhooks(NOW, post=lambda *args: sent.append(args) or 200).delivered == 1
    assert len(sent) == 1


def test_more_than_a_batch_is_sent_in_one_run(ctx):
    sent = []
    queue(7, partner())
    report = deliver_webhooks(NOW, post=lambda url, body, headers, timeout: sent.append(body) or 202, batch=3)
    assert report.delivered == 7 and len(sent) == 7 and len(set(sent)) == 7


def test_the_command_and_the_outbox_job_both_deliver(app, runner):
    now = datetime.now(UTC)
    with app.app_context(), receiver(SECRET) as seen:
        seen.clock[0] = now
        row = partner(url=seen.url, secret=SECRET)
        queue(1, row)
        result = runner.invoke(args=["webhooks", "deliver"])
        assert result.exit_code == 0, result.output
        assert "1 webhook attempts: 1 delivered" in result.output
        queue(1, row, start=2)
        result = runner.invoke(args=["ledger", "run-due", "--today", "2026-11-26"])
        assert result.exit_code == 0, result.output
        assert "webhooks: 1 delivered of 1 attempts" in result.output
        assert len(seen.accepted) == 2 and seen.bad_signatures == 0
        assert {json.loads(r["body"])["data"]["licence"]["number"] for r in seen.accepted} == {
            "OL20260000001", "OL20260000002"}


def test_a_redirect_is_not_followed_and_counts_as_a_failed_attempt(ctx):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    paths = []

    class Redirecting(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            paths.append(self.path)
            self.send_response(307 if self.path == "/hook" else 204)
            self.send_header("Location", "/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        queue(1, partner(url=f"http://127.0.0.1:{server.server_address[1]}/hook", secret=SECRET))
        report = deliver_webhooks(NOW)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    assert paths == ["/hook"] and (report.attempted, report.delivered) == (1, 0)
    assert [(a.http_status, a.error) for a in attempts(rows()[0].id)] == [(307, "HTTP 307")]
