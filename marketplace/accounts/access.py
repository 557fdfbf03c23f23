"""Route guards: who may open a page. Ownership of objects is checked again in each view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from marketplace.accounts.models import Role


def role_required(*roles: Role) -> Callable:
    """Require a logged-in, active user with one of `roles` (403 for any other role)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


admin_required = role_required(Role.ADMIN)
