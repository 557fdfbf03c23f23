"""One reset link used many times at once still works once (row lock on PostgreSQL, queued writers on
SQLite), each use on its own connection, committing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.accounts.password_reset import reset_password, reset_token_for
from marketplace.accounts.passwords import hash_password, verify_password
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.service_errors import ServiceError
from tests.ledger.separate_database import BACKENDS, run_together, separate_app

pytestmark = pytest.mark.real_commits

USES = 8


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_link_used_many_times_at_once_works_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            db.session.add(User(email="admin@example.com", name="管理员", role=Role.ADMIN,
                                status=AccountStatus.ACTIVE, password_hash=hash_password("Old2026pass")))
            db.session.commit()
            _, token = reset_token_for("admin@example.com", utcnow())
            db.session.commit()
        passwords = iter(f"Newpass{n}2027" for n in range(USES))

        def use() -> str | None:
            password = next(passwords)
            try:
                reset_password(token, password, utcnow())
            except ServiceError:
                return None
            return password

        results, errors = run_together(app, USES, use)
        assert errors == []
        winners = [password for password in results if password is not None]
        assert len(winners) == 1
        with app.app_context():
            user = db.session.scalar(select(User))
            assert verify_password(user.password_hash, winners[0])
