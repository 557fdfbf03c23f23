"""Publishing the same draft from many requests at once, on SQLite and PostgreSQL with real commits: the
declaration is taken for change (its patent first), so exactly one request publishes it and the others
are refused with a 422 problem; the patent ends with one published version."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.api.tokens import create_token
from marketplace.catalogue.services import create_patent
from marketplace.clock import now, today
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.core.money import Money
from marketplace.core.patent_record import validate_record
from marketplace.core.pricing import Duration, flat_plan
from marketplace.declarations import services
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.organisations.models import University
from tests.conftest import PATENT_DEFAULTS
from tests.helpers import application_number
from tests.ledger.separate_database import BACKENDS, at_once, separate_app

pytestmark = pytest.mark.real_commits

REQUESTS = 2


def _setup(app, tokens: int) -> tuple[int, list[str]]:
    """A university's patent with a draft, and tokens of its IP centre, one per request (one token would
    queue the requests on its last-use stamp): (draft id, token secrets)."""
    with app.test_request_context():
        university = University(name="内蒙古大学")
        db.session.add(university)
        db.session.flush()
        staff = User(email="ip@example.com", name="知识产权中心", role=Role.UNIVERSITY_STAFF,
                     status=AccountStatus.ACTIVE, password_hash="x", university_id=university.id)
        db.session.add(staff)
        db.session.flush()
        record, problems = validate_record({**PATENT_DEFAULTS, "application_number": application_number(1)},
                                           date(2026, 11, 26))
        assert not problems
        patent = create_patent(university.id, record)
        plan = flat_plan(Money("50000.00"), Duration.years(3))
        draft = services.save_draft(patent, staff, plan, "银行转账", "", today())
        secrets = [create_token(staff, f"并发{n}", ["declarations:write"], 30, now()).secret
                   for n in range(tokens)]
        db.session.commit()
        return draft.id, secrets


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("requests", [REQUESTS, 8], ids=["two", "eight"])
def test_simultaneous_publishes_of_one_draft_publish_it_once(backend, requests, tmp_path):
    with separate_app(backend, tmp_path) as app:
        draft_id, secrets = _setup(app, requests)
        def publish(client, secret: str) -> tuple[int, dict]:
            response = client.post(f"/api/v1/declarations/{draft_id}/publish",
                                   headers={"Authorization": f"Bearer {secret}"})
            return response.status_code, response.get_json(force=True)

        clients = [app.test_client() for _ in secrets]
        answers, failures = at_once([lambda client=client, secret=secret: publish(client, secret)
                                     for client, secret in zip(clients, secrets, strict=True)])
        assert failures == []
        statuses = sorted(status for status, _ in answers)
        assert statuses == [200] + [422] * (requests - 1), answers
        assert all(body["type"].endswith("#problem-refused") for status, body in answers if status == 422)
        with app.app_context():
            rows = db.session.scalars(select(Declaration)).all()
            assert [(row.id, row.status) for row in rows] == [(draft_id, DeclarationStatus.PUBLISHED)]
