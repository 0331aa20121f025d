"""What a researcher files away from a batch: file names that say what a report is, and the index
columns (code, name, rating and its action, target and current price, upside, EPS by year, verified-citation
share) written to `index.csv` and `index.xlsx`.

File stem: `YYYYMMDD_券商_标题_<report_id>`; characters a file system or a shell trips on become `_`, the
title is cut to 40 characters, and the report id keeps two reports with the same title apart.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from agents.summarize.models import ReportSummary

_UNSAFE = re.compile(r'[\\/:*?"<>|\s\x00-\x1f：]+')
BASE_COLUMNS = ("code", "name", "rating", "rating_action", "target_price", "current_price", "upside")


def file_stem(summary: ReportSummary) -> str:
    date = re.sub(r"\D", "", summary.date or "")[:8] or "日期未知"  # never a made-up date
    broker = _UNSAFE.sub("_", summary.broker or "未署名").strip("_.") or "未署名"
    title = _UNSAFE.sub("_", summary.title or "").strip("_.")[:40] or "无标题"
    return f"{date}_{broker}_{title}_{summary.report_id}"


def _company(summary: ReportSummary) -> tuple[str, str]:
    """(code, name) of a company report: the one code its subject line names, "名称（代码）"."""
    m = re.match(r"^(?P<name>[^（(]+)[（(](?P<code>[0-9A-Z.]+)[)）]$", summary.subject or "")
    if m and m["code"] in summary.tickers:
        return m["code"], m["name"]
    return (summary.tickers[0], "") if len(summary.tickers) == 1 else ("", "")


def eps_years(summaries: Sequence[ReportSummary]) -> list[str]:
    return sorted({f.year for s in summaries for f in s.views.eps_forecasts if f.eps is not None})


def index_fields(summary: ReportSummary, years: Sequence[str]) -> dict:
    v = summary.views
    code, name = _company(summary)
    upside = v.target_price / v.current_price - 1 if v.target_price is not None and v.current_price else None
    eps = {f.year: f.eps for f in v.eps_forecasts if f.eps is not None}
    row = {"code": code, "name": name, "rating": v.rating_word or v.rating or "", "rating_action": v.rating_action or "",
           "target_price": "" if v.target_price is None else f"{v.target_price:g}",
           "current_price": "" if v.current_price is None else f"{v.current_price:g}",
           "upside": "" if upside is None else f"{upside:.4f}"}
    row |= {f"eps_{y}": "" if y not in eps else f"{eps[y]:g}" for y in years}
    return row


def xlsx_bytes(columns: Sequence[str], rows: Sequence[dict]) -> bytes:
    """The index as one worksheet; numbers stay numbers so a researcher can sort and filter."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "index"
    sheet.append(list(columns))
    for row in rows:
        sheet.append([_cell(row.get(c, "")) for c in columns])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value):
    if isinstance(value, str) and re.fullmatch(r"-?\d+(?:\.\d+)?", value):
        return float(value)
    if isinstance(value, str) and value[:1] in "=+-@":
        return "'" + value  # text from a report never becomes a spreadsheet formula
    return value
