"""Needs under real concurrency, on SQLite and on PostgreSQL: users of the owning enterprise solving and
closing the same need at once move it once (the need's row is taken for change first, and the second
meets the first one's final status); an edit racing a close either lands before it or is refused."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from marketplace.accounts.models import User
from marketplace.core.need_state import NeedStatus, NeedVisibility
from marketplace.extensions import db
from marketplace.needs import services
from marketplace.needs.for_change import need_for_change
from marketplace.needs.models import Need
from marketplace.service_errors import ServiceError
from tests.ledger import licence_factory as factory
from tests.ledger.separate_database import BACKENDS, run_together, separate_app

pytestmark = pytest.mark.real_commits

WRITERS = 12
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


def _refused(work):
    """Run `work`; a ServiceError is an answer ("refused"), not a failure."""
    try:
        work()
        return "done"
    except ServiceError:
        return "refused"


def _world() -> tuple[int, int]:
    """(need id, enterprise user id): an open need of the user's enterprise."""
    user = factory.enterprise_user()
    need = Need(enterprise_id=user.enterprise_id, created_by_id=user.id, title="钕铁硼少用镝铽",
                description="想找晶界扩散工艺", status=NeedStatus.OPEN)
    db.session.add(need)
    db.session.commit()
    return need.id, user.id


@pytest.mark.parametrize("backend", BACKENDS)
def test_solving_and_closing_a_need_at_once_moves_it_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            need_id, user_id = _world()
        targets = [NeedStatus.SOLVED, NeedStatus.CLOSED] * (WRITERS // 2)
        lock = threading.Lock()

        def move():
            with lock:
                target = targets.pop()
            user = db.session.get(User, user_id)
            return target, _refused(lambda: services.move_need(need_for_change(need_id), target,
                                                               user, NOW))

        results, errors = run_together(app, WRITERS, move)
        assert errors == []
        done = [target for target, outcome in results if outcome == "done"]
        assert len(done) == 1
        assert [outcome for _, outcome in results].count("refused") == WRITERS - 1
        with app.app_context():
            need = db.session.get(Need, need_id)
            assert need.status == done[0]


@pytest.mark.parametrize("backend", BACKENDS)
def test_edits_racing_a_close_land_before_it_or_are_refused(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            need_id, user_id = _world()
        jobs = ["close"] + ["edit"] * (WRITERS - 1)
        lock = threading.Lock()
        details = services.NeedDetails(
            title="改过的标题", description="想找晶界扩散工艺，少用重稀土", industry=None, keywords=(),
            budget_min_fen=None, budget_max_fen=None, plan_kinds=(), timeline=None, region="包头市",
            visibility=NeedVisibility.PUBLIC)

        def work():
            with lock:
                job = jobs.pop()
            user = db.session.get(User, user_id)
            need = need_for_change(need_id)
            if job == "close":
                return job, _refused(lambda: services.move_need(need, NeedStatus.CLOSED, user, NOW))
            return job, _refused(lambda: services.update_need(need, details, user, NOW))

        results, errors = run_together(app, WRITERS, work)
        assert errors == []
        assert ("close", "done") in results
        with app.app_context():
            need = db.session.get(Need, need_id)
            assert need.status == NeedStatus.CLOSED
            edited = [outcome for job, outcome in results if job == "edit"]
            # Every edit either came first (done) or met the closed need (refused); the title shows an edit
            # landed exactly when one did.
            assert (need.title == "改过的标题") is ("done" in edited)
