"""IP-centre pages: create, edit, archive patents; attachments; the public detail page."""

from datetime import date

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.catalogue.models import Patent, PatentAttachment
from marketplace.extensions import db
from tests.helpers import page_text, post_form, post_large

FORM = {
    "application_number": "ZL 2021 1012 3456.7", "title": "一种稀土抛光粉的制备方法",
    "abstract": "本发明涉及稀土抛光粉。", "claims_summary": "", "ipc_codes": "c09k3/14",
    "inventors": "王建国；李晓梅", "patentees": "内蒙古大学；包头稀土研究院", "filing_date": "2021-03-15",
    "grant_date": "2023-06-20", "legal_status": "granted", "industry": "rare_earth_materials",
    "trl": "5", "keywords": "稀土；抛光粉",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def _patents(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Patent))


@pytest.fixture
def staff(client, login_as, make_university):
    university_id = make_university("内蒙古大学")
    login_as(Role.UNIVERSITY_STAFF, university_id=university_id)
    return university_id


def test_staff_add_a_patent_with_canonical_values(app, client, staff):
    response = post_form(client, "/ip/patents/new", FORM)
    assert response.status_code == 302, page_text(response)
    with app.app_context():
        patent = db.session.scalar(select(Patent))
        assert patent.application_number == "202110123456.7"
        assert patent.patent_number == "ZL202110123456.7"
        assert patent.patent_type == "invention"
        assert patent.ipc_codes == "C09K 3/14"
        assert patent.ipc_section == "C" and patent.ipc_class == "C09"
        assert patent.patentee_list == ["内蒙古大学", "包头稀土研究院"]
        assert patent.expiry_date.isoformat() == "2041-03-14"
        assert patent.university_id == staff
    detail = page_text(client.get(f"/patents/{patent.id}"))
    assert "一种稀土抛光粉的制备方法" in detail
    assert "2041-03-14" in detail
    assert "包头稀土研究院" in detail


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"application_number": "202110123456.8"}, "校验位"),
        ({"application_number": "202140123456.4"}, "类型"),
        ({"grant_date": "2020-01-01"}, "早于申请日"),
        ({"ipc_codes": "C22C-38"}, "IPC"),
        ({"filing_date": "2031-01-01", "grant_date": ""}, "晚于今天"),
        ({"title": ""}, "必填"),
        ({"title": "题" * 201}, "200"),
        ({"filing_date": "not a date"}, "日期"),
    ],
)
def test_bad_patent_input_is_refused_beside_the_field(app, client, staff, changes, field_message):
    app.config["FROZEN_TODAY"] = "2026-11-26"
    try:
        response = post_form(client, "/ip/patents/new", {**FORM, **changes})
    finally:
        app.config.pop("FROZEN_TODAY")
    assert response.status_code == 422
    assert field_message in page_text(response)
    assert _patents(app) == 0


def test_duplicate_number_is_refused(app, client, staff, make_patent):
    make_patent(application_number="202110123456.7")
    response = post_form(client, "/ip/patents/new", FORM)
    assert response.status_code == 422
    assert _patents(app) == 1


def test_edit_and_archive_own_patent(app, client, staff, make_patent):
    patent_id = make_patent(staff)
    page = client.get(f"/ip/patents/{patent_id}/edit")
    assert "一种稀土永磁材料的制备方法" in page_text(page)
    response = post_form(client, f"/ip/patents/{patent_id}/edit",
                         {**FORM, "application_number": db_number(app, patent_id), "title": "新标题"})
    assert response.status_code == 302
    found = f'href="/patents/{patent_id}"><mark>新标题</mark>'
    assert found in page_text(client.get("/patents?q=新标题"))
    post_form(client, f"/ip/patents/{patent_id}/archive", {}, page="/ip/patents/")
    assert client.get(f"/patents/{patent_id}").status_code == 200  # the owner still sees it
    assert found not in page_text(client.get("/patents?q=新标题"))
    assert "新标题" in page_text(client.get("/ip/patents/?archived=1"))
    post_form(client, f"/ip/patents/{patent_id}/archive", {"restore": "1"}, page="/ip/patents/")
    assert found in page_text(client.get("/patents?q=新标题"))


def db_number(app, patent_id):
    with app.app_context():
        return db.session.get(Patent, patent_id).application_number


def test_archived_patent_is_hidden_from_the_public(app, client, make_patent):
    from marketplace.catalogue.services import set_archived

    patent_id = make_patent()
    with app.app_context():
        set_archived(db.session.get(Patent, patent_id), True, date(2026, 11, 26))
        db.session.commit()
    assert client.get(f"/patents/{patent_id}").status_code == 404


def test_staff_of_another_university_cannot_touch(app, client, staff, make_patent, make_university):
    other = make_patent(make_university("内蒙古工业大学"))
    assert client.get(f"/ip/patents/{other}/edit").status_code == 403
    response = post_form(client, f"/ip/patents/{other}/edit", FORM, page="/ip/patents/")
    assert response.status_code == 403
    response = post_form(client, f"/ip/patents/{other}/archive", {}, page="/ip/patents/")
    assert response.status_code == 403
    assert client.get("/ip/patents/999999/edit").status_code == 404
    assert "一种稀土永磁" not in page_text(client.get("/ip/patents/"))


def test_attachments_upload_download_and_refusals(app, client, staff, make_patent, tmp_path):
    app.config["ATTACHMENT_DIR"] = str(tmp_path)
    patent_id = make_patent(staff)
    upload = f"/ip/patents/{patent_id}/attachments"
    edit = f"/ip/patents/{patent_id}/edit"

    from io import BytesIO

    def send(name, data):
        return post_large(client, upload, {"file": (BytesIO(data), name)}, page=edit)

    assert send("说明书.pdf", PDF).status_code == 302
    assert send("figure.png", PNG).status_code == 302
    refused = {
        "virus.pdf": b"MZ\x90\x00" + b"\x00" * 100,  # an .exe renamed
        "empty.pdf": b"",
        "big.pdf": PDF + b"0" * (10 * 1024 * 1024),
        "notes.txt": b"plain text",
    }
    for name, data in refused.items():
        response = send(name, data)
        assert response.status_code in (413, 422), name
    with app.app_context():
        items = list(db.session.scalars(select(PatentAttachment).order_by(PatentAttachment.id)))
        assert [(a.filename, a.content_type) for a in items] == [
            ("说明书.pdf", "application/pdf"), ("figure.png", "image/png")]
        first, second = items[0].id, items[1].id
    response = client.get(f"/patents/{patent_id}/attachments/{first}")
    assert response.status_code == 200
    assert response.data == PDF
    response.close()
    assert not (tmp_path / "static").exists()
    post_form(client, f"/ip/patents/{patent_id}/attachments/{second}/delete", {}, page=edit)
    assert client.get(f"/patents/{patent_id}/attachments/{second}").status_code == 404


def test_oversized_request_gets_a_clear_page(app, client, staff, make_patent):
    from io import BytesIO

    patent_id = make_patent(staff)
    big = BytesIO(b"%PDF" + b"0" * (50 * 1024 * 1024))
    response = post_large(client, f"/ip/patents/{patent_id}/attachments",
                          {"file": (big, "big.pdf")}, page=f"/ip/patents/{patent_id}/edit")
    assert response.status_code == 413
    assert "过大" in page_text(response)
