"""Patents' optional English title and abstract: the staff form, the import columns, the patent page."""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.catalogue.models import Patent
from marketplace.extensions import db
from tests.catalogue.test_import import HEADER, latest_batch, row, upload, xlsx
from tests.catalogue.test_staff_pages import FORM
from tests.helpers import page_text, post_form

ENGLISH = {"title_en": "Method for preparing a rare earth polishing powder",
           "abstract_en": "A cerium-based polishing powder with a high cutting rate."}


@pytest.fixture
def staff(client, login_as, make_university):
    university_id = make_university("内蒙古大学")
    login_as(Role.UNIVERSITY_STAFF, university_id=university_id)
    return university_id


def _patent(app):
    with app.app_context():
        patent = db.session.scalar(select(Patent))
        if patent is not None:
            db.session.expunge(patent)
        return patent


def test_form_stores_the_english_fields_and_the_page_shows_them(app, client, staff):
    response = post_form(client, "/ip/patents/new", {**FORM, **ENGLISH})
    assert response.status_code == 302, page_text(response)
    patent = _patent(app)
    assert (patent.title_en, patent.abstract_en) == (ENGLISH["title_en"], ENGLISH["abstract_en"])
    detail = page_text(client.get(f"/patents/{patent.id}"))
    assert f'<p class="lead" lang="en">{ENGLISH["title_en"]}</p>' in detail
    assert f'<p lang="en">{ENGLISH["abstract_en"]}</p>' in detail
    edit = page_text(client.get(f"/ip/patents/{patent.id}/edit"))
    assert ENGLISH["title_en"] in edit and 'lang="en"' in edit
    found = page_text(client.get("/patents", query_string={"q": "polishing powder"}))
    assert "<mark>polishing powder</mark>" in found


def test_the_english_fields_are_optional_and_the_page_omits_them(app, client, staff):
    assert post_form(client, "/ip/patents/new", FORM).status_code == 302
    patent = _patent(app)
    assert (patent.title_en, patent.abstract_en) == ("", "")
    detail = page_text(client.get(f"/patents/{patent.id}"))
    assert '<p class="lead" lang="en">' not in detail and '<p lang="en">' not in detail


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"title_en": "x" * 301}, "300"), ({"abstract_en": "x" * 5001}, "5000"),
     ({"title_en": "=HYPERLINK(1)"}, "公式")],
)
def test_bad_english_fields_are_refused_beside_the_field(app, client, staff, changes, message):
    response = post_form(client, "/ip/patents/new", {**FORM, **changes})
    assert response.status_code == 422
    assert message in page_text(response)
    assert _patent(app) is None


def test_editing_the_english_title(app, client, staff):
    assert post_form(client, "/ip/patents/new", {**FORM, **ENGLISH}).status_code == 302
    patent = _patent(app)
    response = post_form(client, f"/ip/patents/{patent.id}/edit", {**FORM, "title_en": "Polishing powder"})
    assert response.status_code == 302, page_text(response)
    assert _patent(app).title_en == "Polishing powder"
    assert _patent(app).abstract_en == ENGLISH["abstract_en"]  # the form kept what was there


def test_import_reads_the_english_columns(app, client, staff):
    header = [*HEADER, "英文名称", "英文摘要"]
    rows = [[*row(1), "Lactic acid bacteria fermentation process", "A process for fermented milk."],
            [*row(2), "", ""]]
    book = load_workbook(io.BytesIO(xlsx([])))
    sheet = book.active
    sheet.delete_rows(1)
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    assert upload(client, "patents.xlsx", out.getvalue()).status_code == 302
    batch = latest_batch(app)
    assert (batch.row_count, batch.error_row_count) == (2, 0)
    response = post_form(client, f"/ip/imports/{batch.id}/confirm", {}, page=f"/ip/imports/{batch.id}")
    assert response.status_code == 302
    with app.app_context():
        english = dict(db.session.execute(select(Patent.title, Patent.title_en)).all())
    assert english["一种乳酸菌发酵工艺1"] == "Lactic acid bacteria fermentation process"
    assert english["一种乳酸菌发酵工艺2"] == ""
    found = page_text(client.get("/patents", query_string={"q": "fermentation process"}))
    assert "一种乳酸菌<mark>发酵</mark>工艺1" in found  # found by its English title, the translation marked
    assert "<mark>fermentation</mark> <mark>process</mark>" in found
    assert "工艺2" not in found


def test_import_refuses_an_over_long_english_title(app, client, staff):
    book = load_workbook(io.BytesIO(xlsx([])))
    sheet = book.active
    sheet.delete_rows(1)
    sheet.append([*HEADER, "英文名称"])
    sheet.append([*row(1), "x" * 301])
    out = io.BytesIO()
    book.save(out)
    assert upload(client, "patents.xlsx", out.getvalue()).status_code == 302
    assert latest_batch(app).error_row_count == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Patent)) == 0


def test_the_template_has_the_english_columns(client, staff):
    book = load_workbook(io.BytesIO(client.get("/ip/imports/template.xlsx").data), read_only=True)
    header = [cell.value for cell in next(book.worksheets[0].iter_rows())]
    book.close()
    assert "英文名称" in header and "英文摘要" in header
    assert "英文名称*" not in header
    assert "英文名称".encode() in client.get("/ip/imports/template.csv").data
