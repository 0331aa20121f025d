"""Metadata filters shared by keyword (SQLite FTS5) and vector (chromadb) search."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tools.brokers import normalize_broker


def date_key(iso_date: str | None) -> int | None:
    """'2025-03-12' -> 20250312, an integer chromadb can range-filter on; a date that does not exist
    (2025-13-45, 2025-02-30) is an error, not a filter that silently matches nothing."""
    if not iso_date:
        return None
    digits = iso_date.replace("-", "")
    try:
        if len(digits) != 8 or not digits.isascii() or not digits.isdigit():
            raise ValueError
        dt.datetime.strptime(digits, "%Y%m%d")
    except ValueError:
        raise ValueError(f"日期无效：{iso_date!r}（应为存在的日期，格式 YYYY-MM-DD）") from None
    return int(digits)


@dataclass(frozen=True)
class SearchFilters:
    broker: str | None = None
    ticker: str | None = None  # canonical code, e.g. "300750.SZ"
    report_id: str | None = None
    date_from: str | None = None  # inclusive, YYYY-MM-DD
    date_to: str | None = None  # inclusive, YYYY-MM-DD
    include_boilerplate: bool = False  # disclaimers (分析师声明, 免责声明…) only when asked for
    report_ids: tuple[str, ...] | None = None  # only these reports (a catalog-side filter such as industry); () matches none

    def __post_init__(self) -> None:
        # Validate early: a bad date or an inverted range is the caller's error, not "no hits".
        start, end = date_key(self.date_from), date_key(self.date_to)
        if start is not None and end is not None and start > end:
            raise ValueError(f"起始日期 {self.date_from} 晚于截止日期 {self.date_to}：这个范围不含任何日期，请交换两者")
        if self.broker:  # 华泰 / 华泰证券股份有限公司 → 华泰证券, as the library stores it
            object.__setattr__(self, "broker", normalize_broker(self.broker) or self.broker.strip())

    @property
    def narrow(self) -> bool:
        """Whether the filter may keep only a small share of a library (one broker, ticker or report list):
        the vector side then sizes its over-fetch by the catalog's count, or filters inside the index
        (memory/vector_candidates.py)."""
        return bool(self.broker or self.ticker or self.report_id or self.report_ids is not None)

    def chroma_where(self) -> dict | None:
        clauses: list[dict] = []
        if self.broker:
            clauses.append({"broker": self.broker})
        if self.report_id:
            clauses.append({"report_id": self.report_id})
        if self.report_ids is not None:
            clauses.append({"report_id": {"$in": list(self.report_ids) or [""]}})
        if self.ticker:
            clauses.append({"tickers": {"$contains": self.ticker}})
        if self.date_from:
            clauses.append({"date_key": {"$gte": date_key(self.date_from)}})
        if self.date_to:
            clauses.append({"date_key": {"$lte": date_key(self.date_to)}})
        if not self.include_boilerplate:
            clauses.append({"boilerplate": {"$ne": True}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def sql_where(self) -> tuple[str, list]:
        """A SQL condition over the `reports` table aliased `r` and the `chunks` table aliased `c`."""
        parts, params = ["r.status = 'complete'"], []
        if self.broker:
            parts.append("r.broker = ?")
            params.append(self.broker)
        if self.report_id:
            parts.append("r.report_id = ?")
            params.append(self.report_id)
        if self.report_ids is not None:
            parts.append(f"r.report_id IN ({','.join('?' * len(self.report_ids)) or 'NULL'})")
            params.extend(self.report_ids)
        if self.ticker:
            parts.append("r.report_id IN (SELECT report_id FROM report_tickers WHERE ticker = ?)")
            params.append(self.ticker)
        if self.date_from:
            parts.append("r.date_key >= ?")
            params.append(date_key(self.date_from))
        if self.date_to:
            parts.append("r.date_key <= ?")
            params.append(date_key(self.date_to))
        if not self.include_boilerplate:
            parts.append("c.boilerplate = 0")
        return " AND ".join(parts), params
