"""`Idempotency-Key` on the POSTs that move money or create a licence, registration or meeting.

The first request with a key runs and its response is stored with the key, in the request's own
transaction; a later request with the same key and the same body gets that response again (marked
`Idempotent-Replayed: true`); the same key with another body is refused (422). A key is unique per user
in the database: of concurrent requests with one key, one inserts it and runs, the others wait on the
unique index (PostgreSQL) or the write lock (SQLite) and then replay. A refused request (4xx) stores
nothing, so it may be retried with the same key. Keys are forgotten after 24 hours.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps

from flask import Response, make_response, request
from flask_login import current_user
from flask_smorest import Blueprint, abort
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from marketplace.api.idempotency_models import IdempotencyKey
from marketplace.clock import now as clock_now
from marketplace.extensions import db

KEEP = timedelta(hours=24)
HEADER = "Idempotency-Key"
KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")
REPLAYED = "Idempotent-Replayed"
DOC_PARAMETER = {
    "in": "header", "name": HEADER, "required": True,
    "description": "A unique key (1–255 visible ASCII characters, e.g. a UUID) for this operation: "
                   "retrying with the same key and body replays the first response for 24 hours.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^[\x21-\x7e]+$"},
}


def fingerprint() -> str:
    """What makes two requests the same: method, path and body bytes."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def _existing(user_id: int, key: str) -> IdempotencyKey | None:
    return db.session.scalar(select(IdempotencyKey).where(IdempotencyKey.user_id == user_id,
                                                          IdempotencyKey.key == key))


def claim(user_id: int, key: str, print_: str, now: datetime) -> tuple[IdempotencyKey, bool]:
    """The key's row and whether this request made it (it runs) or found it (it replays). A row older
    than `KEEP` is forgotten first."""
    db.session.execute(delete(IdempotencyKey).where(
        IdempotencyKey.user_id == user_id, IdempotencyKey.key == key, IdempotencyKey.created_at < now - KEEP))
    row = IdempotencyKey(user_id=user_id, key=key, fingerprint=print_, created_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        found = _existing(user_id, key)
        if found is None:  # the other request rolled back between our insert and our look
            return claim(user_id, key, print_, now)
        return found, False
    return row, True


def replay(row: IdempotencyKey) -> Response:
    """The stored response again."""
    response = Response(row.body, status=row.status_code, content_type=row.content_type)
    if row.location:
        response.headers["Location"] = row.location
    response.headers[REPLAYED] = "true"
    return response


def store(row: IdempotencyKey, response: Response) -> None:
    """Keep a successful first response with its key (flushed with the rest of the request's changes)."""
    row.status_code = response.status_code
    row.body = response.get_data(as_text=True)
    row.content_type = response.content_type or ""
    row.location = response.headers.get("Location", "")
    db.session.flush()


def idempotent(view: Callable) -> Callable:
    """Require an Idempotency-Key on the view and make repeats of the request replay its first answer."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        key = request.headers.get(HEADER, "")
        if not KEY_PATTERN.fullmatch(key):
            abort(400, slug="idempotency-key-missing")
        row, first = claim(current_user.id, key, fingerprint(), clock_now())
        if not first:
            if row.fingerprint != fingerprint():
                abort(422, slug="idempotency-key-reused")
            return replay(row)
        response = make_response(view(*args, **kwargs))
        if response.status_code < 400:
            store(row, response)
        return response

    return Blueprint.doc(parameters=[DOC_PARAMETER])(wrapped)


def forget_old_keys(now: datetime) -> int:
    """Delete the keys older than 24 hours; returns how many."""
    return db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < now - KEEP)).rowcount
