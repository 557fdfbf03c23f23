"""Friendly error pages in the user's language."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from marketplace.api.problems import from_http_exception, is_api_request, problem
from marketplace.edge.request_filter import UNREADABLE_MESSAGE, UnreadableInput
from marketplace.extensions import db

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    403: (_l("Not allowed"), _l("Your account does not have access to this page.")),
    404: (_l("Page not found"), _l("The page you asked for does not exist or has been moved.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (
        _l("Upload too large"),
        _l("The upload is too large: files may be at most 10 MB. Nothing was saved."),
    ),
    429: (
        _l("Too many attempts"),
        _l("Too many attempts in a short time. Please wait a few minutes and try again."),
    ),
    500: (_l("Something went wrong"), _l("An unexpected error occurred; nothing was saved.")),
}

CSRF_MESSAGE = _l(
    "The form has expired or its security token is missing. Go back, reload the page and try again."
)


def _page(code: int, message=None, slug: str | None = None):
    if is_api_request():
        return problem(code, slug, message)
    title, default = MESSAGES[code]
    return render_template("errors/error.html", code=code, title=title,
                           message=message or default), code


def _api_or_page(error: HTTPException, code: int):
    return from_http_exception(error) if is_api_request() else _page(code)


def register_errorhandlers(app: Flask) -> None:
    """Render 400, 403, 404, 405, 413, 429 and 500 as pages; a missing CSRF token and input that is not
    text are a 400 that says so. Under /api every error is a problem+json document instead."""

    @app.errorhandler(HTTPException)
    def any_http_error(error: HTTPException):
        # The codes without a page of their own (401, 406, 409, 415, 422, ...): problems under /api.
        return from_http_exception(error) if is_api_request() else error

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _page(400, None if is_api_request() else CSRF_MESSAGE, slug="csrf")

    @app.errorhandler(UnreadableInput)
    def unreadable_input(error):
        return _page(400, UNREADABLE_MESSAGE)

    for code in (400, 403, 404, 405, 413, 429):
        app.register_error_handler(code, lambda error, code=code: _api_or_page(error, code))

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return _page(500)
