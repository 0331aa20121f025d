"""The library's two indexes of the same chunks, kept in step: vectors (chromadb) and keywords (BM25,
memory/keyword_index.py).

A report's keyword documents are written right after its vectors and deleted wherever its vectors
are (a retried write, a replaced or removed report, a sweep after a dead writer), inside the same
vector session: on a local store that session is an exclusive lock across processes, so keyword
writers never wait on tantivy's own writer lock, and a fill from the catalog cannot interleave with
a drop. The catalog stays the truth about which reports are visible (search drops chunks of reports
that are not complete), so a kill between the two writes leaves nothing a reader can see; the
report's 'writing' or 'dropping' row makes the next sweep delete both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Sequence

from memory.keyword_backfill import backfill
from memory.keyword_index import KeywordDoc, TantivyKeywordIndex
from memory.vector_index import VectorIndex
from memory.vector_store import LocalStore, RemoteStore


def keyword_docs(report_id: str, broker: str | None, date: str | None, tickers: Iterable[str],
                 chunks: Sequence, tokens: Sequence[str]) -> list[KeywordDoc]:
    """One KeywordDoc per chunk (memory.chunking.Chunk), with its report's filter fields."""
    tickers = tuple(tickers)
    return [KeywordDoc(c.id, report_id, t, broker, date, tickers, c.boilerplate) for c, t in zip(chunks, tokens)]


class ChunkIndexes(VectorIndex):
    """The vector index, plus `keywords` over the same chunks (deleted together)."""

    def __init__(self, store: LocalStore | RemoteStore, embedding_function, keyword_root: Path,
                 generation: Callable[[], int]):
        self.keywords = TantivyKeywordIndex(keyword_root, generation=generation)
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
