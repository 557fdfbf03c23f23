"""The register page of outside licences: reached from the declaration page, listing newest first and
paged, recording a licence (refusals beside their fields, 422, nothing written), recording an early end,
and who may open it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.outside_licences.models import OutsideLicence, OutsideLicenceEnd
from tests.helpers import login, page_text, post_form

ORDINARY = {"kind": "ordinary", "licensee_name": "包头稀宝新材料科技有限公司", "licensee_credit_code": "",
            "starts_on": "2026-01-01", "ends_on": "2027-12-31", "contract_number": "HT-2026-01"}
REFUSED_WHILE_DECLARED = "cannot be granted while an open-licence declaration is in force"


def _page(patent_id: int) -> str:
    return f"/ip/patents/{patent_id}/outside-licences"


def _entries(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [(entry.kind.value, entry.licensee_name)
                for entry in db.session.scalars(select(OutsideLicence).order_by(OutsideLicence.id))]


def _field_errors(html: str, field: str) -> str:
    """The text of the invalid-feedback block after the field `field` (empty when it has none)."""
    match = re.search(rf'id="{field}"[^>]*>.*?<div class="invalid-feedback[^"]*"[^>]*>(.*?)</div>', html,
                      re.S)
    return " ".join(match.group(1).split()) if match else ""


def _register_table(response) -> str:
    """The register's section of the page (the early-end form below it lists every live entry)."""
    text = page_text(response)
    return text[text.index('id="register-heading"'):text.index('id="record-heading"')]


def test_the_declaration_page_links_to_the_register(client, staff_patent):
    patent_id, _ = staff_patent
    assert f'href="{_page(patent_id)}"' in client.get(f"/ip/patents/{patent_id}/declaration").get_data(
        as_text=True)


def test_record_an_ordinary_licence_and_see_it_in_chinese(app, client, staff_patent):
    patent_id, _ = staff_patent
    assert client.get(_page(patent_id)).status_code == 200
    response = post_form(client, _page(patent_id), ORDINARY)
    assert response.status_code == 302 and response.headers["Location"].endswith(_page(patent_id))
    assert _entries(app) == [("ordinary", "包头稀宝新材料科技有限公司")]
    assert post_form(client, _page(patent_id), ORDINARY).status_code == 302  # a double click
    assert len(_entries(app)) == 1
    text = page_text(client.get(_page(patent_id)))
    assert "包头稀宝新材料科技有限公司" in text and "2026-01-01 – 2027-12-31" in text and "HT-2026-01" in text


def test_the_page_says_in_term_or_ended(app, client, staff_patent):
    patent_id, _ = staff_patent
    client.get("/language/en")
    post_form(client, _page(patent_id), {**ORDINARY, "licensee_name": "甲公司"})
    post_form(client, _page(patent_id), {**ORDINARY, "licensee_name": "乙公司", "starts_on": "2024-01-01",
                                         "ends_on": "2025-12-31"})
    text = page_text(client.get(_page(patent_id)))
    assert text.index("乙公司") < text.index("甲公司")  # newest first
    assert "In its term" in text and "Ended" in text and "Ordinary licence" in text


@pytest.mark.parametrize(("changes", "field"), [
    ({"ends_on": "2025-12-31"}, "ends_on"),
    ({"ends_on": "9999-12-31"}, "ends_on"),
    ({"starts_on": "1900-01-01"}, "starts_on"),
    ({"starts_on": "2026-02-30"}, "starts_on"),
    ({"licensee_name": "  "}, "licensee_name"),
    ({"licensee_credit_code": "123"}, "licensee_credit_code"),
    ({"kind": "perpetual"}, "kind"),
])
def test_bad_input_is_refused_with_422_beside_the_field(app, client, staff_patent, changes, field):
    patent_id, _ = staff_patent
    response = post_form(client, _page(patent_id), {**ORDINARY, **changes})
    assert response.status_code == 422
    assert _field_errors(response.get_data(as_text=True), field)
    assert _entries(app) == []


@pytest.mark.parametrize("kind", ["exclusive", "sole"])
def test_an_exclusive_or_sole_licence_while_declared_is_refused_beside_the_kind(
        app, client, staff_patent, publish, kind):
    patent_id, email = staff_patent
    publish(patent_id, email)
    client.get("/language/en")
    response = post_form(client, _page(patent_id), {**ORDINARY, "kind": kind})
    assert response.status_code == 422
    assert REFUSED_WHILE_DECLARED in _field_errors(response.get_data(as_text=True), "kind")
    assert _entries(app) == []


def test_an_ordinary_licence_while_declared_is_accepted(app, client, staff_patent, publish):
    patent_id, email = staff_patent
    publish(patent_id, email)
    assert post_form(client, _page(patent_id), ORDINARY).status_code == 302
    assert _entries(app) == [("ordinary", "包头稀宝新材料科技有限公司")]


def test_an_exclusive_licence_in_its_term_refuses_publishing_and_its_early_end_allows_it(
        app, client, staff_patent):
    patent_id, _ = staff_patent
    declaration = f"/ip/patents/{patent_id}/declaration"
    assert post_form(client, _page(patent_id), {**ORDINARY, "kind": "exclusive"}).status_code == 302
    draft = {"kind": "flat", "term_count": "3", "term_unit": "year", "fee": "50,000.00",
             "payment_method": "银行转账", "save": "1"}
    assert post_form(client, f"{declaration}/draft", draft, page=declaration).status_code == 302
    assert post_form(client, f"{declaration}/publish", {}, page=declaration).status_code == 422
    with app.app_context():
        entry_id = db.session.scalar(select(OutsideLicence.id))
        assert db.session.scalar(select(Declaration.status)) == DeclarationStatus.DRAFT
    ended = post_form(client, f"{_page(patent_id)}/end",
                      {"licence": str(entry_id), "ended_on": "2026-11-26", "reason": "双方协议提前解除"},
                      page=_page(patent_id))
    assert ended.status_code == 302
    assert post_form(client, f"{declaration}/publish", {}, page=declaration).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Declaration.status)) == DeclarationStatus.PUBLISHED
    assert "双方协议提前解除" in page_text(client.get(_page(patent_id)))


@pytest.mark.parametrize(("changes", "field"), [
    ({"ended_on": "2026-11-27"}, "ended_on"),  # tomorrow
    ({"ended_on": "2025-12-31"}, "ended_on"),  # before the licence began
    ({"reason": ""}, "reason"),
    ({"licence": "999999"}, "licence"),
    ({"licence": "abc"}, "licence"),
])
def test_a_bad_early_end_is_refused_with_422_and_nothing_written(app, client, staff_patent, changes, field):
    patent_id, _ = staff_patent
    post_form(client, _page(patent_id), ORDINARY)
    with app.app_context():
        entry_id = db.session.scalar(select(OutsideLicence.id))
    response = post_form(client, f"{_page(patent_id)}/end",
                         {"licence": str(entry_id), "ended_on": "2026-11-26", "reason": "解除", **changes},
                         page=_page(patent_id))
    assert response.status_code == 422
    assert _field_errors(response.get_data(as_text=True), field)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutsideLicenceEnd)) == 0


def test_the_register_is_paged(app, client, staff_patent):
    patent_id, _ = staff_patent
    app.config["PAGE_SIZE"], size = 2, app.config["PAGE_SIZE"]
    try:
        for n in range(3):
            post_form(client, _page(patent_id), {**ORDINARY, "licensee_name": f"第{n}号公司"})
        first, second = (_register_table(client.get(f"{_page(patent_id)}?page={n}")) for n in (1, 2))
    finally:
        app.config["PAGE_SIZE"] = size
    assert "第2号公司" in first and "第1号公司" in first and "第0号公司" not in first
    assert "第0号公司" in second


def test_other_roles_and_other_universities_are_refused(app, client, staff_patent, make_user, make_patent,
                                                        make_university):
    patent_id, _ = staff_patent
    other_patent = make_patent(make_university())
    assert client.get(_page(other_patent)).status_code == 403
    assert post_form(client, _page(other_patent), ORDINARY, page=_page(patent_id)).status_code == 403
    end = {"licence": "1", "ended_on": "2026-11-26", "reason": "解除"}
    assert post_form(client, f"{_page(other_patent)}/end", end, page=_page(patent_id)).status_code == 403
    assert client.get(_page(999999)).status_code == 404
    for role in (Role.ENTERPRISE_USER, Role.ORGANISER, Role.ADMIN):
        other = app.test_client()
        login(other, make_user(role))
        assert other.get(_page(patent_id)).status_code == 403
        assert post_form(other, _page(patent_id), ORDINARY, page="/").status_code == 403
    assert app.test_client().get(_page(patent_id)).status_code == 302  # to the log-in page
    assert _entries(app) == []
