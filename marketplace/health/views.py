"""`/healthz`: the process answers (no dependency asked). `/readyz`: the database and the shared counters
answer, 200 when all do, 503 naming the one that does not. Both are JSON, cheap, exempt from rate limits and
free of cookies, for a load balancer to poll."""

from __future__ import annotations

from flask import Blueprint, jsonify

from marketplace.extensions import limiter
from marketplace.health.checks import OK, readiness

bp = Blueprint("health", __name__)


def _plain(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/healthz")
@limiter.exempt
def healthz():
    """The process is up."""
    return _plain(jsonify(status="ok"))


@bp.route("/readyz")
@limiter.exempt
def readyz():
    """The process can serve: 200 when every dependency answers, 503 otherwise."""
    checks = readiness()
    ready = all(result == OK for result in checks.values())
    response = _plain(jsonify(status="ready" if ready else "unavailable", checks=checks))
    response.status_code = 200 if ready else 503
    return response
