"""The report library: ingest documents into the catalog (SQLite, or PostgreSQL in team mode) and the
vector index (chromadb, embedded or a Chroma server).

Several processes may ingest into one library at once. Ingest order keeps the store consistent if a
process dies at any point:
1. lease each new report in the catalog ('writing', memory/report_states.py); a report another live
   process is writing is waited for, one whose writer is gone is taken over;
2. chunk and embed in memory (the slow part; memory/ingest_pipeline.py embeds a batch ahead, while the
   one before it is written), then write the vectors (memory/vector_store.py
   serializes vector writes across processes and keeps every reader current) and the keyword
   documents (memory/chunk_indexes.py: deleted wherever the vectors are) — memory/chunk_writes.py;
3. in one SQLite transaction write pages, chunks and FTS rows, flip the report to 'complete', point its
   source file at it and retire the version the file held before ('dropping'); then delete that
   version's vectors and its row.
Readers only see complete reports; opening a library finishes what dead writers left (library_sweep).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Literal

from memory import near_duplicates
from memory.catalog import ChunkRecord, ReportRecord
from memory.catalog_api import open_catalog
from memory.chunk_indexes import open_chunk_indexes
from memory.chunk_writes import embed_batch, write_batch
from memory.chunking import DEFAULT_MAX_CHARS, chunk_document
from memory.ingest_pipeline import PreparedChunks
from memory.ingest_rows import report_record
from memory.leases import LEASE_TIMEOUT_S, Heartbeat, Lease, Owner
from memory.library_sweep import SweepResult, finish_drop, sweep
from memory.report_states import LeaseLost
from tools.documents import Document

# duplicate: a near-copy of a complete report, recorded as one more source of it (memory/near_duplicates.py)
IngestStatus = Literal["ingested", "unchanged", "replaced", "duplicate"]
# Files per ingest_many call: the embedding model and chromadb both have a fixed cost per call.
INGEST_BATCH = 32
# How long to wait for another live process writing the same report, and how often to look.
BUSY_WAIT_S = 600.0
BUSY_POLL_S = 0.2
Checkpoint = Callable[[str], None]


@dataclass(frozen=True)
class IngestOutcome:
    status: IngestStatus
    report_id: str
    pages: int
    chunks: int
    replaced_report_id: str | None = None
    duplicate_reason: str | None = None


class ReportBusy(RuntimeError):
    def __init__(self, lease: Lease | None, waited_s: float):
        who = f"{lease.host} pid {lease.pid}" if lease and lease.pid else "另一个进程"
        super().__init__(f"{who} 正在写入同一份研报，等了 {waited_s:.0f} 秒仍未完成；稍后重试")


class ReportLibrary:
    """Everything agents read about reports goes through here (or memory.search on top of it)."""

    def __init__(self, root: Path, embedding_function, *, chroma_url: str | None = None, catalog_url: str | None = None,
                 chunk_chars: int = DEFAULT_MAX_CHARS, lease_timeout_s: float = LEASE_TIMEOUT_S,
                 busy_wait_s: float = BUSY_WAIT_S, checkpoint: Checkpoint | None = None):
        self.root = root
        self.owner = Owner.current()
        self.chunk_chars = chunk_chars
        self.lease_timeout_s = lease_timeout_s
        self.busy_wait_s = busy_wait_s
        self._checkpoint = checkpoint or (lambda name: None)
        self.catalog = open_catalog(root, catalog_url)  # SQLite in `root`, or PostgreSQL (team mode)
        self.vectors = open_chunk_indexes(root, self.catalog, embedding_function, chroma_url=chroma_url,
                                          team=bool(catalog_url))
        self.keywords = self.vectors.keywords
        self._heartbeat = Heartbeat(lambda: self.catalog.beat(self.owner), lease_timeout_s / 6)
        self._abandoned: set[str] = set()  # failed writes: released at the next ingest call or at close
        self.prepared = PreparedChunks()  # embedded ahead of their batch (memory/ingest_pipeline.py)
        self._closed = False
        self.swept: SweepResult = sweep(self.catalog, self.vectors, self.owner, timeout_s=lease_timeout_s,
                                        shared=bool(catalog_url or chroma_url))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._release(rid for rid, _status, lease in self.catalog.leased() if lease.held_by(self.owner))
        finally:
            self._heartbeat.stop()
            self.vectors.close()
            self.catalog.close()

    def generation(self) -> int:
        """Bumped by every change any process commits to the catalog."""
        return self.catalog.generation()

    def _release(self, report_ids) -> None:
        for report_id in list(report_ids):
            finish_drop(self.catalog, self.vectors, report_id, self.owner)

    # -- writing ---------------------------------------------------------------------
    def ingest(self, doc: Document) -> IngestOutcome:
        outcome = self.ingest_many([doc])[0]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def ingest_many(self, docs: list[Document], known: list[IngestOutcome | Exception | None] | None = None
                    ) -> list[IngestOutcome | Exception]:
        """Ingest a batch: one embedding call and one vector write for all new documents (the
        per-call overhead of both dominates for small files), then each document's catalog rows in
        its own transaction. Returns an outcome, or the exception, per document, in order. `known`:
        `self.known(doc)` per document (or what it raised), when the caller has just asked
        (memory/ingest_pipeline.py): the first pass does not ask again; a pass after waiting for
        another process does."""
        abandoned, self._abandoned = self._abandoned, set()
        self._release(abandoned)
        results: list[IngestOutcome | Exception | None] = [None] * len(docs)
        pending = list(range(len(docs)))
        started = time.monotonic()
        while pending:
            busy = self._round(docs, pending, results, known)
            known = None
            waited = time.monotonic() - started
            if busy and waited > self.busy_wait_s:
                for i, lease in busy:
                    results[i] = ReportBusy(lease, waited)
                break
            if busy:
                time.sleep(BUSY_POLL_S)
            pending = [i for i, _ in busy]
        self.prepared.discard(docs)  # those not written (unchanged, copies, failed): nothing kept for them
        return [r if r is not None else RuntimeError("未处理") for r in results]

    def known(self, doc: Document) -> IngestOutcome | None:
        """The outcome without any write when this file already points at its complete report."""
        record = self.catalog.report(doc.report_id)
        if record is None or record.status != "complete" or record.parser_version != doc.parser_version:
            return None  # new, half-written, or parsed by an older parser: (re)ingest it
        if self.catalog.report_for_source(str(doc.source)) != doc.report_id:
            return None
        return IngestOutcome("unchanged", doc.report_id, record.page_count, record.chunk_count)

    def _round(self, docs, pending, results, known=None) -> list[tuple[int, Lease | None]]:
        """One pass over `pending`; returns (index, holder) of the documents another process holds."""
        leased: list[tuple[int, bool]] = []
        planned: dict[int, list] = {}
        busy: list[tuple[int, Lease | None]] = []
        first: dict[str, int] = {}
        repeats, copies = [], near_duplicates.BatchCopies()
        for i in pending:
            doc = docs[i]
            if doc.report_id in first:  # the same content twice in one batch: the second is a repeat
                repeats.append(i)
                continue
            first[doc.report_id] = i
            try:
                complete = self.known(doc) if known is None else known[i]
                if isinstance(complete, Exception):
                    raise complete
                if complete is not None:
                    results[i] = complete
                    continue
                planned[i] = chunk_document(doc, self.chunk_chars)
                if (copy := self._copy(doc, planned[i])) is not None or copies.wait(doc, planned[i]):
                    results[i] = copy
                    busy += [] if copy else [(i, None)]  # its original is in this batch: next round
                    continue
                state, holder = self.catalog.begin_report(report_record(doc, len(planned[i])), self.owner,
                                                          timeout_s=self.lease_timeout_s)
                if state == "complete":
                    results[i] = self._attach(doc)
                elif state == "busy":
                    busy.append((i, holder))
                else:
                    leased.append((i, state == "reclaimed"))
            except LeaseLost:  # dropped or taken between two steps: look again next round
                busy.append((i, None))
            except Exception as exc:  # one bad document (a path SQLite cannot store…) fails alone
                results[i] = exc
        if leased:
            self._heartbeat.start()
            self._checkpoint("ingest.leased")
            self._write(docs, leased, planned, results)
        held = {docs[i].report_id: lease for i, lease in busy}
        for i in repeats:
            rid = docs[i].report_id
            if rid in held:
                busy.append((i, held[rid]))
            elif isinstance(results[first[rid]], Exception):
                results[i] = results[first[rid]]
            else:
                try:
                    results[i] = self._attach(docs[i])
                except Exception as exc:
                    results[i] = exc
        return busy

    def _write(self, docs, leased: list[tuple[int, bool]], planned: dict[int, list], results) -> None:
        try:
            ready, chunks = [docs[i] for i, _ in leased], [planned[i] for i, _ in leased]
            batch = self.prepared.take(ready, chunks) or embed_batch(self.vectors, ready, chunks)
        except Exception as exc:
            if len(leased) > 1:  # one bad document must not sink the batch: retry one by one to isolate it
                for item in leased:
                    self._write(docs, [item], planned, results)
                return
            self._fail(docs, leased, results, exc)
            return
        try:
            write_batch(self.vectors, batch, [docs[i].report_id for i, reclaimed in leased if reclaimed])
        except Exception as exc:
            self._fail(docs, leased, results, exc)
            return
        self._checkpoint("ingest.vectors_written")
        for (i, _), tokens in zip(leased, batch.tokens):
            try:
                results[i] = self._complete(docs[i], planned[i], tokens)
            except Exception as exc:  # stays 'writing' (invisible) under our lease until released
                self._fail(docs, [(i, False)], results, exc)

    def _fail(self, docs, items, results, exc: Exception) -> None:
        for i, _ in items:
            results[i] = exc
            self._abandoned.add(docs[i].report_id)

    def _complete(self, doc: Document, chunks, tokens: list[str]) -> IngestOutcome:
        pages = [(p.number, p.text) for p in doc.pages]
        rows = [(c.id, c.page, c.index, c.text, t, c.boilerplate) for c, t in zip(chunks, tokens)]
        previous, retired = self.catalog.complete_report(doc.report_id, str(doc.source), pages, rows, doc.tickers,
                                                         self.owner)
        self._checkpoint("ingest.completed")
        try:
            near_duplicates.record(self.catalog, doc.report_id, chunks)
        except Exception:  # noqa: BLE001 - the report is complete; without a signature it is only not found as an original
            pass
        if retired:
            self._finish_drop(previous)
        if previous:
            return IngestOutcome("replaced", doc.report_id, doc.page_count, len(chunks), replaced_report_id=previous)
        return IngestOutcome("ingested", doc.report_id, doc.page_count, len(chunks))

    def _attach(self, doc: Document, report_id: str | None = None, reason: str | None = None) -> IngestOutcome:
        """Content already complete (another path, another process, or a near-copy): point this file at it."""
        report_id = report_id or doc.report_id
        previous, retired = self.catalog.attach_source(str(doc.source), report_id, self.owner)
        if retired:
            self._finish_drop(previous)
        record = self.catalog.report(report_id)
        status = "duplicate" if reason else "replaced" if previous else "unchanged"
        return IngestOutcome(status, report_id, record.page_count if record else 0, record.chunk_count if record else 0,
                             replaced_report_id=previous, duplicate_reason=reason)

    def _copy(self, doc: Document, chunks) -> IngestOutcome | None:
        """A near-duplicate of a complete report: recorded (first, so a kill leaves no unmarked copy), then attached."""
        if known := near_duplicates.known_copy(self.catalog, str(doc.source), doc.report_id):
            return self._attach(doc, known)
        if (dup := near_duplicates.find(self.catalog, doc, chunks)) is None:
            return None
        near_duplicates.record_copy(self.catalog, str(doc.source), doc.report_id, dup)
        return self._attach(doc, dup.report_id, dup.reason)

    def _finish_drop(self, report_id: str) -> None:
        self.vectors.delete_report(report_id)
        self._checkpoint("drop.vectors_deleted")
        self.catalog.forget(report_id, self.owner)

    def remove(self, report_id: str) -> bool:
        """complete → dropping → gone (memory/report_removal.py); False when it was not a complete report."""
        if not self.catalog.drop_report(report_id, self.owner):
            return False
        self._finish_drop(report_id)
        return True

    # -- reading ---------------------------------------------------------------------
    def reports(self) -> list[ReportRecord]:
        return self.catalog.reports()

    def stale_sources(self, parser_version: str) -> list[str]:
        """Source paths of complete reports parsed by another parser version (re-ingest to re-parse)."""
        return [path for r in self.catalog.reports() if r.parser_version != parser_version
                for path in self.catalog.sources_of(r.report_id)]

    def report(self, report_id: str) -> ReportRecord | None:
        record = self.catalog.report(report_id)
        return record if record is not None and record.status == "complete" else None

    def page_text(self, report_id: str, page: int) -> str | None:
        return self.catalog.page_text(report_id, page)

    def pages(self, report_id: str) -> list[tuple[int, str]]:
        return self.catalog.pages(report_id)

    def chunks(self, chunk_ids) -> dict[str, ChunkRecord]:
        return self.catalog.chunks(list(chunk_ids))
