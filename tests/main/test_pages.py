"""Home page, dashboards, language switch, error pages."""

import pytest

from marketplace.accounts.models import Role
from tests.helpers import page_text


def test_home_page_is_chinese_by_default(client, make_university):
    make_university("内蒙古大学")
    response = client.get("/")
    assert response.status_code == 200
    text = page_text(response)
    assert '<html lang="zh-CN">' in text
    assert "高校专利开放许可平台" in text
    assert "内蒙古大学" in text


def test_english_is_available_and_remembered(client):
    response = client.get("/language/en?next=/login")
    assert response.headers["Location"].endswith("/login")
    text = page_text(client.get("/login"))
    assert '<html lang="en">' in text
    assert "Log in" in text
    client.get("/language/zh_CN")
    assert "登录" in page_text(client.get("/login"))


def test_language_switch_refuses_unknown_language_and_foreign_redirects(client):
    assert client.get("/language/xx").status_code == 404
    response = client.get("/language/en?next=//evil.example/")
    assert response.headers["Location"].endswith("/")
    assert "evil" not in response.headers["Location"]


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        (Role.ENTERPRISE_USER, "企业工作台"),
        (Role.UNIVERSITY_STAFF, "知识产权中心工作台"),
        (Role.ORGANISER, "组织方工作台"),
        (Role.ADMIN, "管理员工作台"),
    ],
)
def test_each_role_has_its_dashboard(client, login_as, role, heading):
    login_as(role)
    assert heading in page_text(client.get("/dashboard"))


def test_navigation_shows_admin_links_only_to_admins(client, login_as):
    login_as(Role.ENTERPRISE_USER)
    assert "/admin/users/" not in page_text(client.get("/dashboard"))


def test_admin_navigation(client, login_as):
    login_as(Role.ADMIN)
    text = page_text(client.get("/dashboard"))
    for link in ("/admin/users/", "/admin/universities", "/admin/enterprises"):
        assert link in text


def test_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "页面不存在" in page_text(response)


def test_friendly_403(client, login_as):
    login_as(Role.UNIVERSITY_STAFF)
    response = client.get("/admin/users/")
    assert response.status_code == 403
    assert "无权" in page_text(response)
