"""Recording an exclusive licence and publishing a declaration of the same patent at once, from two
browsers, on SQLite and PostgreSQL with real commits: both take the patent for change first, so they run
one after the other and exactly one succeeds — never a published declaration beside an exclusive licence
recorded while it was in force."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.accounts.passwords import hash_password
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.outside_licences.models import OutsideLicence
from tests.api.test_publish_concurrency import _setup
from tests.helpers import PASSWORD, csrf_token, login
from tests.ledger.separate_database import BACKENDS, WAIT_SECONDS, separate_app

pytestmark = pytest.mark.real_commits

EXCLUSIVE = {"kind": "exclusive", "licensee_name": "包头稀宝新材料科技有限公司", "licensee_credit_code": "",
             "starts_on": "2026-01-01", "ends_on": "2027-12-31", "contract_number": ""}


@pytest.mark.parametrize("backend", BACKENDS)
def test_recording_an_exclusive_licence_and_publishing_at_once_one_wins(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        draft_id, _ = _setup(app, 0)
        with app.app_context():
            draft = db.session.get(Declaration, draft_id)
            patent_id = draft.patent_id
            db.session.get(User, draft.created_by_id).password_hash = hash_password(PASSWORD)
            db.session.commit()
        declaration = f"/ip/patents/{patent_id}/declaration"
        register = f"/ip/patents/{patent_id}/outside-licences"
        publisher, recorder = app.test_client(), app.test_client()
        for client in (publisher, recorder):
            login(client, "ip@example.com")
        requests = [(publisher, f"{declaration}/publish", {"csrf_token": csrf_token(publisher, declaration)}),
                    (recorder, register, {**EXCLUSIVE, "csrf_token": csrf_token(recorder, register)})]
        barrier = threading.Barrier(2, timeout=WAIT_SECONDS)
        statuses: dict[str, int] = {}
        failures: list[BaseException] = []

        def send(client, url, data) -> None:
            try:
                barrier.wait()
                statuses[url] = client.post(url, data=data).status_code
            except BaseException as error:  # every failure is a finding
                failures.append(error)

        threads = [threading.Thread(target=send, args=request) for request in requests]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(WAIT_SECONDS)
        assert not failures
        with app.app_context():
            published = db.session.scalar(select(func.count()).select_from(Declaration).where(
                Declaration.status == DeclarationStatus.PUBLISHED))
            recorded = db.session.scalar(select(func.count()).select_from(OutsideLicence))
        assert (published, recorded) in {(1, 0), (0, 1)}
        assert sorted(statuses.values()) == [302, 422]
        assert statuses[register] == (302 if recorded else 422)
