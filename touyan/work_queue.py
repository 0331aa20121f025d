"""Batch work on a PostgreSQL task queue (team mode): `touyan ingest … --queue` enqueues one job per
file, `touyan worker` runs them on any machine that reaches the servers, `touyan jobs` shows progress.

The queue is procrastinate (PostgreSQL only: the catalog's server is the broker, no Redis or RabbitMQ
to run; jobs are rows, so progress and failure reasons are one query away; workers heartbeat, so the
jobs of a worker killed with -9 are found and retried). Idempotent by content hash, on two levels:
- each job carries the file's SHA-256: `lock` keeps two jobs of the same content from running at once,
  `queueing_lock` keeps a file enqueued twice (unchanged) from waiting in the queue twice;
- what a job writes goes through the report library's leases and checked transitions
  (memory/report_states.py): a job retried after its worker died, or run twice, takes over the
  half-written report and writes it once; a job whose report is already complete writes nothing.
A file that cannot be read fails at once with its reason; any other error is retried (RETRY_ATTEMPTS).
"""

from __future__ import annotations

import contextlib
import hashlib
import queue as queue_module
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

TASK = "touyan.ingest_file"
QUEUE = "ingest"
RETRY_ATTEMPTS = 3
RETRY_WAIT_S = 5
# A worker whose heartbeat is this many beats old is gone: its running jobs go back to the queue.
STALLED_BEATS = 3
_SCHEMA_LOCK = 0x746F7579616E + 1  # the catalog's writer lock key + 1 (memory/pg_catalog.py)
# PDFium is not thread-safe: two PDFs parsed at once in one process hung both threads (seen here with
# --concurrency 2). Parsing is serialized per process; embedding and storage calls still overlap. More
# parsing throughput comes from more worker processes.
_PARSE_LOCK = threading.Lock()
_OUTCOMES = """CREATE TABLE IF NOT EXISTS touyan_job_outcomes (
  job_id BIGINT PRIMARY KEY, path TEXT NOT NULL, outcome TEXT NOT NULL, reason TEXT, report_id TEXT,
  attempts INTEGER NOT NULL, at TIMESTAMPTZ NOT NULL DEFAULT now())"""


class FileRejected(Exception):
    """The file itself cannot be ingested (unreadable, too large, not a report): retrying cannot help."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _retry_strategy():
    from procrastinate import RetryStrategy

    class RetryUnlessRejected(RetryStrategy):
        def get_retry_decision(self, *, exception, job):
            return None if isinstance(exception, FileRejected) else super().get_retry_decision(exception=exception, job=job)

    return RetryUnlessRejected(max_attempts=RETRY_ATTEMPTS, wait=RETRY_WAIT_S)


def make_app(dsn: str):
    """A procrastinate App on `dsn`, with its schema and the outcomes table created if missing."""
    import procrastinate
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (_SCHEMA_LOCK,))  # two workers starting at once
        try:
            if conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()[0] is None:
                schema = procrastinate.App(connector=procrastinate.SyncPsycopgConnector(conninfo=dsn))
                with schema.open():
                    schema.schema_manager.apply_schema()
            conn.execute(_OUTCOMES)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (_SCHEMA_LOCK,))
    return procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=dsn))


@dataclass(frozen=True)
class Enqueued:
    added: int
    already_queued: int


def defer_per_file(dsn: str, files: list[Path], task: str, queue: str, locks, **arguments) -> Enqueued:
    """One job of `task` per file, with the file's resolved path and content hash as arguments besides
    `arguments`; `locks(path, sha)` gives (lock, queueing_lock): a job whose queueing lock is taken is not
    queued again."""
    from procrastinate.exceptions import AlreadyEnqueued

    app = make_app(dsn)
    added = already = 0
    with app.open():
        for path in files:
            path = path.resolve()
            sha = file_sha256(path)
            lock, queueing_lock = locks(path, sha)
            try:
                app.configure_task(task, queue=queue, lock=lock, queueing_lock=queueing_lock).defer(
                    path=str(path), sha256=sha, **arguments)
                added += 1
            except AlreadyEnqueued:
                already += 1
    return Enqueued(added, already)


def enqueue_files(dsn: str, files: list[Path]) -> Enqueued:
    """One ingest job per file; a file whose same content is already waiting is not queued again."""
    return defer_per_file(dsn, files, TASK, QUEUE, lambda path, sha: (sha, f"{sha}:{path}"))


class LibraryPool:
    """One report library per concurrent job: a library's lease owner and heartbeat are per instance."""

    def __init__(self, spec, size: int) -> None:
        self._spec = spec
        self._idle: queue_module.LifoQueue = queue_module.LifoQueue()
        self._all: list = []
        for _ in range(size):
            self._idle.put(None)

    @contextlib.contextmanager
    def library(self) -> Iterator:
        library = self._idle.get()
        try:
            if library is None:
                library = self._spec.open()
                self._all.append(library)
            yield library
        finally:
            self._idle.put(library)

    def close(self) -> None:
        for library in self._all:
            library.close()


def _record(dsn: str, job, path: str, outcome: str, reason: str | None = None, report_id: str | None = None) -> None:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("INSERT INTO touyan_job_outcomes (job_id, path, outcome, reason, report_id, attempts) "
                     "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (job_id) DO UPDATE SET outcome = excluded.outcome, "
                     "reason = excluded.reason, report_id = excluded.report_id, attempts = excluded.attempts, at = now()",
                     (job.id, path, outcome, reason, report_id, job.attempts + 1))


def register_ingest(app, dsn: str, libraries: LibraryPool, limits) -> None:
    """The ingest task, run by workers: parse the file, write it through the library, record the outcome."""
    from tools.documents import DocumentError, load_document
    from tools.errors import brief

    @app.task(name=TASK, queue=QUEUE, pass_context=True, retry=_retry_strategy())
    def ingest_file(context, path: str, sha256: str) -> str:
        try:
            with _PARSE_LOCK:
                doc = load_document(Path(path), limits)
        except DocumentError as exc:
            _record(dsn, context.job, path, "failed", exc.reason)
            raise FileRejected(exc.reason) from None
        except OSError as exc:  # gone or unreadable on this worker: the path must be shared by every worker
            _record(dsn, context.job, path, "failed", brief(exc, 300))
            raise FileRejected(brief(exc, 300)) from None
        try:
            with libraries.library() as library:
                outcome = library.ingest(doc)
        except Exception as exc:
            _record(dsn, context.job, path, "retrying", brief(exc, 300))
            raise
        _record(dsn, context.job, path, outcome.status, report_id=outcome.report_id)
        return outcome.status
