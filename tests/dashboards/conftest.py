"""Fixtures of the dashboard tests: the province's world (the zone results' world, two universities) and
an administrator's client."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.patent_fields import Industry
from marketplace.extensions import db
from marketplace.licensing.models import Licence
from tests.zones.test_results_figures import _take, build

CROSS_DAY = date(2026, 12, 20)


@pytest.fixture
def world(app):
    """The zone results' world, plus an enterprise (e1) that also takes a licence from u0 in 2026, so it is
    served by both universities; the patent `elsewhere` of u0 is in new energy."""
    app.config["FROZEN_TODAY"] = "2027-01-10"
    with app.app_context():
        built = build()
        p0 = db.session.get(Patent, _patent_of(built.licences["via_page"]))
        built.licences["cross"] = _take(_taker_of(built.licences["registered"]), p0.id, CROSS_DAY, None)
        elsewhere = _patent_of(built.licences["other_patent"])
        db.session.execute(update(Patent).where(Patent.id == elsewhere).values(industry=Industry.NEW_ENERGY))
        db.session.commit()
    yield built
    app.config["FROZEN_TODAY"] = None


def _patent_of(licence_id: int) -> int:
    return db.session.get(Licence, licence_id).patent_id


def _taker_of(licence_id: int) -> str:
    return db.session.get(User, db.session.get(Licence, licence_id).taken_by_id).email


@pytest.fixture
def admin(client, login_as):
    login_as(Role.ADMIN)
    return client


