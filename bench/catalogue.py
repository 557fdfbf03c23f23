"""Catalogue search benchmark: 100,000 synthetic university patents, 20 typical queries.

    python -m bench.catalogue [--patents 100000] [--repeat 15] [--database-url URL]

Builds a fresh database (a SQLite file in a temporary directory unless --database-url is given; a
PostgreSQL database has its `public` schema dropped and recreated), migrates it, bulk-inserts
seeded, realistic patents of Inner Mongolia's universities, rebuilds the full-text index, gives the
database its statistics (and on PostgreSQL its visibility map: VACUUM ANALYZE, as autovacuum would), then
times `search()` (one page of results plus every facet count) for queries an SME would type.
Three very common words are timed apart (their own bar). Prints a table and writes
bench/results/catalogue.json (catalogue-postgresql.json on PostgreSQL).
"""

# ruff: noqa: S311
# (S311: `random` only composes reproducible synthetic data here; nothing security-related.)

from __future__ import annotations

import argparse
import gc
import json
import platform
import sqlite3
import statistics
import tempfile
import time
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any

from flask import Flask
from sqlalchemy import insert, select, text

from bench.vocabulary import (
    CLOSING,
    DESIGN_TITLES,
    ENGLISH_CLOSING,
    ENGLISH_SHARE,
    FIRST_YEAR,
    GIVEN,
    INVENTION_TITLES,
    LAST_YEAR,
    MONGOLIAN_NAMES,
    PARTS,
    PROBLEMS,
    SHAPES,
    SURNAMES,
    TYPE_DIGITS,
    UNIVERSITIES,
    UTILITY_TITLES,
    VOCABULARIES,
    Vocabulary,
)
from marketplace.core.application_number import PatentType
from marketplace.core.patent_fields import Industry, LegalStatus

SEED = 2026
CHUNK = 5_000
REFERENCE_DAY = date(2026, 1, 1)  # "today" for the data: grants and legal status are as of this day
STAMP = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)  # created_at / updated_at of every generated row
TARGET_P95_MS = 50.0
TARGET_COMMON_P95_MS = 100.0
RESULTS = Path(__file__).resolve().parent / "results" / "catalogue.json"

@dataclass(frozen=True)
class BenchQuery:
    """One timed query: the text typed and the facet filters chosen."""

    q: str = ""
    filters: dict[str, Any] = field(default_factory=dict)


QUERIES = (
    BenchQuery("稀土"), BenchQuery("光伏"), BenchQuery("乳酸"), BenchQuery("氢能"), BenchQuery("催化"),
    BenchQuery("传感"), BenchQuery("钢"), BenchQuery("羊"), BenchQuery("钕铁硼"), BenchQuery("乳酸菌"),
    BenchQuery("煤气化"), BenchQuery("储氢合金"), BenchQuery("节水灌溉"), BenchQuery("battery"),
    BenchQuery("sensor"), BenchQuery("稀土 永磁"),
    BenchQuery("光伏", {"industry": Industry.NEW_ENERGY}),
    BenchQuery("乳", {"trl": 6}),
    BenchQuery("", {"patent_type": PatentType.UTILITY_MODEL}),
    BenchQuery("催化剂", {"sort": "newest"}),
)
# Words in half the catalogue or more (方法 "method", 一种 "a kind of": titles and abstracts are full of
# them), and 领域 ("field": nearly every abstract names its technical field), timed apart: their bar is
# TARGET_COMMON_P95_MS.
COMMON_QUERIES = (BenchQuery("方法"), BenchQuery("一种"), BenchQuery("领域"))


# --- set-up -----------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.catalogue", description=__doc__.splitlines()[0])
    parser.add_argument("--patents", type=int, default=100_000, help="patents to generate (default 100000)")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per query (default 15)")
    parser.add_argument("--database-url", default="",
                        help="SQLAlchemy URL (default: a temporary SQLite file)")
    args = parser.parse_args(argv)
    if not 1 <= args.patents <= 1_000_000 or args.repeat < 1:
        parser.error("--patents must be 1..1000000 and --repeat at least 1")
    return args


def normalise_url(url: str) -> str:
    """postgres:// and postgresql:// URLs are read as psycopg 3, as config.py does."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def ensure_database(database_url: str) -> None:
    """Create the PostgreSQL database the URL names when the server does not have it yet."""
    from sqlalchemy import create_engine, make_url

    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        return
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            if connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                 {"name": url.database}) is None:
                connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    finally:
        admin.dispose()


def make_app(database_url: str) -> Flask:
    from config import TestingConfig
    from marketplace import create_app

    return create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url)


def prepare_schema() -> None:
    """Migrate an empty database; a PostgreSQL one loses its `public` schema first."""
    from flask_migrate import upgrade

    from marketplace.extensions import db

    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade()


# --- synthetic patents ------------------------------------------------------------------------------


def pick_weighted(rng: Random, choices: dict[Any, float]) -> Any:
    return rng.choices(list(choices), weights=list(choices.values()))[0]


def application_number(year: int, type_digit: str, serial: int) -> str:
    from marketplace.core.application_number import check_digit

    digits = f"{year}{type_digit}{serial:07d}"
    return f"{digits}.{check_digit(digits)}"


def inventors(rng: Random) -> str:
    names = [
        rng.choice(MONGOLIAN_NAMES) if rng.random() < 0.12
        else rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        for _ in range(rng.randint(2, 6))
    ]
    return "；".join(dict.fromkeys(names))


def chinese_title(rng: Random, vocab: Vocabulary, patent_type: PatentType) -> tuple[str, str]:
    """A Chinese title and the term it is about."""
    templates = {PatentType.INVENTION: INVENTION_TITLES, PatentType.UTILITY_MODEL: UTILITY_TITLES,
                 PatentType.DESIGN: DESIGN_TITLES}[patent_type]
    term = rng.choice(vocab.terms)
    title = rng.choice(templates).format(
        adj=rng.choice(vocab.adjectives), term=term, device=rng.choice(vocab.devices),
        process=rng.choice(vocab.processes),
    )
    return title, term


def chinese_abstract(rng: Random, vocab: Vocabulary, patent_type: PatentType, title: str) -> str:
    """Two to four sentences, about 120-250 characters: the field, how it works, what it achieves."""
    first, *rest = abstract_sentences(rng, vocab, patent_type, title)
    chosen = [first]
    for sentence in rest:
        enough = len("".join(chosen)) >= 120 and (len(chosen) >= 2 and rng.random() < 0.4)
        if len(chosen) == 4 or enough or len("".join(chosen)) + len(sentence) > 250:
            continue
        chosen.append(sentence)
    return "".join(chosen)


def abstract_sentences(rng: Random, vocab: Vocabulary, patent_type: PatentType, title: str) -> list[str]:
    """Candidate sentences of an abstract, in the order a patent agent writes them."""
    steps, parts = rng.sample(vocab.steps, 3), rng.sample(PARTS, 3)
    term, benefits = rng.choice(vocab.terms), rng.sample(vocab.benefits, 2)
    problem = f"通过优化{steps[1]}工艺，解决了现有{term}技术{rng.choice(PROBLEMS)}的问题。"
    if patent_type is PatentType.DESIGN:
        return [f"本外观设计产品的名称为{title}。",
                f"本外观设计产品用于{vocab.sector}领域，可与{rng.choice(vocab.devices)}配套使用。",
                f"产品主要由{parts[0]}和{parts[1]}组成，整体呈{rng.choice(SHAPES)}。",
                "本外观设计的设计要点在于产品的形状与图案，最能表明设计要点的图片为立体图。"]
    if patent_type is PatentType.UTILITY_MODEL:
        return [f"本实用新型涉及{vocab.sector}技术领域，具体涉及{title}。",
                f"所述装置包括{parts[0]}、{parts[1]}和{parts[2]}，{parts[0]}固定安装于{parts[1]}上，"
                f"并通过{parts[2]}实现{steps[0]}与{steps[1]}的联动。",
                problem, f"与现有技术相比，{benefits[0]}。", "本实用新型结构简单、安装维护方便、成本低。"]
    return [f"本发明公开了{title}，属于{vocab.sector}技术领域。",
            f"该方法以{rng.choice(vocab.materials)}为原料，依次经{steps[0]}、{steps[1]}和{steps[2]}等步骤，"
            f"在{rng.randrange(40, 1200, 10)}℃下处理{rng.randint(1, 24)}小时，制得{term}产品。",
            problem, f"与现有技术相比，{benefits[0]}，{benefits[1]}。", rng.choice(CLOSING)]


def english_text(rng: Random, vocab: Vocabulary) -> tuple[str, str, str]:
    """An English title, abstract and keywords (PCT filings and English-language ledgers)."""
    term, device = rng.choice(vocab.english_terms), rng.choice(vocab.english_devices)
    title = f"{term} {device}"
    abstract = " ".join([
        f"The invention discloses a {title.lower()} in the field of {vocab.english_field}.",
        rng.choice(vocab.english_benefits), rng.choice(ENGLISH_CLOSING),
    ])
    return title, abstract, "；".join(dict.fromkeys([term.lower(), vocab.english_field, device]))


def dates(rng: Random, year: int, patent_type: PatentType) -> tuple[date, date]:
    """Filing and grant dates: examination takes years for inventions, months otherwise."""
    filing = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    delay = {PatentType.INVENTION: (600, 1500), PatentType.UTILITY_MODEL: (150, 400),
             PatentType.DESIGN: (100, 300)}[patent_type]
    days_left = (REFERENCE_DAY - filing).days  # only granted patents are in the catalogue
    shortest, longest = min(delay[0], days_left // 2), min(delay[1], days_left)
    return filing, filing + timedelta(days=rng.randint(shortest, longest))


def legal_status(rng: Random, expiry: date) -> LegalStatus:
    if expiry < REFERENCE_DAY:
        return LegalStatus.EXPIRED
    return pick_weighted(rng, {LegalStatus.GRANTED: 0.85, LegalStatus.LAPSED: 0.11,
                               LegalStatus.INVALIDATED: 0.04})


def trl(rng: Random) -> int | None:
    if rng.random() < 0.3:
        return None
    return rng.choices(range(1, 10), weights=(2, 5, 9, 12, 12, 10, 6, 3, 1))[0]


def patent_row(rng: Random, vocab: Vocabulary, serial: int, university: tuple[int, str]) -> dict[str, Any]:
    """One patent as the column values of a bulk insert."""
    from marketplace.catalogue.facet_key import FacetValues, encode
    from marketplace.core.ipc import parse_ipc
    from marketplace.core.patent_term import expiry_date

    type_digit = pick_weighted(rng, {digit: share for digit, (_, share) in TYPE_DIGITS.items()})
    patent_type = TYPE_DIGITS[type_digit][0]
    year = rng.choices(range(FIRST_YEAR, LAST_YEAR + 1), weights=range(1, LAST_YEAR - FIRST_YEAR + 2))[0]
    filing, grant = dates(rng, year, patent_type)
    expiry = expiry_date(patent_type, filing)
    if rng.random() < ENGLISH_SHARE:
        title, abstract, keywords = english_text(rng, vocab)
    else:
        title, term = chinese_title(rng, vocab, patent_type)
        abstract = chinese_abstract(rng, vocab, patent_type, title)
        keywords = "；".join(dict.fromkeys([term, *rng.sample(vocab.keywords, rng.randint(2, 4))]))
    codes = rng.sample(vocab.ipc, rng.randint(1, 3)) if patent_type is not PatentType.DESIGN else []
    main = parse_ipc(codes[0]) if codes else None
    status, level = legal_status(rng, expiry), trl(rng)
    facets = FacetValues(
        str(patent_type), main.section if main else "", main.ipc_class if main else "",
        str(vocab.industry), university[0], str(status), level,
    )
    return {
        "university_id": university[0], "application_number": application_number(year, type_digit, serial),
        "patent_type": patent_type, "pct": False, "title": title, "abstract": abstract,
        "claims_summary": f"1. {title}，其特征在于：包括{rng.choice(vocab.steps)}步骤。",
        "ipc_codes": "；".join(codes), "ipc_section": facets.ipc_section, "ipc_class": facets.ipc_class,
        "inventors": inventors(rng), "patentees": university[1],
        "filing_date": filing, "grant_date": grant, "expiry_date": expiry,
        "legal_status": status, "industry": vocab.industry, "trl": level, "keywords": keywords,
        "archived": False, "facet_key": encode(facets), "created_at": STAMP, "updated_at": STAMP,
    }


def generate_rows(rng: Random, count: int, universities: dict[str, int]) -> Iterator[dict[str, Any]]:
    """`count` patents; each industry's patents come mostly from the universities strong in it."""
    serials = rng.sample(range(10_000_000), count)
    weights = [v.weight for v in VOCABULARIES]
    for serial in serials:
        vocab = rng.choices(VOCABULARIES, weights=weights)[0]
        name = rng.choice(vocab.universities) if rng.random() < 0.75 else rng.choice(UNIVERSITIES)
        yield patent_row(rng, vocab, serial, (universities[name], name))


def check_sample(rows: Sequence[dict[str, Any]]) -> None:
    """Feed a few rows through the real import validation and compare what it derives with ours."""
    from marketplace.catalogue.models import Patent
    from marketplace.catalogue.services import apply_record
    from marketplace.core.patent_record import validate_record

    for row in rows:
        cells = {key: "" if value is None else str(value) for key, value in row.items()}
        record, problems = validate_record(cells, REFERENCE_DAY)
        if record is None:
            raise RuntimeError(f"generated patent refused by validate_record: {problems}")
        patent = Patent(university_id=row["university_id"])
        apply_record(patent, record)
        for key in ("patent_type", "ipc_section", "ipc_class", "expiry_date", "industry", "legal_status",
                    "facet_key"):
            if getattr(patent, key) != row[key]:
                raise RuntimeError(f"generated {key} {row[key]!r} differs from apply_record's")


def insert_universities() -> dict[str, int]:
    from marketplace.extensions import db
    from marketplace.organisations.models import University

    db.session.execute(insert(University), [{"name": name, "created_at": STAMP} for name in UNIVERSITIES])
    return dict(db.session.execute(select(University.name, University.id)).all())


def insert_patents(rows: Iterator[dict[str, Any]]) -> int:
    from marketplace.catalogue.models import Patent
    from marketplace.extensions import db

    count = 0
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            if count == 0:
                check_sample(chunk[:200])
            db.session.execute(insert(Patent), chunk)
            count += len(chunk)
            chunk = []
    if chunk:
        check_sample(chunk[:200])
        db.session.execute(insert(Patent), chunk)
        count += len(chunk)
    return count


def build_catalogue(count: int) -> tuple[float, float]:
    """Insert the universities and `count` patents, then index them; returns both durations (s)."""
    from marketplace.catalogue.search import reindex_all
    from marketplace.extensions import db

    started = time.perf_counter()
    universities = insert_universities()
    inserted = insert_patents(generate_rows(Random(SEED), count, universities))
    db.session.commit()
    generated = time.perf_counter()
    indexed = reindex_all()
    db.session.commit()
    finished = time.perf_counter()
    if inserted != count or indexed != count:
        raise RuntimeError(f"inserted {inserted} and indexed {indexed} of {count} patents")
    settle_database()
    return generated - started, finished - generated


def settle_database() -> None:
    """What a database in service has had done to it before it is timed: statistics for the planner, and
    on PostgreSQL the visibility map that autovacuum keeps (VACUUM ANALYZE)."""
    from marketplace.extensions import db

    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        with db.engine.begin() as connection:
            connection.execute(text("ANALYZE"))


# --- timing -----------------------------------------------------------------------------------------


def percentile(values: Sequence[float], pct: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def time_query(query: BenchQuery, repeat: int, labels: dict[str, Any]) -> tuple[int, list[float]]:
    """The result total and `repeat` timings (ms) of one query, after one warm-up run."""
    from marketplace.catalogue.search import SearchQuery, search

    search_query = SearchQuery(q=query.q, **query.filters)
    total = search(search_query, labels).page.total
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        search(search_query, labels)
        timings.append((time.perf_counter() - started) * 1000)
    return total, timings


def run_queries(app: Flask, repeat: int, queries: Sequence[BenchQuery]) -> list[dict[str, Any]]:
    """Time every query inside a request context, so facet labels are translated as on the real page."""
    from marketplace.catalogue.views import FACET_LABELS

    results = []
    with app.test_request_context("/patents"):
        for query in queries:
            total, timings = time_query(query, repeat, FACET_LABELS)
            results.append({
                "q": query.q, "filters": {key: str(value) for key, value in query.filters.items()},
                "total": total, "p50_ms": round(statistics.median(timings), 2),
                "p95_ms": round(percentile(timings, 95), 2), "timings_ms": timings,
            })
    return results


# --- report -----------------------------------------------------------------------------------------


def summarise(per_query: list[dict[str, Any]], common: list[dict[str, Any]],
              meta: dict[str, Any]) -> dict[str, Any]:
    every = [t for entry in per_query for t in entry.pop("timings_ms")]
    common_every = [t for entry in common for t in entry.pop("timings_ms")]
    return {
        **meta, "queries": len(per_query), "timed_calls": len(every),
        "p50_ms": round(statistics.median(every), 2), "p95_ms": round(percentile(every, 95), 2),
        "target_p95_ms": TARGET_P95_MS, "per_query": per_query,
        "common_words": {
            "queries": len(common), "timed_calls": len(common_every),
            "p50_ms": round(statistics.median(common_every), 2),
            "p95_ms": round(percentile(common_every, 95), 2), "target_p95_ms": TARGET_COMMON_P95_MS,
            "per_query": common,
        },
    }


def describe(entry: dict[str, Any]) -> str:
    filters = " ".join(f"{key}={value}" for key, value in entry["filters"].items())
    return " ".join(part for part in (repr(entry["q"]) if entry["q"] else "", filters) if part)


def pad(cell: str, width: int) -> str:
    """`cell` left-aligned in `width` terminal columns (CJK characters take two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in cell)
    return cell + " " * max(0, width - used)


def print_report(report: dict[str, Any]) -> None:
    print(f"\n{report['patents']:,} patents on {report['database']}: generated in {report['generate_s']} s, "
          f"indexed in {report['index_s']} s; {report['repeat']} timed runs per query\n")
    print(f"{'query':<36}{'total':>8}{'p50 ms':>10}{'p95 ms':>10}")
    common = report["common_words"]
    for entry in [*report["per_query"], *common["per_query"]]:
        numbers = f"{entry['total']:>8}{entry['p50_ms']:>10.2f}{entry['p95_ms']:>10.2f}"
        print(pad(describe(entry), 36) + numbers)
    for name, figures in (("the query set", report), ("the common words", common)):
        verdict = "meets" if figures["p95_ms"] <= figures["target_p95_ms"] else "MISSES"
        print(f"{name}, {figures['timed_calls']} calls: p50 {figures['p50_ms']:.2f} ms, "
              f"p95 {figures['p95_ms']:.2f} ms ({verdict} the {figures['target_p95_ms']:.0f} ms bar)")


def write_report(report: dict[str, Any]) -> Path:
    """bench/results/catalogue.json, or catalogue-postgresql.json for a run on PostgreSQL."""
    path = RESULTS if report["database"] == "sqlite" else RESULTS.with_name(
        f"catalogue-{report['database']}.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def benchmark(app: Flask, patents: int, repeat: int) -> dict[str, Any]:
    from marketplace.extensions import db

    with app.app_context():
        prepare_schema()
        generate_s, index_s = build_catalogue(patents)
        database = db.engine.dialect.name
    # As wsgi.py does for a served app: what exists after start-up is never collected again.
    gc.collect()
    gc.freeze()
    per_query = run_queries(app, repeat, QUERIES)
    common = run_queries(app, repeat, COMMON_QUERIES)
    with app.app_context():
        db.engine.dispose()
    return summarise(per_query, common, {
        "patents": patents, "repeat": repeat, "database": database,
        "generate_s": round(generate_s, 2), "index_s": round(index_s, 2),
        "python": platform.python_version(), "sqlite_version": sqlite3.sqlite_version,
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
    })


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-catalogue-") as scratch:
        url = normalise_url(args.database_url) or f"sqlite:///{Path(scratch) / 'catalogue.db'}"
        ensure_database(url)
        report = benchmark(make_app(url), args.patents, args.repeat)
    print_report(report)
    print(f"\nwritten to {write_report(report)}")


if __name__ == "__main__":
    main()
