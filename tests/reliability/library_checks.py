"""What a consistent library looks like, read from the raw stores (SQLite rows, chromadb ids), so that a
check never repairs what it inspects; then a fresh open, whose sweep must find nothing to do."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from memory.filters import SearchFilters
from memory.report_library import ReportLibrary
from memory.search import search
from memory.vector_index import VectorIndex
from memory.vector_store import open_store


@dataclass(frozen=True)
class Raw:
    statuses: dict[str, int]
    complete: set[str]
    sources: dict[str, str]  # path → report_id
    chunks: int
    fts: int
    expected_chunks: int
    content_of_incomplete: int  # pages/chunks/tickers of reports that are not complete
    vector_reports: set[str]
    vectors: int


def raw_state(root: Path, embedding) -> Raw:
    db = sqlite3.connect(f"file:{root / 'catalog.sqlite3'}?mode=ro", uri=True)
    try:
        statuses = dict(db.execute("SELECT status, count(*) FROM reports GROUP BY status").fetchall())
        complete = {r for (r,) in db.execute("SELECT report_id FROM reports WHERE status = 'complete'")}
        sources = dict(db.execute("SELECT path, report_id FROM sources").fetchall())
        chunks = db.execute("SELECT count(*) FROM chunks").fetchone()[0]
        fts = db.execute("SELECT count(*) FROM chunks_fts").fetchone()[0]
        expected = db.execute("SELECT coalesce(sum(chunk_count), 0) FROM reports WHERE status = 'complete'").fetchone()[0]
        not_complete = "report_id NOT IN (SELECT report_id FROM reports WHERE status = 'complete')"
        stray = sum(db.execute(f"SELECT count(*) FROM {t} WHERE {not_complete}").fetchone()[0]
                    for t in ("pages", "chunks", "report_tickers"))
    finally:
        db.close()
    index = VectorIndex(open_store(root / "chroma"), embedding)
    try:
        vector_reports, vectors = index.report_ids(), index.count()
    finally:
        index.close()
    return Raw(statuses, complete, sources, chunks, fts, expected, stray, vector_reports, vectors)


def report_id_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def assert_visible_is_whole(raw: Raw) -> None:
    """What readers can see is whole, whatever else a crash left (rows 'writing', stray vectors)."""
    assert raw.chunks == raw.fts == raw.expected_chunks, raw
    assert raw.content_of_incomplete == 0, raw
    assert set(raw.sources.values()) <= raw.complete, raw
    assert raw.complete <= raw.vector_reports, raw


def assert_consistent(root: Path, embedding, files: list[Path]) -> Raw:
    """Every file in exactly once, at its current content; catalog, FTS and vectors agree; nothing
    half-written or orphaned; a fresh open has nothing to sweep; every file is found by keyword and by
    a vector search filtered to its report (which fails with "Error finding id" on a stale index)."""
    raw = raw_state(root, embedding)
    assert set(raw.statuses) <= {"complete"}, raw.statuses
    expected = {os.path.realpath(p): report_id_of(p) for p in files}
    assert raw.sources == expected
    assert raw.complete == set(expected.values())
    assert_visible_is_whole(raw)
    assert raw.vector_reports == raw.complete and raw.vectors == raw.chunks
    library = ReportLibrary(root, embedding)
    try:
        assert not library.swept.anything, library.swept
        for path in files:
            rid = expected[os.path.realpath(path)]
            token = re.search(r"K\d{4}V\d+Z", path.read_text(encoding="utf-8")).group(0)
            assert rid in {h.report_id for h in search(library, token, k=3, mode="keyword")}, path
            assert search(library, token, k=1, mode="vector", filters=SearchFilters(report_id=rid)), path
    finally:
        library.close()
    return raw
