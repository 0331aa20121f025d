"""What a library does when it opens: finish what writers that are gone left behind.

Never touches the work of a live writer: a row being written or dropped is taken over only when its
owner is gone (memory/leases.py), and vectors are compared with the catalog only when no report is
leased at all, inside one vector session, so that no writer can add vectors between the two reads.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from memory.catalog_api import ReportCatalog
from memory.leases import Owner
from memory.vector_index import VectorIndex

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepResult:
    reclaimed: int = 0  # rows of writers that are gone (half-written reports, unfinished drops)
    orphan_rows: int = 0  # pages, chunks, FTS rows, tickers, sources without a complete report
    dropped: int = 0  # complete reports no source points at, or whose vectors are missing
    orphan_vectors: int = 0  # reports whose vectors no catalog row accounts for

    @property
    def anything(self) -> bool:
        return any((self.reclaimed, self.orphan_rows, self.dropped, self.orphan_vectors))


def finish_drop(catalog: ReportCatalog, vectors: VectorIndex, report_id: str, owner: Owner) -> None:
    """Vectors first, then the row: a kill in between leaves a 'dropping' row the next sweep finishes."""
    vectors.delete_report(report_id)
    catalog.forget(report_id, owner)


def _sweep_vectors(catalog: ReportCatalog, vectors: VectorIndex, owner: Owner, shared: bool) -> tuple[int, int]:
    """(reports whose orphan vectors were deleted, complete reports dropped because their vectors are
    missing, so that the next ingest of their files writes them again)."""
    with vectors.session(write=False):
        if catalog.leased():  # a writer started meanwhile: its vectors may be on their way
            return 0, 0
        expected, with_chunks = catalog.expected_vectors()
        if vectors.count() == expected:
            return 0, 0
        stored = vectors.report_ids()
        orphans = stored - catalog.report_ids()
        lost = with_chunks - stored
        # On shared servers the two sides disagreeing is a client pointed at another (or an emptied) Chroma
        # or catalog, not crash residue (leases above finish that, report by report): deleting to match
        # would wipe the team's library. Say so and leave both as they are.
        if shared and (orphans or lost):
            log.warning("向量库与目录不一致（目录中 %d 份研报缺向量，向量库中 %d 份研报不在目录中）：共享服务器上不自动修复，"
                        "请检查 TOUYAN_CHROMA_URL / TOUYAN_CATALOG_URL，或用 touyan library migrate 补齐", len(lost), len(orphans))
            return 0, 0
        if orphans:
            vectors.delete_ids_of(orphans)
        missing = [rid for rid in lost if catalog.drop_report(rid, owner)]
        for report_id in missing:
            finish_drop(catalog, vectors, report_id, owner)
        return len(orphans), len(missing)


def sweep(catalog: ReportCatalog, vectors: VectorIndex, owner: Owner, *, timeout_s: float, shared: bool = False) -> SweepResult:
    reclaimed = 0
    for report_id, _status, lease in catalog.leased():
        if lease.held_by(owner) or not lease.owner_gone(owner, timeout_s=timeout_s):
            continue
        if catalog.take_over(report_id, lease, owner):
            finish_drop(catalog, vectors, report_id, owner)
            reclaimed += 1
    orphan_rows, dropping = catalog.sweep_orphans(owner)
    for report_id in dropping:
        finish_drop(catalog, vectors, report_id, owner)
    orphan_vectors, missing = (0, 0) if catalog.leased() else _sweep_vectors(catalog, vectors, owner, shared)
    return SweepResult(reclaimed, orphan_rows, len(dropping) + missing, orphan_vectors)
