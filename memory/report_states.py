"""The life of a report row in the catalog, with every transition checked.

    (none) ──begin──▶ writing ──complete──▶ complete ──drop──▶ dropping ──forget──▶ (none)
                        │  ▲ reclaimed when its owner is gone          ▲
                        └──┴──────────── take_over (sweep) ────────────┘

Readers only see 'complete'. A 'writing' or 'dropping' row carries the lease of the library instance
working on it (memory/leases.py); only that instance moves it on, unless the owner is gone. Each
transition is one UPDATE/DELETE whose row count is checked: 0 rows means another process got there
first, and the caller is told (LeaseLost), never left to report success. Completing a report, pointing
its source at it and retiring the version the source pointed at before are one transaction, so a
replaced file is never visible twice or not at all.
"""

from __future__ import annotations

import json
import sqlite3
import time
from typing import TYPE_CHECKING, Iterable, Literal

from memory.filters import date_key
from memory.leases import LEASE_TIMEOUT_S, Lease, Owner

if TYPE_CHECKING:
    from memory.catalog import ReportRecord

BeginState = Literal["acquired", "reclaimed", "complete", "busy"]
_LEASE_SET = "owner_host = ?, owner_pid = ?, owner_started = ?, owner_token = ?, heartbeat = ?"
_LEASE_COLS = "owner_host, owner_pid, owner_started, owner_token, heartbeat"


class LeaseLost(RuntimeError):
    """A status change matched no row: another process took the report over or finished it."""


def _lease_values(owner: Owner) -> tuple:
    return owner.host, owner.pid, owner.started, owner.token, time.time()


def _lease(row: sqlite3.Row) -> Lease:
    return Lease(row["owner_host"], row["owner_pid"], row["owner_started"], row["owner_token"], row["heartbeat"])


def delete_content(db: sqlite3.Connection, report_id: str) -> None:
    """A report's pages, chunks, FTS rows, tickers and near-duplicate records (not its row or its sources)."""
    db.execute("DELETE FROM chunks_fts WHERE rowid IN (SELECT rowid FROM chunks WHERE report_id = ?)", (report_id,))
    delete_rows(db, report_id)


def delete_rows(db, report_id: str) -> None:
    """A report's pages, chunks, tickers and near-duplicate records."""
    for table in ("chunks", "pages", "report_tickers", "dup_signatures", "dup_bands", "dup_sources"):
        db.execute(f"DELETE FROM {table} WHERE report_id = ?", (report_id,))


class ReportStates:
    """Mixed into Catalog, which provides transaction(), _rows() and _execute(). The SQL here runs on
    SQLite and (through memory/pg_catalog.py's connection, `?` → `%s`) on PostgreSQL alike; where the
    keyword index lives differs (an FTS5 table, a tsvector column), so its rows go through the
    `_insert_chunks`, `_delete_content` and `_KEYWORD_ORPHANS` hooks."""

    # (probe, delete) of FTS rows whose chunk is gone; None where the index is a column of `chunks`.
    _KEYWORD_ORPHANS: tuple[str, str] | None = (
        "SELECT 1 FROM chunks_fts WHERE rowid NOT IN (SELECT rowid FROM chunks) LIMIT 1",
        "DELETE FROM chunks_fts WHERE rowid NOT IN (SELECT rowid FROM chunks)")

    def _delete_content(self, db, report_id: str) -> None:
        delete_content(db, report_id)

    def _insert_chunks(self, db, report_id: str, chunks: Iterable[tuple]) -> None:
        for chunk_id, page, idx, text, tokens, *flag in chunks:
            cur = db.execute("INSERT INTO chunks(chunk_id, report_id, page, idx, text, boilerplate) "
                             "VALUES (?,?,?,?,?,?)", (chunk_id, report_id, page, idx, text, int(bool(flag and flag[0]))))
            db.execute("INSERT INTO chunks_fts(rowid, tokens) VALUES (?, ?)", (cur.lastrowid, tokens))

    def begin_report(self, record: ReportRecord, owner: Owner, *,
                     timeout_s: float = LEASE_TIMEOUT_S) -> tuple[BeginState, Lease | None]:
        """Lease the report for writing. 'busy' comes with the live holder's lease; 'reclaimed' means
        a row was there (a crashed or failed attempt, or a drop): its vectors must be deleted first."""
        values = (record.source, record.kind, record.title, record.broker, record.date, date_key(record.date),
                  record.page_count, record.chunk_count, json.dumps(list(record.tickers)), time.time(),
                  record.parser_version, json.dumps(record.meta, ensure_ascii=False) if record.meta else None)
        with self.transaction() as db:
            row = db.execute(f"SELECT status, parser_version, {_LEASE_COLS} FROM reports WHERE report_id = ?",
                             (record.report_id,)).fetchone()
            if row is None:
                db.execute(f"INSERT INTO reports (report_id, source, kind, title, broker, date, date_key, page_count, "
                           f"chunk_count, tickers, ingested_at, parser_version, meta, status, {_LEASE_COLS}) "
                           "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?, 'writing', ?,?,?,?,?)",
                           (record.report_id, *values, *_lease_values(owner)))
                return "acquired", None
            if row["status"] == "complete" and row["parser_version"] == record.parser_version:
                return "complete", None
            lease = _lease(row)  # a complete row of an older parser has no lease: it is re-parsed in place
            if not lease.held_by(owner) and not lease.owner_gone(owner, timeout_s=timeout_s):
                return "busy", lease
            changed = db.execute(
                "UPDATE reports SET source = ?, kind = ?, title = ?, broker = ?, date = ?, date_key = ?, page_count = ?, "
                f"chunk_count = ?, tickers = ?, ingested_at = ?, parser_version = ?, meta = ?, status = 'writing', {_LEASE_SET} "
                "WHERE report_id = ? AND status = ? AND owner_token IS NOT DISTINCT FROM ?",
                (*values, *_lease_values(owner), record.report_id, row["status"], lease.token)).rowcount
            if changed != 1:
                raise LeaseLost(f"研报 {record.report_id} 的写入权已被其他进程取得")
            self._delete_content(db, record.report_id)
            return "reclaimed", None

    def complete_report(self, report_id: str, source: str, pages: Iterable[tuple[int, str]],
                        chunks: Iterable[tuple], tickers: Iterable[str],
                        owner: Owner) -> tuple[str | None, bool]:
        """writing → complete with pages, chunks (id, page, index, text, tokens[, boilerplate]) and tickers, `source`
        pointed at it, and the report it pointed at before retired, in one transaction. Returns
        (that previous report, whether it was retired: then its vectors are the caller's to delete)."""
        with self.transaction() as db:
            changed = db.execute(
                "UPDATE reports SET status = 'complete', ingested_at = ?, owner_host = NULL, owner_pid = NULL, "
                "owner_started = NULL, owner_token = NULL, heartbeat = NULL "
                "WHERE report_id = ? AND status = 'writing' AND owner_token = ?",
                (time.time(), report_id, owner.token)).rowcount
            if changed != 1:
                raise LeaseLost(f"研报 {report_id} 已不在本进程的写入中（被其他进程接管），未标记完成")
            self._delete_content(db, report_id)
            db.executemany("INSERT INTO pages VALUES (?,?,?)", [(report_id, n, t) for n, t in pages])
            self._insert_chunks(db, report_id, chunks)
            db.executemany("INSERT INTO report_tickers VALUES (?, ?) ON CONFLICT DO NOTHING",
                           [(report_id, t) for t in tickers])
            return self._point_source(db, source, report_id, owner)

    def attach_source(self, source: str, report_id: str, owner: Owner) -> tuple[str | None, bool]:
        """Point `source` at a complete report (the same content met again, maybe under a new path)."""
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM reports WHERE report_id = ? AND status = 'complete'", (report_id,)).fetchone() is None:
                raise LeaseLost(f"研报 {report_id} 已不再完整（刚被其他进程移除），未登记来源")
            return self._point_source(db, source, report_id, owner)

    def _point_source(self, db: sqlite3.Connection, source: str, report_id: str, owner: Owner) -> tuple[str | None, bool]:
        row = db.execute("SELECT report_id FROM sources WHERE path = ?", (source,)).fetchone()
        previous = row["report_id"] if row else None
        db.execute("INSERT INTO sources(path, report_id) VALUES (?, ?) "
                   "ON CONFLICT (path) DO UPDATE SET report_id = excluded.report_id", (source, report_id))
        if previous in (None, report_id):
            return None, False
        if db.execute("SELECT 1 FROM sources WHERE report_id = ? LIMIT 1", (previous,)).fetchone():
            return previous, False  # another path still holds that version
        return previous, self._mark_dropping(db, previous, owner)

    def _mark_dropping(self, db: sqlite3.Connection, report_id: str, owner: Owner) -> bool:
        changed = db.execute(f"UPDATE reports SET status = 'dropping', {_LEASE_SET} "
                             "WHERE report_id = ? AND status = 'complete'", (*_lease_values(owner), report_id)).rowcount
        if changed != 1:  # already being dropped or rewritten by another process: not ours to drop
            return False
        self._delete_content(db, report_id)
        db.execute("DELETE FROM sources WHERE report_id = ?", (report_id,))
        return True

    def drop_report(self, report_id: str, owner: Owner) -> bool:
        """complete → dropping (invisible at once); the caller deletes its vectors, then forget()s it."""
        with self.transaction() as db:
            return self._mark_dropping(db, report_id, owner)

    def take_over(self, report_id: str, lease: Lease, owner: Owner) -> bool:
        """A row whose owner is gone becomes this owner's 'dropping' row; False if someone else moved it first."""
        with self.transaction() as db:
            changed = db.execute(f"UPDATE reports SET status = 'dropping', {_LEASE_SET} WHERE report_id = ? "
                                 "AND status IN ('writing', 'dropping') AND owner_token IS NOT DISTINCT FROM ?",
                                 (*_lease_values(owner), report_id, lease.token)).rowcount
            if changed == 1:
                self._delete_content(db, report_id)
                db.execute("DELETE FROM sources WHERE report_id = ?", (report_id,))
            return changed == 1

    def forget(self, report_id: str, owner: Owner) -> bool:
        """Delete the row of a report this owner dropped or abandoned, once its vectors are gone."""
        with self.transaction() as db:
            return db.execute("DELETE FROM reports WHERE report_id = ? AND status IN ('writing', 'dropping') "
                              "AND owner_token = ?", (report_id, owner.token)).rowcount == 1

    def leased(self) -> list[tuple[str, str, Lease]]:
        """(report_id, status, lease) of every report being written or dropped."""
        rows = self._rows(f"SELECT report_id, status, {_LEASE_COLS} FROM reports WHERE status IN ('writing', 'dropping')")
        return [(r["report_id"], r["status"], _lease(r)) for r in rows]

    def beat(self, owner: Owner) -> int:
        return self._execute("UPDATE reports SET heartbeat = ? WHERE owner_token = ? AND status IN ('writing', 'dropping')",
                             (time.time(), owner.token))

    def sweep_orphans(self, owner: Owner) -> tuple[int, list[str]]:
        """Rows no complete report accounts for: pages, chunks, FTS rows and tickers of reports that are
        not complete, sources of reports that are gone, and complete reports no source points at (left by
        versions before the transitions above were one transaction). Returns (rows removed, reports now
        'dropping' for the caller to finish)."""
        not_complete = "report_id NOT IN (SELECT report_id FROM reports WHERE status = 'complete')"
        # A source may point at a report being re-parsed in place ('writing'); take_over drops those.
        dangling = "report_id NOT IN (SELECT report_id FROM reports WHERE status IN ('complete', 'writing'))"
        tables = {"pages": not_complete, "chunks": not_complete, "report_tickers": not_complete, "sources": dangling}
        probes = [f"SELECT 1 FROM {t} WHERE {where} LIMIT 1" for t, where in tables.items()]
        if self._KEYWORD_ORPHANS:
            probes.append(self._KEYWORD_ORPHANS[0])
        probes.append("SELECT 1 FROM reports r WHERE status = 'complete' AND NOT EXISTS "
                      "(SELECT 1 FROM sources s WHERE s.report_id = r.report_id) LIMIT 1")
        if not any(self._rows(sql) for sql in probes):  # the usual case: no write lock taken
            return 0, []
        removed = 0
        with self.transaction() as db:
            for table, where in tables.items():
                removed += db.execute(f"DELETE FROM {table} WHERE {where}").rowcount
            if self._KEYWORD_ORPHANS:  # the FTS rows of the chunks just deleted, and any left before
                removed += db.execute(self._KEYWORD_ORPHANS[1]).rowcount
            sourceless = [r["report_id"] for r in db.execute(
                "SELECT report_id FROM reports r WHERE status = 'complete' AND NOT EXISTS "
                "(SELECT 1 FROM sources s WHERE s.report_id = r.report_id)")]
            dropping = [rid for rid in sourceless if self._mark_dropping(db, rid, owner)]
        return removed, dropping
