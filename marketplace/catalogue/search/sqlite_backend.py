"""SQLite's full-text search: the FTS5 tables `patent_fts` and `patent_fts_sample`, bm25 ranking."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Select, column, func, literal_column, select, text
from sqlalchemy import table as table_clause
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import CTE, Subquery

from marketplace.catalogue.search.documents import (
    NO_NARROWING,
    PIECE_GAP,
    IndexedText,
    Narrowing,
    materialized,
)
from marketplace.catalogue.search.sample import bucket, bucket_sql
from marketplace.core.search_tokens import QueryGroup


class SqliteBackend:
    """FTS5 table `patent_fts(title, abstract, keywords)`, rowid = patent id, bm25 ranking; the same
    for the sample in `patent_fts_sample` (see `sample.py`)."""

    name = "sqlite"

    def delete(self, session: Session, ids: Sequence[int]) -> None:
        if ids:
            for table in ("patent_fts", "patent_fts_sample"):
                session.execute(text(f"DELETE FROM {table} WHERE rowid = :id"),  # noqa: S608  # nosec B608
                                [{"id": i} for i in ids])

    def write(self, session: Session, rows: Sequence[IndexedText], buckets: int, fresh: bool = False) -> int:
        """Index `rows`, those in the sample's buckets in the sample too; returns how many went there.
        `fresh`: none of them is indexed yet (a rebuild after `clear`), so nothing is replaced."""
        if not fresh:
            self.delete(session, [r.patent_id for r in rows])
        sampled = [r for r in rows if bucket(r.patent_id) < buckets]
        for table, chosen in (("patent_fts", rows), ("patent_fts_sample", sampled)):
            if chosen:
                session.execute(
                    text(f"INSERT INTO {table} (rowid, title, abstract, keywords) "  # noqa: S608  # nosec B608
                         "VALUES (:id, :title, :abstract, :keywords)"),
                    [_fts5_row(r) for r in chosen],
                )
        return len(sampled)

    def clear(self, session: Session) -> None:
        session.execute(text("DELETE FROM patent_fts"))
        session.execute(text("DELETE FROM patent_fts_sample"))

    @contextmanager
    def bulk_load(self, session: Session) -> Iterator[None]:
        """Around writing the whole index (FTS5 needs nothing done)."""
        yield

    def sample_rows(self, session: Session) -> int:
        """How many patents the sample holds."""
        return session.execute(text("SELECT count(*) FROM patent_fts_sample")).scalar_one()

    @staticmethod
    def sample_ids() -> Select:
        """The ids of the sample's patents, as a subquery."""
        return select(column("rowid")).select_from(table_clause("patent_fts_sample"))

    def resample(self, session: Session, old: int, new: int) -> None:
        """Make the sample hold the buckets below `new` instead of those below `old`."""
        if new < old:
            session.execute(text(f"DELETE FROM patent_fts_sample "  # noqa: S608  # nosec B608
                                 f"WHERE {bucket_sql('rowid')} >= :new"), {"new": new})
        elif new > old:
            session.execute(text(
                "INSERT INTO patent_fts_sample (rowid, title, abstract, keywords) "  # noqa: S608  # nosec B608
                f"SELECT rowid, title, abstract, keywords FROM patent_fts "
                f"WHERE {bucket_sql('rowid')} >= :old AND {bucket_sql('rowid')} < :new"),
                {"old": old, "new": new})

    def match(self, groups: Sequence[QueryGroup], ranked: bool = True, sample: bool = False) -> CTE:
        """(patent_id, score) of matching patents; a lower score ranks higher (0 when not ranked).
        With `sample`, only the sample's patents."""
        expression = " AND ".join(_fts5_group(g) for g in groups)
        table = "patent_fts_sample" if sample else "patent_fts"
        score = f"bm25({table}, 10.0, 1.0, 4.0)" if ranked else "0.0"
        return materialized(
            text(f"SELECT rowid AS patent_id, {score} AS score "  # noqa: S608 - fixed SQL  # nosec B608
                 f"FROM {table} WHERE {table} MATCH :match")
            .bindparams(match=expression)
        )

    def match_any(self, alternatives: Sequence[Sequence[QueryGroup]]) -> CTE:
        """(patent_id, score) of patents matching at least one alternative (each an AND of groups),
        bm25-ranked (lower ranks higher)."""
        expression = " OR ".join(f"({' AND '.join(_fts5_group(g) for g in groups)})"
                                 for groups in alternatives)
        return materialized(
            text("SELECT rowid AS patent_id, bm25(patent_fts, 10.0, 1.0, 4.0) AS score "
                 "FROM patent_fts WHERE patent_fts MATCH :match")
            .bindparams(match=expression)
        )

    def window(self, groups: Sequence[QueryGroup], size: int, narrowing: Narrowing = NO_NARROWING,
               walk: bool = True) -> Subquery:
        """(patent_id, score) of the `size` newest patents matching all `groups` (highest ids first; those
        `narrowing` keeps), bm25-scored: FTS5 walks its doclists from the highest id down and stops there,
        so the cost does not grow with the number of matches (`walk` is PostgreSQL's choice)."""
        fts = table_clause("patent_fts", column("rowid"))
        stmt = (select(fts.c.rowid.label("patent_id"),
                       func.bm25(literal_column("patent_fts"), 10.0, 1.0, 4.0).label("score"))
                .select_from(fts)
                .where(text("patent_fts MATCH :window_match")
                       .bindparams(window_match=" AND ".join(_fts5_group(g) for g in groups))))
        stmt = narrowing.joined(stmt, fts.c.rowid)
        return stmt.order_by(fts.c.rowid.desc()).limit(size).subquery("rank_window")

    @contextmanager
    def walking(self, session: Session) -> Iterator[None]:
        """Around a statement that walks in index order (PostgreSQL's concern: FTS5 walks by itself)."""
        yield

    def count_capped(self, session: Session, groups: Sequence[QueryGroup], cap: int) -> int:
        """How many indexed patents match all `groups`, counting no further than `cap`."""
        expression = " AND ".join(_fts5_group(g) for g in groups)
        return session.execute(
            text("SELECT count(*) FROM (SELECT 1 FROM patent_fts WHERE patent_fts MATCH :match "
                 "LIMIT :cap)"), {"match": expression, "cap": cap}).scalar_one()

    def indexed_count(self, session: Session) -> int:
        """How many patents are in the index."""
        return session.execute(text("SELECT count(*) FROM patent_fts")).scalar_one()


def _fts5_row(row: IndexedText) -> dict:
    title, keywords, abstract = (_fts5_text(tokens) for tokens in row.fields())
    return {"id": row.patent_id, "title": title, "abstract": abstract, "keywords": keywords}


def _fts5_text(tokens: list[str]) -> str:
    # The gap between two texts of a field is a token no query produces (a Greek letter), so no phrase
    # crosses it.
    return " ".join("ω" if token == PIECE_GAP else token for token in tokens)


def _fts5_group(group: QueryGroup) -> str:
    options = [_fts5_phrase(option) for option in group.options]
    return options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")"


def _fts5_phrase(group: QueryGroup) -> str:
    phrase = " + ".join(f'"{token}"' for token in group.tokens)
    return phrase + "*" if group.prefix else phrase
