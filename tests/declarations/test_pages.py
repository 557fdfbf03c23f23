"""The IP centre's declaration page: legal facts, plan editor, preview, publish, withdraw."""

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.declarations.models import Declaration, PatentLegalFacts
from marketplace.extensions import db
from tests.helpers import page_text, post_form

TRY_FIRST = {
    "kind": "try_first", "term_count": "3", "term_unit": "year", "trial_count": "90", "trial_unit": "day",
    "trial_fee": "0", "trial_end": "expire", "conversion": "staged", "instalment_total": "100,000.00",
    "instalment_count": "3", "instalment_every": "12", "payment_method": "银行转账至高校账户",
    "trial_end_": "", "sample_start": "2027-01-01",
}


@pytest.fixture
def staff_patent(app, client, login_as, make_university, make_patent):
    university_id = make_university("内蒙古大学")
    login_as(Role.UNIVERSITY_STAFF, university_id=university_id)
    app.config["FROZEN_TODAY"] = "2026-11-26"
    yield make_patent(university_id)
    app.config.pop("FROZEN_TODAY")


def _declarations(app):
    with app.app_context():
        rows = db.session.scalars(select(Declaration).order_by(Declaration.id))
        return [(d.version, d.status) for d in rows]


def test_preview_save_publish_withdraw(app, client, staff_patent):
    page = f"/ip/patents/{staff_patent}/declaration"
    assert client.get(page).status_code == 200
    preview = post_form(client, f"{page}/draft", {**TRY_FIRST, "preview": "1"}, page=page)
    assert preview.status_code == 200
    text = page_text(preview)
    assert "2027-04-01" in text  # 90-day trial from 2027-01-01: first charge due on day 91
    assert "33,333.34" in text and "33,333.33" in text
    assert _declarations(app) == []  # a preview writes nothing

    assert post_form(client, f"{page}/draft", {**TRY_FIRST, "save": "1"}, page=page).status_code == 302
    assert _declarations(app) == [(1, DeclarationStatus.DRAFT)]
    assert post_form(client, f"{page}/publish", {}, page=page).status_code == 302
    assert _declarations(app) == [(1, DeclarationStatus.PUBLISHED)]

    refused = post_form(client, f"{page}/withdraw", {"reason": "  "}, page=page)
    assert refused.status_code == 422
    assert _declarations(app) == [(1, DeclarationStatus.PUBLISHED)]
    assert post_form(client, f"{page}/withdraw", {"reason": "专利权转让"}, page=page).status_code == 302
    assert _declarations(app) == [(1, DeclarationStatus.WITHDRAWN)]
    assert "专利权转让" in page_text(client.get(page))


@pytest.mark.parametrize(
    ("changes", "field_word"),
    [
        ({"kind": "flat", "fee": "-5"}, "负"),
        ({"kind": "flat", "fee": "abc"}, "金额"),
        ({"kind": "flat", "fee": "12.345"}, "两位"),
        ({"kind": "flat", "fee": "1e9"}, "金额"),
        ({"kind": "royalty", "rate": "25"}, "20%"),
        ({"trial_count": "0"}, "1"),
        ({"term_count": "30"}, "有效期"),
        ({"payment_method": ""}, "必填"),
    ],
)
def test_bad_plans_are_refused_and_nothing_is_written(app, client, staff_patent, changes, field_word):
    page = f"/ip/patents/{staff_patent}/declaration"
    response = post_form(client, f"{page}/draft", {**TRY_FIRST, **changes, "save": "1"}, page=page)
    assert response.status_code == 422
    assert field_word in page_text(response)
    assert _declarations(app) == []


def test_publishing_is_refused_while_a_bar_stands(app, client, staff_patent):
    page = f"/ip/patents/{staff_patent}/declaration"
    post_form(client, f"{page}/facts", {"pledged": "y"}, page=page)
    with app.app_context():
        assert db.session.get(PatentLegalFacts, staff_patent).pledged is True
    post_form(client, f"{page}/draft", {**TRY_FIRST, "save": "1"}, page=page)
    response = post_form(client, f"{page}/publish", {}, page=page)
    assert response.status_code == 422
    assert "质押" in page_text(response)
    assert _declarations(app) == [(1, DeclarationStatus.DRAFT)]
    post_form(client, f"{page}/facts", {"pledged": "y", "pledgee_consent": "y"}, page=page)
    assert post_form(client, f"{page}/publish", {}, page=page).status_code == 302


def test_another_universitys_staff_cannot_touch_the_declaration(app, client, login_as, make_patent,
                                                                 make_university):
    other = make_patent(make_university("内蒙古工业大学"))
    login_as(Role.UNIVERSITY_STAFF, university_id=make_university("赤峰学院"))
    page = f"/ip/patents/{other}/declaration"
    assert client.get(page).status_code == 403
    for action in ("facts", "draft", "publish", "withdraw", "discard"):
        response = post_form(client, f"{page}/{action}", {**TRY_FIRST, "save": "1"}, page="/ip/patents/")
        assert response.status_code == 403, action
    assert _declarations(app) == []
