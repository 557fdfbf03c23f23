"""Who may open what: every route of the application, for every role.

Adding a route without an entry here fails `test_every_route_is_in_the_table`.
Expected outcomes: 200 page, 302 redirect (to log-in for anonymous visitors, or onwards),
403 forbidden. POSTs carry a valid CSRF token, so the outcome is about the role alone.
"""

from __future__ import annotations

import pytest

from marketplace.accounts.models import Role
from tests.helpers import csrf_token

ANON, ENTERPRISE, STAFF, ORGANISER, ADMIN = "anonymous", *Role
ALL = (ANON, ENTERPRISE, STAFF, ORGANISER, ADMIN)


def everyone(status: int) -> dict:
    return dict.fromkeys(ALL, status)


def logged_in(status: int) -> dict:
    return {ANON: 302, ENTERPRISE: status, STAFF: status, ORGANISER: status, ADMIN: status}


def admin_only(status: int = 200) -> dict:
    return {ANON: 302, ENTERPRISE: 403, STAFF: 403, ORGANISER: 403, ADMIN: status}


def anonymous_only() -> dict:
    return {ANON: 200, ENTERPRISE: 302, STAFF: 302, ORGANISER: 302, ADMIN: 302}


# endpoint: (method, url, expected status per role)
ACCESS = {
    "main.home": ("GET", "/", everyone(200)),
    "main.dashboard": ("GET", "/dashboard", logged_in(200)),
    "main.set_language": ("GET", "/language/en", everyone(302)),
    "accounts.register": ("GET", "/register", anonymous_only()),
    "accounts.apply": ("GET", "/apply", anonymous_only()),
    "accounts.login": ("GET", "/login", anonymous_only()),
    "accounts.logout": ("POST", "/logout", logged_in(302)),
    "accounts.profile": ("GET", "/account", logged_in(200)),
    "accounts.change_password": ("GET", "/account/password", logged_in(200)),
    "users_admin.index": ("GET", "/admin/users/", admin_only()),
    "users_admin.create": ("GET", "/admin/users/new", admin_only()),
    "users_admin.set_status": ("POST", "/admin/users/{self_id}/status", admin_only(400)),
    "organisations.universities": ("GET", "/admin/universities", admin_only()),
    "organisations.university_new": ("GET", "/admin/universities/new", admin_only()),
    "organisations.university_edit": ("GET", "/admin/universities/{university_id}/edit",
                                      admin_only()),
    "organisations.enterprises": ("GET", "/admin/enterprises", admin_only()),
    "organisations.enterprise_new": ("GET", "/admin/enterprises/new", admin_only()),
    "organisations.enterprise_edit": ("GET", "/admin/enterprises/{enterprise_id}/edit",
                                      admin_only()),
}

# Served by Flask and Bootstrap-Flask themselves: static files for everyone.
STATIC = {"static", "bootstrap.static"}


def test_every_route_is_in_the_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - STATIC
    assert endpoints - ACCESS.keys() == set(), "routes missing from the access table"
    assert ACCESS.keys() - endpoints == set(), "table entries for routes that do not exist"


def test_the_table_names_each_routes_method(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ACCESS:
            method, _, _ = ACCESS[rule.endpoint]
            assert method in rule.methods, rule.endpoint


CASES = [(endpoint, role) for endpoint in sorted(ACCESS) for role in ALL]


@pytest.mark.parametrize(("endpoint", "role"), CASES, ids=[f"{e}-{r}" for e, r in CASES])
def test_access(app, client, make_user, make_university, make_enterprise, endpoint, role):
    from sqlalchemy import select

    from marketplace.accounts.models import User
    from marketplace.extensions import db
    from tests.helpers import login

    method, url, expected = ACCESS[endpoint]
    self_id = 0
    if role != ANON:
        email = make_user(role)
        login(client, email)
        with app.app_context():
            self_id = db.session.scalar(select(User.id).where(User.email == email))
    url = url.format(self_id=self_id or 1, university_id=make_university(),
                     enterprise_id=make_enterprise())
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data={"csrf_token": csrf_token(client)})
    assert response.status_code == expected[role], (endpoint, role)
