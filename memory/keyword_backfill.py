"""Fill a keyword index from the catalog: libraries ingested before the keyword index existed, or
before its current schema version, become searchable by keyword on their first open, with no re-parse
and no re-embedding.

The catalog keeps each chunk's jieba tokens (its FTS5 table, rowid = the chunk's rowid), its report's
filter fields and its disclaimer flag: everything a KeywordDoc holds. Only complete reports are copied;
a report still being written adds its own keyword documents when it completes. Each commit replaces
whole reports (delete, then add), so a fill cut short and run again leaves no duplicates.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from memory.keyword_index import KeywordDoc, KeywordIndex

REPORTS_PER_COMMIT = 200  # ~10k chunks: bounded memory on a large library

_ROWS = """
SELECT c.chunk_id, c.report_id, f.tokens, r.broker, r.date, COALESCE(c.boilerplate, 0)
FROM chunks c JOIN chunks_fts f ON f.rowid = c.rowid JOIN reports r ON r.report_id = c.report_id
WHERE r.status = 'complete' AND c.report_id IN ({marks})"""


def backfill(index: KeywordIndex, catalog_path: Path) -> int:
    """Copy every chunk of the catalog's complete reports into `index`; returns how many."""
    if not catalog_path.exists():
        return 0
    db = sqlite3.connect(f"file:{catalog_path}?mode=ro", uri=True)
    try:
        reports = [r for (r,) in db.execute("SELECT report_id FROM reports WHERE status = 'complete' ORDER BY report_id")]
        tickers: dict[str, list[str]] = {}
        for report_id, ticker in db.execute("SELECT report_id, ticker FROM report_tickers"):
            tickers.setdefault(report_id, []).append(ticker)
        copied = 0
        for start in range(0, len(reports), REPORTS_PER_COMMIT):
            group = reports[start: start + REPORTS_PER_COMMIT]
            rows = db.execute(_ROWS.format(marks=",".join("?" * len(group))), group).fetchall()
            index.write([KeywordDoc(cid, rid, tokens or "", broker, date, tuple(tickers.get(rid, ())), bool(flag))
                         for cid, rid, tokens, broker, date, flag in rows], delete_reports=group)
            copied += len(rows)
        return copied
    finally:
        db.close()
