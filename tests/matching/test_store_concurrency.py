"""Stored matches under real concurrency, on SQLite and on PostgreSQL: many refreshes of one need at once
(whole-need and one-patent refreshes mixed) leave one row per patent and ranks 1..n (the need's row is
taken for change first)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.extensions import db
from marketplace.matching import store
from marketplace.matching.models import NeedMatch
from marketplace.needs.models import Need
from tests.ledger import licence_factory as factory
from tests.ledger.separate_database import BACKENDS, run_together, separate_app

pytestmark = pytest.mark.real_commits

WRITERS = 10


def _world() -> tuple[int, list[int]]:
    """(need id, offered patent ids): a need that three offered patents fit."""
    patents = [factory.offer(flat_plan(Money(fee), Duration.years(3))).patent_id
               for fee in ("50000.00", "20000.00", "80000.00")]
    user = factory.enterprise_user()
    need = Need(enterprise_id=user.enterprise_id, created_by_id=user.id, title="稀土永磁材料",
                description="风力发电机用高矫顽力钕铁硼", budget_min_fen=1_000_000, budget_max_fen=6_000_000)
    db.session.add(need)
    db.session.commit()
    return need.id, patents


@pytest.mark.parametrize("backend", BACKENDS)
def test_refreshes_of_one_need_at_once_leave_one_row_per_patent(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            need_id, patents = _world()
        calls = iter(range(WRITERS))

        def refresh():
            turn = next(calls)
            if turn % 2:
                store.refresh_for_patent(patents[turn % len(patents)], factory.TODAY)
            else:
                store.refresh_need_matches(db.session.get(Need, need_id), factory.TODAY)
            return turn

        results, errors = run_together(app, WRITERS, refresh)
        assert errors == []
        assert sorted(results) == list(range(WRITERS))
        with app.app_context():
            rows = db.session.execute(select(NeedMatch.rank, NeedMatch.patent_id)
                                      .where(NeedMatch.need_id == need_id).order_by(NeedMatch.rank)).all()
            assert [rank for rank, _ in rows] == [1, 2, 3]
            assert sorted(p for _, p in rows) == sorted(patents)
            # the budget (10,000-60,000 yuan) puts the 80,000-yuan offer last
            assert rows[-1].patent_id == patents[2]
