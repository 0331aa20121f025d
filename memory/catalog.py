"""The report catalog: a SQLite file beside the vector store.

It is the source of truth for which reports are fully ingested (`status = 'complete'`),
holds page texts (citation checks read them), chunk texts, and an FTS5 index over
jieba tokens for BM25 keyword search. A report's pages, chunks and FTS rows are written
in one transaction, so a crash never leaves a half-visible report. Every write transaction
bumps `generation`, so a reader can tell in one query whether anything changed. The status
transitions (writing → complete, complete → dropping) live in memory/report_states.py.

Its SQL is shared with the team catalog (memory/pg_catalog.py, PostgreSQL), which overrides only the
connection, the schema and the keyword index; memory/catalog_api.py is the interface both implement.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, NamedTuple, Sequence

from memory import duplicate_tables
from memory.filters import SearchFilters
from memory.report_states import ReportStates
from memory.sqlite_wal import enable_wal

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
  report_id TEXT PRIMARY KEY, source TEXT NOT NULL, kind TEXT, title TEXT, broker TEXT,
  date TEXT, date_key INTEGER, page_count INTEGER, chunk_count INTEGER, tickers TEXT,
  status TEXT NOT NULL, ingested_at REAL);
CREATE TABLE IF NOT EXISTS sources (path TEXT PRIMARY KEY, report_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sources_report ON sources(report_id);
CREATE TABLE IF NOT EXISTS pages (report_id TEXT, page INTEGER, text TEXT, PRIMARY KEY (report_id, page));
CREATE TABLE IF NOT EXISTS chunks (
  rowid INTEGER PRIMARY KEY, chunk_id TEXT UNIQUE, report_id TEXT, page INTEGER, idx INTEGER, text TEXT);
CREATE INDEX IF NOT EXISTS chunks_report ON chunks(report_id);
CREATE TABLE IF NOT EXISTS report_tickers (report_id TEXT, ticker TEXT, PRIMARY KEY (report_id, ticker));
CREATE INDEX IF NOT EXISTS tickers_ticker ON report_tickers(ticker);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(tokens);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('generation', 0);
"""
# Added after the first release; catalogs made before get them on open (parser version: issue 12; the
# lease of a report being written or dropped, memory/leases.py: issue 11).
_ADDED_COLUMNS = {
    "reports": {"parser_version": "TEXT", "meta": "TEXT", "owner_host": "TEXT", "owner_pid": "INTEGER",
                "owner_started": "INTEGER", "owner_token": "TEXT", "heartbeat": "REAL"},
    "chunks": {"boilerplate": "INTEGER DEFAULT 0"},
}


@dataclass(frozen=True)
class ReportRecord:
    report_id: str
    source: str
    kind: str
    title: str
    broker: str | None
    date: str | None
    page_count: int
    chunk_count: int
    tickers: tuple[str, ...]
    status: str
    parser_version: str | None = None  # tools.documents.PARSER_VERSION when it was parsed; None: before versions
    meta: dict | None = None  # the document's metadata fields, each with page and rule


class SourceReport(NamedTuple):
    """The few fields of a source's report that tell whether re-reading the file can be skipped."""

    report_id: str
    status: str
    parser_version: str | None
    page_count: int
    chunk_count: int


@dataclass(frozen=True)
class ChunkRecord:
    chunk_id: str
    report_id: str
    page: int
    text: str
    report: ReportRecord
    boilerplate: bool = False


def _record(row: sqlite3.Row) -> ReportRecord:
    return ReportRecord(
        report_id=row["report_id"], source=row["source"], kind=row["kind"] or "", title=row["title"] or "",
        broker=row["broker"], date=row["date"], page_count=row["page_count"] or 0,
        chunk_count=row["chunk_count"] or 0, tickers=tuple(json.loads(row["tickers"] or "[]")), status=row["status"],
        parser_version=row["parser_version"], meta=json.loads(row["meta"]) if row["meta"] else None,
    )


class Catalog(ReportStates):
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA busy_timeout=30000")
        enable_wal(self._db)  # several runs may open a new library at once (memory/sqlite_wal.py)
        # No fsync per commit (was one per transaction, 3 per ingested file): in WAL mode a transaction
        # stays atomic and a killed process loses nothing committed; only a power cut can lose the last
        # commits, whole. A report that loses its 'complete' that way is 'writing' under a dead owner,
        # which the next open sweeps and a re-ingest writes again (fingerprints defer to the catalog).
        self._db.execute("PRAGMA synchronous=NORMAL")
        with self.transaction(bump=False) as db:  # one process at a time creates or upgrades the schema
            for statement in filter(str.strip, (_SCHEMA + duplicate_tables.SCHEMA).split(";\n")):  # executescript would commit first
                db.execute(statement)
            for table, columns in _ADDED_COLUMNS.items():
                have = {r["name"] for r in db.execute(f"PRAGMA table_info({table})")}
                for name, kind in columns.items():
                    if name not in have:
                        db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")
            # Covers `matching_chunks` (search's post-filter of vector candidates) without reading chunk texts.
            db.execute("CREATE INDEX IF NOT EXISTS chunks_filter ON chunks(chunk_id, report_id, boilerplate)")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextlib.contextmanager
    def transaction(self, *, bump: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction (other writers wait); one that changed anything bumps the generation."""
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            changes = db.total_changes
            try:
                yield db
                if bump and db.total_changes != changes:
                    db.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def _rows(self, sql: str, params: Sequence = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _tuples(self, sql: str, params: Sequence = ()) -> list[tuple]:
        """Rows as plain tuples: for the queries that return a row per file (no per-row name lookups)."""
        with self._lock:
            cursor = self._db.cursor()
            cursor.row_factory = None
            return cursor.execute(sql, params).fetchall()

    def read(self, sql: str, params: Sequence = ()) -> list[sqlite3.Row]:
        """A read-only query for modules that keep their own tables in the catalog (near_duplicates)."""
        return self._rows(sql, params)

    def _execute(self, sql: str, params: Sequence = ()) -> int:
        """One statement in its own (auto-commit) transaction; the number of rows it changed."""
        with self._lock:
            return self._db.execute(sql, params).rowcount

    def generation(self) -> int:
        """Bumped by every committed change, by any process."""
        return self._rows("SELECT value FROM meta WHERE key = 'generation'")[0]["value"]

    # -- reports and sources -------------------------------------------------------------
    def report(self, report_id: str) -> ReportRecord | None:
        rows = self._rows("SELECT * FROM reports WHERE report_id = ?", (report_id,))
        return _record(rows[0]) if rows else None

    def reports(self, status: str = "complete") -> list[ReportRecord]:
        rows = self._rows("SELECT * FROM reports WHERE status = ? ORDER BY date DESC NULLS LAST, title", (status,))
        return [_record(r) for r in rows]

    def report_for_source(self, path: str) -> str | None:
        rows = self._rows("SELECT report_id FROM sources WHERE path = ?", (path,))
        return rows[0]["report_id"] if rows else None

    def source_reports(self, paths: Sequence[str]) -> dict[str, SourceReport]:
        """{path: what the catalog says of the report that path is a source of} for many paths at once,
        one joined query per 500 (a no-op re-ingest of 1,000 files asks this and nothing else)."""
        found: dict[str, SourceReport] = {}
        for start in range(0, len(paths), 500):
            part = paths[start:start + 500]
            found |= {path: SourceReport(*fields) for path, *fields in self._tuples(
                "SELECT s.path, r.report_id, r.status, r.parser_version, COALESCE(r.page_count, 0), "
                "COALESCE(r.chunk_count, 0) FROM sources s JOIN reports r ON r.report_id = s.report_id "
                f"WHERE s.path IN ({','.join('?' * len(part))})", part)}
        return found

    def sources_of(self, report_id: str) -> list[str]:
        return [r["path"] for r in self._rows("SELECT path FROM sources WHERE report_id = ?", (report_id,))]

    def report_ids(self) -> set[str]:
        """Every report with a row, whatever its status."""
        return {r["report_id"] for r in self._rows("SELECT report_id FROM reports")}

    def expected_vectors(self) -> tuple[int, set[str]]:
        """(chunks the complete reports should have in the vector index, those reports' ids)."""
        rows = self._rows("SELECT report_id, chunk_count FROM reports WHERE status = 'complete'")
        return sum(r["chunk_count"] or 0 for r in rows), {r["report_id"] for r in rows if r["chunk_count"]}

    # -- reading -----------------------------------------------------------------------
    def page_text(self, report_id: str, page: int) -> str | None:
        rows = self._rows("SELECT text FROM pages WHERE report_id = ? AND page = ?", (report_id, page))
        return rows[0]["text"] if rows else None

    def pages(self, report_id: str) -> list[tuple[int, str]]:
        rows = self._rows("SELECT page, text FROM pages WHERE report_id = ? ORDER BY page", (report_id,))
        return [(r["page"], r["text"]) for r in rows]

    def chunk_count(self) -> int:
        return self._rows("SELECT count(*) AS n FROM chunks")[0]["n"]

    def chunks(self, chunk_ids: Sequence[str]) -> dict[str, ChunkRecord]:
        """Chunks of complete reports only: ids of half-written reports are silently absent. One joined
        query per 500 ids (search reads a few hundred candidates per query: one query per report was
        ~0.15 ms per id at 100k chunks)."""
        out: dict[str, ChunkRecord] = {}
        reports: dict[str, ReportRecord] = {}
        for start in range(0, len(chunk_ids), 500):
            batch = list(chunk_ids[start : start + 500])
            marks = ",".join("?" * len(batch))
            for row in self._rows("SELECT c.chunk_id AS chunk_id, c.page AS chunk_page, c.text AS chunk_text, "
                                  "c.boilerplate AS chunk_boilerplate, r.* FROM chunks c "
                                  f"JOIN reports r ON r.report_id = c.report_id WHERE c.chunk_id IN ({marks}) "
                                  "AND r.status = 'complete'", batch):
                rid = row["report_id"]
                report = reports.get(rid) or reports.setdefault(rid, _record(row))
                out[row["chunk_id"]] = ChunkRecord(row["chunk_id"], rid, row["chunk_page"], row["chunk_text"], report,
                                                   bool(row["chunk_boilerplate"]))
        return out

    def matching_chunks(self, chunk_ids: Sequence[str], filters: SearchFilters) -> set[str]:
        """Those of `chunk_ids` whose chunk and complete report pass `filters`: the keyword side's SQL
        condition (SearchFilters.sql_where), so both lists filter alike."""
        where, params = filters.sql_where()
        found: set[str] = set()
        for start in range(0, len(chunk_ids), 500):
            batch = list(chunk_ids[start : start + 500])
            sql = (f"SELECT c.chunk_id AS chunk_id FROM chunks c JOIN reports r ON r.report_id = c.report_id "
                   f"WHERE c.chunk_id IN ({','.join('?' * len(batch))}) AND {where}")
            found.update(r["chunk_id"] for r in self._rows(sql, [*batch, *params]))
        return found

    def chunk_share(self, filters: SearchFilters) -> tuple[int, int]:
        """(chunks of the complete reports that `filters` keep, chunks of all complete reports), from the
        reports' chunk counts, disclaimers included: search sizes its vector over-fetch by it."""
        from dataclasses import replace

        where, params = replace(filters, include_boilerplate=True).sql_where()
        row = self._rows("SELECT coalesce(sum(CASE WHEN " + where + " THEN r.chunk_count ELSE 0 END), 0) AS kept, "
                         "coalesce(sum(r.chunk_count), 0) AS total FROM reports r WHERE r.status = 'complete'", params)[0]
        return int(row["kept"]), int(row["total"])

    def keyword_rows(self, report_id: str) -> int:
        """The report's rows in the catalog's keyword table (for `touyan reports show`)."""
        return self._rows("SELECT count(*) AS n FROM chunks_fts WHERE rowid IN (SELECT rowid FROM chunks WHERE report_id = ?)",
                          (report_id,))[0]["n"]

    def keyword_search(self, tokens: Sequence[str], k: int, filters: SearchFilters) -> list[tuple[str, float]]:
        """BM25 (FTS5) over jieba tokens; any token may match. Returns (chunk_id, score), best first."""
        terms = sorted({t.replace('"', '""') for t in tokens if t})
        if not terms:
            return []
        match = " OR ".join(f'"{t}"' for t in terms)
        where, params = filters.sql_where()
        sql = (
            "SELECT c.chunk_id AS chunk_id, bm25(chunks_fts) AS rank FROM chunks_fts "
            "JOIN chunks c ON c.rowid = chunks_fts.rowid JOIN reports r ON r.report_id = c.report_id "
            f"WHERE chunks_fts MATCH ? AND {where} ORDER BY rank LIMIT ?"
        )
        # FTS5's bm25() is lower-is-better; negate it so callers see higher-is-better.
        return [(r["chunk_id"], -r["rank"]) for r in self._rows(sql, [match, *params, k])]
