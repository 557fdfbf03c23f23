"""What both search backends share: a patent's searchable text as tokens per field, how a window keeps to
a query's filters, and the match as a materialized common table expression."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Float, Integer, Select
from sqlalchemy.sql.selectable import CTE

from marketplace.core.search_tokens import document_tokens


@dataclass(frozen=True)
class Narrowing:
    """How `window` keeps to a query's filters and zone: `joined` narrows a statement over the index by
    joining the patent table (given its patent id column); `keyed` gives the conditions on an index row's
    patent id and facet key columns (PostgreSQL's rows carry the key)."""

    joined: Callable[[Select, Any], Select]
    keyed: Callable[[Any, Any], list[Any]]


NO_NARROWING = Narrowing(joined=lambda stmt, _patent_id: stmt, keyed=lambda _patent_id, _key: [])


@dataclass(frozen=True)
class IndexedText:
    """The searchable text of one patent; the English title and abstract are searched with the
    Chinese ones (same field, same weight)."""

    patent_id: int
    title: str
    keywords: str
    abstract: str
    title_en: str = ""
    abstract_en: str = ""

    def fields(self) -> tuple[list[str], list[str], list[str]]:
        """The tokens of the title, keywords and abstract fields; each field's pieces kept apart."""
        return (
            _joined(self.title, self.title_en),
            _joined(self.keywords),
            _joined(self.abstract, self.abstract_en),
        )


PIECE_GAP = "\u3000"


def _joined(*texts: str) -> list[str]:
    """Tokens of several texts of one field; a gap marker between them so no phrase spans two."""
    tokens: list[str] = []
    for text_ in texts:
        piece = document_tokens(text_ or "")
        if piece:
            if tokens:
                tokens.append(PIECE_GAP)
            tokens.extend(piece)
    return tokens


def materialized(statement) -> CTE:
    """The match as a MATERIALIZED common table expression: the full-text engine runs once per
    statement and drives the join, instead of being probed once per candidate patent."""
    return (
        statement.columns(patent_id=Integer, score=Float)
        .cte("search_match")
        .prefix_with("MATERIALIZED")
    )
