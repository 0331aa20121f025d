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
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from memory.catalog import ReportRecord
from memory.catalog_api import open_catalog

FILE_NAME = "fingerprints.sqlite3"
_SCHEMA = """CREATE TABLE IF NOT EXISTS fingerprints (
  path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, report_id TEXT NOT NULL)"""
_HASH_BLOCK = 1 << 20


@dataclass(frozen=True)
class Stat:
    size: int
    mtime_ns: int


def content_report_id(path: Path) -> str:
    """The report id tools.documents.load_document gives this file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()[:16]


def _stat(path: Path) -> Stat | None:
    try:
        st = path.stat()
    except OSError:
        return None  # gone or unreadable: the normal ingest says why, in its own line
    return Stat(st.st_size, st.st_mtime_ns)


class FileFingerprints:
    """Per-path fingerprints of ingested files, checked against the catalog (one per library folder)."""

    def __init__(self, library_dir: Path, catalog_url: str | None = None):
        library_dir.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(library_dir / FILE_NAME, timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # A lost fingerprint costs one re-hash, never a wrong answer: no fsync per commit (WAL keeps the
        # file consistent), and all writes of a run go in one transaction (flush, close).
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)
        self._catalog = open_catalog(library_dir, catalog_url)  # team mode: the shared PostgreSQL catalog
        self._seen: dict[str, Stat] = {}  # stat taken before the file was read, recorded after ingest
        self._pending: dict[str, tuple[str, int, int, str]] = {}

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._db.close()
            self._catalog.close()

    def flush(self) -> None:
        """Write the fingerprints recorded so far, in one transaction."""
        if not self._pending:
            return
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("INSERT OR REPLACE INTO fingerprints VALUES (?, ?, ?, ?)", list(self._pending.values()))
        self._pending.clear()

    def split(self, files: list[Path], parser_version: str) -> tuple[list[tuple[Path, ReportRecord]], list[Path]]:
        """(unchanged files with their reports, files to ingest), each in the order given. Fingerprints
        and catalog rows are read in bulk: per file there is a stat, and a hash only when it changed."""
        known: dict[str, tuple[int, int, str]] = {}
        keys = [str(p) for p in files]
        for start in range(0, len(keys), 500):
            part = keys[start:start + 500]
            for path, size, mtime_ns, report_id in self._db.execute(
                    f"SELECT path, size, mtime_ns, report_id FROM fingerprints WHERE path IN ({','.join('?' * len(part))})",
                    part):
                known[path] = (size, mtime_ns, report_id)
        candidates: dict[str, tuple[Stat, str, bool]] = {}  # path -> (stat, report id, whether the stat matched)
        for path, key in zip(files, keys):
            stat = _stat(path)
            if stat is None or key not in known:
                continue  # gone, or never ingested from this path: parse it
            self._seen[key] = stat
            size, mtime_ns, report_id = known[key]
            same_stat = (size, mtime_ns) == (stat.size, stat.mtime_ns)
            try:
                candidates[key] = (stat, report_id if same_stat else content_report_id(path), same_stat)
            except OSError:
                continue
        records, sources = self._catalog.reports_and_sources((c[1] for c in candidates.values()), candidates)
        unchanged, todo = [], []
        for path, key in zip(files, keys):
            stat, report_id, same_stat = candidates.get(key, (None, None, True))
            record = records.get(report_id) if report_id else None
            if (record is None or record.status != "complete" or record.parser_version != parser_version
                    or sources.get(key) != report_id):
                todo.append(path)
                continue
            if not same_stat:
                self._write(key, stat, report_id)
            unchanged.append((path, record))
        self.flush()
        return unchanged, todo

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
        self._pending[key] = (key, stat.size, stat.mtime_ns, report_id)
