"""The declaration page's writes from two requests at once, on SQLite and PostgreSQL with real commits:
every write takes the patent for change first (as the API does), so publishing one draft from two
browsers publishes it once, and the other is told there is no draft left."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.accounts.passwords import hash_password
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.declarations.models import Declaration, PatentLegalFacts
from marketplace.extensions import db
from tests.api.test_publish_concurrency import _setup
from tests.helpers import PASSWORD, login, post_form
from tests.ledger.separate_database import BACKENDS, at_once, separate_app

pytestmark = pytest.mark.real_commits

PUBLISHED = "已发布：任何企业现在都可按此条款获得许可。"
NO_DRAFT = "没有可发布的草稿。"


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_browsers_publishing_one_draft_publish_it_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        draft_id, _ = _setup(app, 0)
        with app.app_context():
            patent_id = db.session.get(Declaration, draft_id).patent_id
            db.session.add(PatentLegalFacts(patent_id=patent_id, co_owner_consent=True))
            staff = db.session.get(User, db.session.get(Declaration, draft_id).created_by_id)
            staff.password_hash = hash_password(PASSWORD)
            db.session.commit()
        page = f"/ip/patents/{patent_id}/declaration"
        clients = [app.test_client() for _ in range(2)]
        for client in clients:
            login(client, "ip@example.com")
        statuses, failures = at_once([
            lambda client=client: post_form(client, f"{page}/publish", {}, page=page).status_code
            for client in clients])
        assert not failures and sorted(statuses) == [302, 302]
        told = sorted("published" if PUBLISHED in text else "no draft" if NO_DRAFT in text else text[:200]
                      for text in (client.get(page).get_data(as_text=True) for client in clients))
        assert told == ["no draft", "published"]
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(Declaration).where(
                Declaration.status == DeclarationStatus.PUBLISHED)) == 1
