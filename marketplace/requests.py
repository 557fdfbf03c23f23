"""One commit per request: commit when the response succeeded, roll back otherwise."""

from __future__ import annotations

from flask import Flask, Response, request

from marketplace.database import begin_writing
from marketplace.extensions import db


def register_transaction_handling(app: Flask) -> None:
    """Commit once after a successful response (status below 400); roll back after any other.
    A POST (or PUT, PATCH, DELETE) starts its transaction as a writer, so concurrent submissions queue
    instead of failing."""

    @app.before_request
    def writers_begin_writing() -> None:
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            begin_writing(db.session)

    @app.after_request
    def commit_or_rollback(response: Response) -> Response:
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response
