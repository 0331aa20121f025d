"""The library's two indexes of the same chunks, kept in step: vectors (chromadb) and keywords (BM25,
memory/keyword_index.py).

A report's keyword documents are written right after its vectors and deleted wherever its vectors
are (a retried write, a replaced or removed report, a sweep after a dead writer), inside the same
vector session: on a local store that session is an exclusive lock across processes, so keyword
writers never wait on tantivy's own writer lock, and a fill from the catalog cannot interleave with
a drop. The catalog stays the truth about which reports are visible (search drops chunks of reports
that are not complete), so a kill between the two writes leaves nothing a reader can see; the
report's 'writing' or 'dropping' row makes the next sweep delete both.

In team mode (a PostgreSQL catalog) the keyword index is the catalog's own tsvector column, written
with the chunks in the transaction that completes a report and deleted with them, and shared by every
replica and worker: `CatalogKeywords` serves it behind the same KeywordIndex interface, and no
tantivy folder is made (a local file would not be seen by other machines).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Sequence

from memory.keyword_backfill import backfill
from memory.filters import SearchFilters
from memory.keyword_index import KeywordDoc, KeywordIndex, TantivyKeywordIndex
from memory.vector_index import VectorIndex
from memory.vector_store import LocalStore, RemoteStore, open_store


def keyword_docs(report_id: str, broker: str | None, date: str | None, tickers: Iterable[str],
                 chunks: Sequence, tokens: Sequence[str]) -> list[KeywordDoc]:
    """One KeywordDoc per chunk (memory.chunking.Chunk), with its report's filter fields."""
    tickers = tuple(tickers)
    return [KeywordDoc(c.id, report_id, t, broker, date, tickers, c.boilerplate) for c, t in zip(chunks, tokens)]


class CatalogKeywords:
    """KeywordIndex over a catalog that keeps the keyword index itself (PostgreSQL: memory/pg_catalog.py).
    Writes are no-ops: a report's tokens go in with its chunks, in the transaction that completes it, and
    leave with them. The catalog's search joins its reports, so only complete reports are found."""

    filled = True  # nothing to copy from the catalog: it is the index

    def __init__(self, catalog) -> None:
        self._catalog = catalog

    def mark_filled(self) -> None:
        return None

    def write(self, add: Sequence[KeywordDoc] = (), delete_reports: Iterable[str] = (),
              committing: Callable[[], None] | None = None) -> None:
        return None

    def search(self, tokens: Sequence[str], k: int, filters: SearchFilters) -> list[tuple[str, float]]:
        return self._catalog.keyword_search(tokens, k, filters)

    def count(self) -> int:
        return self._catalog.chunk_count()

    def close(self) -> None:
        return None


class ChunkIndexes(VectorIndex):
    """The vector index, plus `keywords` over the same chunks (deleted together)."""

    def __init__(self, store: LocalStore | RemoteStore, embedding_function, keywords: KeywordIndex):
        self.keywords = keywords
        super().__init__(store, embedding_function)

    def fill_keywords(self, catalog_path: Path) -> int:
        """A library from before the keyword index (or its schema version): copy its complete reports'
        tokens from the catalog, once. Returns how many chunks were copied."""
        if self.keywords.filled:
            return 0
        with self.session(write=False):  # the lock, without making other processes reopen chromadb
            copied = backfill(self.keywords, catalog_path)
            self.keywords.mark_filled()
        return copied

    def add_keywords(self, docs: Sequence[KeywordDoc]) -> None:
        with self.session(write=False):
            self.keywords.write(docs)

    def delete_report(self, report_id: str) -> None:
        with self.session(write=True):
            super().delete_report(report_id)
            self.keywords.write(delete_reports=[report_id])

    def delete_ids_of(self, report_ids: set[str]) -> None:
        with self.session(write=True):
            super().delete_ids_of(report_ids)
            self.keywords.write(delete_reports=report_ids)

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.keywords.close()


def open_chunk_indexes(root: Path, catalog, embedding_function, *, chroma_url: str | None,
                       team: bool) -> ChunkIndexes:
    """The library's indexes: vectors in `root`/chroma or on the Chroma server; keywords in tantivy
    (`root`/keywords, filled once from catalog.sqlite3, reloaded when the catalog generation moves), or,
    in team mode, served by the PostgreSQL catalog."""
    store = open_store(root / "chroma", chroma_url)
    if team:
        return ChunkIndexes(store, embedding_function, CatalogKeywords(catalog))
    indexes = ChunkIndexes(store, embedding_function, TantivyKeywordIndex(root / "keywords", generation=catalog.generation))
    indexes.fill_keywords(root / "catalog.sqlite3")
    return indexes
