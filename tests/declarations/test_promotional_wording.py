"""A declaration's free text may not use promotional wording: refused with the words found beside the
field, nothing written; the same through the API, for event terms, and when a draft is published."""

import pytest
from sqlalchemy import select

from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from tests.declarations.test_pages import TRY_FIRST, _declarations, staff_patent  # noqa: F401
from tests.helpers import page_text, post_form


@pytest.mark.parametrize(("field", "text", "words"), [
    ("payment_method", "国际领先技术，银行转账", "国际领先"),
    ("other_terms", "本技术填补空白，100%可产业化", "填补空白、100%"),
])
def test_the_form_refuses_promotional_wording_beside_the_field(app, client, staff_patent, field, text,  # noqa: F811
                                                               words):
    page = f"/ip/patents/{staff_patent}/declaration"
    response = post_form(client, f"{page}/draft", {**TRY_FIRST, field: text, "save": "1"}, page=page)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    beside = html.split(f'id="{field}"', 1)[1].split("<label", 1)[0]  # the field to the next label
    assert f"宣传用语：{words}" in page_text(response) and words.split("、")[0] in beside
    assert _declarations(app) == []


def test_plain_contract_terms_with_allowed_compounds_are_saved(app, client, staff_patent):  # noqa: F811
    page = f"/ip/patents/{staff_patent}/declaration"
    response = post_form(client, f"{page}/draft", {
        **TRY_FIRST, "other_terms": "第一期于签约时支付；年度最低提成五万元", "save": "1"}, page=page)
    assert response.status_code == 302
    assert len(_declarations(app)) == 1


def test_a_draft_with_promotional_wording_is_not_published(app, client, staff_patent):  # noqa: F811
    page = f"/ip/patents/{staff_patent}/declaration"
    assert post_form(client, f"{page}/draft", {**TRY_FIRST, "save": "1"}, page=page).status_code == 302
    with app.app_context():  # written before the rule, or by hand
        db.session.scalar(select(Declaration)).other_terms = "全国首创"
        db.session.commit()
    response = post_form(client, f"{page}/publish", {}, page=page)
    assert response.status_code == 422
    assert "宣传用语：首创" in page_text(response)
    with app.app_context():
        assert db.session.scalar(select(Declaration)).published_at is None
