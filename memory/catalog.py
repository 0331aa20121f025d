"""The report catalog: a SQLite file beside the vector store.

It is the source of truth for which reports are fully ingested (`status = 'complete'`),
holds page texts (citation checks read them), chunk texts, and an FTS5 index over
jieba tokens for BM25 keyword search. A report's pages, chunks and FTS rows are written
in one transaction, so a crash never leaves a half-visible report.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from memory.filters import SearchFilters, date_key

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
  report_id TEXT PRIMARY KEY, source TEXT NOT NULL, kind TEXT, title TEXT, broker TEXT,
  date TEXT, date_key INTEGER, page_count INTEGER, chunk_count INTEGER, tickers TEXT,
  status TEXT NOT NULL, ingested_at REAL);
CREATE TABLE IF NOT EXISTS sources (path TEXT PRIMARY KEY, report_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (report_id TEXT, page INTEGER, text TEXT, PRIMARY KEY (report_id, page));
CREATE TABLE IF NOT EXISTS chunks (
  rowid INTEGER PRIMARY KEY, chunk_id TEXT UNIQUE, report_id TEXT, page INTEGER, idx INTEGER, text TEXT);
CREATE INDEX IF NOT EXISTS chunks_report ON chunks(report_id);
CREATE TABLE IF NOT EXISTS report_tickers (report_id TEXT, ticker TEXT, PRIMARY KEY (report_id, ticker));
CREATE INDEX IF NOT EXISTS tickers_ticker ON report_tickers(ticker);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(tokens);
"""
# Added after the first release; catalogs made before get them on open (parser version: issue 12).
_ADDED_COLUMNS = {"reports": {"parser_version": "TEXT", "meta": "TEXT"}, "chunks": {"boilerplate": "INTEGER DEFAULT 0"}}


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


class Catalog:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA busy_timeout=10000")
        self._db.executescript(_SCHEMA)
        for table, columns in _ADDED_COLUMNS.items():
            have = {r["name"] for r in self._db.execute(f"PRAGMA table_info({table})")}
            for name, kind in columns.items():
                if name not in have:
                    self._db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _rows(self, sql: str, params: Sequence = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # -- reports and sources -------------------------------------------------------------
    def report(self, report_id: str) -> ReportRecord | None:
        rows = self._rows("SELECT * FROM reports WHERE report_id = ?", (report_id,))
        return _record(rows[0]) if rows else None

    def reports(self, status: str = "complete") -> list[ReportRecord]:
        rows = self._rows("SELECT * FROM reports WHERE status = ? ORDER BY date DESC, title", (status,))
        return [_record(r) for r in rows]

    def report_for_source(self, path: str) -> str | None:
        rows = self._rows("SELECT report_id FROM sources WHERE path = ?", (path,))
        return rows[0]["report_id"] if rows else None

    def sources_of(self, report_id: str) -> list[str]:
        return [r["path"] for r in self._rows("SELECT path FROM sources WHERE report_id = ?", (report_id,))]

    def set_source(self, path: str, report_id: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO sources(path, report_id) VALUES (?, ?)", (path, report_id))

    def begin_report(self, record: ReportRecord) -> None:
        """Mark a report as being written; readers ignore it until `complete_report`."""
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO reports (report_id, source, kind, title, broker, date, date_key, page_count, "
                "chunk_count, tickers, status, ingested_at, parser_version, meta) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (record.report_id, record.source, record.kind, record.title, record.broker, record.date,
                 date_key(record.date), record.page_count, record.chunk_count, json.dumps(list(record.tickers)),
                 "writing", time.time(), record.parser_version,
                 json.dumps(record.meta, ensure_ascii=False) if record.meta else None),
            )

    def complete_report(self, report_id: str, pages: Iterable[tuple[int, str]],
                        chunks: Iterable[tuple], tickers: Iterable[str]) -> None:
        """Write pages, chunks (id, page, index, text, tokens[, boilerplate]) and tickers, then flip status,
        atomically."""
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                self._delete_rows(report_id)
                db.executemany("INSERT INTO pages VALUES (?,?,?)", [(report_id, n, t) for n, t in pages])
                for chunk_id, page, idx, text, tokens, *flag in chunks:
                    cur = db.execute("INSERT INTO chunks(chunk_id, report_id, page, idx, text, boilerplate) VALUES (?,?,?,?,?,?)",
                                     (chunk_id, report_id, page, idx, text, int(bool(flag and flag[0]))))
                    db.execute("INSERT INTO chunks_fts(rowid, tokens) VALUES (?, ?)", (cur.lastrowid, tokens))
                db.executemany("INSERT OR IGNORE INTO report_tickers VALUES (?, ?)", [(report_id, t) for t in tickers])
                db.execute("UPDATE reports SET status = 'complete', ingested_at = ? WHERE report_id = ?",
                           (time.time(), report_id))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def _delete_rows(self, report_id: str) -> None:
        db = self._db
        db.execute("DELETE FROM chunks_fts WHERE rowid IN (SELECT rowid FROM chunks WHERE report_id = ?)", (report_id,))
        for table in ("chunks", "pages", "report_tickers"):
            db.execute(f"DELETE FROM {table} WHERE report_id = ?", (report_id,))

    def delete_report(self, report_id: str) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._delete_rows(report_id)
                self._db.execute("DELETE FROM sources WHERE report_id = ?", (report_id,))
                self._db.execute("DELETE FROM reports WHERE report_id = ?", (report_id,))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

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
        """Chunks of complete reports only: ids of half-written reports are silently absent."""
        out: dict[str, ChunkRecord] = {}
        reports: dict[str, ReportRecord | None] = {}
        for start in range(0, len(chunk_ids), 500):
            batch = list(chunk_ids[start : start + 500])
            marks = ",".join("?" * len(batch))
            for row in self._rows(f"SELECT chunk_id, report_id, page, text, boilerplate FROM chunks WHERE chunk_id IN ({marks})",
                                  batch):
                rid = row["report_id"]
                if rid not in reports:
                    reports[rid] = self.report(rid)
                report = reports[rid]
                if report is not None and report.status == "complete":
                    out[row["chunk_id"]] = ChunkRecord(row["chunk_id"], rid, row["page"], row["text"], report,
                                                       bool(row["boilerplate"]))
        return out

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
