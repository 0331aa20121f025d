"""What the report library needs from its catalog and keyword index: one interface, two engines.

- memory/catalog.py: SQLite + FTS5 in the data directory (embedded, the default; no server);
- memory/pg_catalog.py: PostgreSQL, a tsvector column over the same jieba tokens (team mode), so that
  every server replica and worker sees one library.

Both run the same SQL for the report life cycle (memory/report_states.py) and pass the same test suite
(tests/test_catalog_contract.py, run against PostgreSQL by tests/team/). Which one a library uses is
chosen by configuration only: TOUYAN_CATALOG_URL (touyan/settings.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Protocol, Sequence

from memory.leases import LEASE_TIMEOUT_S, Lease, Owner

if TYPE_CHECKING:
    from memory.catalog import ChunkRecord, ReportRecord, SourceReport
    from memory.filters import SearchFilters
    from memory.report_states import BeginState


class ReportCatalog(Protocol):
    # -- life cycle of a report (memory/report_states.py): every transition checked ----------
    def begin_report(self, record: ReportRecord, owner: Owner, *,
                     timeout_s: float = LEASE_TIMEOUT_S) -> tuple[BeginState, Lease | None]: ...

    def complete_report(self, report_id: str, source: str, pages: Iterable[tuple[int, str]], chunks: Iterable[tuple],
                        tickers: Iterable[str], owner: Owner) -> tuple[str | None, bool]: ...

    def attach_source(self, source: str, report_id: str, owner: Owner) -> tuple[str | None, bool]: ...

    def drop_report(self, report_id: str, owner: Owner) -> bool: ...

    def take_over(self, report_id: str, lease: Lease, owner: Owner) -> bool: ...

    def forget(self, report_id: str, owner: Owner) -> bool: ...

    def leased(self) -> list[tuple[str, str, Lease]]: ...

    def beat(self, owner: Owner) -> int: ...

    def sweep_orphans(self, owner: Owner) -> tuple[int, list[str]]: ...

    # -- reading -----------------------------------------------------------------------------
    def generation(self) -> int: ...

    def report(self, report_id: str) -> ReportRecord | None: ...

    def reports(self, status: str = "complete") -> list[ReportRecord]: ...

    def report_for_source(self, path: str) -> str | None: ...

    def sources_of(self, report_id: str) -> list[str]: ...

    def report_ids(self) -> set[str]: ...

    def expected_vectors(self) -> tuple[int, set[str]]: ...

    def page_text(self, report_id: str, page: int) -> str | None: ...

    def pages(self, report_id: str) -> list[tuple[int, str]]: ...

    def chunk_count(self) -> int: ...

    def source_reports(self, paths: Sequence[str]) -> dict[str, SourceReport]: ...

    def read(self, sql: str, params: Sequence = ()) -> list:
        """Rows (by column name) of a read-only query in the shared SQL (memory/near_duplicates.py…)."""

    def keyword_rows(self, report_id: str) -> int: ...

    def chunks(self, chunk_ids: Sequence[str]) -> dict[str, ChunkRecord]: ...

    def matching_chunks(self, chunk_ids: Sequence[str], filters: SearchFilters) -> set[str]:
        """Those of `chunk_ids` that pass `filters` (chunks of complete reports only)."""

    def chunk_share(self, filters: SearchFilters) -> tuple[int, int]: ...

    def keyword_search(self, tokens: Sequence[str], k: int, filters: SearchFilters) -> list[tuple[str, float]]:
        """BM25 over jieba tokens, any token matching, filters applied before ranking: (chunk_id, score), best first."""

    def close(self) -> None: ...


def open_catalog(root: Path, url: str | None = None) -> ReportCatalog:
    """The PostgreSQL catalog at `url` (postgresql://…), else the SQLite catalog in `root`."""
    if url:
        from memory.pg_catalog import PostgresCatalog

        return PostgresCatalog(url)
    from memory.catalog import Catalog

    return Catalog(root / "catalog.sqlite3")
