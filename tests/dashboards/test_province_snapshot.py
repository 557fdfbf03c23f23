"""The province dashboard's snapshot: the page, its charts and downloads read the figures computed for
every university at once while they are younger than FIGURES_MAX_AGE_SECONDS, say when they were computed,
and compute them again once too old; the rows behind a figure stay live. `flask dashboards refresh`
computes them ahead of visitors; concurrent computations of one scope leave one snapshot, on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.dashboards import province_snapshot
from marketplace.dashboards.province_views import Filters, every_university
from marketplace.extensions import db
from marketplace.organisations.models import University
from marketplace.policy import snapshots
from marketplace.policy.scope import Scope
from marketplace.policy.snapshot_models import FiguresSnapshot
from tests.dashboards.conftest import CROSS_DAY, _patent_of
from tests.dashboards.test_province import _csv
from tests.helpers import page_text
from tests.ledger.separate_database import BACKENDS, at_once, separate_app
from tests.zones.test_results_figures import _take

NOW = datetime(2027, 1, 10, 4, 0, tzinfo=UTC)


def _served_in_2026(client) -> list[str]:
    return _csv(client.get("/dashboard/province/export?table=universities&format=csv&year=2026"))[-1][1:3]


def _one_more_enterprise_served(app, world, make_user) -> None:
    """A new enterprise takes a licence on u0's patent in 2026: u0 and the province serve one more."""
    email = make_user(Role.ENTERPRISE_USER)
    with app.app_context():
        _take(email, _patent_of(world.licences["via_page"]), CROSS_DAY, None)
        db.session.commit()


def test_the_page_reads_its_snapshot_and_says_when_it_was_computed(world, admin, app, make_user):
    text = page_text(admin.get("/dashboard?year=2026"))
    assert "全省服务企业：4" in text and "数据计算于" in text and "每 5 分钟重新计算" in text
    _one_more_enterprise_served(app, world, make_user)
    # the page, the charts and the downloads read the same snapshot; the rows behind a figure are live
    assert "全省服务企业：4" in page_text(admin.get("/dashboard?year=2026"))
    assert _served_in_2026(admin) == ["4", "4"]
    served_rows = _csv(admin.get("/dashboard/province/rows?figure=served&year=2026&format=csv"))
    assert len({line[2] for line in served_rows[1:]}) == 5
    # once older than the configured age, the figures are computed again
    with app.app_context():
        for row in db.session.scalars(select(FiguresSnapshot)):
            row.computed_at -= timedelta(seconds=301)
        db.session.commit()
    assert "全省服务企业：5" in page_text(admin.get("/dashboard?year=2026"))
    assert _served_in_2026(admin) == ["5", "5"]


def test_a_max_age_of_zero_computes_every_time(world, admin, app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "FIGURES_MAX_AGE_SECONDS", 0)
    assert _served_in_2026(admin) == ["4", "4"]
    _one_more_enterprise_served(app, world, make_user)
    assert _served_in_2026(admin) == ["5", "5"]
    assert "全省服务企业：5" in page_text(admin.get("/dashboard?year=2026"))


def test_each_filter_and_day_has_its_own_snapshot(world, admin, app, make_user):
    with app.app_context():
        u1 = world.u1
    assert _served_in_2026(admin) == ["4", "4"]
    one = _csv(admin.get("/dashboard/province/export?table=universities&format=csv&year=2026"
                         f"&university={u1}"))
    assert one[-1][1:3] == ["2", "2"]
    app.config["FROZEN_TODAY"] = "2027-01-11"
    _one_more_enterprise_served(app, world, make_user)
    assert _served_in_2026(admin) == ["5", "5"]  # a new day: computed again
    with app.app_context():
        keys = set(db.session.scalars(select(FiguresSnapshot.key)))
    assert keys == {"province:2027-01-10:2026:*:*", f"province:2027-01-10:2026:{u1}:*",
                    "province:2027-01-11:2026:*:*"}


def test_a_university_added_after_the_snapshot_shows_zeros(world, admin, app):
    assert _served_in_2026(admin) == ["4", "4"]
    with app.app_context():
        db.session.add(University(name="会谈大学9-新"))
        db.session.commit()
    lines = _csv(admin.get("/dashboard/province/export?table=universities&format=csv&year=2026"))
    assert [line[0] for line in lines[1:]] == ["会谈大学1-0", "会谈大学1-1", "会谈大学9-新", "全省合计"]
    assert lines[3][1:3] == ["0", "0"]


def test_the_snapshot_holds_the_figures_exactly(world, app):
    with app.app_context():
        computed = province_snapshot.compute(Scope(2026), date(2027, 1, 10))
        assert province_snapshot.decode(Scope(2026), province_snapshot.encode(computed)) == computed


def test_young_store_and_prune(app):
    with app.app_context():
        assert not snapshots.young(None, NOW, timedelta(minutes=5))
        snapshots.store("a", {"n": 1}, NOW - timedelta(days=3))
        found = snapshots.store("b", {"n": 2}, NOW - timedelta(minutes=4))
        assert snapshots.young(found, NOW, timedelta(minutes=5))
        assert not snapshots.young(found, NOW, timedelta(minutes=3))
        assert not snapshots.young(found, NOW, timedelta(0))
        assert not snapshots.young(found, NOW - timedelta(minutes=10), timedelta(minutes=5))  # from later
        snapshots.store("b", {"n": 3}, NOW)
        assert snapshots.stored("b").payload == {"n": 3} and snapshots.stored("b").computed_at == NOW
        assert snapshots.stored("a") is None  # older than two days: removed when another is stored
        db.session.rollback()


def test_the_refresh_command_computes_this_year_and_the_last(world, app, runner):
    result = runner.invoke(args=["dashboards", "refresh", "--today", "2027-01-10"])
    assert result.exit_code == 0, result.output
    assert "province figures of 2027 computed" in result.output
    assert "province figures of 2026 computed" in result.output
    with app.app_context():
        payload = snapshots.stored("province:2027-01-10:2026:*:*").payload
        assert payload["total"]["served"] == 4
        assert snapshots.stored("province:2027-01-10:2027:*:*") is not None
    result = runner.invoke(args=["dashboards", "refresh", "--today", "2027-13-40"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


@pytest.mark.real_commits
@pytest.mark.parametrize("backend", BACKENDS)
def test_visitors_computing_one_scope_at_once_leave_one_snapshot(backend, tmp_path):
    count = 8
    with separate_app(backend, tmp_path) as app:
        app.config.update(FROZEN_TODAY="2027-01-10", FIGURES_MAX_AGE_SECONDS=0)
        with app.app_context():
            db.session.add_all([University(name=f"并发大学{n}") for n in range(3)])
            db.session.commit()
        def visit() -> int:
            with app.app_context():
                figures, _found = every_university(Filters(2026))
                db.session.remove()
                return len(figures.rows)

        served, errors = at_once([visit] * count)
        assert errors == [] and served == [3] * count
        with app.app_context():
            assert db.session.scalar(select(func.count(FiguresSnapshot.id))) == 1
