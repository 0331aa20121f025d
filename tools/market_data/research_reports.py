"""Broker reports as eastmoney lists them (akshare `stock_research_report_em`, normalized by the
`research_reports` dataset): typed listings, filters, and the cross-check of a listing against what
the parser read from the PDF itself.

The listing is one source and the PDF another; neither silently wins. Where the PDF's cover states a
field (broker, date, stock, rating, title) and the listing says something else, the difference is
reported; where the cover is silent, the listing fills in (through the `YYYYMMDD_券商_标题.pdf` file
name the library already reads, and the stock code).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any

from tools.brokers import normalize_broker
from tools.cover_fields import bucket as rating_bucket

_INFO_CODE = re.compile(r"H3_([A-Za-z0-9]+)_\d+\.pdf", re.I)
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\s_]+')
_TITLE_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
DATE_TOLERANCE_DAYS = 3  # eastmoney's publish date is often the day after the cover's date
TITLE_MIN_SIMILARITY = 0.5


@dataclass(frozen=True)
class ListedReport:
    info_code: str  # eastmoney's report id (the PDF's file name H3_<id>_1.pdf)
    code: str  # 300750.SZ
    name: str
    title: str
    broker: str
    date: str  # ISO
    pdf_url: str | None
    rating: str | None = None
    industry: str | None = None
    forecasts: dict[str, dict[str, float]] = field(default_factory=dict)  # "2025" -> {"eps": 11.5, "pe": 21.3}

    def file_name(self) -> str:
        """`YYYYMMDD_券商_标题.pdf`: the name the library's metadata reader falls back on."""
        title = _UNSAFE.sub(" ", self.title).strip()[:80] or self.info_code
        broker = _UNSAFE.sub("", self.broker) or "未知券商"
        return f"{self.date.replace('-', '')}_{broker}_{title}.pdf"

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def _info_code(url: str | None) -> str | None:
    match = _INFO_CODE.search(url or "")
    return match.group(1) if match else None


def listings(frame) -> list[ListedReport]:
    """Rows of the normalized `research_reports` frame as ListedReports, newest first.

    Rows without a PDF link or a date are left out (nothing to download or to date)."""
    items = []
    for row in frame.to_dict("records"):
        url, when = _text(row.get("pdf_url")), row.get("date")
        code = _info_code(url)
        if not url or code is None or when is None or str(when) in ("NaT", "nan"):
            continue
        year = row.get("fy1_year")
        forecasts: dict[str, dict[str, float]] = {}
        if _number(year) is not None:
            for i in (1, 2, 3):
                eps, pe = _number(row.get(f"eps_fy{i}")), _number(row.get(f"pe_fy{i}"))
                if eps is not None or pe is not None:
                    forecasts[str(int(year) + i - 1)] = {k: v for k, v in (("eps", eps), ("pe", pe)) if v is not None}
        items.append(ListedReport(info_code=code, code=str(row["code"]), name=_text(row.get("name")) or "",
                                  title=_text(row.get("title")) or code, broker=_text(row.get("broker")) or "",
                                  date=str(when)[:10], pdf_url=url, rating=_text(row.get("rating")),
                                  industry=_text(row.get("industry")), forecasts=forecasts))
    return sorted(items, key=lambda r: (r.date, r.info_code), reverse=True)


def select(items: list[ListedReport], since: Date | None = None, broker: str | None = None,
           limit: int | None = None) -> list[ListedReport]:
    """Reports on or after `since`, from `broker` (any spelling the broker table knows), at most `limit`."""
    wanted = (normalize_broker(broker) or broker.strip()) if broker else None
    kept = [r for r in items
            if (since is None or r.date >= since.isoformat())
            and (wanted is None or (normalize_broker(r.broker) or r.broker) == wanted or wanted in r.broker)]
    return kept[:limit] if limit else kept


def _found(field_: Any) -> Any:
    """A metadata field's value when the document itself states it (not our own file name)."""
    return field_.value if field_.value is not None and field_.rule != "file_name" else None


def _similar(a: str, b: str) -> bool:
    a, b = _TITLE_NOISE.sub("", a), _TITLE_NOISE.sub("", b)
    if not a or not b or a in b or b in a:
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= TITLE_MIN_SIMILARITY


def cross_check(item: ListedReport, doc) -> list[str]:
    """Where the listing and the PDF (tools.documents.Document) disagree, one Chinese line each."""
    meta, found = doc.metadata, []
    broker = _found(meta.broker)
    if broker and item.broker and (normalize_broker(item.broker) or item.broker) != (normalize_broker(broker) or broker):
        found.append(f"券商不一致：列表为 {item.broker}，PDF 为 {broker}")
    printed = _found(meta.date)
    if printed:
        gap = abs((Date.fromisoformat(str(printed)[:10]) - Date.fromisoformat(item.date)).days)
        if gap > DATE_TOLERANCE_DAYS:
            found.append(f"日期不一致：列表为 {item.date}，PDF 为 {printed}")
    stock = _found(meta.stock_code)
    if stock and str(stock) != item.code:
        found.append(f"股票不一致：列表为 {item.name}（{item.code}），PDF 为 {_found(meta.stock_name) or ''}（{stock}）")
    bucket = _found(meta.rating_bucket)
    if bucket and item.rating and bucket != (rating_bucket(item.rating) or item.rating):
        found.append(f"评级不一致：列表为 {item.rating}，PDF 为 {bucket}（原文：{_found(meta.rating) or bucket}）")
    title, subtitle = _found(meta.title), _found(meta.subtitle)
    if title and not any(_similar(item.title, str(t)) for t in (title, subtitle) if t):
        found.append(f"标题不一致：列表为《{item.title}》，PDF 为《{title}》")
    return found
