"""Administrators create, edit and list universities and enterprises."""

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.organisations.models import Enterprise, University
from tests.helpers import page_text, post_form

ENTERPRISE = {
    "enterprise_name": "乌海煤化清洁技术有限公司", "credit_code": "91350100M000100Y43",
    "region": "150300", "size_class": "medium", "industry": "现代煤化工",
}


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_create_and_edit_university(app, client, login_as):
    login_as(Role.ADMIN)
    response = post_form(client, "/admin/universities/new", {
        "name": "内蒙古大学", "short_name": "内大", "city": "呼和浩特市",
        "ip_centre": "内蒙古大学知识产权信息服务中心", "website": "https://www.imu.edu.cn",
    })
    assert response.status_code == 302
    with app.app_context():
        university_id = db.session.scalar(select(University.id))
    assert "内蒙古大学" in page_text(client.get("/admin/universities"))
    response = post_form(client, f"/admin/universities/{university_id}/edit",
                         {"name": "内蒙古大学", "city": "呼和浩特"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(University, university_id).city == "呼和浩特"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "必填"),
        ({"name": "大" * 101}, "100"),
        ({"name": "某大学", "website": "not a url"}, "网址"),
    ],
)
def test_bad_university_input_is_refused(app, client, login_as, data, message):
    login_as(Role.ADMIN)
    before = _count(app, University)
    response = post_form(client, "/admin/universities/new", data)
    assert response.status_code == 422
    assert message in page_text(response)
    assert _count(app, University) == before


def test_duplicate_university_name_is_refused(app, client, login_as, make_university):
    login_as(Role.ADMIN)
    make_university("内蒙古工业大学")
    other = make_university("内蒙古师范大学")
    response = post_form(client, "/admin/universities/new", {"name": "内蒙古工业大学"})
    assert response.status_code == 422
    response = post_form(client, f"/admin/universities/{other}/edit", {"name": "内蒙古工业大学"})
    assert response.status_code == 422
    assert "已存在" in page_text(response)


def test_create_and_edit_enterprise(app, client, login_as):
    login_as(Role.ADMIN)
    assert post_form(client, "/admin/enterprises/new", ENTERPRISE).status_code == 302
    with app.app_context():
        enterprise_id = db.session.scalar(select(Enterprise.id))
    listing = page_text(client.get("/admin/enterprises?q=煤化"))
    assert "乌海煤化清洁技术有限公司" in listing
    assert "91350100M000100Y43" in page_text(client.get("/admin/enterprises?q=91350100m000100y43"))
    edit = client.get(f"/admin/enterprises/{enterprise_id}/edit")
    assert "乌海煤化清洁技术有限公司" in page_text(edit)
    response = post_form(client, f"/admin/enterprises/{enterprise_id}/edit",
                         {**ENTERPRISE, "size_class": "large"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Enterprise, enterprise_id).size_class == "large"


def test_bad_enterprise_input_is_refused(app, client, login_as, make_enterprise):
    login_as(Role.ADMIN)
    make_enterprise(credit_code="91350100M000100Y43")
    before = _count(app, Enterprise)
    duplicate = post_form(client, "/admin/enterprises/new", ENTERPRISE)
    assert duplicate.status_code == 422
    assert "已注册" in page_text(duplicate)
    wrong = post_form(client, "/admin/enterprises/new", {**ENTERPRISE, "credit_code": "91350100M000100Y42"})
    assert wrong.status_code == 422
    assert _count(app, Enterprise) == before


def test_missing_records_are_404(client, login_as):
    login_as(Role.ADMIN)
    assert client.get("/admin/universities/999999/edit").status_code == 404
    assert client.get("/admin/enterprises/999999/edit").status_code == 404


def test_lists_are_paginated_and_survive_odd_queries(client, login_as, make_university):
    login_as(Role.ADMIN)
    for _ in range(25):
        make_university()
    assert 'rel="next"' in page_text(client.get("/admin/universities"))
    for query in ("%", "_", "' OR 1=1 --", "x" * 500):
        assert client.get("/admin/universities", query_string={"q": query}).status_code == 200
        assert client.get("/admin/enterprises", query_string={"q": query}).status_code == 200
