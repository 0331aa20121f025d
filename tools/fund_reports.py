"""A fund's periodic reports as eastmoney lists them (akshare `fund_announcement_report_em`, normalized by
the `fund_announcements` dataset): which rows are 季报 / 中报 / 年报, the period each covers, and the
PDF link of each.

Titles are the only place the kind and period are written ("华夏成长混合型证券投资基金2024年第3季度报告",
"…2024年中期报告", "…2024年年度报告"). Summaries (摘要), English versions, updates of the prospectus and
other notices are not periodic reports here. One report per period: a 中报 or 年报 covers the same period
as the second or fourth 季报 and carries the longer commentary (with the 展望), so it wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from typing import Any

# eastmoney serves announcement PDFs as H2_<报告ID>_1.pdf (research reports use H3_).
PDF_BASE = "https://pdf.dfcfw.com/pdf"
_QUARTER = re.compile(r"(\d{4})\s*年\s*第\s*([1-4一二三四])\s*季度报告")
_HALF = re.compile(r"(\d{4})\s*年\s*(?:中期|半年度|半年)报告")
_ANNUAL = re.compile(r"(\d{4})\s*年\s*(?:年度)?报告")
_NOT_A_REPORT = ("摘要", "英文", "English", "更正", "更新", "补充", "提示性", "延期", "取消")
_CN_DIGIT = {"一": "1", "二": "2", "三": "3", "四": "4"}
KIND_RANK = {"季报": 0, "中报": 1, "年报": 1}


@dataclass(frozen=True)
class FundReport:
    fund_code: str
    fund_name: str
    report_id: str
    title: str
    date: str  # publication date, ISO
    kind: str  # 季报 | 中报 | 年报
    period: str  # the period covered: 2024Q3 (中报 → Q2, 年报 → Q4)

    def pdf_url(self, base: str | None = None) -> str:
        return f"{(base or PDF_BASE).rstrip('/')}/H2_{self.report_id}_1.pdf"

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def kind_and_period(title: str) -> tuple[str, str] | None:
    """("季报", "2024Q3") for a periodic report's title; None for anything else."""
    if any(word in title for word in _NOT_A_REPORT):
        return None
    if match := _QUARTER.search(title):
        return "季报", f"{match[1]}Q{_CN_DIGIT.get(match[2], match[2])}"
    if match := _HALF.search(title):
        return "中报", f"{match[1]}Q2"
    if (match := _ANNUAL.search(title)) and "季度" not in title:
        return "年报", f"{match[1]}Q4"
    return None


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()


def periodic_reports(frame) -> list[FundReport]:
    """Rows of the normalized `fund_announcements` frame that are periodic reports, one per period
    (中报/年报 over the 季报 of the same period; the later publication when two of a kind remain), newest first."""
    chosen: dict[str, FundReport] = {}
    for row in frame.to_dict("records"):
        title, report_id = _text(row.get("title")), _text(row.get("report_id"))
        found = kind_and_period(title)
        when = row.get("date")
        if found is None or not re.fullmatch(r"[A-Za-z0-9]+", report_id) or when is None or str(when) in ("NaT", "nan"):
            continue
        item = FundReport(fund_code=_text(row.get("fund_code")), fund_name=_text(row.get("fund_name")),
                          report_id=report_id, title=title, date=str(when)[:10], kind=found[0], period=found[1])
        held = chosen.get(item.period)
        if held is None or (KIND_RANK[item.kind], item.date) > (KIND_RANK[held.kind], held.date):
            chosen[item.period] = item
    return sorted(chosen.values(), key=lambda r: r.period, reverse=True)


def select(items: list[FundReport], since: Date | None = None, limit: int | None = None) -> list[FundReport]:
    """Reports published on or after `since`, at most `limit` periods (the newest)."""
    kept = [r for r in items if since is None or r.date >= since.isoformat()]
    return kept[:limit] if limit else kept
