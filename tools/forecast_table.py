"""The earnings-forecast table as typed cells: {metric, year, value, unit, label, text, page}.

Read from a page's tables (Markdown rows in the page text, or the structured rows the layout step
found): a header row of years (2024A, 2025E…), then one row per metric. Only rows the table prints
become cells: a year the table does not have, or a prose sentence about a year, never does. Growth
rows labelled only `+/-%`, `YoY` or `同比` belong to the level row above them (营业收入 → 营收增长率).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from tools.eps_forecasts import EPS_WORDS
from tools.layout.tables import tables_in_text

METRICS = ("营业收入", "营收增长率", "归母净利润", "净利润增长率", "EPS", "ROE", "PE", "PB")
_YEAR = re.compile(r"^((?:19|20)\d\d)\s*([AEFaef]|年[AEFaef]?)?$")
_GROWTH = re.compile(r"增长率|增速|同比|yoy|\+/-|±|变动率|增长\s*[（(]?%", re.I)
_LEVELS = [
    ("EPS", re.compile(EPS_WORDS, re.I)),
    ("ROE", re.compile(r"ROE|净资产收益率", re.I)),
    ("PE", re.compile(r"P/?E(?![A-Z])|市盈率", re.I)),
    ("PB", re.compile(r"P/?B(?![A-Z])|市净率", re.I)),
    ("归母净利润", re.compile(r"归母净利|归属(?:于)?母公司.{0,6}净利|^净利润|^净利")),
    ("营业收入", re.compile(r"营业(?:总)?收入|^营收|^收入|^总收入")),
]
_NOT_METRIC = re.compile(r"毛利|净利率|利润率|扣非|EBIT|EV|PEG|每股净资产|BPS|股息|分红|现金流|资产负债", re.I)
_MONEY = [("百万元", re.compile(r"百万")), ("亿元", re.compile(r"亿")), ("万元", re.compile(r"(?<![百千])万元|万\)|万）")),
          ("千元", re.compile(r"千元"))]
_PAGE_UNIT = re.compile(r"单位\s*[:：]\s*(?:人民币)?\s*(百万元|亿元|万元|千元)")
_VALUE = re.compile(r"^[(（]?(-|−|–)?\s*([\d,]+(?:\.\d+)?)\s*[)）]?\s*(%|倍|x|X|元)?$")


@dataclass(frozen=True)
class ForecastCell:
    metric: str  # one of METRICS
    year: str  # as printed: 2025E, 2024A
    value: float  # the printed number: 1,234.5 → 1234.5, 12.3% → 12.3
    unit: str | None  # 百万元 | 亿元 | 万元 | 千元 | 元 | % | 倍; None when the table does not say
    label: str  # the row label as printed
    text: str  # the cell as printed
    page: int


def _year(cell: str) -> str | None:
    m = _YEAR.match(cell.replace(" ", ""))
    if not m:
        return None
    suffix = (m.group(2) or "").replace("年", "").upper().replace("F", "E")
    return m.group(1) + suffix


def _value(cell: str) -> float | None:
    m = _VALUE.match(cell.strip())
    if not m:
        return None
    number = float(m.group(2).replace(",", ""))
    negative = bool(m.group(1)) or cell.strip().startswith(("(", "（"))
    return -number if negative else number


def _metric(label: str, previous: str | None) -> str | None:
    if _NOT_METRIC.search(label):
        return None
    level = next((name for name, pattern in _LEVELS if pattern.search(label.strip())), None)
    if _GROWTH.search(label):
        base = level or previous
        return {"营业收入": "营收增长率", "归母净利润": "净利润增长率"}.get(base or "")
    return level


def _unit(metric: str, label: str, table_unit: str | None) -> str | None:
    if metric in ("营收增长率", "净利润增长率", "ROE"):
        return "%"
    if metric == "EPS":
        return "元"
    if metric in ("PE", "PB"):
        return "倍"
    return next((unit for unit, pattern in _MONEY if pattern.search(label)), table_unit)


# A segment-revenue table ("分业务收入预测", "分产品收入拆分") totals its rows in 合计: that row is 营业收入
_REVENUE_CAPTION = re.compile(r"收入(?:预测|拆分|结构|测算)?")
_NOT_REVENUE_CAPTION = re.compile(r"毛利|成本|费用|利润")
_TOTAL = re.compile(r"^(?:合计|总计|收入合计|营收合计)$")


def table_cells(rows: Sequence[Sequence[str]], page: int, table_unit: str | None = None,
                caption: str = "") -> list[ForecastCell]:
    """Typed cells of one table, [] when it is not a forecast table (no year header, < 2 metric rows).
    `caption` is the line above the table, which tells a segment-revenue table's 合计 row apart."""
    header_at = next((i for i, row in enumerate(rows) if sum(_year(c) is not None for c in row) >= 2), None)
    if header_at is None:
        # years down the first column, metrics across the header: read it turned
        if sum(bool(row) and _year(row[0]) is not None for row in rows) < 2:
            return []
        width = max(len(row) for row in rows)
        turned = [[row[j] if j < len(row) else "" for row in rows if row] for j in range(width)]
        return table_cells(turned, page, table_unit, caption)
    header = list(rows[header_at])
    if _year(header[0]) is not None:
        header = [""] + header  # a header with no corner cell: the years sit over the value columns
    table_unit = next((unit for unit, pattern in _MONEY if pattern.search(header[0])), table_unit)  # 百万元 | 2024A | …
    years = [_year(c) for c in header]
    revenue_total = bool(_REVENUE_CAPTION.search(caption)) and not _NOT_REVENUE_CAPTION.search(caption)
    cells: list[ForecastCell] = []
    previous: str | None = None
    for row in rows[header_at + 1:]:
        if not row or _year(row[0]) is not None:
            break  # a second header: another table
        label = row[0].strip()
        metric = "营业收入" if revenue_total and _TOTAL.match(label) else _metric(label, previous)
        if metric in ("营业收入", "归母净利润"):
            previous = metric
        if metric is None:
            continue
        unit = _unit(metric, label, table_unit)
        for year, cell in zip(years[1:], row[1:]):
            value = _value(cell) if year else None
            if year and value is not None:
                cells.append(ForecastCell(metric, year, value, unit, label, cell.strip(), page))
    levels = {c.metric for c in cells} & {"营业收入", "归母净利润", "EPS", "PE"}
    return cells if len(levels) >= 2 else []


_CELL_GAP = re.compile(r"\t|\s{2,}")
_CAPTION_UNIT = re.compile(r"[（(]\s*(?:单位\s*[:：]\s*)?(?:人民币)?\s*(百万元|亿元|万元|千元)\s*[)）]|单位\s*[:：]\s*(?:人民币)?\s*(百万元|亿元|万元|千元)")


def cell_tables(text: str) -> list[tuple[str | None, list[list[str]], str]]:
    """Tables set as lines of tab- or space-separated cells (a text file, a PDF read without layout): runs of
    two or more lines of three or more cells, each with the unit its caption line states, if any, and that line."""
    tables: list[tuple[str | None, list[list[str]], str]] = []
    run: list[list[str]] = []
    previous = ""
    for line in text.split("\n") + [""]:
        cells = [c.strip() for c in _CELL_GAP.split(line.strip()) if c.strip()]
        if len(cells) >= 3 and max(map(len, cells)) <= 40:
            if not run:
                caption, found = previous, _CAPTION_UNIT.search(previous)
                unit = (found.group(1) or found.group(2)) if found else None
            run.append(cells)
            continue
        if len(run) >= 2:
            tables.append((unit, run, caption))
        run, previous = [], line
    return tables


def forecast_cells(pages: Sequence[tuple[int, str]]) -> list[ForecastCell]:
    """The cells of the report's first earnings-forecast table (cover first, then page order)."""
    for number, text in sorted(pages, key=lambda p: p[0]):
        unit_match = _PAGE_UNIT.search(text)
        page_unit = unit_match.group(1) if unit_match else None
        candidates = [(page_unit, list(rows), "") for rows in tables_in_text(text)] + \
            [(unit or page_unit, rows, caption) for unit, rows, caption in cell_tables(text)]
        for unit, rows, caption in candidates:
            cells = table_cells(rows, number, unit, caption)
            if cells:
                return cells
    return []
