"""The plan editor composes milestone phases: a trial that ends at the first revenue, a stage that falls due
at a milestone; the preview and the patent page show the charge as conditional, with its long-stop date."""

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.declarations.models import Declaration
from marketplace.declarations.plan_storage import read_plan
from marketplace.extensions import db
from tests.helpers import page_text, post_form

FIRST_REVENUE = {
    "kind": "try_first", "term_count": "3", "term_unit": "year", "trial_count": "12", "trial_unit": "month",
    "trial_fee": "0", "trial_end": "convert", "trial_milestone": " 首次取得销售收入 ", "conversion": "flat",
    "fee": "30,000", "payment_method": "银行转账至高校账户", "sample_start": "2027-01-01",
}
STAGED = {
    "kind": "staged", "term_count": "3", "term_unit": "year", "stage_months_1": "12", "stage_fee_1": "10000",
    "stage_fee_2": "40000", "stage_milestone_2": "产品取得认证", "payment_method": "银行转账",
    "sample_start": "2027-01-01",
}


@pytest.fixture
def page(app, client, login_as, make_university, make_patent):
    university_id = make_university()
    login_as(Role.UNIVERSITY_STAFF, university_id=university_id)
    client.get("/language/en")
    app.config["FROZEN_TODAY"] = "2026-11-26"
    yield f"/ip/patents/{make_patent(university_id)}/declaration"
    app.config.pop("FROZEN_TODAY")


def _plans(app):
    with app.app_context():
        return [read_plan(d) for d in db.session.scalars(select(Declaration).order_by(Declaration.id))]


def test_a_trial_ending_at_the_first_revenue_is_previewed_saved_and_shown_conditional(app, client, page):
    preview = post_form(client, f"{page}/draft", {**FIRST_REVENUE, "preview": "1"}, page=page)
    assert preview.status_code == 200
    text = page_text(preview)
    assert ("Conditional: due when the milestone “首次取得销售收入” is confirmed, on 2028-01-01 at the "
            "latest.") in text
    assert post_form(client, f"{page}/draft", {**FIRST_REVENUE, "save": "1"}, page=page).status_code == 302
    (plan,) = _plans(app)
    assert [phase.milestone for phase in plan.phases] == [None, "首次取得销售收入"]
    editor = page_text(client.get(page))
    assert 'value="首次取得销售收入"' in editor  # the draft opens again with its milestone
    assert post_form(client, f"{page}/publish", {}, page=page).status_code == 302
    patent_page = page_text(client.get(page.replace("/ip/patents/", "/patents/").replace("/declaration", "")))
    assert "The trial ends early when the milestone “首次取得销售收入” happens" in patent_page


def test_a_stage_due_at_a_milestone(app, client, page):
    assert post_form(client, f"{page}/draft", {**STAGED, "save": "1"}, page=page).status_code == 302
    (plan,) = _plans(app)
    assert [phase.milestone for phase in plan.phases] == [None, "产品取得认证"]
    assert post_form(client, f"{page}/publish", {}, page=page).status_code == 302
    text = page_text(client.get(page.replace("/ip/patents/", "/patents/").replace("/declaration", "")))
    assert "Stage 2's fee falls due when the milestone “产品取得认证” is confirmed" in text


@pytest.mark.parametrize(("changes", "message"), [
    ({"stage_milestone_2": "认" * 61}, "60"),
    ({"stage_fee_2": "0"}, "above zero"),
])
def test_a_refused_milestone_says_why_and_saves_nothing(app, client, page, changes, message):
    response = post_form(client, f"{page}/draft", {**STAGED, **changes, "save": "1"}, page=page)
    assert response.status_code == 422
    assert message in page_text(response)
    assert _plans(app) == []
