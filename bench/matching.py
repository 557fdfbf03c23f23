"""Matching benchmark: quality on the labelled evaluation set, and speed against 100,000 patents.

    python -m bench.matching [--database-url URL] [--speed-patents 100000] [--speed-needs 20] [--no-speed]

Quality: loads bench/matching_eval (the catalogue and the labelled needs, see JUDGING.md there) into a
fresh database (a SQLite file in a temporary directory unless --database-url or DATABASE_URL is given; a
PostgreSQL database has its `public` schema dropped and recreated), ranks patents for every need with the
engine (`marketplace.matching.engine.rank_patents`, limit 20) and with the baseline (the catalogue search
given the need's title), and reports the mean precision@5 and recall@20 of both:

- precision@5 = judged-relevant patents among the first 5 / 5;
- recall@20 = judged-relevant patents among the first 20 / min(20, number judged relevant).

Speed: one need against `--speed-patents` patents generated from the same material (bulk inserts, then
the full-text index), cached as a SQLite file under bench/.cache/ keyed by the data version and the
migrations; each of `--speed-needs` needs (taken evenly through the set) is ranked once to warm up, then
`--repeat` times; the figure is the median over the needs of each need's median (`ms_per_need_100k`).

Prints the figures and writes bench/results/matching.json.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask

from bench.bars import finish, missed_below
from bench.catalogue import make_app, normalise_url, prepare_schema
from bench.matching_eval.generate import REFERENCE_DAY, patents_for
from bench.matching_eval.load import (
    EvalNeed,
    insert_catalogue,
    load_catalogue,
    read_catalogue,
    read_needs,
)

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "matching.json"
CACHE = ROOT / ".cache"
DATA_VERSION = 1  # bump when the speed catalogue's generation changes
SPEED_SEED = 100_011
CHUNK = 5_000
TARGET_MS = 200.0

Ranker = Callable[[EvalNeed], list[int]]


# --- the two rankers ---------------------------------------------------------------------------------


def engine_ranker(limit: int = 20) -> Ranker | None:
    """The engine's ranking (patent ids, best first), or None while the engine is not there."""
    try:
        from marketplace.matching.engine import rank_patents
    except ImportError:
        return None
    return lambda need: [r.patent_id for r in rank_patents(need.query, REFERENCE_DAY, limit=limit)]


def baseline_ranker(need: EvalNeed) -> list[int]:
    """The catalogue search given the need's title: the first page (20 patents)."""
    from marketplace.catalogue.search import SearchQuery, search

    return [patent.id for patent in search(SearchQuery(q=need.query.title)).page.items]


# --- quality -----------------------------------------------------------------------------------------


def precision_at(found: Sequence[str], relevant: frozenset[str], k: int) -> float:
    """Judged-relevant among the first k, over k."""
    return sum(1 for pid in found[:k] if pid in relevant) / k


def recall_at(found: Sequence[str], relevant: frozenset[str], k: int) -> float:
    """Judged-relevant among the first k, over min(k, number judged relevant)."""
    return sum(1 for pid in found[:k] if pid in relevant) / min(k, len(relevant))


def score(needs: Sequence[EvalNeed], ranker: Ranker, pids: dict[int, str]) -> dict[str, Any]:
    """Mean precision@5 and recall@20 of a ranker over the needs, and the per-need figures."""
    per_need = []
    for need in needs:
        found = [pids[patent_id] for patent_id in ranker(need)]
        per_need.append({"nid": need.nid, "p5": precision_at(found, need.relevant, 5),
                         "r20": recall_at(found, need.relevant, 20), "top5": found[:5]})
    return {"precision_at_5": round(statistics.fmean(n["p5"] for n in per_need), 4),
            "recall_at_20": round(statistics.fmean(n["r20"] for n in per_need), 4), "per_need": per_need}


def evaluate(needs: Sequence[EvalNeed], records: list[dict[str, Any]]) -> dict[str, Any]:
    """Load the catalogue into the app's (empty, migrated) database and score the engine and the
    baseline. Needs an application context."""
    from marketplace.extensions import db

    started = time.perf_counter()
    ids = load_catalogue(records, REFERENCE_DAY)
    db.session.commit()
    load_s = time.perf_counter() - started
    pids = {patent_id: pid for pid, patent_id in ids.items()}
    baseline = score(needs, baseline_ranker, pids)
    ranker = engine_ranker()
    engine = score(needs, ranker, pids) if ranker else None
    return {"needs": len(needs), "patents": len(records), "load_s": round(load_s, 2),
            "engine": engine, "baseline": baseline}


# --- speed -------------------------------------------------------------------------------------------


def migrations_digest() -> str:
    versions = ROOT.parent / "migrations" / "versions"
    names = sorted(p.name for p in versions.glob("*.py"))
    return hashlib.sha1("\n".join(names).encode()).hexdigest()[:10]  # noqa: S324 (a cache key)


def build_speed_catalogue(count: int) -> None:
    """Bulk-insert `count` patents (and the declarations of the offered ones), index them, commit."""
    from marketplace.catalogue.search import reindex_all
    from marketplace.extensions import db

    insert_catalogue(list(patents_for(count, SPEED_SEED)), REFERENCE_DAY)
    db.session.commit()
    reindex_all()
    db.session.commit()


def spread(needs: Sequence[EvalNeed], count: int) -> list[EvalNeed]:
    """`count` needs taken evenly through the set (so every style of writing is timed)."""
    step = max(1, len(needs) // count)
    return list(needs[::step][:count])


def cache_path(count: int) -> Path:
    """Where the speed database of `count` patents is kept between runs."""
    return CACHE / f"matching-{count}-v{DATA_VERSION}-{migrations_digest()}.sqlite"


def time_needs(needs: Sequence[EvalNeed], repeat: int) -> list[dict[str, Any]]:
    """Each need ranked once to warm up, then `repeat` timed runs (ms)."""
    from marketplace.matching.engine import rank_patents

    timed = []
    for need in needs:
        rank_patents(need.query, REFERENCE_DAY, limit=20)
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            rank_patents(need.query, REFERENCE_DAY, limit=20)
            runs.append((time.perf_counter() - started) * 1000)
        timed.append({"nid": need.nid, "median_ms": round(statistics.median(runs), 2),
                      "max_ms": round(max(runs), 2)})
    return timed


def speed(needs: Sequence[EvalNeed], count: int, repeat: int, database_url: str) -> dict[str, Any]:
    """Median ms per need against `count` patents: on `database_url` (rebuilt), else on the cached SQLite
    file (built first when missing)."""
    from marketplace.extensions import db

    cached = cache_path(count)
    building = cached.with_suffix(".building")
    build = bool(database_url) or not cached.exists()
    url = database_url or f"sqlite:///{building if build else cached}"
    build_s = None
    if build and not database_url:
        CACHE.mkdir(exist_ok=True)
        building.unlink(missing_ok=True)
    app = make_app(url)
    with app.app_context():
        if build:
            started = time.perf_counter()
            prepare_schema()
            build_speed_catalogue(count)
            build_s = round(time.perf_counter() - started, 1)
        gc.collect()
        gc.freeze()
        per_need = time_needs(needs, repeat)
        gc.unfreeze()
        db.session.remove()
        db.engine.dispose()  # the last connection closed: SQLite folds its write-ahead log into the file
    if build and not database_url:
        building.replace(cached)
    return {"speed_patents": count, "build_s": build_s,
            "ms_per_need": round(statistics.median(n["median_ms"] for n in per_need), 2),
            "per_need": per_need}


# --- report ------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.matching", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""),
                        help="SQLAlchemy URL (default: DATABASE_URL, else a temporary SQLite file)")
    parser.add_argument("--speed-patents", type=int, default=100_000)
    parser.add_argument("--speed-needs", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-speed", action="store_true", help="only the quality figures")
    args = parser.parse_args(argv)
    if not 1 <= args.speed_patents <= 1_000_000 or args.speed_needs < 1 or args.repeat < 1:
        parser.error("--speed-patents must be 1..1000000, --speed-needs and --repeat at least 1")
    return args


def print_report(report: dict[str, Any]) -> None:
    print(f"\n{report['needs']} needs over {report['patents']:,} patents ({report['database']})")
    print(f"{'':<12}{'precision@5':>14}{'recall@20':>12}")
    if report["precision_at_5"] is not None:
        print(f"{'engine':<12}{report['precision_at_5']:>14.3f}{report['recall_at_20']:>12.3f}")
    else:
        print(f"{'engine':<12}{'(not available)':>26}")
    print(f"{'baseline':<12}{report['baseline_precision_at_5']:>14.3f}{report['baseline_recall_at_20']:>12.3f}")
    if report.get("ms_per_need_100k") is not None:
        verdict = "meets" if report["ms_per_need_100k"] < TARGET_MS else "MISSES"
        print(f"\none need against {report['speed_patents']:,} patents: "
              f"median {report['ms_per_need_100k']:.1f} ms "
              f"({verdict} the {TARGET_MS:.0f} ms target)")


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    database_url = normalise_url(args.database_url)
    needs, records = read_needs(), read_catalogue()
    with tempfile.TemporaryDirectory(prefix="bench-matching-") as scratch:
        app: Flask = make_app(database_url or f"sqlite:///{Path(scratch) / 'eval.sqlite'}")
        with app.app_context():
            from marketplace.extensions import db

            prepare_schema()
            quality = evaluate(needs, records)
            database = db.engine.dialect.name
            db.session.remove()
            db.engine.dispose()
    engine = quality["engine"]
    report: dict[str, Any] = {
        "needs": quality["needs"], "patents": quality["patents"], "database": database,
        "precision_at_5": engine["precision_at_5"] if engine else None,
        "recall_at_20": engine["recall_at_20"] if engine else None,
        "baseline_precision_at_5": quality["baseline"]["precision_at_5"],
        "baseline_recall_at_20": quality["baseline"]["recall_at_20"],
        "ms_per_need_100k": None, "load_s": quality["load_s"],
    }
    if engine and not args.no_speed:
        timing = speed(spread(needs, args.speed_needs), args.speed_patents, args.repeat, database_url)
        report.update(ms_per_need_100k=timing["ms_per_need"], speed_patents=timing["speed_patents"],
                      speed_build_s=timing["build_s"], speed_per_need=timing["per_need"])
    report.update(python=platform.python_version(), timestamp=datetime.now(UTC).isoformat(timespec="seconds"),
                  per_need={"engine": engine["per_need"] if engine else None,
                            "baseline": quality["baseline"]["per_need"]})
    print_report(report)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {RESULTS}")
    finish(missed_bars(report))


def missed_bars(report: dict[str, Any]) -> list[str]:
    """The bars the run missed: the engine evaluated at all, and one need against the speed catalogue
    under TARGET_MS (when speed was measured)."""
    missed = [] if report["precision_at_5"] is not None else ["the engine was not available"]
    if report.get("ms_per_need_100k") is not None:
        missed += missed_below("ms per need", report["ms_per_need_100k"], TARGET_MS)
    return missed


if __name__ == "__main__":
    main()
