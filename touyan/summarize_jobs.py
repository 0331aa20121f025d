"""`touyan summarize … --queue`: one job per file on the team queue (touyan/work_queue.py), run by any
`touyan worker`. Each job puts its file in the library (idempotent through the library's leases), writes
the file's summary into the output folder, then rewrites the folder's index and consensus.

- Idempotent by content hash: `queueing_lock` keeps the same content for the same folder from waiting
  twice, `lock` from running twice at once, and a summary already in the folder with the same engine,
  model and prompt versions is not made again (agents/summarize/batch.py).
- Outputs are finished atomically: each file is written to a temp file and renamed
  (agents/summarize/outputs.py); the index and consensus are rewritten under a PostgreSQL advisory lock
  per folder, so two workers finishing at once never write a stale index over a fresh one.
- With --budget-tokens the batch gets one token budget shared by every worker (memory/pg_llm_limits.py):
  a job whose calls no longer fit fails with the budget as its reason, visible in `touyan jobs`.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from pathlib import Path

TASK = "touyan.summarize_file"
QUEUE = "summarize"
_INDEX_LOCK = "touyan.summarize_index:"


def enqueue_summaries(dsn: str, files: list[Path], out_dir: Path, engine: str | None, budget_tokens: int | None):
    """One job per file; returns (Enqueued, the batch's budget name or None)."""
    from memory.pg_llm_limits import PostgresBudget
    from touyan.work_queue import defer_per_file

    budget = None
    if budget_tokens is not None:
        budget = f"summarize:{uuid.uuid4().hex[:12]}"
        PostgresBudget(dsn, budget, budget_tokens)
    out = str(out_dir.resolve())

    def locks(_path: Path, sha: str) -> tuple[str, str]:
        return f"summarize:{sha}:{out}", f"summarize:{sha}:{out}"

    return defer_per_file(dsn, files, TASK, QUEUE, locks, out_dir=out, engine=engine, budget=budget), budget


class Contexts:
    """One Context per engine for the worker's life (its library, models and rate limiter are shared)."""

    def __init__(self, settings) -> None:
        self._settings = settings
        self._built: dict[str | None, object] = {}
        self._lock = threading.Lock()

    def get(self, engine: str | None):
        from touyan.context_factory import build_context

        with self._lock:
            if engine not in self._built:
                self._built[engine] = build_context(self._settings, engine=engine)
            return self._built[engine]

    def close(self) -> None:
        for context in self._built.values():
            context.shared.close()


def _write_folder_files(dsn: str, folder) -> None:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (_INDEX_LOCK + str(folder.root),))
        folder.write_index()
        folder.write_consensus()


def register_summarize(app, dsn: str, contexts: Contexts, limits, checkpoint=None) -> None:
    """The summarize task, run by workers."""
    from agents.summarize.batch import summarize_batch
    from agents.summarize.outputs import OutputFolder
    from memory.pg_llm_limits import PostgresBudget
    from tools.documents import DocumentError, load_document
    from tools.errors import brief
    from touyan.work_queue import _PARSE_LOCK, FileRejected, _record, _retry_strategy

    @app.task(name=TASK, queue=QUEUE, pass_context=True, retry=_retry_strategy())
    def summarize_file(context, path: str, sha256: str, out_dir: str, engine: str | None, budget: str | None) -> str:
        try:
            with _PARSE_LOCK:
                doc = load_document(Path(path), limits)
        except (DocumentError, OSError) as exc:
            reason = exc.reason if isinstance(exc, DocumentError) else brief(exc, 300)
            _record(dsn, context.job, path, "failed", reason)
            raise FileRejected(reason) from None
        job = contexts.get(engine).scoped()
        if budget is not None:
            job.usage.ledger = PostgresBudget(dsn, budget)
        try:
            report_id = job.report_library.ingest(doc).report_id
            folder = OutputFolder(Path(out_dir), checkpoint=checkpoint)
            [item] = asyncio.run(summarize_batch(job, [(report_id, path)], folder, concurrency=1))
            _write_folder_files(dsn, folder)
        except Exception as exc:
            _record(dsn, context.job, path, "retrying", brief(exc, 300))
            raise
        if item.status == "failed" and item.endpoint_down:  # the endpoint may come back: retried later
            _record(dsn, context.job, path, "retrying", item.reason, report_id)
            raise RuntimeError(item.reason)
        if item.status in ("failed", "budget"):  # the reason is final: retrying would meet it again
            reason = item.reason or item.status
            _record(dsn, context.job, path, item.status, reason, report_id)
            raise FileRejected(reason)
        _record(dsn, context.job, path, item.status, None, report_id)
        return item.status
