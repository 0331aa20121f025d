"""Near-duplicate reports at ingest: a second copy of a report becomes a second source of the first.

A file is a near-duplicate of a complete report when it has the same broker, publication date and title,
or when the shingle Jaccard similarity of their body text (disclaimers left out) is at least
tools.text_similarity.NEAR_DUPLICATE. Candidates come from MinHash LSH bands stored in the catalog and
are then checked exactly against the candidate's stored chunk texts, so the threshold is exact, not a
MinHash estimate.

Tables (in the catalog, SQLite or PostgreSQL (PG_SCHEMA); created with its schema, cleared with a report's content):
- dup_signatures(report_id, sig): the MinHash signature of each complete report;
- dup_bands(band, report_id): its LSH band keys;
- dup_sources(path, content_id, report_id, reason): a file whose content (content_id = its own report id)
  was taken as a copy of report_id, so that ingesting it again is 'unchanged' without any comparison,
  and so that a file whose source is the report's own original is treated as an edit, not a copy.

Limits: a report's signature is written just after it completes; two copies ingested at the same moment
by two processes, or a copy ingested while its original is still being written, become two reports.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Sequence

from memory.duplicate_tables import PG_SCHEMA, SCHEMA, TABLES  # noqa: F401 (re-exported)
from tools.text_similarity import NEAR_DUPLICATE, bands, estimate, from_bytes, jaccard, normalize, signature, to_bytes
from tools.text_similarity import shingles as text_shingles

# MinHash pre-filter: a pair at Jaccard 0.95 estimates below 0.8 with probability < 1e-12 (128 values).
CANDIDATE_ESTIMATE = 0.8
REASON_METADATA = "券商、日期、标题相同"
REASON_TEXT = "正文相似度"


@dataclass(frozen=True)
class Duplicate:
    report_id: str
    reason: str  # REASON_METADATA, or REASON_TEXT with the similarity


def _shingles(texts: Sequence[str]) -> set[str]:
    out: set[str] = set()
    for text in texts:
        out |= text_shingles(text)
    return out


@functools.lru_cache(maxsize=64)
def _fingerprint(texts: tuple[str, ...]) -> tuple[frozenset[str], object]:
    """(shingles, MinHash signature or None) of body texts. Ingest asks for the same document's three
    times (BatchCopies.wait, find, record); hashing ~6,000 shingles a report is a third of a second of the
    writing process's time for 10 PDFs, so it is done once (64 documents: two ingest batches)."""
    shingles = frozenset(_shingles(texts))
    return shingles, signature(shingles)


def body_texts(chunks) -> list[str]:
    return [c.text for c in chunks if not c.boilerplate]


def known_copy(catalog, path: str, content_id: str) -> str | None:
    """The report this very file (same path, same content) was taken as a copy of, if it still is."""
    rows = catalog.read("SELECT d.report_id FROM dup_sources d JOIN sources s ON s.path = d.path AND "
                        "s.report_id = d.report_id JOIN reports r ON r.report_id = d.report_id "
                        "WHERE d.path = ? AND d.content_id = ? AND r.status = 'complete'", (path, content_id))
    return rows[0]["report_id"] if rows else None


def _is_original_source(catalog, path: str, report_id: str) -> bool:
    """The path already holds this report as its own file (not as a recorded copy): a new content at
    that path is an edit of the report, which replaces it."""
    if catalog.report_for_source(path) != report_id:
        return False
    return not catalog.read("SELECT 1 FROM dup_sources WHERE path = ? AND report_id = ?", (path, report_id))


def find(catalog, doc, chunks) -> Duplicate | None:
    """The complete report `doc` is a near-duplicate of, if any (never doc's own content)."""
    path = str(doc.source)
    title = normalize(doc.title or "")
    if doc.broker and doc.date and title:
        for row in catalog.read("SELECT report_id, title FROM reports WHERE status = 'complete' AND broker = ? "
                                "AND date = ? AND report_id != ?", (doc.broker, doc.date, doc.report_id)):
            if normalize(row["title"] or "") == title and not _is_original_source(catalog, path, row["report_id"]):
                return Duplicate(row["report_id"], REASON_METADATA)
    mine, sig = _fingerprint(tuple(body_texts(chunks)))
    if sig is None:
        return None
    keys = bands(sig)
    marks = ",".join("?" * len(keys))
    rows = catalog.read(f"SELECT DISTINCT s.report_id, s.sig FROM dup_bands b JOIN dup_signatures s ON "
                        f"s.report_id = b.report_id JOIN reports r ON r.report_id = b.report_id WHERE b.band IN "
                        f"({marks}) AND r.status = 'complete' AND b.report_id != ?", (*keys, doc.report_id))
    best: tuple[float, str] | None = None
    for row in rows:
        if estimate(sig, from_bytes(row["sig"])) < CANDIDATE_ESTIMATE:
            continue
        stored = [r["text"] for r in catalog.read("SELECT text FROM chunks WHERE report_id = ? AND boilerplate = 0",
                                                  (row["report_id"],))]
        similarity = jaccard(mine, _shingles(stored))
        if similarity >= NEAR_DUPLICATE and (best is None or similarity > best[0]):
            best = (similarity, row["report_id"])
    if best is None or _is_original_source(catalog, path, best[1]):
        return None
    return Duplicate(best[1], f"{REASON_TEXT} {best[0]:.3f}")


def record(catalog, report_id: str, chunks) -> None:
    """Store a just-completed report's signature (one transaction; a report without body text has none)."""
    sig = _fingerprint(tuple(body_texts(chunks)))[1]
    if sig is None:
        return
    with catalog.transaction(bump=False) as db:
        db.execute("INSERT INTO dup_signatures VALUES (?, ?) ON CONFLICT (report_id) DO UPDATE SET sig = excluded.sig",
                   (report_id, to_bytes(sig)))
        db.execute("DELETE FROM dup_bands WHERE report_id = ?", (report_id,))
        db.executemany("INSERT INTO dup_bands VALUES (?, ?)", [(b, report_id) for b in bands(sig)])


def record_copy(catalog, path: str, content_id: str, duplicate: Duplicate) -> None:
    with catalog.transaction(bump=False) as db:
        db.execute("INSERT INTO dup_sources VALUES (?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET "
                   "content_id = excluded.content_id, report_id = excluded.report_id, reason = excluded.reason",
                   (path, content_id, duplicate.report_id, duplicate.reason))


def copies_of(catalog, report_id: str) -> dict[str, str]:
    """path → reason, for every file recorded as a copy of the report."""
    return {r["path"]: r["reason"] for r in catalog.read("SELECT path, reason FROM dup_sources WHERE report_id = ?",
                                                         (report_id,))}


class BatchCopies:
    """Copies inside one ingest batch: the first is written, a later one waits for the next round, when the
    first is complete and find() sees it (a folder often holds the PDF and the Word file of one report)."""

    def __init__(self) -> None:
        self._keys: set[tuple[str, str, str]] = set()
        self._signatures: list = []

    def wait(self, doc, chunks) -> bool:
        """True when an earlier document of this round may be the original of `doc`; else remember doc."""
        key = (doc.broker or "", doc.date or "", normalize(doc.title or ""))
        sig = _fingerprint(tuple(body_texts(chunks)))[1]
        if all(key) and key in self._keys:
            return True
        if sig is not None and any(estimate(sig, other) >= CANDIDATE_ESTIMATE for other in self._signatures):
            return True
        if all(key):
            self._keys.add(key)
        if sig is not None:
            self._signatures.append(sig)
        return False
