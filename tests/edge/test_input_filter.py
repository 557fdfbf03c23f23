"""One input filter: every form and query value arrives without control characters, whichever way it is
sent (query string, form body, multipart, JSON), and text that is not text is refused with a 400."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.catalogue.models import Patent
from marketplace.edge.request_filter import CleanMultiDict, UnreadableInput
from marketplace.extensions import db
from marketplace.organisations.models import University
from tests.helpers import csrf_token, page_text, post_form


def _university(app, name: str) -> University | None:
    with app.app_context():
        return db.session.scalar(select(University).where(University.name == name))


def test_the_multi_dict_is_built_clean():
    data = CleanMultiDict([("na\x00me", "内蒙古\x00大学\x1b"), ("note", "a\r\nb\tc"), ("n", "1")])
    assert data.to_dict() == {"name": "内蒙古大学", "note": "a\r\nb\tc", "n": "1"}
    with pytest.raises(UnreadableInput):
        CleanMultiDict({"name": "a\ud800"})


def test_a_nul_byte_in_a_form_is_removed_before_anything_reads_it(app, client, login_as):
    login_as(Role.ADMIN)
    response = post_form(client, "/admin/universities/new",
                         {"name": "内蒙古\x00测绘\x07大学", "city": "呼和\x00浩特"})
    assert response.status_code == 302
    university = _university(app, "内蒙古测绘大学")
    assert university is not None and university.city == "呼和浩特"


def test_single_line_fields_keep_to_one_line(app, client, login_as):
    login_as(Role.ADMIN)
    response = post_form(client, "/admin/universities/new", {"name": "内蒙古\r\n测绘\t大学"})
    assert response.status_code == 302
    assert _university(app, "内蒙古  测绘 大学") is not None


def test_multi_line_text_keeps_its_lines(app, client, login_as, make_patent):
    email = login_as(Role.UNIVERSITY_STAFF)
    with app.app_context():
        from marketplace.accounts.models import User

        university_id = db.session.scalar(select(User.university_id).where(User.email == email))
    patent_id = make_patent(university_id)
    page = client.get(f"/ip/patents/{patent_id}/edit")
    assert page.status_code == 200
    from tests.edge.html_forms import post_forms

    form = next(f for f in post_forms(page.get_data(as_text=True), f"/ip/patents/{patent_id}/edit")
                if f.field("abstract"))
    data = {**form.values(), "abstract": "第一行\x00\r\n第二行\t完"}
    assert client.post(f"/ip/patents/{patent_id}/edit", data=data).status_code == 302
    with app.app_context():
        assert db.session.get(Patent, patent_id).abstract == "第一行\r\n第二行\t完"


def test_a_json_body_is_filtered_too(app, client, login_as):
    login_as(Role.ADMIN)
    token = csrf_token(client, "/admin/universities/new")
    response = client.post("/admin/universities/new", data=json.dumps({"name": "内蒙古\u0000航空大学"}),
                           content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 302
    assert _university(app, "内蒙古航空大学") is not None


def _universities(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(University.id)).all())


def test_a_lone_surrogate_is_refused_with_a_clear_page(app, client, login_as):
    """Not even SQLite can store one: the driver cannot encode it."""
    login_as(Role.ADMIN)
    before = _universities(app)
    token = csrf_token(client, "/admin/universities/new")
    response = client.post("/admin/universities/new", data='{"name": "\\ud800大学"}',
                           content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 400
    assert "无法识别为文本" in page_text(response)
    assert _universities(app) == before


@pytest.mark.parametrize("query", ["q=%00", "q=%E7%A8%80%00%E5%9C%9F", "q=%ED%A0%80", "ipc=%00C"])
def test_control_characters_in_a_query_are_harmless(client, query):
    assert client.get(f"/patents?{query}").status_code == 200
