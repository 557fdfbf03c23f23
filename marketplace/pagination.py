"""Pagination for list pages: every list is paged, with the page size from the configuration."""

from __future__ import annotations

from flask import current_app
from flask_sqlalchemy.pagination import Pagination, SelectPagination
from sqlalchemy import Select

from marketplace.edge.query import page_number
from marketplace.extensions import db


def paginate(stmt: Select, param: str = "page") -> Pagination:
    """One page of `stmt`; the page number comes from `?page=` (or `?<param>=` for a second list on the
    page) and a bad one gives page 1."""
    return db.paginate(stmt, page=page_number(param), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)


class _RowPagination(SelectPagination):
    """A page of whole result rows (several columns) rather than of the first column's values."""

    def _query_items(self) -> list:
        stmt = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return list(self._query_args["session"].execute(stmt).all())


def paginate_rows(stmt: Select, param: str = "page") -> Pagination:
    """One page of `stmt`'s rows (each a row of several columns), paged as `paginate` pages."""
    return _RowPagination(select=stmt, session=db.session(), page=page_number(param),
                          per_page=current_app.config["PAGE_SIZE"], error_out=False)
