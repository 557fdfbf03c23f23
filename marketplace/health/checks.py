"""What readiness means: the database answers a query, and the shared counters (the rate limiter's storage:
memory, or Redis in a deployment of several servers) answer too. Each check says "ok" or names what failed,
never with a stack trace."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from marketplace.extensions import db, limiter

log = logging.getLogger(__name__)

OK = "ok"
DOWN = "unavailable"


def database() -> str:
    """Whether the database answers `SELECT 1`."""
    try:
        db.session.execute(text("SELECT 1"))
        return OK
    except SQLAlchemyError as error:
        db.session.rollback()
        log.warning("readiness: database unavailable: %s", error.__class__.__name__)
        return DOWN


def counters() -> str:
    """Whether the rate limiter's storage answers (its own health check)."""
    try:
        healthy = limiter.storage.check()
    except Exception as error:  # noqa: BLE001 - any failure of the storage client means "not ready"
        log.warning("readiness: counters unavailable: %s", error.__class__.__name__)
        return DOWN
    return OK if healthy else DOWN


CHECKS: dict[str, Callable[[], str]] = {"database": database, "counters": counters}


def readiness() -> dict[str, str]:
    """Every check's result by name."""
    return {name: check() for name, check in CHECKS.items()}
