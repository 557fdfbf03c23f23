"""/metrics: request counts and latencies per endpoint and the background backlog, for the monitoring
system's addresses only."""

from __future__ import annotations

import re

from marketplace.extensions import db
from marketplace.notifications.models import Notification


def _value(text: str, name: str, **labels: str) -> float:
    for line in text.splitlines():
        if not line.startswith(name):
            continue
        if all(f'{key}="{value}"' in line for key, value in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} {labels} not in the metrics")


def _healthz_timed(client) -> float:
    """How many /healthz requests the metrics have timed so far (earlier tests of the run may have made
    some: the registry lives as long as the application)."""
    text = client.get("/metrics").get_data(as_text=True)
    try:
        return _value(text, "flask_http_request_duration_seconds_count", endpoint="health.healthz",
                      status="200")
    except AssertionError:
        return 0


def test_requests_are_counted_per_endpoint_with_their_latency(client):
    before = _healthz_timed(client)
    for _ in range(3):
        client.get("/healthz")
    text = client.get("/metrics").get_data(as_text=True)
    assert _value(text, "flask_http_request_total", method="GET", status="200") >= 3
    timed = _value(text, "flask_http_request_duration_seconds_count", endpoint="health.healthz", status="200")
    assert timed - before == 3
    assert re.search(r'flask_http_request_duration_seconds_bucket\{.*endpoint="health.healthz"', text)


def test_the_backlog_is_read_from_the_database(app, client, make_university):
    university_id = make_university()
    text = client.get("/metrics").get_data(as_text=True)
    assert _value(text, "marketplace_webhook_backlog") == 0
    assert _value(text, "marketplace_run_due_backlog") == 0
    before = _value(text, "marketplace_notification_backlog")
    with app.app_context():
        db.session.add(Notification(key="metrics-test", kind="licence_taken", university_id=university_id))
        db.session.commit()
    text = client.get("/metrics").get_data(as_text=True)
    assert _value(text, "marketplace_notification_backlog") == before + 1


def test_other_addresses_do_not_see_the_metrics(app, client, monkeypatch):
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert response.status_code == 404
    monkeypatch.setitem(app.config, "METRICS_ALLOWED_ADDRESSES", "203.0.113.9")
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 200
    assert client.get("/metrics").status_code == 404
