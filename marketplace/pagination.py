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


class _RowsPagination(SelectPagination):
    """A page of whole result rows (several columns each) rather than of the first column's values."""

    def _query_items(self) -> list:
        stmt = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return list(self._query_args["session"].execute(stmt).all())


def paginate_rows(stmt: Select, param: str = "page") -> Pagination:
    """Like `paginate`, for a statement of several columns: the items are the rows (named tuples)."""
    return _RowsPagination(select=stmt, session=db.session(), page=page_number(param),
                           per_page=current_app.config["PAGE_SIZE"], error_out=False)


class _ListPagination(Pagination):
    """A page of a list already computed in Python (rows whose state is derived, not stored)."""

    def __init__(self, items: list, page: int, per_page: int) -> None:
        self._all = items
        super().__init__(page=page, per_page=per_page, max_per_page=None, error_out=False)

    def _query_items(self) -> list:
        return self._all[self._query_offset:self._query_offset + self.per_page]

    def _query_count(self) -> int:
        return len(self._all)


def paginate_list(items: list, param: str = "page") -> Pagination:
    """Like `paginate`, for a list computed in Python."""
    return _ListPagination(list(items), page=page_number(param), per_page=current_app.config["PAGE_SIZE"])
