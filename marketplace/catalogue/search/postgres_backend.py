"""PostgreSQL's full-text search: `patent_search` (a tsvector per patent with a GIN index, and the
patent's facet key) and its sample `patent_search_sample`, ts_rank_cd ranking."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Select, and_, bindparam, case, cast, column, false, func, select, text
from sqlalchemy import table as table_clause
from sqlalchemy.dialects.postgresql import TSQUERY
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

MAX_POSITION = 16_000  # PostgreSQL positions stop at 16383


class PostgresBackend:
    """Table `patent_search(patent_id, document tsvector, facet_key)` with a GIN index, ts_rank_cd ranking,
    and the sample in `patent_search_sample` (see `sample.py`). Each row carries its patent's facet key,
    set by triggers whoever writes the row or the patent's key (migration a8c3f51d2e67), so a text query's
    filters and counts are read off the index's rows without joining the patent table."""

    name = "postgresql"

    def delete(self, session: Session, ids: Sequence[int]) -> None:
        if ids:
            for table in ("patent_search", "patent_search_sample"):
                session.execute(text(f"DELETE FROM {table} WHERE patent_id = ANY(:ids)"),  # noqa: S608  # nosec B608
                                {"ids": list(ids)})

    def write(self, session: Session, rows: Sequence[IndexedText], buckets: int, fresh: bool = False) -> int:
        """Index `rows`, those in the sample's buckets in the sample too; returns how many went there.
        `fresh`: none of them is indexed yet (a rebuild after `clear`), so they are streamed in with COPY
        instead of one INSERT each."""
        documents = [{"id": r.patent_id, "document": _tsvector_literal(r)} for r in rows]
        sampled = [d for d in documents if bucket(d["id"]) < buckets]
        for table, chosen in (("patent_search", documents), ("patent_search_sample", sampled)):
            if chosen and fresh:
                raw = session.connection().connection.driver_connection
                with raw.cursor() as cursor, cursor.copy(
                        f"COPY {table} (patent_id, document) FROM STDIN") as copy:  # fixed table names
                    for document in chosen:
                        copy.write_row((document["id"], document["document"]))
            elif chosen:
                session.execute(
                    text(f"INSERT INTO {table} (patent_id, document) "  # noqa: S608  # nosec B608
                         "VALUES (:id, CAST(:document AS tsvector)) "
                         "ON CONFLICT (patent_id) DO UPDATE SET document = EXCLUDED.document"),
                    chosen,
                )
        return len(sampled)

    def clear(self, session: Session) -> None:
        session.execute(text("DELETE FROM patent_search"))
        session.execute(text("DELETE FROM patent_search_sample"))

    @contextmanager
    def bulk_load(self, session: Session) -> Iterator[None]:
        """Around writing the whole index: its secondary indexes (the GIN index) are dropped first and built
        again at the end, once, instead of being updated row by row. The table stays locked meanwhile, so
        searches wait for the rebuild."""
        definitions = session.execute(text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = 'patent_search' AND indexname <> 'patent_search_pkey'")).all()
        for name, _ in definitions:
            session.execute(text(f'DROP INDEX "{name}"'))
        yield
        for _, definition in definitions:
            session.execute(text(definition))

    def sample_rows(self, session: Session) -> int:
        """How many patents the sample holds."""
        return session.execute(text("SELECT count(*) FROM patent_search_sample")).scalar_one()

    def sample_ids(self) -> Select:
        """The ids of the sample's patents, as a subquery."""
        return select(self.table(sample=True).c.patent_id)

    def resample(self, session: Session, old: int, new: int) -> None:
        """Make the sample hold the buckets below `new` instead of those below `old`."""
        column = bucket_sql("patent_id::bigint")
        if new < old:
            session.execute(text(f"DELETE FROM patent_search_sample WHERE {column} >= :new"),  # noqa: S608  # nosec B608
                            {"new": new})
        elif new > old:
            session.execute(text(
                "INSERT INTO patent_search_sample (patent_id, document) "  # noqa: S608  # nosec B608
                f"SELECT patent_id, document FROM patent_search WHERE {column} >= :old AND {column} < :new "
                "ON CONFLICT (patent_id) DO NOTHING"), {"old": old, "new": new})

    def match(self, groups: Sequence[QueryGroup], ranked: bool = True, sample: bool = False) -> CTE:
        """(patent_id, score) of matching patents; a lower score ranks higher (0 when not ranked).
        With `sample`, only the sample's patents."""
        expression = " & ".join(_tsquery_group(g) for g in groups)
        table = "patent_search_sample" if sample else "patent_search"
        score = self._score() if ranked else "0.0"
        return materialized(
            text(f"SELECT patent_id, {score} AS score "  # noqa: S608 - fixed SQL  # nosec B608
                 f"FROM {table}, CAST(:match AS tsquery) AS query WHERE document @@ query")
            .bindparams(match=expression)
        )

    def _score(self) -> str:
        return "-ts_rank_cd(document, query)"

    def match_any(self, alternatives: Sequence[Sequence[QueryGroup]]) -> CTE:
        """(patent_id, score) of patents matching at least one alternative (each an AND of groups),
        ranked by ts_rank_cd (negated: lower ranks higher)."""
        expression = " | ".join(f"({' & '.join(_tsquery_group(g) for g in groups)})"
                                for groups in alternatives)
        return materialized(
            text("SELECT patent_id, -ts_rank_cd(document, query) AS score "
                 "FROM patent_search, CAST(:match AS tsquery) AS query WHERE document @@ query")
            .bindparams(match=expression)
        )

    def window(self, groups: Sequence[QueryGroup], size: int, narrowing: Narrowing = NO_NARROWING,
               walk: bool = True) -> Subquery:
        """(patent_id, score) of the `size` newest patents matching all `groups` (highest ids first; those
        `narrowing` keeps, read off each row's facet key), scored by ts_rank_cd once they are chosen, so
        only `size` documents are ranked. With `walk` (a common word: fewer documents to read walking
        newest first until `size` match than the word has matches) the primary key is walked down, the
        match tested on each document; without it the GIN index's matches are taken and the newest kept.
        The caller chooses from the sample's counts, because the planner's estimates for prefixes and
        phrases are far off."""
        search = self.table()
        query = cast(bindparam("window_match", " & ".join(_tsquery_group(g) for g in groups)), TSQUERY)
        matches = search.c.document.op("@@")(query)
        kept = narrowing.keyed(search.c.patent_id, search.c.facet_key)
        if walk:
            # `IS TRUE` is not an operator the GIN index answers: the planner walks the primary key
            # instead. The filters are tested first (the planner orders conditions by its own costs, and
            # counts the bit arithmetic dearer than the match), so only rows they keep have their
            # document read: 乳 at TRL 6 tested 51,000 documents for its 500 newest matches.
            condition = (case((and_(*kept), matches), else_=false()) if kept else matches).is_(True)
        else:
            condition = and_(matches, *kept)
        newest = (select(search.c.patent_id, search.c.document).where(condition)
                  .order_by(search.c.patent_id.desc()).limit(size))
        chosen = newest.subquery("newest_matches")
        return select(chosen.c.patent_id,
                      (-func.ts_rank_cd(chosen.c.document, query)).label("score")).subquery("rank_window")

    @staticmethod
    def table(sample: bool = False):
        """The index (or its sample) as a table clause: patent_id, document, facet_key."""
        return table_clause("patent_search_sample" if sample else "patent_search", column("patent_id"),
                            column("document"), column("facet_key"))

    def matches(self, table, groups: Sequence[QueryGroup]):
        """The condition that a row of `table` (see `table`) matches all `groups`, through the GIN index."""
        query = cast(bindparam("keyed_match", " & ".join(_tsquery_group(g) for g in groups)), TSQUERY)
        return table.c.document.op("@@")(query)

    @contextmanager
    def walking(self, session: Session) -> Iterator[None]:
        """Around a statement that walks an index in order, testing each document (`window` and
        `contains` with `walk`): the planner may not read the whole table and sort it instead. Its estimate
        of a phrase's or a prefix's matches is far too low (a few hundred where there are thousands), so
        the walk looked as long as the table to it: 煤气化 over 100,000 patents read every document in
        107 ms, where walking the primary key finds its 500 newest matches in 9 ms."""
        session.execute(text("SET LOCAL enable_seqscan = off"))
        try:
            yield
        finally:
            session.execute(text("SET LOCAL enable_seqscan TO DEFAULT"))

    def contains(self, patent_id, groups: Sequence[QueryGroup]):
        """A condition on a patent id column: the patent's document matches all `groups`, tested on
        that one document (looked up by key), never through the GIN index: for walking patents in
        another index's order until a page is full."""
        search = table_clause("patent_search", column("patent_id"), column("document"))
        query = cast(bindparam("walk_match", " & ".join(_tsquery_group(g) for g in groups)), TSQUERY)
        return (select(search.c.patent_id)
                .where(search.c.patent_id == patent_id, search.c.document.op("@@")(query).is_(True))
                .exists())

    def count_capped(self, session: Session, groups: Sequence[QueryGroup], cap: int) -> int:
        """How many indexed patents match all `groups`, counting no further than `cap`."""
        expression = " & ".join(_tsquery_group(g) for g in groups)
        return session.execute(
            text("SELECT count(*) FROM (SELECT 1 FROM patent_search "
                 "WHERE document @@ CAST(:match AS tsquery) LIMIT :cap) AS hits"),
            {"match": expression, "cap": cap}).scalar_one()

    def indexed_count(self, session: Session) -> int:
        """How many patents are in the index."""
        return session.execute(text("SELECT count(*) FROM patent_search")).scalar_one()


def _tsquery_group(group: QueryGroup) -> str:
    options = [_tsquery_phrase(option) for option in group.options]
    return options[0] if len(options) == 1 else "(" + " | ".join(f"({o})" for o in options) + ")"


def _tsquery_phrase(group: QueryGroup) -> str:
    tokens = [f"'{token}'" for token in group.tokens]
    if group.prefix:
        tokens[-1] += ":*"
    return " <-> ".join(tokens)


def _tsvector_literal(row: IndexedText) -> str:
    """Tokens with positions and weights: title A, keywords B, abstract D; fields kept apart."""
    positions: dict[str, list[str]] = {}
    position = 1
    for tokens, weight in zip(row.fields(), "ABD", strict=True):
        for token in tokens:
            if position > MAX_POSITION:
                break
            if token != PIECE_GAP:
                positions.setdefault(token, []).append(f"{position}{weight}")
            position += 1 if token != PIECE_GAP else 2
        position += 2  # no phrase spans two fields
    return " ".join(f"'{token}':{','.join(places)}" for token, places in positions.items())
