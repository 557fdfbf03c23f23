"""gunicorn's settings for the marketplace (read from the working directory): `gunicorn wsgi:app`.

Several workers, and several instances behind a load balancer, share the rate-limit counters only through
a shared store: in production gunicorn refuses to start more than one worker on per-process `memory://`
counters (config.check_shared_counters)."""

import os

from config import check_shared_counters

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
accesslog = None  # the app logs one JSON line per request itself (REQUEST_LOG)


def on_starting(server) -> None:
    """Before any worker starts: the counters must be shared when several workers count."""
    check_shared_counters(os.environ.get("MARKETPLACE_ENV", "development"), server.cfg.workers,
                          os.environ.get("RATELIMIT_STORAGE_URI", "memory://"))
