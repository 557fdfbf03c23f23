"""Password reset by e-mail: the same answer for every address, a link that works once and briefly,
throttled requests, and every other session ended by the new password."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.accounts.reset_tokens import make_token
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.notifications import direct
from tests.helpers import PASSWORD, login, page_text, post_form

NEW_PASSWORD = "Grassland2027wind"
LINK = re.compile(r"https?://[^/\s]+(/password/reset/\S+)")


class Mailbox:
    """Stands in for the configured sender and keeps what it is given."""

    def __init__(self) -> None:
        self.sent: list[tuple[list[str], str, str]] = []

    def send(self, to, subject, body) -> None:
        self.sent.append((list(to), subject, body))

    def links(self) -> list[str]:
        return [LINK.search(body).group(1) for _, _, body in self.sent]


@pytest.fixture
def mailbox(monkeypatch) -> Mailbox:
    box = Mailbox()
    monkeypatch.setattr(direct, "sender_from_config", lambda config: box)
    return box


def ask(client, email: str):
    """Ask for a reset link; the message leaves when the response is closed, as after sending it."""
    response = post_form(client, "/password/forgot", {"email": email})
    response.close()
    return response


def choose(client, path: str, password: str = NEW_PASSWORD):
    return post_form(client, path, {"password": password, "confirm": password})


def _user(app, email) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def test_the_log_in_page_links_to_the_reset_request(client):
    assert 'href="/password/forgot"' in client.get("/login").get_data(as_text=True)


def test_reset_by_link_then_log_in_with_the_new_password(app, client, make_user, mailbox):
    email = make_user(Role.ENTERPRISE_USER)
    response = ask(client, email)
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    [(to, subject, body)] = mailbox.sent
    assert to == [email] and "30" in body and "重置" in subject
    [path] = mailbox.links()
    page = client.get(path)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    response = choose(client, path)
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert post_form(client, "/login", {"email": email, "password": PASSWORD}).status_code == 422
    login(client, email, NEW_PASSWORD)


@pytest.mark.parametrize("status", [None, AccountStatus.PENDING, AccountStatus.DISABLED])
def test_an_address_without_an_active_account_gets_the_same_answer_and_no_mail(
        client, make_user, mailbox, status):
    known = make_user(Role.ENTERPRISE_USER)
    other = "nobody@example.com" if status is None else make_user(Role.ORGANISER, status=status)
    answers = []
    for email in (known, other):
        response = ask(client, email)
        shown = re.findall(r'class="alert alert-info">([^<]*)<', client.get("/login").get_data(as_text=True))
        answers.append((response.status_code, response.headers["Location"], sorted(response.headers.keys()),
                        shown))
    assert answers[0] == answers[1]
    assert "如果该邮箱" in answers[0][3][0]
    assert len(mailbox.sent) == 1 and mailbox.sent[0][0] == [known]


def test_a_link_works_once(client, make_user, mailbox):
    email = make_user(Role.ENTERPRISE_USER)
    ask(client, email)
    [path] = mailbox.links()
    assert choose(client, path).status_code == 302
    assert client.get(path).status_code == 400
    again = choose(client, path, "Another2027pass")
    assert again.status_code == 400
    assert "已失效" in page_text(again) or "无效" in page_text(again)
    login(client, email, NEW_PASSWORD)


def test_a_second_link_dies_when_the_first_is_used(client, make_user, mailbox):
    email = make_user(Role.ENTERPRISE_USER)
    ask(client, email)
    ask(client, email)
    first, second = mailbox.links()
    assert choose(client, second).status_code == 302
    assert client.get(first).status_code == 400


def _token(app, email, made_at, secret=None) -> str:
    user = _user(app, email)
    return make_token(secret or app.config["SECRET_KEY"], user.id, user.password_hash,
                      user.session_token, made_at)


@pytest.mark.parametrize(("age", "status"), [
    (timedelta(minutes=29), 200),
    (timedelta(minutes=31), 400),
    (timedelta(days=2), 400),
    (-timedelta(minutes=5), 400),  # stamped in the future: not genuine
])
def test_a_link_expires_after_thirty_minutes(app, client, make_user, age, status):
    email = make_user(Role.ENTERPRISE_USER)
    token = _token(app, email, utcnow() - age)
    assert client.get(f"/password/reset/{token}").status_code == status
    response = choose(client, f"/password/reset/{token}")
    assert response.status_code == (302 if status == 200 else 400)


def _tampered(token: str) -> list[str]:
    payload, stamp, signature = token.split(".")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    return [f"{payload}.{stamp}.{flipped}", f"{payload}.{stamp}", f"{payload[:-1]}.{stamp}.{signature}",
            token + "x", "not-a-token", "x" * 100_000]


def test_a_tampered_or_foreign_link_is_refused(app, client, make_user):
    email = make_user(Role.ENTERPRISE_USER)
    token = _token(app, email, utcnow())
    foreign = _token(app, email, utcnow(), secret="another-secret-key")
    for bad in [*_tampered(token), foreign]:
        assert client.get(f"/password/reset/{bad}").status_code == 400
        assert choose(client, f"/password/reset/{bad}").status_code == 400
    assert client.get(f"/password/reset/{token}").status_code == 200


def test_the_new_password_follows_the_policy(app, client, make_user, mailbox):
    email = make_user(Role.ENTERPRISE_USER, email="menggu.rong@example.com")
    ask(client, email)
    [path] = mailbox.links()
    for weak, message in (("short1", "至少"), ("menggu.rong2027", "邮箱")):
        response = choose(client, path, weak)
        assert response.status_code == 422
        assert message in page_text(response)
    mismatch = post_form(client, path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"})
    assert mismatch.status_code == 422
    assert choose(client, path).status_code == 302


def test_requests_are_throttled_per_address_asked_for(client, make_user, mailbox):
    email = make_user(Role.ENTERPRISE_USER, email="user@example.com")
    for spelling in ("user@example.com", "ｕｓｅｒ＠ｅｘａｍｐｌｅ．ｃｏｍ", "USER@example.com"):
        assert ask(client, spelling).status_code == 302
    assert ask(client, email).status_code == 429
    assert ask(client, "nobody@example.com").status_code == 302
    assert len(mailbox.sent) == 3


def test_an_unknown_address_is_throttled_alike(client, mailbox):
    answers = [ask(client, "nobody@example.com").status_code for _ in range(4)]
    assert answers == [302, 302, 302, 429]
    assert mailbox.sent == []


def test_requests_are_throttled_per_client_address(client, mailbox):
    answers = [ask(client, f"person{n}@example.com").status_code for n in range(11)]
    assert answers == [302] * 10 + [429]


def test_a_reset_ends_every_other_session(app, client, make_user, mailbox):
    email = make_user(Role.ENTERPRISE_USER)
    laptop = app.test_client()
    post_form(laptop, "/login", {"email": email, "password": PASSWORD, "remember": "y"})
    stolen = {name: laptop.get_cookie(name).value for name in ("session", "remember_token")}
    assert laptop.get("/dashboard").status_code == 200
    ask(client, email)
    [path] = mailbox.links()
    assert choose(client, path).status_code == 302
    assert laptop.get("/dashboard").status_code == 302
    for name, value in stolen.items():
        browser = app.test_client()
        browser.set_cookie(name, value)
        response = browser.get("/dashboard")
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_links_use_the_configured_public_address(app, client, make_user, mailbox, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://patents.example.cn/")
    email = make_user(Role.ENTERPRISE_USER)
    post_form(client, "/password/forgot", {"email": email}, page="/password/forgot").close()
    assert "https://patents.example.cn/password/reset/" in mailbox.sent[0][2]


def test_a_failing_mail_server_does_not_break_the_page(client, make_user, monkeypatch, caplog):
    class Broken:
        def send(self, to, subject, body):
            raise OSError("connection refused")

    monkeypatch.setattr(direct, "sender_from_config", lambda config: Broken())
    response = ask(client, make_user(Role.ENTERPRISE_USER))
    assert response.status_code == 302
    assert "not delivered" in caplog.text
