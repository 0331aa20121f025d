"""Recognize unchanged files before any parsing, embedding model or vector index is loaded.

`touyan ingest` on a folder it has seen before should cost a `stat` per file. Each file ingested is
remembered by path with its size, mtime (ns) and content hash (the report id is the first 16 hex
digits of the file's SHA-256, as tools.documents makes it). On the next run a file is unchanged when:

- its size and mtime equal the remembered ones (no read at all), or else its SHA-256 gives the same
  report id (a `touch`, a copy back; the fingerprint is then refreshed); and
- the catalog still holds that report, complete, parsed by the current parser version, with this
  path as its source.

Anything else (new, edited, moved, half-written, parsed by an older parser) goes through the normal
ingest. While the catalog holds a report being written or dropped (`unfinished`: maybe left by a
writer that was killed), the library is opened even when no file changed, so that its sweep finishes
that work (memory/library_sweep.py). Fingerprints live in their own SQLite file beside the catalog; a stale or lost one only costs
a re-read, never a wrong answer, because the catalog has the last word.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

from memory.catalog import SourceReport
from memory.catalog_api import open_catalog
from memory.sqlite_wal import enable_wal

FILE_NAME = "fingerprints.sqlite3"
_HASH_BLOCK = 1 << 20
_SCHEMA = """CREATE TABLE IF NOT EXISTS fingerprints (
  path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, report_id TEXT NOT NULL)"""


Stat = tuple[int, int]  # (size, mtime_ns): a plain tuple, as a thousand of them are made per run


def content_report_id(path: str | Path, size_hint: int = 0) -> str:
    """The report id tools.documents.load_document gives this file's bytes. With the size a stat just
    gave, a small file costs one open and one read: a read shorter than asked is the end of a regular
    file. (A short read anywhere else could only make the hash differ, which costs a re-read, never a
    wrong "unchanged".)"""
    small = 0 < size_hint < _HASH_BLOCK
    fd = os.open(path, os.O_RDONLY)
    try:
        block = os.read(fd, size_hint + 1 if small else _HASH_BLOCK)
        digest = hashlib.sha256(block)
        if not small or len(block) > size_hint:  # large, no hint, or grown since the stat: read to the end
            while block := os.read(fd, _HASH_BLOCK):
                digest.update(block)
    finally:
        os.close(fd)
    return digest.hexdigest()[:16]


def _stat(path: str | Path) -> Stat | None:
    try:
        st = os.stat(path)
    except OSError:
        return None  # gone or unreadable: the normal ingest says why, in its own line
    return st.st_size, st.st_mtime_ns


class FileFingerprints:
    """Per-path fingerprints of ingested files, checked against the catalog (one per library folder)."""

    def __init__(self, library_dir: Path, catalog_url: str | None = None):
        library_dir.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(library_dir / FILE_NAME, timeout=30, isolation_level=None)
        enable_wal(self._db)  # several runs may open a new library at once (memory/sqlite_wal.py)
        # A lost fingerprint costs one re-hash, never a wrong answer: no fsync per commit (WAL keeps the
        # file consistent), and all writes of a run go in one transaction (flush, close).
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)
        self._catalog = open_catalog(library_dir, catalog_url)  # team mode: the shared PostgreSQL catalog
        self._seen: dict[str, Stat] = {}  # stat taken before the file was read, recorded after ingest
        self._pending: dict[str, tuple[str, int, int, str]] = {}
        self._refreshed: list[tuple[int, int, str]] = []  # (size, mtime_ns, path): same path, same report id

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._db.close()
            self._catalog.close()

    def flush(self) -> None:
        """Write the fingerprints recorded so far, in one transaction."""
        if not self._pending and not self._refreshed:
            return
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            # A refresh only moves size and mtime of a row split just read: a plain UPDATE (half an UPSERT's cost)
            self._db.executemany("UPDATE fingerprints SET size = ?, mtime_ns = ? WHERE path = ?", self._refreshed)
            self._db.executemany("INSERT INTO fingerprints VALUES (?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET "
                                 "size = excluded.size, mtime_ns = excluded.mtime_ns, report_id = excluded.report_id",
                                 list(self._pending.values()))
        self._pending.clear()
        self._refreshed.clear()

    def split(self, files: list[Path], parser_version: str) -> tuple[list[tuple[Path, SourceReport]], list[Path]]:
        """(unchanged files with their reports, files to ingest), each in the order given. Per 500 files
        there is one fingerprint query and one catalog query; per file a stat, and a hash only when the
        stat changed."""
        keys = [str(p) for p in files]
        known: dict[str, tuple[int, int, str]] = {}
        for start in range(0, len(keys), 500):
            part = keys[start:start + 500]
            known |= {path: (size, mtime_ns, rid) for path, size, mtime_ns, rid in self._db.execute(
                f"SELECT path, size, mtime_ns, report_id FROM fingerprints WHERE path IN ({','.join('?' * len(part))})",
                part)}
        reports = self._catalog.source_reports([k for k in keys if k in known])
        unchanged, todo = [], []
        for path, key in zip(files, keys):
            report = reports.get(key)
            if (report is None or report.status != "complete" or report.parser_version != parser_version
                    or not self._same(key, known[key], report.report_id)):
                todo.append(path)
                continue
            unchanged.append((path, report))
        self.flush()
        return unchanged, todo

    def _same(self, key: str, fingerprint: tuple[int, int, str], report_id: str) -> bool:
        """Whether the file still holds the content of `report_id`, the report its path is a source of:
        by size and mtime, or else by hash (the fingerprint is then refreshed)."""
        try:
            st = os.stat(key)
            self._seen[key] = stat = (st.st_size, st.st_mtime_ns)
            if stat == fingerprint[:2]:
                return fingerprint[2] == report_id
            if content_report_id(key, st.st_size) != report_id:
                return False
        except OSError:
            return False  # gone or unreadable: the normal ingest says why, in its own line
        self._refreshed.append((*stat, key))
        return True

    def unfinished(self) -> bool:
        """Whether a report is being written or dropped (by a live writer, or one that is gone)."""
        return bool(self._catalog.leased())

    def record(self, path: Path, report_id: str) -> None:
        """After `path` was ingested (or found unchanged) as `report_id`: remember the stat taken before
        it was read, so an edit made while it was being ingested is caught next time."""
        stat = self._seen.get(str(path)) or _stat(path)
        if stat is not None:
            self._write(str(path), stat, report_id)

    def _write(self, key: str, stat: Stat, report_id: str) -> None:
        self._pending[key] = (key, *stat, report_id)
