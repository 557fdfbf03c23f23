"""Schemathesis against the served OpenAPI document: every operation, called by each role (an enterprise, the
IP centre owning the patent on offer, an organiser, an administrator, no one), answers without a server
error and as its schema says; and stateful runs follow the links Schemathesis finds between operations
(a licence taken, then read, its ledger, a trial decided, a transfer notified, …) with the enterprise's and
the IP centre's tokens."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis.stateful import initialize
from schemathesis.generation.stateful.state_machine import StepInput
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.extensions import db
from tests.api.conftest import token_header

EXAMPLES = 25
EXAMPLES_PER_OTHER_ROLE = 5
# Two checks judge how strict the API is with requests, not what it answers: a schema-valid request may
# still break a rule of the marketplace (a start in the past, no offer: a declared 422 problem), and query
# parameters the API does not know are ignored, as the site ignores them. Every check of the answers applies:
# no server error, status codes, content types, headers and bodies as documented.
NOT_APPLIED = [positive_data_acceptance, negative_data_rejection]


@pytest.fixture
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(autouse=True)
def _nodeid(request):
    """schemathesis 4.32 renames the test node through `_nodeid`, which pytest 9 nodes no longer have."""
    request.node._nodeid = request.node.nodeid


@pytest.fixture
def unlimited(app):
    """No rate limit while Schemathesis calls as fast as it can."""
    app.config["API_RATE_LIMIT"] = "100000 per minute"
    yield
    app.config["API_RATE_LIMIT"] = "300 per minute"


def _offering_staff(app) -> str:
    with app.app_context():
        return db.session.scalar(select(User.email).where(User.role == Role.UNIVERSITY_STAFF))


def headers_of(app, role: Role | None, token_for) -> dict[str, str]:
    """The headers of a caller of `role` (None: anonymous); the IP centre's is the offered patent's."""
    if role is None:
        return {}
    if role == Role.UNIVERSITY_STAFF:
        return token_header(token_for(role, email=_offering_staff(app)))
    return token_header(token_for(role))


@pytest.fixture
def caller(app, offered, token_for, unlimited):
    return headers_of(app, Role.ENTERPRISE_USER, token_for)


@pytest.fixture
def other_callers(app, offered, token_for, unlimited) -> list[dict[str, str]]:
    """The headers of the offered patent's IP centre, an organiser, an administrator and no one."""
    roles = (Role.UNIVERSITY_STAFF, Role.ORGANISER, Role.ADMIN, None)
    return [headers_of(app, role, token_for) for role in roles]


@schema.parametrize()
@settings(max_examples=EXAMPLES, suppress_health_check=list(HealthCheck), deadline=None)
def test_every_operation_answers_within_its_document(case, caller):
    case.call_and_validate(headers=caller, excluded_checks=NOT_APPLIED)


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OTHER_ROLE, suppress_health_check=list(HealthCheck), deadline=None)
def test_every_operation_answers_every_role_within_its_document(case, other_callers):
    for headers in other_callers:
        case.call_and_validate(headers=headers, excluded_checks=NOT_APPLIED)


QUOTE = "/api/v1/patents/{patent_id}/quote"


@pytest.mark.parametrize("role", [Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF], ids=["enterprise", "staff"])
def test_linked_operations_in_sequence_answer_within_the_document(app, offered, token_for, unlimited, role):
    patent_id, _ = offered
    headers = headers_of(app, role, token_for)
    api = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    machine = api.as_state_machine()
    assert len(machine.bundles) >= 10, "Schemathesis found too few links between operations"
    assert f"GET {QUOTE} -> 200" in machine.bundles, "the quote's link to taking a licence is missing"
    seen: list[tuple[str, int]] = []

    class Calls(machine):  # type: ignore[misc, valid-type]
        # Every scenario starts from the same database: what one scenario wrote (a licence taken, a draft
        # published) is rolled back before the next, so the same choices meet the same answers and
        # Hypothesis can replay and shrink a failing scenario (else: "inconsistent data generation").
        def __init__(self):
            super().__init__()
            with app.app_context():
                self.scenario = db.engines[None].begin_nested()

        def teardown(self):
            self.scenario.rollback()
            super().teardown()

        # Every scenario starts from a real quote of the patent on offer, so the link to taking that licence
        # (and Schemathesis's links from a taken licence onwards) has something to follow.
        @initialize(target=machine.bundles[f"GET {QUOTE} -> 200"])
        def quote_the_offer(self):
            case = api[QUOTE]["GET"].Case(path_parameters={"patent_id": patent_id})
            self.recorder.record_case(case=case)
            return self._step(StepInput.initial(case))

        def after_call(self, response, case):
            super().after_call(response, case)
            seen.append((case.operation.label, response.status_code))

        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, excluded_checks=NOT_APPLIED, headers=headers,
                                   transport_kwargs=kwargs, recorder=self.recorder)

    Calls.run(settings=settings(max_examples=40, stateful_step_count=10, deadline=None, derandomize=True,
                                suppress_health_check=list(HealthCheck)))
    answered = {label for label, status in seen if 200 <= status < 300}
    assert f"GET {QUOTE}" in answered and len(answered) >= 4, seen
