"""Stored match results (`need_match`): what the pages read, kept in step with needs and offers.

- `refresh_need_matches(need, today)`: the need's rows rewritten from the engine's top LIMIT (a need
  that is no longer live keeps no rows), `need.matched_at` set;
- `refresh_for_patents(ids, today)` / `refresh_for_patent(id, today)`: after an offer or a patent
  changed, each live need's row for those patents inserted, updated or deleted and its ranks redone,
  scoring only the changed patents (the engine's pair-scoring path);
- `refresh_all(today)`: every need, for the `flask matching refresh` command.

Each need's rows are rewritten with the need's row taken for change first, so two refreshes of one need
run one after the other and never leave duplicate ranks. Services flush, never commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from sqlalchemy import delete, select

from marketplace.core.need_query import NeedQuery
from marketplace.core.need_state import LIVE, is_live
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.matching.engine import may_match, rank_patents, score_patents
from marketplace.matching.models import NeedMatch
from marketplace.matching.reasons import RankedPatent
from marketplace.needs.for_change import need_for_change
from marketplace.needs.models import Need

LIMIT = 50


def _write(need_id: int, ranked: list[RankedPatent]) -> None:
    """Make the need's rows exactly `ranked` (best first), keeping the rows of patents still in it."""
    existing = {m.patent_id: m
                for m in db.session.scalars(select(NeedMatch).where(NeedMatch.need_id == need_id))}
    keep = {r.patent_id for r in ranked}
    gone = [m.id for pid, m in existing.items() if pid not in keep]
    if gone:
        db.session.execute(delete(NeedMatch).where(NeedMatch.id.in_(gone)).execution_options(
            synchronize_session="fetch"))
    computed_at = utcnow()
    for rank, result in enumerate(ranked, start=1):
        match = existing.get(result.patent_id)
        if match is None:
            match = NeedMatch(need_id=need_id, patent_id=result.patent_id)
            db.session.add(match)
        match.university_id = result.university_id
        match.rank = rank
        match.score = result.score
        match.reasons = result.reasons.to_json()
        match.computed_at = computed_at
    db.session.flush()


def refresh_need_matches(need: Need, today: date) -> int:
    """Recompute and store the need's matches (none when it is no longer live); returns how many."""
    locked = need_for_change(need.id)
    if locked is None:
        return 0
    ranked = rank_patents(NeedQuery.of(locked), today, LIMIT) if is_live(locked.status) else []
    _write(locked.id, ranked)
    locked.matched_at = utcnow()
    db.session.flush()
    return len(ranked)


def _stored(need_id: int) -> list[RankedPatent]:
    from marketplace.matching.reasons import MatchReasons

    rows = db.session.execute(
        select(NeedMatch.patent_id, NeedMatch.university_id, NeedMatch.score, NeedMatch.reasons)
        .where(NeedMatch.need_id == need_id)).all()
    return [RankedPatent(p, u, s, MatchReasons.from_json(r)) for p, u, s, r in rows]


def refresh_for_patents(patent_ids: Iterable[int], today: date) -> None:
    """After these patents' offers or texts changed: every live need's rows for them brought up to
    date (added, rescored or removed) and its ranks redone."""
    ids = sorted(set(patent_ids))
    if not ids:
        return
    affected = set(db.session.scalars(select(NeedMatch.need_id).where(NeedMatch.patent_id.in_(ids))))
    needs = list(db.session.scalars(select(Need).where(Need.status.in_(LIVE)).order_by(Need.id)))
    for need in needs:
        query = NeedQuery.of(need)
        candidates = may_match(query, ids, today)
        if not candidates and need.id not in affected:
            continue
        locked = need_for_change(need.id)
        if locked is None or not is_live(locked.status):
            continue
        query = NeedQuery.of(locked)
        stored = _stored(locked.id)
        was_full = len(stored) >= LIMIT
        scored = score_patents(query, candidates, today) if candidates else {}
        kept = [r for r in stored if r.patent_id not in ids] + list(scored.values())
        if was_full and len(kept) < LIMIT:
            _write(locked.id, rank_patents(query, today, LIMIT))  # a place freed: the next one comes in
        else:
            kept.sort(key=lambda r: (-r.score, r.patent_id))
            _write(locked.id, kept[:LIMIT])
    db.session.flush()


def refresh_for_patent(patent_id: int, today: date) -> None:
    """After one patent's offer or text changed (see `refresh_for_patents`)."""
    refresh_for_patents([patent_id], today)


def refresh_all(today: date, progress: Callable[[int], None] | None = None) -> int:
    """Recompute every need's matches (live ones; others lose theirs). Returns how many needs."""
    ids = list(db.session.scalars(select(Need.id).order_by(Need.id)))
    for need_id in ids:
        need = db.session.get(Need, need_id)
        if need is not None:
            refresh_need_matches(need, today)
        if progress is not None:
            progress(1)
    return len(ids)
