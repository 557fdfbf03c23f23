"""Fixtures of the API tests: bearer tokens for users of each role, and a patent on offer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.api.tokens import create_token
from marketplace.catalogue.models import Patent
from marketplace.core import api_scopes
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.declarations import services as declarations
from marketplace.extensions import db

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


def bearer(secret: str) -> dict[str, str]:
    """The header a token call sends."""
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def frozen(app):
    """The marketplace's today fixed at TODAY."""
    app.config["FROZEN_TODAY"] = TODAY.isoformat()
    yield TODAY
    app.config.pop("FROZEN_TODAY")


@pytest.fixture
def token_for(app, make_user) -> Callable[..., str]:
    """A token secret for a new user of `role` (all the role's scopes unless `scopes` is given)."""

    def make(role: Role, scopes: list[str] | None = None, days: int = 30, now: datetime = NOW,
             email: str | None = None, **user_fields) -> str:
        email = email or make_user(role, **user_fields)
        with app.app_context():
            user = db.session.scalar(select(User).where(User.email == email))
            wanted = scopes if scopes is not None else list(api_scopes.allowed_scopes(role.value))
            made = create_token(user, "test", wanted, days, now)
            db.session.commit()
            return made.secret

    return make


@pytest.fixture
def offered(app, make_patent, make_university, make_user, frozen):
    """A patent with a published flat plan; returns (patent id, declaration id)."""
    university_id = make_university("内蒙古大学")
    patent_id = make_patent(university_id)
    staff = make_user(Role.UNIVERSITY_STAFF, university_id=university_id)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == staff))
        patent = db.session.get(Patent, patent_id)
        draft = declarations.save_draft(patent, user, flat_plan(Money("60000.00"), Duration.years(3)),
                                        "银行转账", "", TODAY)
        declarations.publish(draft, TODAY, NOW)
        db.session.commit()
        return patent_id, draft.id
