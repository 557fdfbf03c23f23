"""Catalogue data through the pages: formula triggers, IPC subclasses, expired terms, printed application
numbers, and the import's warning when the patentees do not name the importing university."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.catalogue.models import ImportBatch, ImportRow, Patent
from marketplace.catalogue.search import SearchQuery, search
from marketplace.catalogue.spreadsheet_template import template_csv
from marketplace.core.declaration_rules import DeclarationBar, declaration_bars
from marketplace.core.patent_fields import LegalStatus
from marketplace.declarations.services import patent_facts
from marketplace.extensions import db
from tests.helpers import application_number, page_text, post_form

HEADER = ["申请号", "专利名称", "摘要", "IPC分类号", "发明人", "专利权人", "申请日", "授权公告日",
          "法律状态", "行业领域", "技术成熟度", "关键词"]
FORM = {
    "application_number": "202110123456.7", "title": "一种稀土抛光粉的制备方法",
    "abstract": "本发明涉及稀土抛光粉。", "claims_summary": "", "ipc_codes": "C09K 3/14",
    "inventors": "王建国", "patentees": "内蒙古大学", "filing_date": "2021-03-15",
    "grant_date": "2023-06-20", "legal_status": "granted", "industry": "rare_earth_materials",
    "trl": "5", "keywords": "稀土",
}
HOSTILE = ['=HYPERLINK("http://x")', "@SUM(A1)", "+1", "-2+3", "\t=1", "\r=1"]
FORMULA_MESSAGE = "电子表格软件会把它当作公式执行"


def _row(n: int, **changes: str) -> list[str]:
    values = {
        "申请号": application_number(n), "专利名称": f"一种乳酸菌发酵工艺{n}", "摘要": "涉及乳业。",
        "IPC分类号": "C12N 1/20", "发明人": "高娜", "专利权人": "内蒙古大学", "申请日": "2020-05-01",
        "授权公告日": "2022-01-10", "法律状态": "有效", "行业领域": "乳业及食品", "技术成熟度": "6",
        "关键词": "乳酸菌；发酵",
    }
    values.update(changes)
    return [values[h] for h in HEADER]


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, name: str, data: bytes):
    return post_form(client, "/ip/imports/new", {"file": (io.BytesIO(data), name)})


def _rows(app) -> list[tuple[int, list[dict], bool]]:
    with app.app_context():
        batch = db.session.scalar(select(ImportBatch).order_by(ImportBatch.id.desc()))
        return [(row.row_number, json.loads(row.problems_json), row.has_problems)
                for row in db.session.scalars(select(ImportRow).where(ImportRow.batch_id == batch.id)
                                              .order_by(ImportRow.row_number))]


@pytest.fixture
def staff(app, client, login_as, make_university):
    university_id = make_university("内蒙古大学")
    login_as(Role.UNIVERSITY_STAFF, university_id=university_id)
    app.config["FROZEN_TODAY"] = "2026-11-26"
    yield university_id
    app.config.pop("FROZEN_TODAY")


# ---------------------------------------------------------------- formula triggers (item 6)


def test_the_import_flags_every_formula_trigger(app, client, staff):
    rows = [_row(n, **{"专利名称": value}) for n, value in enumerate(HOSTILE, start=1)]
    rows.append(_row(7, **{"关键词": "@cmd"}))
    response = _upload(client, "hostile.xlsx", _xlsx(rows))
    assert response.status_code == 302
    stored = _rows(app)
    assert all(has_problems for _, _, has_problems in stored)
    assert [[p["code"] for p in problems] for _, problems, _ in stored] == [["formula"]] * 7
    preview = page_text(client.get(response.headers["Location"]))
    assert FORMULA_MESSAGE in preview
    assert client.get(response.headers["Location"]).status_code == 200


def test_the_staff_form_refuses_formula_triggers_beside_the_field(app, client, staff):
    for value in HOSTILE:
        response = post_form(client, "/ip/patents/new", {**FORM, "title": value})
        assert response.status_code == 422, value
        assert FORMULA_MESSAGE in page_text(response)
    with app.app_context():
        assert db.session.scalar(select(Patent.id)) is None


# ---------------------------------------------------------------- IPC subclasses


def test_subclass_level_ipc_codes_are_accepted_and_faceted(app, client, staff):
    response = post_form(client, "/ip/patents/new", {**FORM, "ipc_codes": "G06Q；B29C 45/00；G01C"})
    assert response.status_code == 302, page_text(response)
    with app.app_context():
        patent = db.session.scalar(select(Patent))
        assert patent.ipc_list == ["G06Q", "B29C 45/00", "G01C"]
        assert (patent.ipc_section, patent.ipc_class) == ("G", "G06")
    search = page_text(client.get("/patents?ipc=G06"))
    assert "一种稀土抛光粉的制备方法" in search


def test_a_bare_class_is_refused_as_incomplete(app, client, staff):
    response = post_form(client, "/ip/patents/new", {**FORM, "ipc_codes": "A01"})
    assert response.status_code == 422
    assert "IPC分类号不完整" in page_text(response)
    assert "A01B" in page_text(response)


def test_the_import_takes_subclasses_and_says_a_class_is_incomplete(app, client, staff):
    rows = [_row(1, **{"IPC分类号": "B29C；G01C"}), _row(2, **{"IPC分类号": "A01"})]
    _upload(client, "ipc.xlsx", _xlsx(rows))
    assert [[p["code"] for p in problems] for _, problems, _ in _rows(app)] == [[], ["ipc_incomplete"]]


# ---------------------------------------------------------------- expired terms


def test_in_force_past_its_term_is_refused_on_entry(app, client, staff):
    old = {**FORM, "application_number": application_number(5, year=2005), "filing_date": "2005-03-15",
           "grant_date": "2008-01-10"}
    response = post_form(client, "/ip/patents/new", old)
    assert response.status_code == 422
    assert "保护期限已届满" in page_text(response)
    response = post_form(client, "/ip/patents/new", {**old, "legal_status": "expired"})
    assert response.status_code == 302


def test_the_import_refuses_in_force_past_its_term(app, client, staff):
    _upload(client, "old.xlsx", _xlsx([_row(1, **{"申请号": application_number(1, year=2005),
                                                  "申请日": "2005-05-01", "授权公告日": "2007-01-10"})]))
    assert [[p["code"] for p in problems] for _, problems, _ in _rows(app)] == [["in_force_after_expiry"]]


def test_a_stored_patent_past_its_term_shows_as_expired_and_cannot_be_declared(app, client, staff,
                                                                               make_patent):
    patent_id = make_patent(staff)
    with app.app_context():
        patent = db.session.get(Patent, patent_id)
        patent.expiry_date = patent.expiry_date.replace(year=2026, month=1, day=1)  # recorded before the rule
        db.session.commit()
        assert patent.legal_status == LegalStatus.GRANTED
        day = date(2026, 11, 26)
        assert DeclarationBar.EXPIRED in declaration_bars(patent_facts(patent, day), day)
    detail = page_text(client.get(f"/patents/{patent_id}"))
    assert '法律状态</dt><dd class="col-sm-9">期满终止</dd>' in detail
    listing = page_text(client.get("/ip/patents/"))
    assert "<td>期满终止</td>" in listing and "<td>有效</td>" not in listing


# ---------------------------------------------------------------- printed application numbers


@pytest.mark.parametrize("typed", ["CN202110123456.7A", "CN 202110123456.7 B",
                                   "ＣＮ２０２１１０１２３４５６７Ａ"])
def test_numbers_as_search_sites_print_them_are_stored_canonically(app, client, staff, typed):
    response = post_form(client, "/ip/patents/new", {**FORM, "application_number": typed})
    assert response.status_code == 302, page_text(response)
    with app.app_context():
        assert db.session.scalar(select(Patent.application_number)) == "202110123456.7"


def test_a_printed_number_with_a_wrong_check_digit_is_refused(app, client, staff):
    response = post_form(client, "/ip/patents/new", {**FORM, "application_number": "CN202110123456.8A"})
    assert response.status_code == 422
    assert "校验位" in page_text(response)


# ---------------------------------------------------------------- patentee warning


def test_the_template_sample_row_warns_another_university(app, client, login_as, make_university):
    login_as(Role.UNIVERSITY_STAFF, university_id=make_university("内蒙古工业大学"))
    response = _upload(client, "patent-import-template.csv", template_csv())
    assert response.status_code == 302
    [(_, problems, has_problems)] = _rows(app)
    assert not has_problems
    assert [(p["code"], p.get("warning")) for p in problems] == [("patentee_not_university", True)]
    preview = page_text(client.get(response.headers["Location"]))
    assert "专利权人中没有本校名称" in preview
    assert "内蒙古大学" in preview
    preview_url = response.headers["Location"]
    confirmed = post_form(client, f"{preview_url}/confirm", {}, page=preview_url)
    assert confirmed.status_code == 302  # a warning, not a refusal
    with app.app_context():
        assert db.session.scalar(select(Patent.application_number)) == "202110123456.7"


def test_no_warning_when_a_patentee_names_the_university(app, client, staff):
    rows = [_row(1), _row(2, **{"专利权人": "包头钢铁（集团）有限责任公司；内蒙古大学"}),
            _row(3, **{"专利权人": "内蒙古工业大学"})]
    _upload(client, "mine.xlsx", _xlsx(rows))
    assert [[p["code"] for p in problems] for _, problems, _ in _rows(app)] == [
        [], [], ["patentee_not_university"]]


def test_expire_terms_records_ended_terms_for_the_filters_and_facets(app, runner, make_patent):
    ended, running = make_patent(), make_patent()
    with app.app_context():
        db.session.get(Patent, ended).expiry_date = date(2026, 1, 1)
        db.session.commit()
    result = runner.invoke(args=["catalogue", "expire-terms", "--today", "2026-11-26"])
    assert result.exit_code == 0 and "1 patents" in result.output
    with app.app_context():
        assert db.session.get(Patent, ended).legal_status == LegalStatus.EXPIRED
        assert db.session.get(Patent, running).legal_status == LegalStatus.GRANTED
        counts = {value.value: value.count for value in search(SearchQuery()).facets["legal_status"]}
        assert counts == {"expired": 1, "granted": 1}
        assert [p.id for p in search(SearchQuery(legal_status=LegalStatus.GRANTED)).page.items] == [running]
    again = runner.invoke(args=["catalogue", "expire-terms", "--today", "2026-11-26"])
    assert "0 patents" in again.output
    assert runner.invoke(args=["catalogue", "expire-terms", "--today", "x"]).exit_code != 0
