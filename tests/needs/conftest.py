"""Fixtures of the needs tests: needs written directly, and the enterprise user who owns them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.core.need_state import NeedStatus, NeedVisibility
from marketplace.extensions import db
from marketplace.needs.models import Need

POSTED = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


@pytest.fixture
def make_need(app, make_enterprise, make_user) -> Callable[..., int]:
    """make_need(enterprise_id=None, **fields) → the id of a need (a fresh enterprise and user unless one
    is given), written directly."""
    counter = iter(range(1, 10_000))

    def make(enterprise_id: int | None = None, **fields) -> int:
        enterprise_id = enterprise_id or make_enterprise()
        n = next(counter)
        with app.app_context():
            author = db.session.scalar(select(User).where(User.enterprise_id == enterprise_id))
            if author is None:
                email = make_user(enterprise_id=enterprise_id)
                author = db.session.scalar(select(User).where(User.email == email))
            need = Need(enterprise_id=enterprise_id, created_by_id=author.id,
                        title=fields.pop("title", f"稀土永磁电机降本需求{n}"),
                        description=fields.pop("description", "我们做风电用永磁电机，想找降低镝用量的工艺。"),
                        status=fields.pop("status", NeedStatus.OPEN),
                        visibility=fields.pop("visibility", NeedVisibility.PUBLIC),
                        created_at=fields.pop("created_at", POSTED), **fields)
            db.session.add(need)
            db.session.commit()
            return need.id

    return make


def enterprise_of(app, email: str) -> int:
    """The enterprise id of the user with `email`."""
    with app.app_context():
        return db.session.scalar(select(User.enterprise_id).where(User.email == email))


def need_row(app, need_id: int) -> Need:
    """The need as stored now (detached, for assertions)."""
    with app.app_context():
        need = db.session.get(Need, need_id)
        db.session.expunge(need)
        return need
