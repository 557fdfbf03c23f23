"""Enterprise self-registration, including every refused input."""

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.extensions import db
from marketplace.organisations.models import Enterprise
from tests.helpers import page_text, post_form

GOOD = {
    "email": "Zhang.Wei@Example.com",
    "name": "张伟",
    "password": "Grassland2026",
    "confirm": "Grassland2026",
    "enterprise_name": "包头稀宝新材料科技有限公司",
    "credit_code": "91350100M000100Y43",
    "region": "150200",
    "size_class": "small",
    "specialised": "y",
    "industry": "稀土新材料",
}


def counts(app):
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(User)),
            db.session.scalar(select(func.count()).select_from(Enterprise)),
        )


def test_registration_creates_enterprise_and_active_user_and_logs_in(app, client):
    response = post_form(client, "/register", GOOD)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dashboard")
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "zhang.wei@example.com"
        assert user.role == Role.ENTERPRISE_USER
        assert user.status == AccountStatus.ACTIVE
        assert user.password_hash.startswith("$argon2id$")
        assert user.enterprise.credit_code == "91350100M000100Y43"
        assert user.enterprise.specialised is True
    dashboard = page_text(client.get("/dashboard"))
    assert "包头稀宝新材料科技有限公司" in dashboard
    assert "91350100M000100Y43" in dashboard


def test_full_width_credit_code_is_stored_canonically(app, client):
    data = {**GOOD, "credit_code": "９１３５ ０１００ ｍ０００ １００ｙ４３"}
    assert post_form(client, "/register", data).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Enterprise.credit_code)) == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"credit_code": "91350100M000100Y44"}, "校验"),
        ({"credit_code": "9135"}, "18"),
        ({"password": "short1", "confirm": "short1"}, "10"),
        ({"password": "onlyletterslong", "confirm": "onlyletterslong"}, "字母"),
        ({"confirm": "Different2026"}, "不一致"),
        ({"email": "not-an-email"}, "邮箱"),
        ({"enterprise_name": "企" * 101}, "100"),
        ({"name": ""}, "必填"),
        ({"region": "999999"}, "invalid-feedback"),
        ({"size_class": "gigantic"}, "invalid-feedback"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_written(app, client, changes, message):
    before = counts(app)
    response = post_form(client, "/register", {**GOOD, **changes})
    assert response.status_code == 422
    assert message in page_text(response)
    assert counts(app) == before


def test_duplicate_email_is_refused(app, client, make_user):
    make_user(Role.ENTERPRISE_USER, email="zhang.wei@example.com")
    before = counts(app)
    response = post_form(client, "/register", GOOD)
    assert response.status_code == 422
    assert "该电子邮箱已注册账号" in page_text(response)
    assert counts(app) == before


def test_duplicate_credit_code_is_refused(app, client, make_enterprise):
    make_enterprise(credit_code="91350100M000100Y43")
    before = counts(app)
    response = post_form(client, "/register", GOOD)
    assert response.status_code == 422
    assert "已注册" in page_text(response)
    assert counts(app) == before


def test_missing_csrf_token_is_refused_and_nothing_is_written(app, client):
    before = counts(app)
    response = client.post("/register", data=GOOD)
    assert response.status_code == 400
    assert "安全令牌" in page_text(response)
    assert counts(app) == before


def test_logged_in_user_is_sent_to_dashboard(client, login_as):
    login_as(Role.ENTERPRISE_USER)
    assert client.get("/register").status_code == 302
    assert client.get("/apply").status_code == 302
    assert client.get("/login").status_code == 302
