"""The province dashboard's figures as a snapshot (`policy.snapshots`): computed for every university of a
scope at once, stored as JSON (money in fen), and read back for a page of universities, a chart or a
download while younger than the configured age.

The page, its charts and its downloads read the same snapshot, so they agree with one another and say when
their figures were computed; the rows behind a figure are always read live.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import func, select

from marketplace.core.money import Money
from marketplace.core.patent_fields import Industry
from marketplace.dashboards.province import (
    IndustryRow,
    Month,
    ProvinceFigures,
    Trials,
    UniversityRow,
    province_figures,
    universities_statement,
)
from marketplace.extensions import db
from marketplace.organisations.models import University
from marketplace.policy.funnel import STAGES
from marketplace.policy.scope import Scope


def snapshot_key(scope: Scope, today: date) -> str:
    """The key of a scope's figures on a day (the overdue amounts and 备案 depend on the day)."""
    universities = ",".join(str(n) for n in sorted(scope.university_ids)) if scope.university_ids else "*"
    return f"province:{today.isoformat()}:{scope.year}:{universities}:{scope.industry or '*'}"


def _row_payload(row: UniversityRow) -> dict:
    return {"id": row.university_id, "name": row.name, "served": row.served, "strict": row.strict,
            "stages": {stage.value: row.stages.get(stage, 0) for stage in STAGES},
            "trials": [row.trials.taken, row.trials.ended, row.trials.converted],
            "charged": row.charged.fen, "collected": row.collected.fen, "overdue": row.overdue.fen,
            "filing_overdue": row.filing_overdue}


def _row_of(data: dict, name: str | None = None) -> UniversityRow:
    return UniversityRow(data["id"], data["name"] if name is None else name, data["served"], data["strict"],
                         {stage: data["stages"].get(stage.value, 0) for stage in STAGES},
                         Trials(*data["trials"]), Money.from_fen(data["charged"]),
                         Money.from_fen(data["collected"]), Money.from_fen(data["overdue"]),
                         data["filing_overdue"])


def encode(figures: ProvinceFigures) -> dict:
    """The figures of every university of the scope as JSON-ready data."""
    return {"rows": [_row_payload(row) for row in figures.rows], "total": _row_payload(figures.total),
            "universities": figures.universities, "at_target": figures.at_target,
            "months": [[m.month, m.licences, m.charged.fen, m.collected.fen, m.served_cumulative]
                       for m in figures.months],
            "industries": [[row.industry.value, row.licences, row.served] for row in figures.industries]}


def decode(scope: Scope, payload: dict) -> ProvinceFigures:
    """The figures stored by `encode`."""
    months = [Month(number, licences, Money.from_fen(charged), Money.from_fen(collected), served)
              for number, licences, charged, collected, served in payload["months"]]
    industries = [IndustryRow(Industry(key), licences, served)
                  for key, licences, served in payload["industries"]]
    return ProvinceFigures(scope, [_row_of(data) for data in payload["rows"]], _row_of(payload["total"]),
                           payload["universities"], payload["at_target"], months, industries)


def compute(scope: Scope, today: date) -> ProvinceFigures:
    """The figures of every university of the scope, computed now."""
    universities = list(db.session.scalars(universities_statement(scope)))
    return province_figures(scope, today, universities, len(universities))


def zero_row(university: University) -> UniversityRow:
    """A university with nothing in the snapshot (added after it was computed)."""
    return UniversityRow(university.id, university.name, 0, 0, {stage: 0 for stage in STAGES}, Trials(),
                         Money.zero(), Money.zero(), Money.zero(), 0)


def for_universities(figures: ProvinceFigures, universities: list[University], count: int) -> ProvinceFigures:
    """The figures with the rows of `universities` only (a page of `count`), under their current names."""
    by_id = {row.university_id: row for row in figures.rows}
    rows = [replace(by_id[u.id], name=u.name) if u.id in by_id else zero_row(u) for u in universities]
    return replace(figures, rows=rows, universities=count)


def university_count(scope: Scope) -> int:
    """How many universities the scope has."""
    sub = universities_statement(scope).order_by(None).subquery()
    return db.session.scalar(select(func.count()).select_from(sub)) or 0

