"""The keyword side as it was before memory/keyword_index.py: BM25 through the catalog's SQLite FTS5
table, joined to chunks and reports. Benchmarks swap it in to measure the old path in the same run
(issue 15, goal 3: latency and recall@5 against it)."""

from __future__ import annotations

from contextlib import contextmanager


class CatalogKeywords:
    """KeywordIndex's search over `Catalog.keyword_search` (FTS5); read-only."""

    def __init__(self, catalog):
        self._catalog = catalog

    def search(self, tokens, k, filters):
        return self._catalog.keyword_search(tokens, k, filters)


@contextmanager
def fts5_keywords(library):
    """Within the block, `memory.search.search(library, …)` ranks keywords through FTS5."""
    index = library.keywords
    library.keywords = CatalogKeywords(library.catalog)
    try:
        yield
    finally:
        library.keywords = index
