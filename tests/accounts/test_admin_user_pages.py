"""The administrators' user list searches by name, e-mail (spelled as log-in spells it) and organisation,
keeps its search in the page links; each user has a page with the note sent with the application."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.extensions import db
from tests.helpers import login, page_text, post_form


def _user_id(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def _emails(response) -> list[str]:
    return re.findall(r"<td>([\w.+-]+@[\w.-]+)</td>", response.get_data(as_text=True))


@pytest.fixture
def people(app, make_user, make_university, make_enterprise):
    imu = make_university("内蒙古大学")
    staff = make_user(Role.UNIVERSITY_STAFF, email="gao.na@imu.example.com", university_id=imu)
    buyer = make_user(Role.ENTERPRISE_USER, email="zhao@dairy.example.com",
                      enterprise_id=make_enterprise("伊利乳业科技有限公司"))
    organiser = make_user(Role.ORGANISER, status=AccountStatus.PENDING, email="liu@org.example.com")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == organiser))
        user.name, user.note = "刘organiser", "呼和浩特科技局对接活动负责人"
        db.session.scalar(select(User).where(User.email == staff)).name = "高娜"
        db.session.commit()
    admin = make_user(Role.ADMIN, email="root@example.com")
    return {"staff": staff, "buyer": buyer, "organiser": organiser, "admin": admin, "imu": imu}


def test_search_by_name_email_and_organisation(client, people):
    login(client, people["admin"])
    assert _emails(client.get("/admin/users/?q=高娜")) == ["gao.na@imu.example.com"]
    assert _emails(client.get("/admin/users/?q=伊利乳业")) == ["zhao@dairy.example.com"]
    assert _emails(client.get("/admin/users/?q=内蒙古大学")) == ["gao.na@imu.example.com"]
    # The e-mail as log-in reads it: capitals and full-width characters fold.
    assert _emails(client.get("/admin/users/?q=ＺＨＡＯ@DAIRY")) == ["zhao@dairy.example.com"]
    assert _emails(client.get("/admin/users/?q=nobody-here")) == []
    # A wildcard is a character, not a pattern.
    assert _emails(client.get("/admin/users/?q=%25")) == []


def test_search_combines_with_role_and_status(client, people):
    login(client, people["admin"])
    assert _emails(client.get("/admin/users/?q=example.com&status=pending")) == ["liu@org.example.com"]
    staff = client.get("/admin/users/?q=example.com&role=university_staff")
    assert _emails(staff) == ["gao.na@imu.example.com"]


def _emails_of(body: str) -> list[str]:
    return re.findall(r"<td>([\w.+-]+@[\w.-]+)</td>", body)


def test_pages_keep_the_search(app, client, make_user, people):
    for number in range(app.config["PAGE_SIZE"] + 1):
        make_user(Role.ENTERPRISE_USER, email=f"many{number}@bulk.example.com")
    login(client, people["admin"])
    body = client.get("/admin/users/?q=bulk&role=enterprise_user").get_data(as_text=True)
    assert len(_emails_of(body)) == app.config["PAGE_SIZE"]
    links = re.findall(r'href="(/admin/users/\?[^"]*page=2[^"]*)"', body)
    assert links and all("q=bulk" in link and "role=enterprise_user" in link for link in links)
    second = client.get(links[0].replace("&amp;", "&"))
    assert len(_emails(second)) == 1


def test_the_list_links_each_user_to_their_page(app, client, people):
    login(client, people["admin"])
    body = client.get("/admin/users/").get_data(as_text=True)
    assert f'href="/admin/users/{_user_id(app, people["organiser"])}"' in body


def test_the_user_page_shows_the_application_note_and_approves(app, client, people):
    user_id = _user_id(app, people["organiser"])
    with app.app_context():
        db.session.get(User, user_id).last_login_at = None
        db.session.commit()
    login(client, people["admin"])
    client.get("/language/en")
    response = client.get(f"/admin/users/{user_id}")
    text = page_text(response)
    assert response.status_code == 200
    assert "liu@org.example.com" in text and "Event organiser" in text and "Awaiting approval" in text
    assert "呼和浩特科技局对接活动负责人" in text
    assert "Never logged in" in text
    assert "Approve" in text
    answer = post_form(client, f"/admin/users/{user_id}/status", {"status": "active", "back_to": "user"},
                       page=f"/admin/users/{user_id}")
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/admin/users/{user_id}")
    with app.app_context():
        assert db.session.get(User, user_id).status == AccountStatus.ACTIVE
    assert "Disable" in page_text(client.get(f"/admin/users/{user_id}"))


def test_the_user_page_shows_organisation_links_and_last_log_in(app, client, people):
    staff_id = _user_id(app, people["staff"])
    with app.app_context():
        db.session.get(User, staff_id).last_login_at = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)
        db.session.commit()
    login(client, people["admin"])
    client.get("/language/en")
    body = client.get(f"/admin/users/{staff_id}").get_data(as_text=True)
    assert f'href="/admin/universities/{people["imu"]}/edit"' in body
    assert f'/admin/licences?university={people["imu"]}' in body
    assert "2026-11-20 09:30" in body  # Beijing time
    buyer_id = _user_id(app, people["buyer"])
    body = client.get(f"/admin/users/{buyer_id}").get_data(as_text=True)
    assert "伊利乳业科技有限公司" in body and "/admin/licences?enterprise=" in body


def test_an_administrator_cannot_disable_themselves_from_their_page(app, client, people):
    admin_id = _user_id(app, people["admin"])
    login(client, people["admin"])
    body = client.get(f"/admin/users/{admin_id}").get_data(as_text=True)
    assert f'action="/admin/users/{admin_id}/status"' not in body


def test_an_unknown_user_is_a_404_and_a_bad_back_to_is_refused(app, client, people):
    login(client, people["admin"])
    assert client.get("/admin/users/999999").status_code == 404
    user_id = _user_id(app, people["organiser"])
    refused = post_form(client, f"/admin/users/{user_id}/status",
                        {"status": "active", "back_to": "elsewhere"}, page="/admin/users/")
    assert refused.status_code == 422
    with app.app_context():
        assert db.session.get(User, user_id).status == AccountStatus.PENDING


@pytest.mark.parametrize("role", [Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF, Role.ORGANISER])
def test_other_roles_are_refused(app, client, make_user, people, role):
    login(client, make_user(role))
    user_id = _user_id(app, people["organiser"])
    assert client.get(f"/admin/users/{user_id}").status_code == 403
    assert client.get("/admin/users/?q=高娜").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(app, client, people):
    response = client.get(f"/admin/users/{_user_id(app, people['organiser'])}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
