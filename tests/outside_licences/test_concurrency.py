"""Recording an exclusive licence and publishing a declaration of the same patent at once, from two
browsers, on SQLite and PostgreSQL with real commits: both take the patent for change first, so they run
one after the other and exactly one succeeds — never a published declaration beside an exclusive licence
recorded while it was in force."""

from __future__ import annotations

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
from tests.ledger.separate_database import BACKENDS, at_once, separate_app

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
        statuses, failures = at_once([
            lambda client=client, url=url, data=data: client.post(url, data=data).status_code
            for client, url, data in requests])
        assert not failures
        with app.app_context():
            published = db.session.scalar(select(func.count()).select_from(Declaration).where(
                Declaration.status == DeclarationStatus.PUBLISHED))
            recorded = db.session.scalar(select(func.count()).select_from(OutsideLicence))
        assert (published, recorded) in {(1, 0), (0, 1)}
        assert sorted(statuses) == [302, 422]
        assert statuses[1] == (302 if recorded else 422)  # the register's answer
