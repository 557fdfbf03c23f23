"""Web benchmark: the pages as gunicorn serves them, against the framework's ceiling, at 10,000, 100,000 and
1,000,000 patents.

    python -m bench.web [--sizes 10000,100000,1000000] [--seconds 20] [--users 12] [--database-url URL]

For each size: fills a fresh database (`bench.dashboards_world`: sixty universities, the patents, a licence
for one patent in ten with its ledger history, enterprises, meetings, answers and views), indexes it for
search and settles it (VACUUM ANALYZE on PostgreSQL, ANALYZE on SQLite). Then:

1. times `search()` in-process over `bench.catalogue`'s query set (p50, p95), as `bench.catalogue` does;
2. starts gunicorn (2 workers, as the production section's layout) on loopback with `bench.web_app`, which
   adds a bare route per page rendering that page's bytes from a raw template — what Flask and gunicorn
   cost for a page of that size, the ceiling on this machine;
3. drives each page for `--seconds` with Locust headless (`bench/web_locustfile.py`, `--users` users asking
   back to back), then its bare route: the home page, the search page over the query set, and patent
   pages; each page's requests per second are reported beside its bare route's, as a ratio;
4. reads the workers' resident memory after the load.

Writes bench/results/web.json and prints a table. PostgreSQL (`--database-url`) is the production
database; without it each size is a SQLite file in a temporary directory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from random import Random
from typing import Any
from urllib.parse import quote
from urllib.request import urlopen

from bench.bars import finish, missed_above, missed_below
from bench.catalogue import COMMON_QUERIES, QUERIES, normalise_url, percentile, run_queries, settle_database
from bench.cluster import Instance, free_port, rss_kib, stop_instances, wait_for

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = Path(__file__).resolve().parent / "results" / "web.json"
SIZES = (10_000, 100_000, 1_000_000)
WORKERS = 2
PATENT_PAGES = 300
TARGETS = {"search_ratio": 0.25, "patent_ratio": 0.40, "p50_growth": 2.0, "worker_mb": 200.0}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.web", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(size) for size in SIZES),
                        help="catalogue sizes, comma-separated (default 10000,100000,1000000)")
    parser.add_argument("--seconds", type=int, default=15, help="load per page (default 15)")
    parser.add_argument("--users", type=int, default=12, help="Locust users (default 12)")
    parser.add_argument("--repeat", type=int, default=5, help="timed in-process runs per query (default 5)")
    parser.add_argument("--database-url", default="",
                        help="a PostgreSQL database to fill (its public schema is dropped and recreated); "
                             "default: a SQLite file per size")
    args = parser.parse_args(argv)
    args.sizes = [int(size) for size in args.sizes.split(",") if size]
    if not args.sizes or min(args.sizes) < 1_000 or max(args.sizes) > 1_000_000 or args.seconds < 3:
        parser.error("--sizes between 1000 and 1000000, --seconds at least 3")
    return args


# --- the data ----------------------------------------------------------------------------------------


def build(url: str, patents: int) -> tuple[Any, dict[str, Any]]:
    """A filled, indexed and settled database of `patents` patents; the app on it and what it holds."""
    from bench import dashboards_world
    from marketplace.catalogue.search import reindex_all
    from marketplace.extensions import db

    shape = argparse.Namespace(patents=patents, licences=max(1_000, patents // 10),
                               enterprises=max(500, patents // 200))
    app, held = dashboards_world.build(url, shape)
    started = time.perf_counter()
    with app.app_context():
        held["indexed"] = reindex_all()
        db.session.commit()
        settle_database()
        db.session.remove()
    held["index_s"] = round(time.perf_counter() - started, 1)
    return app, held


def paths(app, seed: int) -> dict[str, list[str]]:
    """The paths each page's load asks for."""
    from sqlalchemy import select

    from marketplace.catalogue.models import Patent
    from marketplace.extensions import db

    with app.app_context():
        ids = list(db.session.scalars(select(Patent.id).where(Patent.archived.is_(False))))
        db.session.remove()
    chosen = Random(seed).sample(ids, min(PATENT_PAGES, len(ids)))  # noqa: S311 - synthetic load
    searches = []
    for query in QUERIES:
        args = {"q": query.q, **{key: str(value) for key, value in query.filters.items()}}
        pairs = (f"{key}={quote(value)}" for key, value in args.items() if value)
        searches.append("/patents?" + "&".join(pairs))
    return {"home": ["/"], "search": searches, "patent": [f"/patents/{patent_id}" for patent_id in chosen]}


def static_pages(app, page_paths: dict[str, list[str]], directory: Path) -> dict[str, int]:
    """Write the bytes of each page's first path as `<page>.html` for the bare routes; their sizes."""
    directory.mkdir(exist_ok=True)
    sizes = {}
    with app.test_client() as client:
        for name, listed in page_paths.items():
            body = client.get(listed[0]).get_data(as_text=True)
            (directory / f"{name}.html").write_text(body, encoding="utf-8")
            sizes[name] = len(body.encode())
    return sizes


# --- serving and loading -----------------------------------------------------------------------------


def serve(url: str, static: Path, log: Path) -> Instance:
    """gunicorn with `bench.web_app` on a free loopback port."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "BENCH_STATIC_DIR": str(static)}
    out = log.open("ab")
    process = subprocess.Popen([str(BIN / "gunicorn"), "--workers", str(WORKERS),  # noqa: S603
                                "--bind", f"127.0.0.1:{port}", "bench.web_app:app"],
                               cwd=ROOT, env=env, stdout=out, stderr=out)
    wait_for(port, 120)
    return Instance(port, process)


def load(instance: Instance, page_paths: list[str], seconds: int, users: int,
         scratch: Path) -> dict[str, Any]:
    """Locust on `page_paths` for `seconds` (after 3 seconds of the same load not counted)."""
    listed, record = scratch / "paths.txt", scratch / "record.json"
    listed.write_text("\n".join(page_paths) + "\n", encoding="utf-8")
    env = {**os.environ, "BENCH_WEB_PATHS": str(listed), "BENCH_WEB_RECORD": str(record)}
    warm = 3
    with (scratch / "locust.log").open("ab") as out:
        subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "bench" / "web_locustfile.py"),  # noqa: S603
                        "--headless", "--only-summary", "-u", str(users), "-r", str(users),
                        "-t", f"{seconds + warm}s", "--host", instance.url, "--exit-code-on-error", "0",
                        "--loglevel", "WARNING"], cwd=ROOT, env=env, stdout=out, stderr=out, check=True)
    rows = json.loads(record.read_text())
    start = min(row[0] for row in rows) + warm
    counted = [row for row in rows if row[0] >= start]
    times = [row[1] for row in counted]
    errors = sum(1 for row in counted if row[2] != 200)
    span = max(row[0] for row in counted) - start if counted else 0
    return {"requests": len(counted), "rps": round(len(counted) / max(span, 1e-9), 1),
            "p50_ms": round(statistics.median(times), 1), "p95_ms": round(percentile(times, 95), 1),
            "errors": errors, "bytes": round(statistics.mean(row[3] for row in counted))}


def workers_mb(instance: Instance) -> list[float]:
    """Resident memory of each worker (MB)."""
    return [round((rss_kib(pid) or 0) / 1024, 1) for pid in instance.workers()]


# --- one size ----------------------------------------------------------------------------------------


def run_size(patents: int, args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    from marketplace.extensions import db

    url = normalise_url(args.database_url) or f"sqlite:///{scratch / f'web-{patents}.db'}"
    print(f"building {patents:,} patents ...", flush=True)
    started = time.perf_counter()
    app, held = build(url, patents)
    held.pop("logins", None)
    held["build_s"] = round(time.perf_counter() - started, 1)
    print(f"  built in {held['build_s']} s", flush=True)
    per_query = run_queries(app, args.repeat, QUERIES)
    common = run_queries(app, args.repeat, COMMON_QUERIES)
    every = [t for entry in per_query for t in entry.pop("timings_ms")]
    common_every = [t for entry in common for t in entry.pop("timings_ms")]
    search = {"p50_ms": round(statistics.median(every), 2), "p95_ms": round(percentile(every, 95), 2),
              "common_p50_ms": round(statistics.median(common_every), 2),
              "common_p95_ms": round(percentile(common_every, 95), 2),
              "totals": {entry["q"] or str(entry["filters"]): entry["total"] for entry in per_query}}
    print(f"  search in-process: p50 {search['p50_ms']} ms, p95 {search['p95_ms']} ms", flush=True)
    static = scratch / "static"
    page_paths = paths(app, patents)
    static_bytes = static_pages(app, page_paths, static)
    with app.app_context():
        db.engine.dispose()
    instance = serve(url, static, scratch / "gunicorn.log")
    try:
        for name, listed in page_paths.items():
            for path in (listed[0], f"/_bench/static/{name}"):
                for _ in range(4):  # each worker loads what its first requests load
                    with urlopen(instance.url + path, timeout=120) as response:  # noqa: S310 - loopback
                        response.read()
        pages = {}
        for name, listed in page_paths.items():
            page = load(instance, listed, args.seconds, args.users, scratch)
            bare = load(instance, [f"/_bench/static/{name}"], args.seconds, args.users, scratch)
            page["bare_rps"] = bare["rps"]
            page["ratio_to_bare"] = round(page["rps"] / bare["rps"], 3) if bare["rps"] else None
            pages[name] = page
            print(f"  {name:<7} {page['rps']:>8} req/s  bare {bare['rps']:>8} req/s  "
                  f"ratio {page['ratio_to_bare']}  p50 {page['p50_ms']} ms  "
                  f"errors {page['errors'] + bare['errors']}", flush=True)
        memory = workers_mb(instance)
    finally:
        stop_instances([instance])
    return {"patents": patents, "held": held, "search_in_process": search, "pages": pages,
            "page_bytes": static_bytes, "worker_rss_mb": memory}


def summarise(sizes: list[dict[str, Any]], args: argparse.Namespace, database: str) -> dict[str, Any]:
    by_size = {entry["patents"]: entry for entry in sizes}
    figures: dict[str, Any] = {}
    middle = by_size.get(100_000) or sizes[len(sizes) // 2]
    figures["search_ratio"] = middle["pages"]["search"]["ratio_to_bare"]
    figures["patent_ratio"] = middle["pages"]["patent"]["ratio_to_bare"]
    figures["worker_mb"] = max(middle["worker_rss_mb"] or [0])
    smallest, largest = sizes[0], sizes[-1]
    growth = largest["search_in_process"]["p50_ms"] / smallest["search_in_process"]["p50_ms"]
    figures["p50_growth"] = round(growth, 2)
    missed = [line for name, value in figures.items()
              for line in (missed_above if name.endswith("ratio") else missed_below)(
                  name, value, TARGETS[name])]
    return {"database": database, "workers": WORKERS, "users": args.users, "seconds": args.seconds,
            "figures": figures, "targets": TARGETS, "missed": missed, "sizes": sizes,
            "python": platform.python_version(), "cpus": os.cpu_count(),
            "timestamp": datetime.now(UTC).isoformat(timespec="seconds")}


def print_report(summary: dict[str, Any]) -> None:
    print(f"\nweb benchmark on {summary['database']}: gunicorn {summary['workers']} workers, "
          f"{summary['users']} Locust users, {summary['seconds']} s per page\n")
    print(f"{'patents':>10}{'page':>8}{'req/s':>9}{'bare':>9}{'ratio':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for entry in summary["sizes"]:
        for name, page in entry["pages"].items():
            print(f"{entry['patents']:>10,}{name:>8}{page['rps']:>9}{page['bare_rps']:>9}"
                  f"{page['ratio_to_bare']:>8}{page['p50_ms']:>9}{page['p95_ms']:>9}")
        search = entry["search_in_process"]
        print(f"{'':>10}  search() in-process p50 {search['p50_ms']} ms, p95 {search['p95_ms']} ms; "
              f"workers {entry['worker_rss_mb']} MB")
    print()
    for name, value in summary["figures"].items():
        print(f"{name}: {value} (bar {summary['targets'][name]})")


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    sizes = []
    with tempfile.TemporaryDirectory(prefix="bench-web-") as scratch:
        for patents in args.sizes:
            sizes.append(run_size(patents, args, Path(scratch)))
            if not args.database_url:
                for leftover in Path(scratch).glob("web-*.db*"):
                    leftover.unlink()
    database = "postgresql" if args.database_url else "sqlite"
    summary = summarise(sizes, args, database)
    print_report(summary)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS}")
    finish(summary["missed"])


if __name__ == "__main__":
    main()
