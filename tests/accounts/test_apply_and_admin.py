"""Staff and organisers apply; administrators approve, create, enable and disable accounts."""

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.extensions import db
from tests.helpers import PASSWORD, login, page_text, post_form


def _user(app, email):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge_all()
        return user


def _user_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def application(university, **changes):
    return {
        "email": "gao.na@imau.example.com", "name": "高娜", "password": "Pasture2026go",
        "confirm": "Pasture2026go", "role": "university_staff",
        "university_id": str(university), "note": "技术转移中心", **changes,
    }


def test_staff_application_waits_for_approval_then_logs_in(app, client, make_university,
                                                             make_user):
    university_id = make_university("内蒙古农业大学")
    response = post_form(client, "/apply", application(university_id))
    assert response.status_code == 302
    user = _user(app, "gao.na@imau.example.com")
    assert user.status == AccountStatus.PENDING
    assert user.university_id == university_id

    refused = post_form(client, "/login", {"email": user.email, "password": "Pasture2026go"})
    assert "审核" in page_text(refused)

    admin = make_user(Role.ADMIN)
    login(client, admin)
    listing = page_text(client.get("/admin/users/?status=pending"))
    assert "gao.na@imau.example.com" in listing
    response = post_form(client, f"/admin/users/{user.id}/status", {"status": "active"},
                         page="/admin/users/")
    assert response.status_code == 302
    assert _user(app, user.email).status == AccountStatus.ACTIVE
    post_form(client, "/logout", {}, page="/dashboard")
    login(client, user.email, "Pasture2026go")


def test_organiser_application_needs_no_university(app, client):
    response = post_form(client, "/apply", application(0, role="organiser",
                                                       email="liu@org.example.com"))
    assert response.status_code == 302
    user = _user(app, "liu@org.example.com")
    assert user.role == Role.ORGANISER
    assert user.university_id is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"university_id": "0"}, "选择您所在的高校"),
        ({"role": "admin"}, "选择"),
        ({"role": "enterprise_user"}, "选择"),
        ({"university_id": "99999"}, "选择"),
        ({"note": "长" * 201}, "200"),
    ],
)
def test_bad_applications_are_refused(app, client, make_university, changes, message):
    university_id = make_university()
    before = _user_count(app)
    response = post_form(client, "/apply", application(university_id, **changes))
    assert response.status_code == 422
    assert message in page_text(response)
    assert _user_count(app) == before


def test_admin_creates_staff_account(app, client, login_as, make_university):
    login_as(Role.ADMIN)
    university_id = make_university("内蒙古科技大学")
    response = post_form(client, "/admin/users/new", {
        "email": "zhao@imust.example.com", "name": "赵志强", "password": "Baotou2026steel",
        "confirm": "Baotou2026steel", "role": "university_staff",
        "university_id": str(university_id),
    })
    assert response.status_code == 302
    user = _user(app, "zhao@imust.example.com")
    assert user.status == AccountStatus.ACTIVE
    assert user.university_id == university_id


def test_admin_cannot_create_staff_without_university(app, client, login_as):
    login_as(Role.ADMIN)
    before = _user_count(app)
    response = post_form(client, "/admin/users/new", {
        "email": "nouni@example.com", "name": "某人", "password": "Baotou2026steel",
        "confirm": "Baotou2026steel", "role": "university_staff", "university_id": "0",
    })
    assert response.status_code == 422
    assert _user_count(app) == before


def test_admin_disables_and_enables_an_account(app, client, login_as, make_user):
    login_as(Role.ADMIN)
    email = make_user(Role.ENTERPRISE_USER)
    user_id = _user(app, email).id
    post_form(client, f"/admin/users/{user_id}/status", {"status": "disabled"}, page="/admin/users/")
    assert _user(app, email).status == AccountStatus.DISABLED
    post_form(client, f"/admin/users/{user_id}/status", {"status": "active"}, page="/admin/users/")
    assert _user(app, email).status == AccountStatus.ACTIVE


def test_admin_cannot_disable_self(app, client, login_as):
    email = login_as(Role.ADMIN)
    user_id = _user(app, email).id
    response = post_form(client, f"/admin/users/{user_id}/status", {"status": "disabled"},
                         page="/admin/users/")
    assert response.status_code == 302
    assert "不能停用自己的账号" in page_text(client.get(response.headers["Location"]))
    assert _user(app, email).status == AccountStatus.ACTIVE


def test_unknown_status_and_missing_user(app, client, login_as, make_user):
    login_as(Role.ADMIN)
    email = make_user(Role.ENTERPRISE_USER)
    user_id = _user(app, email).id
    response = post_form(client, f"/admin/users/{user_id}/status", {"status": "deleted"},
                         page="/admin/users/")
    assert response.status_code == 422  # the list again, with the refusal
    assert "请为该账户选择状态" in page_text(response)
    assert _user(app, email).status == AccountStatus.ACTIVE
    response = post_form(client, "/admin/users/99999/status", {"status": "active"},
                         page="/admin/users/")
    assert response.status_code == 404


def test_disabled_user_is_logged_out_on_next_request(app, client, make_user):
    email = make_user(Role.ENTERPRISE_USER)
    login(client, email, PASSWORD)
    with app.app_context():
        db.session.scalar(select(User).where(User.email == email)).status = AccountStatus.DISABLED
        db.session.commit()
    assert client.get("/dashboard").status_code == 302


def test_user_list_is_paginated(app, client, login_as, make_user):
    login_as(Role.ADMIN)
    for _ in range(25):
        make_user(Role.ORGANISER)
    first = page_text(client.get("/admin/users/"))
    assert 'rel="next"' in first
    second = client.get("/admin/users/?page=2")
    assert second.status_code == 200
    assert client.get("/admin/users/?page=abc").status_code == 200
