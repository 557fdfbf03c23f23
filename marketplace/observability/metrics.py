"""Prometheus metrics at `/metrics` (prometheus-flask-exporter): request counts and latencies per endpoint,
and gauges read from the database at scrape time: the background backlog, when each scheduled job last
finished, and the events today's run-due runs recorded.

Each application has its own registry (several apps in one process, as in the tests, never collide). The
page is for the monitoring system only: it answers to the addresses in `METRICS_ALLOWED_ADDRESSES`
(loopback by default) and is 404 to everyone else. With several gunicorn workers each worker counts its own
requests; scrape each instance, or run with prometheus-flask-exporter's multiprocess mode.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, Response, abort, current_app, request
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_flask_exporter import PrometheusMetrics
from sqlalchemy.exc import SQLAlchemyError

from marketplace.extensions import db, limiter

log = logging.getLogger(__name__)


class BacklogCollector:
    """Gauges of the waiting work, computed when scraped (inside the /metrics request, on its session)."""

    def __init__(self, today: Callable[[], object]) -> None:
        self.today = today

    def describe(self):
        return []  # computed at scrape time only, never while the registry is being set up

    def collect(self):
        from marketplace.observability import backlog, job_runs

        try:
            values = {
                "marketplace_webhook_backlog": ("Webhook deliveries pending", backlog.webhook_backlog()),
                "marketplace_notification_backlog": ("Notifications not sent yet",
                                                     backlog.notification_backlog()),
                "marketplace_run_due_backlog": ("Reminders, trial ends and charges ledger run-due would "
                                                "process today", backlog.run_due_backlog(self.today())),
            }
            finished = job_runs.last_finished()
            done_today = job_runs.events_on(job_runs.RUN_DUE, self.today())
        except SQLAlchemyError as error:
            db.session.rollback()
            log.warning("metrics: backlog unavailable: %s", error.__class__.__name__)
            return
        for name, (documentation, value) in values.items():
            yield GaugeMetricFamily(name, documentation, value=value)
        last = GaugeMetricFamily("marketplace_job_last_finished_timestamp_seconds",
                                 "When each scheduled job last finished a run (any instance)", labels=["job"])
        for job, moment in sorted(finished.items()):
            last.add_metric([job], moment.timestamp())
        yield last
        events = GaugeMetricFamily("marketplace_run_due_events", "Events the run-due runs for today "
                                   "recorded, by kind, every instance together", labels=["kind"])
        for kind, count in sorted(done_today.items()):
            events.add_metric([kind], count)
        yield events


def init_metrics(app: Flask) -> None:
    """Count requests per endpoint and serve `/metrics` to the allowed addresses."""
    from marketplace.clock import today

    registry = CollectorRegistry(auto_describe=True)
    PrometheusMetrics(app, registry=registry, path=None, group_by="endpoint", default_labels={})
    registry.register(BacklogCollector(today))
    app.extensions["metrics_registry"] = registry

    @limiter.exempt
    def metrics_page() -> Response:
        allowed = {address.strip() for address in current_app.config["METRICS_ALLOWED_ADDRESSES"].split(",")}
        if request.remote_addr not in allowed:
            abort(404)
        return Response(generate_latest(registry), mimetype="text/plain; version=0.0.4")

    app.add_url_rule("/metrics", endpoint="metrics", view_func=metrics_page)
