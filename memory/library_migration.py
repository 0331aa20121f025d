"""Copy a report library between its two engines: embedded (SQLite catalog + embedded chromadb) and team
(PostgreSQL catalog + Chroma server), either way (`touyan library migrate`).

Nothing is parsed or embedded again: each complete report's row, pages, chunks with their jieba tokens,
tickers, sources and near-duplicate records go to the target catalog, and its stored vectors (embedding,
document, metadata) to the target vector index, through the target's own write order (lease → vectors
→ complete, memory/report_library.py). A migration killed anywhere leaves the target as a killed ingest
would (half-written reports are invisible and swept); a rerun copies only what the target does not hold
complete with the same parser version and chunk count: resumable and idempotent.

`verify` then compares both sides: complete reports, chunks and vectors counted, and, for a sample of
chunks, a vector search with the chunk's own stored embedding must return the same ids on both sides.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from typing import Callable

from memory import near_duplicates
from memory.catalog import ReportRecord
from memory.chunk_indexes import keyword_docs
from memory.chunking import Chunk
from memory.filters import SearchFilters

VERIFY_K = 10
VERIFY_SAMPLE = 20


@dataclass
class MigrationResult:
    copied: int = 0
    present: int = 0  # already complete in the target: nothing written
    failed: list[tuple[str, str]] = field(default_factory=list)  # (report_id, reason)


@dataclass(frozen=True)
class Counts:
    reports: int
    chunks: int
    vectors: int


@dataclass(frozen=True)
class Verification:
    source: Counts
    target: Counts
    sampled: int
    identical: int  # the same top-k on both sides
    found_self: int  # the target returns the sampled chunk first (or tied first)
    differing: tuple[str, ...]  # chunk ids whose top-k differ

    @property
    def ok(self) -> bool:
        """Counts equal, and every sampled vector is in the target as stored. The top-k beyond the chunk itself
        may differ at scale: HNSW is approximate, and a graph built in another order answers slightly
        differently (19 of 20 identical on 2,000 random vectors, benchmarks/team_search.py)."""
        return self.source == self.target and self.found_self == self.sampled


class MigrationError(RuntimeError):
    """One report could not be copied (the source is inconsistent, or another writer holds it)."""


def _rows(catalog, report_id: str) -> list[tuple]:
    """(chunk_id, page, idx, text, tokens, boilerplate) of a report, in order. SQLite keeps the tokens in
    its FTS table; PostgreSQL only as a tsvector, so there they are tokenized again (the same jieba)."""
    if type(catalog).__module__ == "memory.pg_catalog":
        from tools.text import tokenize

        rows = catalog.read("SELECT chunk_id, page, idx, text, boilerplate FROM chunks WHERE report_id = ? "
                            "ORDER BY page, idx", (report_id,))
        return [(r["chunk_id"], r["page"], r["idx"], r["text"], " ".join(tokenize(r["text"])), bool(r["boilerplate"]))
                for r in rows]
    rows = catalog.read("SELECT c.chunk_id, c.page, c.idx, c.text, f.tokens, c.boilerplate FROM chunks c "
                        "JOIN chunks_fts f ON f.rowid = c.rowid WHERE c.report_id = ? ORDER BY c.page, c.idx",
                        (report_id,))
    return [(r["chunk_id"], r["page"], r["idx"], r["text"], r["tokens"], bool(r["boilerplate"])) for r in rows]


def _vectors(library, report_id: str) -> dict:
    with library.vectors.session(write=False) as collection:
        return collection.get(where={"report_id": report_id}, include=["embeddings", "metadatas"])


def _attach_sources(source, target, report_id: str) -> None:
    for path in source.catalog.sources_of(report_id):
        if target.catalog.report_for_source(path) != report_id:
            previous, retired = target.catalog.attach_source(path, report_id, target.owner)
            if retired:
                target._finish_drop(previous)
    for row in source.catalog.read("SELECT path, content_id, reason FROM dup_sources WHERE report_id = ?", (report_id,)):
        near_duplicates.record_copy(target.catalog, row["path"], row["content_id"],
                                    near_duplicates.Duplicate(report_id, row["reason"]))


def _present(target, record: ReportRecord) -> bool:
    held = target.catalog.report(record.report_id)
    return (held is not None and held.status == "complete" and held.parser_version == record.parser_version
            and held.chunk_count == record.chunk_count)


def copy_report(source, target, record: ReportRecord) -> bool:
    """Copy one complete report; False when the target already holds it complete (only sources are added)."""
    report_id = record.report_id
    if _present(target, record):
        _attach_sources(source, target, report_id)
        return False
    state, lease = target.catalog.begin_report(replace(record, status="writing"), target.owner,
                                               timeout_s=target.lease_timeout_s)
    if state == "busy":
        raise MigrationError(f"另一个进程正在写入 {report_id}（{lease.host if lease else '?'}）")
    if state == "complete":
        _attach_sources(source, target, report_id)
        return False
    try:
        rows = _rows(source.catalog, report_id)
        stored = _vectors(source, report_id)
        if len(stored["ids"]) != len(rows) or set(stored["ids"]) != {r[0] for r in rows}:
            raise MigrationError(f"源库中 {report_id} 的向量（{len(stored['ids'])}）与文本段（{len(rows)}）不一致")
        chunks = [Chunk(report_id, page, idx, text, flag) for _cid, page, idx, text, _tokens, flag in rows]
        with target.vectors.session(write=True):
            if state == "reclaimed":  # what an earlier, killed attempt left behind
                target.vectors.delete_report(report_id)
            target.vectors.add(stored["ids"], stored["embeddings"], stored["metadatas"])
            target.vectors.add_keywords(keyword_docs(report_id, record.broker, record.date, record.tickers, chunks,
                                                     [r[4] for r in rows]))
        sources = source.catalog.sources_of(report_id) or [record.source]
        previous, retired = target.catalog.complete_report(report_id, sources[0], source.catalog.pages(report_id), rows,
                                                           record.tickers, target.owner)
    except Exception:
        target._abandoned.add(report_id)  # released (dropped) at the target's next ingest or close
        raise
    if retired:
        target._finish_drop(previous)
    near_duplicates.record(target.catalog, report_id, chunks)
    _attach_sources(source, target, report_id)
    return True


def migrate(source, target, *, on_report: Callable[[ReportRecord, str], None] | None = None) -> MigrationResult:
    """Every complete report of `source` into `target` (ReportLibrary objects); each report fails alone."""
    from tools.errors import brief

    result = MigrationResult()
    for record in source.catalog.reports():
        try:
            copied = copy_report(source, target, record)
        except Exception as exc:  # noqa: BLE001 - one report's failure is reported; the rest go on
            result.failed.append((record.report_id, brief(exc, 300)))
            outcome = "failed"
        else:
            outcome = "copied" if copied else "present"
            result.copied += copied
            result.present += not copied
        if on_report is not None:
            on_report(record, outcome)
    return result


def counts(library) -> Counts:
    rows = library.catalog.read("SELECT count(*) AS n FROM chunks c JOIN reports r ON r.report_id = c.report_id "
                                "WHERE r.status = 'complete'")
    return Counts(len(library.catalog.reports()), rows[0]["n"], library.vectors.count())


def verify(source, target, *, sample: int = VERIFY_SAMPLE, k: int = VERIFY_K, seed: int = 18) -> Verification:
    """Counts on both sides, and the same vector search (a sampled chunk's own embedding) on both."""
    reports = sorted(r.report_id for r in source.catalog.reports())
    picked = random.Random(seed).sample(reports, min(sample, len(reports)))
    every = SearchFilters(include_boilerplate=True)
    sampled = identical = found_self = 0
    differing = []
    for report_id in picked:
        stored = _vectors(source, report_id)
        if not stored["ids"]:  # a report without text has no vectors to search with
            continue
        i = random.Random(f"{seed}:{report_id}").randrange(len(stored["ids"]))
        query = stored["embeddings"][i]
        sampled += 1
        ours, theirs = source.vectors.search(query, k, every), target.vectors.search(query, k, every)
        best = round(theirs[0][1], 5) if theirs else None  # an identical text elsewhere ties with the chunk itself
        found_self += any(cid == stored["ids"][i] and round(score, 5) == best for cid, score in theirs)
        if _ranked(ours) == _ranked(theirs):
            identical += 1
        else:
            differing.append(stored["ids"][i])
    return Verification(counts(source), counts(target), sampled, identical, found_self, tuple(differing))


def _ranked(hits: list[tuple[str, float]]) -> list[tuple[float, str]]:
    """Hits in score order, equal scores (the same disclaimer in two reports) by id: the engines may break ties apart."""
    return sorted((-round(score, 5), cid) for cid, score in hits)
