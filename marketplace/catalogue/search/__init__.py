"""Catalogue search: one interface over the database's own full-text engine.

`search()` answers a query with a page of patents, facet counts and the terms to highlight;
`index_patents()` / `unindex_patents()` keep the index in step on every write; `reindex_all()`
rebuilds it. SQLite uses an FTS5 table, PostgreSQL a tsvector column with a GIN index; the tokens
come from `marketplace.core.search_tokens` for both.
"""

from marketplace.catalogue.search.index import index_patents, reindex_all, unindex_patents
from marketplace.catalogue.search.query import FACETS, SORTS, SearchQuery
from marketplace.catalogue.search.service import (
    FacetValue,
    SearchResult,
    catalogue_size,
    patents_matching_any,
    search,
)

__all__ = [
    "FACETS", "SORTS", "FacetValue", "SearchQuery", "SearchResult", "catalogue_size", "index_patents",
    "patents_matching_any",
    "reindex_all", "search", "unindex_patents",
]
