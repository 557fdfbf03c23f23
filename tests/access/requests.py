"""Sending one case of the matrix: the route bound to owner A's ids, as one actor, with a plausible body.

Pages are driven with the actor's session cookie; a POST carries the actor's CSRF token and the body of
the form owner A's page shows for that path. API routes are driven with the actor's bearer token (all its
role's scopes), writes with an Idempotency-Key and a JSON body the route would accept from its owner; or,
as a browser calls them, with the session cookie (writes with the CSRF token in `X-CSRFToken`).
"""

from __future__ import annotations

from uuid import uuid4

from flask import Flask
from werkzeug.routing import Rule

from tests.edge.sweep import build, encode

# Query arguments a GET route needs to answer at all (the figure or table asked for, a search).
QUERY = {
    "university_dashboard.rows": "?figure=served",
    "university_dashboard.export": "?table=funnel&format=csv",
    "province.rows": "?figure=served",
    "province.export": "?table=universities&format=csv",
    "zones.zone_results_rows": "?figure=licences",
    "api_catalogue.search_patents": "?q=x",
    "api_catalogue.quote": "?start=2026-12-01",
}

# What the API's owner would send, given owner A's values (by the variable name, and "offer").
API_BODIES = {
    "api_licences.take_licence": lambda a: {"patent_id": a["offer"]["patent_id"],
                                            "declaration_id": a["offer"]["declaration_id"],
                                            "start_date": "2026-12-01"},
    "api_licences.decide_trial": lambda a: {"decision": "convert"},
    "api_licences.file_royalty_report": lambda a: {"period_start": "2026-07-01", "net_sales": "1000.00"},
    "api_payments.notify_transfer": lambda a: {"amount": "100.00", "reference": "ICBC-2026-0001",
                                               "paid_on": "2026-11-20"},
    "api_payments.confirm_notice": lambda a: {},
    "api_payments.reject_notice": lambda a: {"reason": "银行未见此笔款项"},
    "api_zones.register": lambda a: {"contact_name": "李经理", "contact_phone": "0472-5123456",
                                     "interests": "稀土永磁"},
    "api_zones.cancel_registration": lambda a: {},
    "api_zones.request_meeting": lambda a: {"patent_id": a["offer"]["patent_id"],
                                            "reason": "希望了解中试条件",
                                            "slot_ids": [a["offer"]["slot_id"]]},
    "api_university_patents.create_patent": lambda a: {"title": "一种稀土永磁材料的制备方法"},
    "api_university_patents.change_patent": lambda a: {"keywords": "稀土；永磁"},
    "api_university_patents.import_patents": lambda a: {"patents": []},
    "api_university_declarations.save_draft": lambda a: {
        "plan": {"kind": "flat", "term": {"count": 3, "unit": "year"}, "trial_end": None, "conversion": None,
                 "phases": [{"kind": "fixed", "duration": None, "fee": "50000.00", "royalty_rate": None,
                             "royalty_period": None, "annual_minimum": None}]},
        "payment_method": "银行转账"},
    "api_university_declarations.publish": lambda a: {},
    "api_university_declarations.withdraw": lambda a: {"reason": "权利人要求撤回"},
}


def is_api(rule: Rule) -> bool:
    return rule.rule.startswith("/api/v1/") and rule.endpoint not in ("api_reference.docs",
                                                                        "api-docs.openapi_json")


def send(app: Flask, matrix, rule: Rule, method: str, actor: str, values: dict | None = None,
         via: str = "bearer"):
    """The response to the actor's request of the route with owner A's ids, or `values` (closed); an API
    call goes `via` the actor's bearer token or their browser session."""
    values = values or matrix.owner_a[frozenset(rule.arguments)]
    path = build(rule, {name: encode(value) for name, value in values.items()})
    client = matrix.client(app, actor)
    if is_api(rule):
        headers = dict(matrix.bearer[actor]) if via == "bearer" else {"X-CSRFToken": matrix.csrf[actor]}
        if method == "GET":
            response = client.get(path + QUERY.get(rule.endpoint, ""), headers=headers)
        else:
            headers["Idempotency-Key"] = uuid4().hex
            known = {"offer": matrix.owner_a[frozenset({"offer"})], **values}
            body = API_BODIES.get(rule.endpoint, lambda a: {})(known)
            response = client.open(path, method=method, json=body, headers=headers)
    elif method == "GET":
        response = client.get(path + QUERY.get(rule.endpoint, ""))
    else:
        a_path = build(rule, {name: encode(value) for name, value in
                              matrix.owner_a[frozenset(rule.arguments)].items()})
        body = {**matrix.forms.get(a_path, {}), "csrf_token": matrix.csrf[actor]}
        response = client.open(path, method=method, data=body)
    response.close()
    return response
