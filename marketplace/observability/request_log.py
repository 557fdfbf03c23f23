"""One structured log line per request, with a request id: the caller's `X-Request-ID` when it is a
sensible token (a load balancer's), else a new one; the id is sent back in the response's `X-Request-ID`,
so a user's report, the proxy's log and this log meet. The line is JSON on the `marketplace.requests`
logger: id, method, path, endpoint, status, duration in ms and the user's id (never a query string, a body
or a cookie)."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from flask import Flask, Response, g, request
from flask_login import current_user

log = logging.getLogger("marketplace.requests")
HEADER = "X-Request-ID"
ACCEPTED = re.compile(r"[A-Za-z0-9._-]{8,64}")


def request_id() -> str:
    """The current request's id."""
    return g.get("request_id", "")


def _start() -> None:
    offered = request.headers.get(HEADER, "")
    g.request_id = offered if ACCEPTED.fullmatch(offered) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    response.headers[HEADER] = request_id()
    started = g.get("request_started")
    user_id = current_user.id if current_user and current_user.is_authenticated else None
    log.info(json.dumps({
        "event": "request", "request_id": request_id(), "method": request.method, "path": request.path,
        "endpoint": request.endpoint, "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        "user_id": user_id}, ensure_ascii=False))
    return response


def install_request_log(app: Flask) -> None:
    """Give every request an id and log it once it is answered; with `REQUEST_LOG` on, the lines go to
    standard error (gunicorn's and systemd's journal), one JSON object per line."""
    app.before_request(_start)
    app.after_request(_finish)
    if app.config.get("REQUEST_LOG") and not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
