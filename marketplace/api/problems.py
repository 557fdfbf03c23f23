"""Errors of the JSON API as `application/problem+json` (RFC 9457).

Every problem has a stable `type` (a link to its entry on the API reference page), a `title`, the HTTP
`status`, a `detail` in the caller's language and, for refused input, `errors`: one entry per field with
where it was (`json`, `query`, `path`, `headers`) and its messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Response, json, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from marketplace.service_errors import ServiceError

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "/api/v1/docs#problem-"

# slug → (title, default detail); the slugs are the stable part of `type`
PROBLEMS: dict[str, tuple[Any, Any]] = {
    "bad-request": (_l("Bad request"), _l("The request could not be understood.")),
    "unauthorized": (_l("Authentication required"),
                     _l("Send a valid API token: Authorization: Bearer mpk_…")),
    "token-expired": (_l("Token expired"),
                      _l("This API token has expired; make a new one on your account page.")),
    "token-revoked": (_l("Token revoked"), _l("This API token was revoked.")),
    "forbidden": (_l("Not allowed"), _l("Your account may not do this.")),
    "insufficient-scope": (_l("Scope missing"), _l("This API token does not carry the scope this needs.")),
    "not-found": (_l("Not found"), _l("There is no such resource, or it is not yours.")),
    "method-not-allowed": (_l("Method not allowed"), _l("This resource cannot be used that way.")),
    "not-acceptable": (_l("Not acceptable"), _l("This resource cannot answer in the format asked for.")),
    "conflict": (_l("Conflict"), _l("The request conflicts with the current state.")),
    "payload-too-large": (_l("Request too large"), _l("The request body is too large.")),
    "unsupported-media-type": (_l("Unsupported media type"), _l("Send the body as application/json.")),
    "validation": (_l("Invalid input"), _l("Some fields are missing or invalid; see errors.")),
    "refused": (_l("Refused"), _l("The marketplace's rules do not allow this request.")),
    "idempotency-key-missing": (_l("Idempotency-Key missing"),
                                _l("Send an Idempotency-Key header (1–255 visible ASCII characters, e.g. a "
                                   "UUID) with this request.")),
    "idempotency-key-reused": (_l("Idempotency key reused"),
                               _l("This Idempotency-Key was used with another request body.")),
    "rate-limited": (_l("Too many requests"), _l("Too many requests with this token; wait and retry.")),
    "server-error": (_l("Server error"), _l("An unexpected error occurred; nothing was saved.")),
    "csrf": (_l("Security token missing"),
             _l("A browser session must send its CSRF token in the X-CSRFToken header; API tokens need "
                "none.")),
}

SLUG_OF_STATUS = {400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found",
                  405: "method-not-allowed", 406: "not-acceptable", 409: "conflict", 413: "payload-too-large",
                  415: "unsupported-media-type", 422: "validation", 429: "rate-limited", 500: "server-error"}


def is_api_request() -> bool:
    """Whether the current request is for the JSON API (its errors are problems, not pages)."""
    return request.path == "/api" or request.path.startswith("/api/")


def field_errors(messages: Mapping[str, Any]) -> list[dict[str, Any]]:
    """webargs' nested messages ({location: {field: [messages]}}) as a flat list of field errors."""
    errors: list[dict[str, Any]] = []
    for location, fields in messages.items():
        if isinstance(fields, Mapping):
            for field, texts in fields.items():
                errors.append({"location": location, "field": str(field), "messages": _texts(texts)})
        else:
            errors.append({"location": location, "field": "", "messages": _texts(fields)})
    return errors


def _texts(value: Any) -> list[str]:
    if isinstance(value, Mapping):
        return [f"{key}: {text}" for key, texts in value.items() for text in _texts(texts)]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _texts(item)]
    return [str(value)]


def problem(status: int, slug: str | None = None, detail: Any = None, errors: list | None = None,
            headers: Mapping[str, str] | None = None) -> Response:
    """A problem response."""
    slug = slug or SLUG_OF_STATUS.get(status, "bad-request" if status < 500 else "server-error")
    title, default = PROBLEMS[slug]
    body: dict[str, Any] = {"type": TYPE_BASE + slug, "title": str(title), "status": status,
                            "detail": str(detail if detail is not None else default)}
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_http_exception(error: HTTPException) -> Response:
    """The problem for an HTTP error raised anywhere under /api (webargs' 422 carries field messages)."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    errors = field_errors(data["messages"]) if isinstance(data.get("messages"), Mapping) else None
    headers = dict(data.get("headers") or {})
    if status == 405 and error.get_response().headers.get("Allow"):
        headers["Allow"] = error.get_response().headers["Allow"]
    detail = data.get("message")
    if detail is None and status == 429:
        detail = PROBLEMS["rate-limited"][1]
    slug = data.get("slug")
    return problem(status, slug, detail, errors, headers)


def from_service_error(error: ServiceError) -> Response:
    """A service's refusal: 422 with the message, on the named field when there is one."""
    errors = ([{"location": "json", "field": error.field, "messages": [str(error.message)]}] if error.field
              else None)
    return problem(422, "refused", error.message, errors)
