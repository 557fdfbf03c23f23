"""Dashboard benchmark: every role's /dashboard, the province charts and rows at 100,000 patents and
50,000 licences.

    python -m bench.dashboards [--patents 100000] [--licences 50000] [--repeat 30] [--database-url URL]

Builds a fresh database (`bench.dashboards_world`: a SQLite file in a temporary directory unless
--database-url is given; a PostgreSQL database has its `public` schema dropped and recreated), then times
GET requests through the Flask test client, logged in as each role, and counts the SQL statements each
page takes. The province's figures are read from their snapshot, as in production (where `flask
dashboards refresh` computes them every few minutes); computing them — what the refresh, or the first
visitor after the snapshot grew too old, waits for — is timed on its own. Prints a table and writes
bench/results/dashboards.json (dashboards-postgresql.json on PostgreSQL).
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.bars import finish, missed_below
from bench.catalogue import normalise_url
from bench.dashboards_world import OFFERED, PASSWORD, build
from bench.ledger import TODAY

TARGET_P95_MS = 300.0
RESULTS = Path(__file__).resolve().parent / "results" / "dashboards.json"
REFRESH_REPEAT = 5


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.dashboards", description=__doc__.splitlines()[0])
    parser.add_argument("--patents", type=int, default=100_000,
                        help="patents in the catalogue (default 100000)")
    parser.add_argument("--licences", type=int, default=50_000, help="licences held (default 50000)")
    parser.add_argument("--enterprises", type=int, default=5_000, help="enterprises (default 5000)")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--database-url", default="",
                        help="SQLAlchemy URL (default: a temporary SQLite file)")
    args = parser.parse_args(argv)
    if args.patents < OFFERED or args.licences < 1 or args.repeat < 2 or args.enterprises < 500:
        parser.error(f"--patents at least {OFFERED}, --licences at least 1, --repeat at least 2, "
                     "--enterprises at least 500")
    return args




# --- timing -----------------------------------------------------------------------------------------

PAGES = (  # (name, role, url)
    ("dashboard_enterprise", "enterprise_user", "/dashboard"),
    ("dashboard_university", "university_staff", "/dashboard"),
    ("dashboard_organiser", "organiser", "/dashboard"),
    ("dashboard_admin", "admin", "/dashboard"),
    ("dashboard_admin_2026", "admin", "/dashboard?year=2026"),
    ("province_served_chart", "admin", "/dashboard/province/served.svg"),
    ("province_months_chart", "admin", "/dashboard/province/months.svg"),
    ("province_fees_chart", "admin", "/dashboard/province/fees.svg"),
    ("province_rows_served", "admin", "/dashboard/province/rows?figure=served"),
    ("province_rows_charged", "admin", "/dashboard/province/rows?figure=charged"),
)


def _login(client, email: str) -> None:
    import re

    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    if response.status_code != 302:
        raise RuntimeError(f"could not log in as {email}")


def _percentiles(timings: list[float]) -> dict[str, float]:
    timings = sorted(timings)
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return {"median_ms": round(statistics.median(timings), 1), "p95_ms": round(p95, 1),
            "max_ms": round(timings[-1], 1)}


def _timed(work: Callable[[], object], repeat: int) -> list[float]:
    timings = []
    gc.collect()
    for _ in range(repeat):
        begun = time.perf_counter()
        work()
        timings.append((time.perf_counter() - begun) * 1000)
    return timings


def measure_refresh(app, repeat: int) -> list[dict[str, Any]]:
    """Computing the province's snapshot (every university, every industry) of this year and of the
    last, as `flask dashboards refresh` does."""
    from marketplace.dashboards.province_snapshot import compute, encode
    from marketplace.extensions import db
    from marketplace.policy.scope import Scope

    found = []
    with app.app_context():
        for year in (TODAY.year, TODAY.year - 1):
            timings = _timed(lambda year=year: encode(compute(Scope(year), TODAY)), repeat)
            db.session.rollback()
            found.append({"snapshot": f"province_{year}", **_percentiles(timings)})
    return found


def measure(app, emails: dict[str, str], repeat: int) -> list[dict[str, Any]]:
    """Each page: one warm-up, then one request whose statements are counted, then `repeat` timed
    requests."""
    from marketplace.extensions import db

    clients = {}
    for role, email in emails.items():
        clients[role] = app.test_client()
        _login(clients[role], email)
    found = []
    with app.app_context():
        engine = db.engine
    for name, role, url in PAGES:
        client = clients[role]
        statements: list[str] = []

        def count(conn, cursor, statement, *rest, bucket=statements):
            bucket.append(statement)

        client.get(url)  # the first request computes the province snapshot, as a refresh would
        event.listen(engine, "before_cursor_execute", count)
        try:
            response = client.get(url)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        if response.status_code != 200:
            raise RuntimeError(f"{url} as {role}: {response.status_code}")
        timings = _timed(lambda client=client, url=url: client.get(url), repeat)
        found.append({"page": name, "role": role, "url": url, **_percentiles(timings),
                      "statements": len(statements), "bytes": len(response.data)})
    return found


def print_report(summary: dict[str, Any]) -> None:
    print(f"{summary['held']['patents']:,} patents, {summary['held']['licences']:,} licences, "
          f"{summary['held']['universities']} universities ({summary['database']}); built in "
          f"{summary['held']['build_s']} s")
    print(f"{'page':26} {'median ms':>10} {'p95 ms':>8} {'statements':>11}")
    for page in summary["pages"]:
        print(f"{page['page']:26} {page['median_ms']:>10} {page['p95_ms']:>8} {page['statements']:>11}")
    print(f"p95 target {TARGET_P95_MS:.0f} ms: {'met' if summary['target_met'] else 'MISSED'}")
    for refresh in summary["snapshot_refresh"]:
        print(f"computing the snapshot {refresh['snapshot']:14} median {refresh['median_ms']} ms, "
              f"p95 {refresh['p95_ms']} ms (the refresh; not a page)")


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-dashboards-") as scratch:
        url = normalise_url(args.database_url) or f"sqlite:///{Path(scratch) / 'dashboards.db'}"
        app, held = build(url, args)
        emails = held.pop("logins")
        refresh = measure_refresh(app, REFRESH_REPEAT)
        pages = measure(app, emails, args.repeat)
        with app.app_context():
            from marketplace.extensions import db

            database = db.engine.dialect.name
            db.engine.dispose()
    summary = {
        "patents": held["patents"], "licences": held["licences"], "repeat": args.repeat,
        "target_p95_ms": TARGET_P95_MS, "target_met": all(page["p95_ms"] < TARGET_P95_MS for page in pages),
        "pages": pages, "snapshot_refresh": refresh,
        "max_age_s": app.config["FIGURES_MAX_AGE_SECONDS"], "held": held, "database": database,
        "python": platform.python_version(),
        "sqlite_version": sqlite3.sqlite_version,
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    print_report(summary)
    name = "dashboards.json" if database == "sqlite" else f"dashboards-{database}.json"
    text = json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
    RESULTS.with_name(name).write_text(text, encoding="utf-8")
    finish(missed_bars(summary))


def missed_bars(summary: dict[str, Any]) -> list[str]:
    """The bars the run missed: every page's p95 under TARGET_P95_MS."""
    return [line for page in summary["pages"]
            for line in missed_below(f"{page['page']} p95 ms", page["p95_ms"], TARGET_P95_MS)]


if __name__ == "__main__":
    main()
