"""The open data feed of offers: every publication and every withdrawal of a declaration version, as
events in the order they happened (ties by declaration, publication first).

An event is derived from the declaration's own timestamps (`published_at`, `withdrawn_at`), which are set
once and never change, so the feed only grows at its end and a page number keeps meaning the same
entries. Patents hidden from the catalogue (archived) are left out, like everywhere else in public.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, func, literal, select, union_all
from sqlalchemy.orm import selectinload

from marketplace.catalogue.models import Patent
from marketplace.declarations.models import Declaration
from marketplace.extensions import db

PUBLISHED = "published"
WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class FeedEvent:
    """One entry of the feed: what happened to which declaration version, and when."""

    event: str
    at: datetime
    declaration: Declaration

    @property
    def id(self) -> str:
        """A stable identity: the same entry always has the same id, so a consumer can skip repeats."""
        return f"declaration-{self.declaration.id}-{self.event}"


def _events(since: datetime | None) -> Select:
    """(declaration id, event, at, order of the event) of every public event at or after `since`."""
    visible = and_(Declaration.patent_id == Patent.id, Patent.archived.is_(False))
    published = (select(Declaration.id.label("declaration_id"), literal(PUBLISHED).label("event"),
                        Declaration.published_at.label("at"), literal(0).label("rank"))
                 .join(Patent, visible).where(Declaration.published_at.is_not(None)))
    withdrawn = (select(Declaration.id, literal(WITHDRAWN), Declaration.withdrawn_at, literal(1))
                 .join(Patent, visible).where(Declaration.withdrawn_at.is_not(None)))
    if since is not None:
        published = published.where(Declaration.published_at >= since)
        withdrawn = withdrawn.where(Declaration.withdrawn_at >= since)
    return union_all(published, withdrawn).subquery()


def feed_size(since: datetime | None) -> tuple[int, datetime | None]:
    """How many events there are at or after `since`, and the time of the latest one (None when none)."""
    count = db.session.scalar(select(func.count()).select_from(_events(since))) or 0
    latest = None
    for column in (Declaration.published_at, Declaration.withdrawn_at):
        stmt = (select(func.max(column)).join(Patent, Declaration.patent_id == Patent.id)
                .where(Patent.archived.is_(False)))
        if since is not None:
            stmt = stmt.where(column >= since)
        moment = db.session.scalar(stmt)
        if moment is not None and (latest is None or moment > latest):
            latest = moment
    return count, latest


def feed_page(since: datetime | None, offset: int, limit: int) -> list[FeedEvent]:
    """Events at or after `since` in feed order, `limit` of them from `offset`, with their declaration,
    its phases and its patent loaded."""
    events = _events(since)
    rows = db.session.execute(select(events.c.declaration_id, events.c.event, events.c.at)
                              .order_by(events.c.at, events.c.declaration_id, events.c.rank)
                              .limit(limit).offset(offset)).all()
    ids = {row.declaration_id for row in rows}
    loaded = {declaration.id: declaration for declaration in db.session.scalars(
        select(Declaration).where(Declaration.id.in_(ids))
        .options(selectinload(Declaration.phases),
                 selectinload(Declaration.patent).selectinload(Patent.university)))}
    out = []
    for row in rows:
        declaration = loaded[row.declaration_id]
        at = declaration.published_at if row.event == PUBLISHED else declaration.withdrawn_at
        out.append(FeedEvent(row.event, at, declaration))
    return out
