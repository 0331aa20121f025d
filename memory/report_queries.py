"""Which reports of the library match a listing's or a search's filters, and why none did.

Shared by `touyan reports list` and `touyan search` (--industry, and the precise "no report matches"
line). Filters read the catalog's complete reports: broker (any spelling, tools/brokers.py), stock code,
publication date range, report type (公司点评…, substring) and industry.

A report's industry is the one its cover prints (tools/cover_fields.industry: 所属行业 or a 申万一级 name in
the running header). A company report whose cover prints none takes the industry that another report in
the library prints for the same covered stock. The bundled stock master carries no industry column, so a
report whose industry is printed nowhere in the library has none and no --industry filter matches it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from memory.catalog import ReportRecord
from memory.filters import date_key
from tools.brokers import normalize_broker


def _value(record: ReportRecord, name: str):
    return ((record.meta or {}).get(name) or {}).get("value")


def report_type(record: ReportRecord) -> str | None:
    return _value(record, "report_type")


def covered_stock(record: ReportRecord) -> str | None:
    return _value(record, "stock_code")


def industries(records: Iterable[ReportRecord]) -> dict[str, str]:
    """report_id → industry, printed on the cover or, for a company report, taken from another report
    printing one for the same stock."""
    records = list(records)
    printed = {r.report_id: str(_value(r, "industry")).strip() for r in records if _value(r, "industry")}
    by_stock: dict[str, str] = {}
    for r in records:
        if r.report_id in printed and covered_stock(r):
            by_stock.setdefault(str(covered_stock(r)), printed[r.report_id])
    out = dict(printed)
    for r in records:
        if r.report_id not in out and covered_stock(r) and str(covered_stock(r)) in by_stock:
            out[r.report_id] = by_stock[str(covered_stock(r))]
    return out


def industry_matches(wanted: str, industry: str | None) -> bool:
    """电子 matches 电子; 电力设备 matches 电力设备及新能源 (a house's longer name) and the reverse."""
    if not industry:
        return False
    return wanted == industry or wanted in industry or industry in wanted


@dataclass(frozen=True)
class ReportQuery:
    broker: str | None = None  # any spelling; normalized
    ticker: str | None = None  # canonical code, e.g. 300750.SZ
    date_from: str | None = None
    date_to: str | None = None
    report_type: str | None = None
    industry: str | None = None
    report_id: str | None = None

    def __post_init__(self) -> None:
        start, end = date_key(self.date_from), date_key(self.date_to)  # raises ValueError on a bad date
        if start is not None and end is not None and start > end:
            raise ValueError(f"起始日期 {self.date_from} 晚于截止日期 {self.date_to}")
        if self.broker:
            object.__setattr__(self, "broker", normalize_broker(self.broker) or self.broker.strip())

    def describe(self) -> str:
        """The filters in words: 券商=华泰证券、日期≥2025-06-01."""
        parts = [("券商", self.broker), ("股票", self.ticker), ("类型", self.report_type), ("行业", self.industry),
                 ("研报", self.report_id)]
        words = [f"{name}={value}" for name, value in parts if value]
        if self.date_from:
            words.append(f"日期≥{self.date_from}")
        if self.date_to:
            words.append(f"日期≤{self.date_to}")
        return "、".join(words)

    @property
    def empty(self) -> bool:
        return not self.describe()


def select(records: list[ReportRecord], query: ReportQuery) -> list[ReportRecord]:
    start, end = date_key(query.date_from), date_key(query.date_to)
    by_industry = industries(records) if query.industry else {}
    out = []
    for r in records:
        if query.broker and r.broker != query.broker:
            continue
        if query.ticker and query.ticker not in r.tickers:
            continue
        if query.report_id and r.report_id != query.report_id:
            continue
        key = date_key(r.date) if r.date else None
        if (start is not None or end is not None) and key is None:
            continue
        if (start is not None and key < start) or (end is not None and key > end):
            continue
        if query.report_type and query.report_type not in (report_type(r) or ""):
            continue
        if query.industry and not industry_matches(query.industry, by_industry.get(r.report_id)):
            continue
        out.append(r)
    return out


def nothing_matches(records: list[ReportRecord], query: ReportQuery) -> str:
    """One line saying why no report matched: an empty library, or which filter excludes everything."""
    if not records:
        return "研报库为空：先运行 `touyan ingest DIR` 或 `touyan fetch --code 代码` 加入研报。"
    line = f"研报库的 {len(records)} 份研报中没有符合筛选条件（{query.describe()}）的研报"
    if query.broker and not any(r.broker == query.broker for r in records):
        brokers = sorted({r.broker for r in records if r.broker})
        line += f"；库中的券商：{'、'.join(brokers[:12]) or '（都未识别出券商）'}"
    elif query.industry and not select(records, ReportQuery(industry=query.industry)):
        known = sorted(set(industries(records).values()))
        line += f"；库中研报的行业：{'、'.join(known[:12]) or '（封面都未标注行业）'}"
    return line + "。"
