"""Metadata filters shared by keyword (SQLite FTS5) and vector (chromadb) search."""

from __future__ import annotations

from dataclasses import dataclass

from tools.brokers import normalize_broker


def date_key(iso_date: str | None) -> int | None:
    """'2025-03-12' -> 20250312, an integer chromadb can range-filter on."""
    if not iso_date:
        return None
    digits = iso_date.replace("-", "")
    if len(digits) != 8 or not digits.isdigit():
        raise ValueError(f"日期格式应为 YYYY-MM-DD: {iso_date!r}")
    return int(digits)


@dataclass(frozen=True)
class SearchFilters:
    broker: str | None = None
    ticker: str | None = None  # canonical code, e.g. "300750.SZ"
    report_id: str | None = None
    date_from: str | None = None  # inclusive, YYYY-MM-DD
    date_to: str | None = None  # inclusive, YYYY-MM-DD
    include_boilerplate: bool = False  # disclaimers (分析师声明, 免责声明…) only when asked for

    def __post_init__(self) -> None:
        date_key(self.date_from)  # validate early: a bad date is the caller's error, not "no hits"
        date_key(self.date_to)
        if self.broker:  # 华泰 / 华泰证券股份有限公司 → 华泰证券, as the library stores it
            object.__setattr__(self, "broker", normalize_broker(self.broker) or self.broker.strip())

    def chroma_where(self) -> dict | None:
        clauses: list[dict] = []
        if self.broker:
            clauses.append({"broker": self.broker})
        if self.report_id:
            clauses.append({"report_id": self.report_id})
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
