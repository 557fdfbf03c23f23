"""A declaration's documents for CNIPA: the filled-in declaration form (PDF, Chinese, font embedded) of
any version, and a university's published declarations as one spreadsheet for batch submission."""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.catalogue.models import Patent
from tests.declarations.test_pages import TRY_FIRST, staff_patent  # noqa: F401
from tests.helpers import application_number, login, post_form
from tests.pdf_fonts import assert_fonts_embedded, pdf_text


def publish(client, patent_id, **changes):
    page = f"/ip/patents/{patent_id}/declaration"
    saved = post_form(client, f"{page}/draft", {**TRY_FIRST, **changes, "save": "1"}, page=page)
    assert saved.status_code == 302
    assert post_form(client, f"{page}/publish", {}, page=page).status_code == 302


@pytest.fixture
def consented(app, staff_patent):  # noqa: F811
    """The staff patent with its co-owners' consent recorded, so it can be published."""
    from marketplace.declarations.models import PatentLegalFacts
    from marketplace.extensions import db

    with app.app_context():
        db.session.add(PatentLegalFacts(patent_id=staff_patent, co_owner_consent=True))
        db.session.commit()
    return staff_patent


def test_the_form_of_the_published_declaration(app, client, consented, tmp_path):
    publish(client, consented, other_terms="许可范围：中国大陆")
    response = client.get(f"/ip/patents/{consented}/declaration/form.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment; filename=declaration-" in response.headers["Content-Disposition"]
    assert_fonts_embedded(response.data, tmp_path)
    text = pdf_text(response.data, tmp_path)
    if text is not None:
        with app.app_context():
            from marketplace.extensions import db

            patent = db.session.get(Patent, consented)
            number, title = patent.patent_number, patent.title
        for expected in ("专利开放许可声明", f"专利号{number}", f"发明创造名称{title}", "专利类型发明专利",
                         "许可使用费支付方式银行转账至高校账户", "许可期限3年", "其他事项许可范围：中国大陆",
                         "第1版（已发布）", "专利权人（签章）", "不含宣传用语"):
            assert expected in text, expected


def test_any_version_by_number_and_a_missing_one_is_not_found(app, client, consented, tmp_path):
    publish(client, consented)
    publish(client, consented, payment_method="支付宝转账")  # version 2 replaces version 1
    first = client.get(f"/ip/patents/{consented}/declaration/form.pdf?version=1")
    assert first.status_code == 200 and "-v1.pdf" in first.headers["Content-Disposition"]
    text = pdf_text(first.data, tmp_path)
    if text is not None:
        assert "第1版（已撤回）" in text and "银行转账至高校账户" in text
    assert "-v2.pdf" in client.get(f"/ip/patents/{consented}/declaration/form.pdf?version=x").headers[
        "Content-Disposition"]  # a malformed version is ignored: the published one
    assert client.get(f"/ip/patents/{consented}/declaration/form.pdf?version=9").status_code == 404


def test_no_declaration_no_form(client, staff_patent):  # noqa: F811
    assert client.get(f"/ip/patents/{staff_patent}/declaration/form.pdf").status_code == 404


def test_the_batch_spreadsheet_holds_the_universitys_published_declarations(
        app, client, consented, make_patent, make_university, login_as):
    from marketplace.extensions import db

    with app.app_context():
        university_id = db.session.get(Patent, consented).university_id
    draft_only = make_patent(university_id, application_number=application_number(777))
    page = f"/ip/patents/{draft_only}/declaration"
    publish(client, consented)
    assert post_form(client, f"{page}/draft", {**TRY_FIRST, "save": "1"}, page=page).status_code == 302
    make_patent(make_university("包头师范学院"), application_number=application_number(778))
    response = client.get("/ip/declarations.xlsx")
    assert response.status_code == 200
    assert "spreadsheetml" in response.mimetype
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("专利号", "发明创造名称", "专利类型", "专利权人")
    with app.app_context():
        number = db.session.scalar(select(Patent.application_number).where(Patent.id == consented))
    assert [row[0] for row in rows[1:]] == [f"ZL{number}"]  # the draft and the other university's: not
    assert rows[1][7] == "银行转账至高校账户" and rows[1][11] == 1


def test_the_documents_are_in_chinese_whatever_the_language_chosen(app, client, consented, tmp_path):
    publish(client, consented)
    with client.session_transaction() as session:
        session["lang"] = "en"
    text = pdf_text(client.get(f"/ip/patents/{consented}/declaration/form.pdf").data, tmp_path)
    if text is not None:
        assert "专利类型发明专利" in text and "Invention" not in text


def test_the_pages_link_the_documents(client, consented):
    publish(client, consented)
    assert f"/ip/patents/{consented}/declaration/form.pdf?version=1" in client.get(
        f"/ip/patents/{consented}/declaration").get_data(as_text=True)
    assert "/ip/declarations.xlsx" in client.get("/ip/patents/").get_data(as_text=True)


def test_other_roles_and_universities_are_refused(app, consented, make_user, make_university):
    other_staff, enterprise = app.test_client(), app.test_client()
    login(other_staff, make_user(Role.UNIVERSITY_STAFF, university_id=make_university("包头师范学院")))
    login(enterprise, make_user(Role.ENTERPRISE_USER))
    assert other_staff.get(f"/ip/patents/{consented}/declaration/form.pdf").status_code == 403
    assert enterprise.get(f"/ip/patents/{consented}/declaration/form.pdf").status_code == 403
    assert enterprise.get("/ip/declarations.xlsx").status_code == 403
    assert app.test_client().get("/ip/declarations.xlsx").status_code == 302  # to the log-in page


def test_the_batch_spreadsheet_runs_as_many_statements_for_three_declarations_as_for_one(
        app, client, staff_patent, make_patent):  # noqa: F811
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from marketplace.declarations.models import PatentLegalFacts
    from marketplace.extensions import db

    with app.app_context():
        university_id = db.session.get(Patent, staff_patent).university_id
    utility_models = [make_patent(university_id, patentees="内蒙古大学",
                                  application_number=application_number(790 + n, type_digit=2))
                      for n in range(3)]
    with app.app_context():
        db.session.add_all(PatentLegalFacts(patent_id=patent_id, evaluation_report_on_file=True)
                           for patent_id in utility_models)
        db.session.commit()

    def statements() -> int:
        seen = []

        def one(*_args):
            seen.append(1)

        event.listen(Engine, "before_cursor_execute", one)
        try:
            assert client.get("/ip/declarations.xlsx").status_code == 200
        finally:
            event.remove(Engine, "before_cursor_execute", one)
        return len(seen)

    publish(client, utility_models[0])
    client.get("/ip/declarations.xlsx")  # the first ask warms what is remembered per request
    one = statements()
    for patent_id in utility_models[1:]:
        publish(client, patent_id)
    assert statements() == one
