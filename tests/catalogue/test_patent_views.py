"""Patent views for the funnel: an enterprise user opening a patent's page is recorded once a day; nobody
else is; two views at once (two tabs, two workers) leave one row on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from marketplace.catalogue.interest import record_view
from marketplace.catalogue.interest_models import PatentView
from marketplace.catalogue.models import Patent
from marketplace.extensions import db
from tests.helpers import login
from tests.ledger.separate_database import BACKENDS, run_together, separate_app
from tests.zones.meeting_world import build_meeting_world, user


def _views(app) -> list[tuple[int, int]]:
    with app.app_context():
        return [(row.enterprise_id, row.patent_id) for row in db.session.scalars(select(PatentView))]


@pytest.fixture
def world(app):
    with app.app_context():
        built = build_meeting_world()
        db.session.commit()
        return built


def test_an_enterprise_users_view_is_recorded_once_a_day(app, client, world):
    login(client, world.enterprise_users[0])
    patent_id = world.patents[0]
    assert client.get(f"/patents/{patent_id}").status_code == 200
    assert client.get(f"/patents/{patent_id}").status_code == 200
    with app.app_context():
        enterprise_id = user(world.enterprise_users[0]).enterprise_id
        university_id = db.session.get(Patent, patent_id).university_id
        row = db.session.scalars(select(PatentView)).one()
        assert (row.enterprise_id, row.patent_id) == (enterprise_id, patent_id)
        assert row.university_id == university_id


@pytest.mark.parametrize("who", ["anonymous", "staff", "organiser"])
def test_views_of_others_are_not_recorded(app, client, world, who):
    if who == "staff":
        login(client, world.staff[0])
    elif who == "organiser":
        login(client, world.organiser)
    assert client.get(f"/patents/{world.patents[0]}").status_code == 200
    assert _views(app) == []


@pytest.mark.real_commits
@pytest.mark.parametrize("backend", BACKENDS)
def test_two_views_at_once_leave_one_row(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            world = build_meeting_world()
            db.session.commit()
            enterprise_id = user(world.enterprise_users[0]).enterprise_id

        def view():
            record_view(db.session.get(Patent, world.patents[0]), enterprise_id, date(2026, 12, 1))

        _, errors = run_together(app, 2, view)
        assert errors == []
        with app.app_context():
            assert db.session.scalar(select(func.count(PatentView.id))) == 1
