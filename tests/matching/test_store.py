"""Stored matches: a need's rows rewritten, a patent's rows following its offer, ranks always 1..n."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.catalogue.models import Patent
from marketplace.catalogue.services import set_archived
from marketplace.core.money import Money
from marketplace.core.need_state import NeedStatus
from marketplace.core.pricing import Duration, flat_plan
from marketplace.declarations import services as declarations
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.matching import store
from marketplace.matching.models import NeedMatch
from marketplace.matching.reasons import MatchReasons
from marketplace.needs.models import Need
from tests.ledger import licence_factory as factory
from tests.matching.conftest import TODAY, offer


def make_need(title: str, description: str = "", **fields) -> Need:
    """An open need of a new enterprise."""
    user = factory.enterprise_user()
    need = Need(enterprise_id=user.enterprise_id, created_by_id=user.id, title=title,
                description=description or title, **fields)
    db.session.add(need)
    db.session.flush()
    return need


def rows(need_id: int) -> list[tuple[int, int]]:
    """(rank, patent id) of the need's stored matches, by rank."""
    return [tuple(r) for r in db.session.execute(
        select(NeedMatch.rank, NeedMatch.patent_id).where(NeedMatch.need_id == need_id)
        .order_by(NeedMatch.rank))]


def test_refresh_stores_the_ranking_with_reasons_and_marks_the_need(app, catalogue):
    with app.app_context():
        need = make_need("钕铁硼稀土永磁", industry="rare_earth_materials")
        assert store.refresh_need_matches(need, TODAY) == 2
        stored = rows(need.id)
        assert stored == [(1, catalogue["magnet"]), (2, catalogue["magnet2"])]
        first = db.session.scalar(select(NeedMatch).where(NeedMatch.rank == 1, NeedMatch.need_id == need.id))
        reasons = MatchReasons.from_json(first.reasons)
        assert reasons.industry_agrees and reasons.terms
        assert first.university_id == db.session.get(Patent, catalogue["magnet"]).university_id
        assert need.matched_at is not None
        # again: the same rows, no duplicates
        ids_before = {m.id for m in db.session.scalars(select(NeedMatch).where(NeedMatch.need_id == need.id))}
        store.refresh_need_matches(need, TODAY)
        assert rows(need.id) == stored
        assert {m.id for m in db.session.scalars(select(NeedMatch).where(NeedMatch.need_id == need.id))} \
            == ids_before


def test_a_closed_need_keeps_no_matches(app, catalogue):
    with app.app_context():
        need = make_need("羊绒分梳")
        store.refresh_need_matches(need, TODAY)
        assert rows(need.id) == [(1, catalogue["cashmere"])]
        need.status = NeedStatus.CLOSED
        db.session.flush()
        store.refresh_need_matches(need, TODAY)
        assert rows(need.id) == []


def test_a_new_offer_joins_a_need_and_a_withdrawn_one_leaves_it(app):
    with app.app_context():
        need = make_need("稀土永磁材料", description="风力发电机用高矫顽力钕铁硼")
        store.refresh_need_matches(need, TODAY)
        assert rows(need.id) == []
        first = factory.offer(flat_plan(Money("50000.00"), Duration.years(3)))  # publishing refreshes
        assert rows(need.id) == [(1, first.patent_id)]
        second = factory.offer(flat_plan(Money("20000.00"), Duration.years(3)))
        both = rows(need.id)
        assert [rank for rank, _ in both] == [1, 2]
        assert {p for _, p in both} == {first.patent_id, second.patent_id}
        declarations.withdraw(db.session.get(Declaration, first.declaration_id), "转让他人", TODAY,
                              factory.NOW)
        assert rows(need.id) == [(1, second.patent_id)]
        set_archived(db.session.get(Patent, second.patent_id), True, TODAY)
        assert rows(need.id) == []
        set_archived(db.session.get(Patent, second.patent_id), False, TODAY)
        assert rows(need.id) == [(1, second.patent_id)]


def test_refresh_for_patent_rescores_and_reranks(app, catalogue):
    with app.app_context():
        need = make_need("稀土永磁钕铁硼", plan_kinds="try_first")
        store.refresh_need_matches(need, TODAY)
        assert [p for _, p in rows(need.id)] == [catalogue["magnet"], catalogue["magnet2"]]
        offer(catalogue["magnet2"], kind="try_first", trial=True)
        offer(catalogue["magnet"], kind="royalty", price_fen=0)
        store.refresh_for_patents([catalogue["magnet"], catalogue["magnet2"]], TODAY)
        after = rows(need.id)
        assert [rank for rank, _ in after] == [1, 2]
        fresh = Need(enterprise_id=need.enterprise_id, created_by_id=need.created_by_id, title=need.title,
                     description=need.description, plan_kinds=need.plan_kinds)
        db.session.add(fresh)
        db.session.flush()
        store.refresh_need_matches(fresh, TODAY)
        assert [p for _, p in after] == [p for _, p in rows(fresh.id)]  # same as a full ranking
        stored = {m.patent_id: MatchReasons.from_json(m.reasons)
                  for m in db.session.scalars(select(NeedMatch).where(NeedMatch.need_id == need.id))}
        assert stored[catalogue["magnet2"]].plan_fit == "fits"
        assert stored[catalogue["magnet"]].plan_fit == "other_kind"


def test_a_full_need_takes_the_next_patent_when_one_leaves(app, catalogue, monkeypatch):
    monkeypatch.setattr(store, "LIMIT", 1)
    with app.app_context():
        need = make_need("稀土永磁钕铁硼")
        store.refresh_need_matches(need, TODAY)
        assert rows(need.id) == [(1, catalogue["magnet"])]
        offer(catalogue["magnet"], kind="")
        store.refresh_for_patent(catalogue["magnet"], TODAY)
        assert rows(need.id) == [(1, catalogue["magnet2"])]


def test_refresh_all_covers_every_need(app, catalogue):
    with app.app_context():
        needs = [make_need("羊绒分梳"), make_need("酸奶发酵"), make_need("！！！")]
        seen = []
        assert store.refresh_all(TODAY, progress=seen.append) >= 3
        assert [rows(n.id) for n in needs] == [[(1, catalogue["cashmere"])], [(1, catalogue["dairy"])], []]
        assert all(n.matched_at is not None for n in needs)
        assert len(seen) >= 3


def test_the_refresh_command_is_idempotent(app, runner, catalogue):
    with app.app_context():
        need = make_need("羊绒分梳")
        db.session.commit()
        need_id = need.id
    result = runner.invoke(args=["matching", "refresh", "--today", "2026-11-26"])
    assert result.exit_code == 0, result.output
    assert "2026-11-26" in result.output
    with app.app_context():
        first = db.session.execute(select(NeedMatch.id, NeedMatch.rank, NeedMatch.patent_id, NeedMatch.score)
                                   .where(NeedMatch.need_id == need_id)).all()
    assert [(r.rank, r.patent_id) for r in first] == [(1, catalogue["cashmere"])]
    assert runner.invoke(args=["matching", "refresh", "--today", "2026-11-26"]).exit_code == 0
    with app.app_context():
        again = db.session.execute(select(NeedMatch.id, NeedMatch.rank, NeedMatch.patent_id, NeedMatch.score)
                                   .where(NeedMatch.need_id == need_id)).all()
    assert again == first
    assert runner.invoke(args=["matching", "refresh", "--today", "x"]).exit_code != 0
