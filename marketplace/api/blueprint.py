"""The factory of the API's blueprints: bearer check, CSRF for sessions only, the per-token rate limit,
service refusals as problems."""

from __future__ import annotations

from flask import current_app, g
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy.exc import SQLAlchemyError

from marketplace.api.auth import authenticate_call, check_caller
from marketplace.api.problems import from_service_error
from marketplace.extensions import csrf, limiter
from marketplace.service_errors import ServiceError

PREFIX = "/api/v1"


def rate_key() -> str:
    """What the API's rate limit counts by: the token, else the logged-in user, else the address. When the
    token cannot be checked (the database does not answer) the address counts, and the caller check that
    follows raises the error again: the rate limiter never takes it for its own storage failing."""
    try:
        authenticate_call()
    except SQLAlchemyError:
        return f"api-address:{get_remote_address()}"
    token = g.get("api_token")
    if token is not None:
        return f"api-token:{token.id}"
    if current_user.is_authenticated:
        return f"api-user:{current_user.id}"
    return f"api-address:{get_remote_address()}"


def _rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


API_LIMIT = limiter.shared_limit(_rate_limit, scope="api", key_func=rate_key)


def api_blueprint(name: str, description: str) -> Blueprint:
    """A blueprint of the API under /api/v1: bearer check first, CSRF only for sessions, the shared rate
    limit per token, service refusals as problems."""
    blueprint = Blueprint(f"api_{name}", __name__, url_prefix=PREFIX, description=description)
    csrf.exempt(blueprint)
    blueprint.before_request(check_caller)
    blueprint.register_error_handler(ServiceError, from_service_error)
    API_LIMIT(blueprint)
    return blueprint

