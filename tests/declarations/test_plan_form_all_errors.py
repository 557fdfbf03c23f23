"""The plan editor reports every error of one submit together: the common fields' and those of the chosen
kind's section; without JavaScript every section is shown, each saying when it is filled in."""

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from tests.helpers import page_text, post_form


@pytest.fixture
def staff_patent(app, client, login_as, make_university, make_patent):
    university_id = make_university("内蒙古大学")
    login_as(Role.UNIVERSITY_STAFF, university_id=university_id)
    app.config["FROZEN_TODAY"] = "2026-11-26"
    yield make_patent(university_id)
    app.config.pop("FROZEN_TODAY")


def test_one_submit_reports_the_common_and_the_chosen_kinds_errors_together(app, client, staff_patent):
    page = f"/ip/patents/{staff_patent}/declaration"
    response = post_form(client, f"{page}/draft", {
        "kind": "try_first", "term_count": "", "term_unit": "year", "trial_count": "", "trial_unit": "day",
        "trial_fee": "0", "trial_end": "convert", "conversion": "royalty", "entry_fee": "一万",
        "rate": "三个点", "period": "quarter", "payment_method": "", "save": "1",
    }, page=page)
    assert response.status_code == 422
    text = page_text(response)
    assert text.count("必填") >= 2  # the licence term and the payment method
    assert "请输入试用期长度。" in text
    assert "请以百分比输入费率，例如 3.5。" in text
    assert "请输入以元为单位的金额，例如 50000 或 50,000.00。" in text
    with app.app_context():
        assert db.session.scalar(select(Declaration.id)) is None


def test_a_flat_plan_with_a_bad_fee_and_no_payment_method_reports_both(client, staff_patent):
    page = f"/ip/patents/{staff_patent}/declaration"
    response = post_form(client, f"{page}/draft", {
        "kind": "staged", "term_count": "3", "term_unit": "year", "stage_months_1": "12",
        "stage_fee_1": "-5", "stage_fee_2": "abc", "payment_method": "", "save": "1",
    }, page=page)
    assert response.status_code == 422
    text = page_text(response)
    assert "必填" in text
    assert "金额不能为负数。" in text
    assert "请输入以元为单位的金额，例如 50000 或 50,000.00。" in text


def test_without_javascript_every_section_says_when_it_is_filled_in(client, staff_patent):
    response = client.get(f"/ip/patents/{staff_patent}/declaration")
    html = response.get_data(as_text=True)
    for section in ("trial", "flat", "staged", "royalty"):
        assert f'data-plan-section="{section}"' in html
    assert page_text(response).count("仅当选择") == 4
    assert "/static/js/plan_sections.js" in html


@pytest.mark.parametrize("field", ["kind", "term_unit", "trial_unit", "trial_end", "conversion", "period"])
def test_a_choice_not_offered_is_refused_not_an_error(client, staff_patent, field):
    page = f"/ip/patents/{staff_patent}/declaration"
    response = post_form(client, f"{page}/draft", {
        "kind": "try_first", "term_count": "3", "term_unit": "year", "trial_count": "3", "trial_unit": "day",
        "trial_fee": "0", "trial_end": "convert", "conversion": "royalty", "entry_fee": "0", "rate": "3",
        "period": "quarter", "payment_method": "银行转账", "save": "1", field: "bogus",
    }, page=page)
    assert response.status_code == 422
