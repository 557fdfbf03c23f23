"""Who calls the API: a bearer token (`Authorization: Bearer mpk_…`) or the browser's session.

Token calls need no CSRF token (no cookie carries them); a browser session that changes something must
send its CSRF token in the `X-CSRFToken` header, as the site's forms do. `guarded` checks role and scope.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g, request
from flask_login import current_user
from flask_smorest import abort
from sqlalchemy.exc import SQLAlchemyError

from marketplace.accounts.models import Role
from marketplace.api.tokens import TokenRefused, authenticate
from marketplace.clock import now as clock_now
from marketplace.core import api_scopes
from marketplace.extensions import csrf, login_manager

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BEARER = [{"bearerAuth": []}]
REFUSAL_SLUGS = {"expired": "token-expired", "revoked": "token-revoked"}


def authenticate_call() -> None:
    """Authenticate this call's bearer token, once per request: a valid one makes its user the current
    user (whatever session cookie came along); a refused one is remembered with its reason. When the
    database fails to answer, that error is raised again on every later call in the request, so the call
    fails as a server error instead of going on as an anonymous one (a 401 the token did not deserve)."""
    if g.get("api_call_checked"):
        failure = g.get("api_call_failure")
        if failure is not None:
            raise failure
        return
    g.api_call_checked = True
    header = request.headers.get("Authorization")
    if header is None:
        return
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        g.api_token_refused = "unknown"  # noqa: S105 - a reason, not a secret
        return
    try:
        user, token = authenticate(secret.strip(), clock_now(), stamp=request.method not in SAFE_METHODS)
    except TokenRefused as refused:
        g.api_token_refused = refused.reason
        return
    except SQLAlchemyError as error:
        g.api_call_failure = error
        raise
    g.api_token = token
    login_manager._update_request_context_with_user(user)  # the current user for this request only


def check_caller() -> None:
    """Before every API call: refuse a bad token outright, and hold a session call that writes to the
    CSRF rule of the site's forms."""
    authenticate_call()
    reason = g.get("api_token_refused")
    if reason is not None:
        abort(401, slug=REFUSAL_SLUGS.get(reason, "unauthorized"), headers={"WWW-Authenticate": "Bearer"})
    if request.method not in SAFE_METHODS and g.get("api_token") is None and current_user.is_authenticated:
        csrf.protect()


def token_scopes() -> frozenset[str] | None:
    """The scopes of the token of this call, or None for a browser session (its role decides)."""
    token = g.get("api_token")
    return None if token is None else api_scopes.decode(token.scopes)


def guarded(scope: str, *roles: Role) -> Callable:
    """Require a caller (401), of one of `roles` when given (403), whose token carries `scope` (403)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                abort(401, headers={"WWW-Authenticate": "Bearer"})
            if roles and current_user.role not in roles:
                abort(403)
            scopes = token_scopes()
            if scopes is not None and scope not in scopes:
                abort(403, slug="insufficient-scope")
            return view(*args, **kwargs)

        wrapped.api_scope = scope  # type: ignore[attr-defined]
        wrapped.allowed_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator
