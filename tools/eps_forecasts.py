"""EPS, net profit, revenue and PE forecasts per year from a table flattened into tokens.

The fallback for files whose tables are not Markdown rows (plain text, a PDF read without layout):
a run of year headers, then a label and one value per year, parsed from the token stream. Prose
("预计2025-2027年EPS分别为…") is tools.forecast_prose's. Money is converted to 亿元, from the row label's
unit, the header's (百万元 2024A…), or the page's 单位; a value whose unit or year is unclear is dropped.
"""

from __future__ import annotations

import re

__all__ = ["NUMBER", "parse_number", "forecast_values"]

# Atomic, so a regex never backtracks into a number (no quadratic blow-up on long digit runs).
NUMBER = r"(?>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_YEAR_TOKEN = re.compile(r"^((?:19|20)\d\d)\s*([AEFaef]|年[AEFaef]|[AEFaef]?)$")
_VALUE_TOKEN = re.compile(rf"^[(（]?-?(?:{NUMBER})[)）]?%?$|^[-—–]+$|^(?:N/?A|NA|NM|n\.?a\.?)$")
# How a forecast table or sentence names EPS (每股净收益 too); shared by every forecast reader.
EPS_WORDS = r"EPS|每股(?:净)?收益|每股盈利"
_FIELD_LABELS = [
    ("eps", re.compile(EPS_WORDS, re.I)),
    ("pe", re.compile(r"^P/?E|市盈率|\bPE\b", re.I)),
    ("net_profit", re.compile(r"归母净利|归属(?:于)?母公司.*净利|净利润")),
    ("revenue", re.compile(r"营业(?:总)?收入|营收|收入")),
]
_NOT_LEVEL = re.compile(r"增长|增速|同比|环比|yoy|毛利|净利率|利润率|收益率|ROE|ROA|%|PEG|PB|扣非|每股净资产|BPS|EBIT|EV", re.I)
_UNIT = re.compile(r"(亿元|百万元?|万元|千元|元)")
_MONEY_UNIT = re.compile(r"(亿元|百万元?|万元|千元)")
# Factor from a printed money unit to 亿元 (the unit forecasts are held in); shared by every forecast reader.
TO_YI = {"亿元": 1.0, "百万元": 0.01, "百万": 0.01, "万元": 1e-4, "千元": 1e-5, "元": 1e-8}


def parse_number(text: str) -> float:
    """A NUMBER match as a float ("1,234.5" -> 1234.5)."""
    return float(text.replace(",", ""))


def forecast_values(text: str) -> list[tuple[str, str, float]]:
    """(year, field, value) in the page's flattened tables: year is "2025E"/"2024A", field one of
    eps (元/股), net_profit and revenue (亿元) and pe."""
    return _table_values(text)


def _year_label(token_year: str, suffix: str) -> str:
    suffix = suffix.replace("年", "").upper().replace("F", "E")
    return token_year + suffix


def _field_of(label: str) -> str | None:
    if _NOT_LEVEL.search(label):
        return None
    for name, pattern in _FIELD_LABELS:
        if pattern.search(label):
            return name
    return None


def _scale(name: str, label: str, table_unit: str | None) -> float | None:
    """Factor to 亿元 for money rows: the label's unit (营业收入(百万)), else the table's; None when the unit
    cannot be known (then the value is not kept)."""
    if name in ("eps", "pe"):
        return 1.0
    m = _UNIT.search(label)
    unit = m.group(1) if m else table_unit
    return TO_YI.get(unit) if unit else None


def _table_values(text: str) -> list[tuple[str, str, float]]:
    """(year, field, value) from tables flattened to tokens: a run of year headers, then label + one value per year."""
    page_unit = m.group(1) if (m := re.search(r"单位\s*[:：]\s*(?:人民币)?\s*(亿元|百万元?|万元|千元)", text)) else None
    tokens = _merge_split_years(text.split())
    out: list[tuple[str, str, float]] = []
    i = 0
    while i < len(tokens):
        years = _year_run(tokens, i)
        if len(years) < 2 or not any(y[-1] in "AE" for y in years):
            i += 1
            continue
        # the header's own first cells state the unit: "百万元 2024A…", "财务摘要（人民币百万元） 2024A…",
        # "表1：盈利预测（亿元） 会计年度 2024A…"
        head = [m.group(1) for tok in tokens[max(i - 2, 0):i] if len(tok) <= 30 and (m := _MONEY_UNIT.search(tok))]
        table_unit = head[-1] if head else page_unit
        i += len(years)
        label: list[str] = []
        while i < len(tokens) and not _year_header_at(tokens, i) and not tokens[i].startswith("资料来源"):
            if not _VALUE_TOKEN.match(tokens[i]):
                label.append(tokens[i])
                i += 1
                if len("".join(label)) > 30:
                    break  # prose, not a row label: the table has ended
                continue
            values = []
            while i < len(tokens) and _VALUE_TOKEN.match(tokens[i]):
                values.append(tokens[i])
                i += 1
            name = _field_of("".join(label))
            factor = _scale(name, "".join(label), table_unit) if name else None
            if name and factor is not None and len(values) == len(years):
                out += [(y, name, round(v * factor, 6)) for y, v in zip(years, map(_cell_value, values)) if v is not None]
            label = []
    return out


def _merge_split_years(tokens: list[str]) -> list[str]:
    """pypdf may break a header cell "2025E" into "2025" and "E"; join them back."""
    merged: list[str] = []
    for tok in tokens:
        if merged and tok in ("A", "E", "F") and re.fullmatch(r"(?:19|20)\d\d", merged[-1]):
            merged[-1] += tok
        else:
            merged.append(tok)
    return merged


def _year_run(tokens: list[str], i: int) -> list[str]:
    years = []
    while i < len(tokens) and (m := _YEAR_TOKEN.match(tokens[i])):
        years.append(_year_label(m.group(1), m.group(2)))
        i += 1
    return years


def _year_header_at(tokens: list[str], i: int) -> bool:
    return i + 1 < len(tokens) and bool(_YEAR_TOKEN.match(tokens[i]) and _YEAR_TOKEN.match(tokens[i + 1]))


def _cell_value(cell: str) -> float | None:
    cell = cell.strip("%")
    if not re.search(r"\d", cell):
        return None  # "-", "N/A": no value, not zero
    negative = cell.startswith(("(", "（")) or cell.startswith("-")
    value = parse_number(cell.strip("()（）-"))
    return -value if negative else value
