"""Pages of API lists: `page` and `per_page` in the query, `next`/`previous` links in the body."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from flask import request, url_for
from marshmallow import Schema, fields, validate
from sqlalchemy import Select, func, select

from marketplace.extensions import db

MAX_PER_PAGE = 100


class PageArgs(Schema):
    """The paging of a list."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PER_PAGE))


@cache
def page_schema(item: type[Schema]) -> type[Schema]:
    """The schema of a page of `item`s (one class per item schema, so the document names it once)."""
    name = item.__name__.removesuffix("Schema") + "PageSchema"
    return type(name, (Schema,), {
        "items": fields.List(fields.Nested(item), required=True),
        "page": fields.Integer(required=True),
        "per_page": fields.Integer(required=True),
        "total": fields.Integer(required=True),
        "next": fields.String(allow_none=True, required=True, metadata={"format": "uri"}),
        "previous": fields.String(allow_none=True, required=True, metadata={"format": "uri"}),
        "__doc__": f"A page of {item.__name__.removesuffix('Schema')} items.",
    })


def _link(page: int) -> str:
    args = {**request.args.to_dict(), "page": page}
    return url_for(request.endpoint or "", **(request.view_args or {}), **args, _external=True)


def envelope(items: list[Any], page: int, per_page: int, total: int) -> dict[str, Any]:
    """A page's body with its links."""
    last = max(1, -(-total // per_page))
    return {"items": items, "page": page, "per_page": per_page, "total": total,
            "next": _link(page + 1) if page < last else None,
            "previous": _link(min(page - 1, last)) if page > 1 else None}


def page_of(stmt: Select, args: dict[str, int], convert: Callable[[Any], Any] = lambda item: item,
            scalars: bool = True) -> dict[str, Any]:
    """One page of `stmt` (its rows converted), with the total and links."""
    page, per_page = args["page"], args["per_page"]
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    window = stmt.limit(per_page).offset((page - 1) * per_page)
    rows = db.session.scalars(window) if scalars else db.session.execute(window)
    return envelope([convert(row) for row in rows], page, per_page, total)
