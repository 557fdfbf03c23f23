"""The IP centre's write endpoints: its patents (list, add, change, import) and its declarations (draft,
publish, withdraw, list), with every refusal: no token (401), another role (403), a token without the
scope (403 insufficient-scope), another university's row (404), refused input (422 per field)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.catalogue.labels import PROBLEM_MESSAGES
from marketplace.catalogue.models import Patent
from marketplace.core import api_scopes
from marketplace.core.patent_record import RowProblemCode
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from tests.api.conftest import field_messages, problem
from tests.helpers import application_number, csrf_token, login

API = "/api/v1"
RECORD = {
    "title": "一种镁合金轮毂的铸造方法", "abstract": "低压铸造镁合金轮毂。", "ipc_codes": "B22D 18/04",
    "inventors": "张三；李四", "patentees": "内蒙古工业大学", "filing_date": "2021-05-10",
    "grant_date": "2023-02-01", "legal_status": "有效", "industry": "冶金", "trl": 5,
    "keywords": "镁合金；铸造",
}
FLAT = {"kind": "flat", "term": {"count": 3, "unit": "year"}, "trial_end": None, "conversion": None,
        "phases": [{"kind": "fixed", "duration": None, "fee": "50000.00", "royalty_rate": None,
                    "royalty_period": None, "annual_minimum": None}]}
ROYALTY = {"kind": "royalty", "term": {"count": 5, "unit": "year"},
           "phases": [{"kind": "royalty", "fee": "10000", "royalty_rate": "0.035",
                       "royalty_period": "quarter", "annual_minimum": "20000.00"}]}


def record(serial: int, **fields) -> dict:
    return {**RECORD, "application_number": application_number(serial, year=2021), **fields}


def wrong_check(serial: int) -> str:
    """An application number whose check digit is wrong."""
    number = application_number(serial, year=2021)
    return number[:-1] + ("1" if number[-1] != "1" else "2")


def message(app, code: RowProblemCode) -> str:
    with app.test_request_context():
        return str(PROBLEM_MESSAGES[code])


@pytest.fixture
def staff(make_university, make_user, bearer_of):
    """An IP centre's staff member: (university id, e-mail, headers of a token with every scope)."""
    university_id = make_university("内蒙古工业大学")
    email = make_user(Role.UNIVERSITY_STAFF, university_id=university_id)
    return university_id, email, bearer_of(email)


def _count(app, model=Patent) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


# ------------------------------------------------------------------ who may call

ENDPOINTS = [
    ("GET", "/university/patents", None, api_scopes.PATENTS_WRITE),
    ("POST", "/university/patents", {}, api_scopes.PATENTS_WRITE),
    ("PATCH", "/university/patents/{patent}", {}, api_scopes.PATENTS_WRITE),
    ("POST", "/university/patents/import", [], api_scopes.PATENTS_WRITE),
    ("GET", "/university/declarations", None, api_scopes.DECLARATIONS_WRITE),
    ("POST", "/university/patents/{patent}/declarations", {}, api_scopes.DECLARATIONS_WRITE),
    ("POST", "/declarations/{declaration}/publish", None, api_scopes.DECLARATIONS_WRITE),
    ("POST", "/declarations/{declaration}/withdraw", {}, api_scopes.DECLARATIONS_WRITE),
]


def _draft(client, headers, patent_id: int, plan=FLAT) -> dict:
    response = client.post(f"{API}/university/patents/{patent_id}/declarations", headers=headers,
                           json={"plan": plan, "payment_method": "银行转账"})
    assert response.status_code in (200, 201), response.get_data(as_text=True)
    return response.get_json()


@pytest.mark.parametrize(("method", "path", "body", "scope"), ENDPOINTS,
                         ids=[f"{m} {p}" for m, p, *_ in ENDPOINTS])
def test_callers_are_checked(app, client, staff, make_patent, make_user, bearer_of, method, path, body,
                             scope):
    university_id, email, headers = staff
    patent_id = make_patent(university_id)
    declaration_id = _draft(client, headers, patent_id)["id"]
    url = API + path.format(patent=patent_id, declaration=declaration_id)

    def call(headers=None):
        return client.open(url, method=method, json=body, headers=headers or {})

    problem(call(), 401, "unauthorized")
    assert call().headers["WWW-Authenticate"] == "Bearer"
    problem(call({"Authorization": "Bearer mpk_unknown"}), 401)
    for role in (Role.ENTERPRISE_USER, Role.ORGANISER, Role.ADMIN):
        problem(call(bearer_of(make_user(role))), 403, "forbidden")
    others = [other for other in api_scopes.allowed_scopes("university_staff") if other != scope]
    problem(call(bearer_of(email, others)), 403, "insufficient-scope")


# ------------------------------------------------------------------ patents

def test_the_list_is_the_universitys_own_patents_with_the_staff_filters(client, staff, make_patent):
    university_id, _, headers = staff
    mine = [make_patent(university_id) for _ in range(3)]
    make_patent()  # another university's
    body = client.get(f"{API}/university/patents?per_page=2", headers=headers).get_json()
    assert body["total"] == 3 and len(body["items"]) == 2 and body["next"] and body["previous"] is None
    page_two = client.get(body["next"], headers=headers).get_json()
    assert {item["id"] for item in body["items"] + page_two["items"]} == set(mine)
    item = body["items"][0]
    assert item["university_id"] == university_id and item["archived"] is False and item["trl"] == 6
    number = item["application_number"]
    found = client.get(f"{API}/university/patents?q={number}", headers=headers).get_json()
    assert [row["application_number"] for row in found["items"]] == [number]
    for query in ("legal_status=expired", "archived=true"):
        assert client.get(f"{API}/university/patents?{query}", headers=headers).get_json()["total"] == 0
    problem(client.get(f"{API}/university/patents?legal_status=alive", headers=headers), 422, "validation")


def test_a_patent_is_added_from_json_with_the_record_rules(app, client, staff):
    university_id, _, headers = staff
    sent = record(501, application_number="ZL " + application_number(501, year=2021))
    response = client.post(f"{API}/university/patents", json=sent, headers=headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["application_number"] == application_number(501, year=2021)
    assert body["university_id"] == university_id and body["patent_type"] == "invention"
    assert body["ipc_codes"] == ["B22D 18/04"] and body["industry"] == "metallurgy" and body["trl"] == 5
    assert body["expiry_date"] == "2041-05-09" and body["legal_status"] == "granted"
    assert client.get(f"{API}/patents/{body['id']}").status_code == 200


def test_a_refused_record_names_each_field_with_the_forms_message(app, client, staff):
    _, _, headers = staff
    bad = record(502, application_number=wrong_check(502), title="=HYPERLINK(1)", filing_date="2021-05-10",
                 grant_date="2020-01-01", trl=12)
    body = problem(client.post(f"{API}/university/patents", json=bad, headers=headers), 422, "validation")
    errors = field_messages(body)
    assert errors["application_number"] == [message(app, RowProblemCode.APPLICATION_NUMBER_CHECK)]
    assert errors["title"] == [message(app, RowProblemCode.FORMULA)]
    assert errors["grant_date"] == [message(app, RowProblemCode.GRANT_BEFORE_FILING)]
    assert errors["trl"] == [message(app, RowProblemCode.TRL_RANGE)]
    assert all(error["location"] == "json" for error in body["errors"])
    assert _count(app) == 0


def test_missing_and_mistyped_fields_are_refused(app, client, staff):
    _, _, headers = staff
    body = problem(client.post(f"{API}/university/patents", json={"title": 5}, headers=headers), 422)
    errors = field_messages(body)
    assert {"application_number", "patentees", "filing_date", "legal_status", "title"} <= errors.keys()
    problem(client.post(f"{API}/university/patents", json=[1, 2], headers=headers), 422)
    problem(client.post(f"{API}/university/patents", data="{", content_type="application/json",
                        headers=headers), 400)
    blank = problem(client.post(f"{API}/university/patents", json=record(503, title="\x00\x01"),
                                headers=headers), 422)
    assert field_messages(blank)["title"] == [message(app, RowProblemCode.REQUIRED)]
    surrogate = problem(client.post(f"{API}/university/patents", headers=headers,
                                    content_type="application/json", data='{"title": "\\ud800"}'), 422)
    assert surrogate["errors"]
    assert _count(app) == 0


def test_a_number_already_in_the_catalogue_is_refused(client, staff, make_patent, app):
    _, _, headers = staff
    make_patent(application_number=application_number(504, year=2021))
    body = problem(client.post(f"{API}/university/patents", json=record(504), headers=headers), 422,
                   "refused")
    assert list(field_messages(body)) == ["application_number"]


def test_a_patent_is_changed_field_by_field_and_only_its_own(app, client, staff, make_patent):
    university_id, _, headers = staff
    patent_id = make_patent(university_id)
    response = client.patch(f"{API}/university/patents/{patent_id}", json={"title": "新的名称", "trl": None},
                            headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["title"] == "新的名称" and body["trl"] is None
    assert body["patentees"] == "内蒙古大学" and body["keywords"] == "稀土；永磁；钕铁硼"
    refused = problem(client.patch(f"{API}/university/patents/{patent_id}",
                                   json={"filing_date": "2099-01-01"}, headers=headers), 422)
    assert field_messages(refused) == {"filing_date": [message(app, RowProblemCode.FILING_IN_FUTURE)]}
    problem(client.patch(f"{API}/university/patents/{make_patent()}", json={"title": "x"}, headers=headers),
            404, "not-found")
    problem(client.patch(f"{API}/university/patents/2147483647", json={}, headers=headers), 404)
    with app.app_context():
        assert db.session.get(Patent, patent_id).title == "新的名称"


def test_an_import_writes_every_record_or_none(app, client, staff, make_patent):
    university_id, _, headers = staff
    url = f"{API}/university/patents/import"
    response = client.post(url, json=[record(601), record(602, patentees="别的单位"), record(603)],
                           headers=headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["created"] == 3 and body["updated"] == 0 and len(body["ids"]) == 3
    assert [(warning["index"], warning["field"]) for warning in body["warnings"]] == [(1, "patentees")]
    again = client.post(url, json=[record(601, title="改过的名称"), record(604)], headers=headers).get_json()
    assert (again["created"], again["updated"]) == (1, 1) and again["ids"][0] == body["ids"][0]
    with app.app_context():
        assert db.session.get(Patent, body["ids"][0]).title == "改过的名称"

    other = make_patent(application_number=application_number(605, year=2021))
    before = _count(app)
    refused = problem(client.post(url, headers=headers, json=[
        record(606), record(607, application_number=wrong_check(607)), record(606), record(605)]),
        422, "validation")
    errors = field_messages(refused)
    assert errors["1.application_number"] == [message(app, RowProblemCode.APPLICATION_NUMBER_CHECK)]
    assert errors["2.application_number"] == [message(app, RowProblemCode.DUPLICATE_IN_FILE)]
    assert "3.application_number" in errors and "0.application_number" not in errors
    mistyped = problem(client.post(url, json=[record(606), record(608, title=7)], headers=headers), 422)
    assert list(field_messages(mistyped)) == ["1.title"]
    assert _count(app) == before and other


def test_an_import_is_bounded_and_an_array(client, staff):
    _, _, headers = staff
    url = f"{API}/university/patents/import"
    problem(client.post(url, json=[record(700 + n) for n in range(501)], headers=headers), 422)
    problem(client.post(url, json=[], headers=headers), 422)
    problem(client.post(url, json={"0": record(700)}, headers=headers), 422)
    problem(client.post(url, json={}, headers=headers), 422)
    problem(client.post(url, data={"title": "x"}, headers=headers), 422)


# ------------------------------------------------------------------ declarations

def test_a_draft_is_saved_changed_published_and_withdrawn(app, client, staff, make_patent):
    university_id, _, headers = staff
    patent_id = make_patent(university_id)
    response = client.post(f"{API}/university/patents/{patent_id}/declarations", headers=headers,
                           json={"plan": FLAT, "payment_method": "银行转账"})
    assert response.status_code == 201, response.get_data(as_text=True)
    draft = response.get_json()
    assert draft["status"] == "draft" and draft["version"] == 1 and draft["warnings"] == []
    assert draft["plan"]["phases"][0]["fee"] == "50000.00" and draft["plan"]["in_words"]
    changed = client.post(f"{API}/university/patents/{patent_id}/declarations", headers=headers,
                          json={"plan": ROYALTY, "payment_method": "银行转账", "other_terms": "无"})
    assert changed.status_code == 200
    assert changed.get_json()["id"] == draft["id"]
    assert changed.get_json()["plan"]["phases"][0]["royalty_rate"] == "0.035"

    published = client.post(f"{API}/declarations/{draft['id']}/publish", headers=headers)
    assert published.status_code == 200, published.get_data(as_text=True)
    assert published.get_json()["status"] == "published"
    offer = client.get(f"{API}/patents/{patent_id}").get_json()["offer"]
    assert offer["declaration_id"] == draft["id"] and offer["plan"]["kind"] == "royalty"
    again = problem(client.post(f"{API}/declarations/{draft['id']}/publish", headers=headers), 422, "refused")
    assert again["detail"]

    url = f"{API}/declarations/{draft['id']}/withdraw"
    assert list(field_messages(problem(client.post(url, json={"reason": " "}, headers=headers), 422))) == \
        ["reason"]
    problem(client.post(url, json={}, headers=headers), 422, "validation")
    withdrawn = client.post(url, json={"reason": "转让给企业"}, headers=headers)
    assert withdrawn.status_code == 200
    assert withdrawn.get_json()["status"] == "withdrawn"
    assert withdrawn.get_json()["withdrawal_reason"] == "转让给企业"
    assert client.get(f"{API}/patents/{patent_id}").get_json()["offer"] is None
    problem(client.post(url, json={"reason": "再次"}, headers=headers), 422, "refused")


def test_a_new_version_replaces_the_published_one(client, staff, make_patent):
    university_id, _, headers = staff
    patent_id = make_patent(university_id)
    first = _draft(client, headers, patent_id)
    client.post(f"{API}/declarations/{first['id']}/publish", headers=headers)
    second = _draft(client, headers, patent_id, ROYALTY)
    assert second["version"] == 2
    assert client.post(f"{API}/declarations/{second['id']}/publish", headers=headers).status_code == 200
    listed = client.get(f"{API}/university/declarations", headers=headers).get_json()
    assert [(item["version"], item["status"]) for item in listed["items"]] == [
        (2, "published"), (1, "withdrawn")]
    assert listed["items"][1]["withdrawal_reason"]
    only = client.get(f"{API}/university/declarations?status=withdrawn&patent_id={patent_id}",
                      headers=headers).get_json()
    assert [item["id"] for item in only["items"]] == [first["id"]]


def test_a_refused_plan_names_the_plan(client, staff, make_patent):
    university_id, _, headers = staff
    patent_id = make_patent(university_id)
    url = f"{API}/university/patents/{patent_id}/declarations"
    too_high = {**ROYALTY, "phases": [{**ROYALTY["phases"][0], "royalty_rate": "0.25"}]}
    body = problem(client.post(url, json={"plan": too_high, "payment_method": "转账"}, headers=headers),
                   422, "refused")
    assert list(field_messages(body)) == ["plan"]
    too_long = {**FLAT, "term": {"count": 30, "unit": "year"}}
    assert list(field_messages(problem(client.post(url, json={"plan": too_long, "payment_method": "转账"},
                                                   headers=headers), 422))) == ["plan"]
    shapes = problem(client.post(url, json={"plan": {"kind": "flat", "term": {"count": 0, "unit": "day"},
                                                     "phases": [{"kind": "x", "fee": 5,
                                                                 "royalty_rate": "0.1234567"}]}},
                                 headers=headers), 422, "validation")
    assert {"payment_method", "plan"} <= field_messages(shapes).keys()
    assert _draft_count(client, headers) == 0


def test_promotional_wording_is_refused_with_the_words_found(client, staff, make_patent):
    university_id, _, headers = staff
    url = f"{API}/university/patents/{make_patent(university_id)}/declarations"
    draft = {"plan": FLAT, "payment_method": "转账", "other_terms": "技术国际领先，填补空白"}
    body = problem(client.post(url, json=draft, headers=headers), 422, "refused")
    messages = field_messages(body)
    assert list(messages) == ["other_terms"] and "国际领先、填补空白" in str(messages["other_terms"])
    assert _draft_count(client, headers) == 0


def _draft_count(client, headers) -> int:
    return client.get(f"{API}/university/declarations", headers=headers).get_json()["total"]


def test_a_legal_bar_refuses_publishing(app, client, staff, make_patent):
    university_id, _, headers = staff
    patent_id = make_patent(university_id)
    draft = _draft(client, headers, patent_id)
    with app.app_context():
        # the register tracks the patent from 2026-03-15: the fee of year 6 due that day is unpaid since
        db.session.get(Patent, patent_id).fees_tracked_from = date(2026, 3, 15)
        db.session.commit()
    body = problem(client.post(f"{API}/declarations/{draft['id']}/publish", headers=headers), 422, "refused")
    assert body["detail"]
    with app.app_context():
        assert db.session.get(Declaration, draft["id"]).status.value == "draft"


def test_another_universitys_patents_and_declarations_are_not_found(client, staff, make_patent, make_user,
                                                                    make_university, bearer_of):
    _, _, headers = staff
    other_university = make_university()
    other_headers = bearer_of(make_user(Role.UNIVERSITY_STAFF, university_id=other_university))
    theirs = make_patent(other_university)
    their_draft = _draft(client, other_headers, theirs)
    problem(client.post(f"{API}/university/patents/{theirs}/declarations", headers=headers,
                        json={"plan": FLAT, "payment_method": "转账"}), 404, "not-found")
    problem(client.post(f"{API}/declarations/{their_draft['id']}/publish", headers=headers), 404)
    problem(client.post(f"{API}/declarations/{their_draft['id']}/withdraw", headers=headers,
                        json={"reason": "x"}), 404)
    problem(client.post(f"{API}/declarations/2147483647/publish", headers=headers), 404)
    assert client.get(f"{API}/university/declarations", headers=headers).get_json()["total"] == 0


def test_a_browser_session_writes_with_its_csrf_token(client, make_university, make_user, make_patent):
    university_id = make_university()
    login(client, make_user(Role.UNIVERSITY_STAFF, university_id=university_id))
    url = f"{API}/university/patents"
    problem(client.post(url, json=record(801)), 400, "csrf")
    token = csrf_token(client)
    assert client.post(url, json=record(801), headers={"X-CSRFToken": token}).status_code == 201
    assert client.get(url).get_json()["total"] == 1


def test_the_document_describes_the_new_operations(client):
    spec = client.get(f"{API}/openapi.json").get_json()
    paths = spec["paths"]
    assert {"get", "post"} <= paths[f"{API}/university/patents"].keys()
    assert "patch" in paths[f"{API}/university/patents/{{patent_id}}"]
    assert paths[f"{API}/university/patents/import"]["post"]["requestBody"]["content"]["application/json"][
        "schema"]["type"] == "array"
    assert {"201", "200"} <= paths[f"{API}/university/patents/{{patent_id}}/declarations"]["post"][
        "responses"].keys()
