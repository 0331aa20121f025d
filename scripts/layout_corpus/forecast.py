"""Earnings-forecast tables as each house prints them, and their typed gold cells.

The printed table is rows of strings; the gold cell value is the printed number read back
(`1,234.5` -> 1234.5, `12.3%` -> 12.3), so gold and page cannot disagree on rounding.
"""
from __future__ import annotations

from .spec import Forecast

UNITS = {"营业收入": "money", "归母净利润": "money", "营收增长率": "%", "净利润增长率": "%", "EPS": "元", "ROE": "%",
         "PE": "倍", "PB": "倍"}

# Row labels per house variant: (canonical metric, printed label). The same label ("+/-%") may mean
# two metrics; which one follows from the row above it.
LABELS = {
    "htsc": ("会计年度", [("营业收入", "营业收入 (人民币百万)"), ("营收增长率", "+/-%"), ("归母净利润", "归属母公司净利润 (人民币百万)"),
                        ("净利润增长率", "+/-%"), ("EPS", "EPS (人民币，最新摊薄)"), ("ROE", "ROE (%)"), ("PE", "PE (倍)"),
                        ("PB", "PB (倍)")]),
    "cn": ("主要财务指标", [("营业收入", "营业收入（百万元）"), ("营收增长率", "增长率（%）"), ("归母净利润", "归母净利润（百万元）"),
                        ("净利润增长率", "增长率（%）"), ("EPS", "每股收益（元）"), ("ROE", "ROE（%）"), ("PE", "市盈率（倍）")]),
    "yi": ("项目/年度", [("营业收入", "营业收入"), ("营收增长率", "YoY"), ("归母净利润", "归母净利润"), ("净利润增长率", "YoY"),
                      ("EPS", "EPS（元）"), ("PE", "P/E"), ("PB", "P/B")]),
    "short": ("盈利预测", [("营业收入", "营收(百万元)"), ("营收增长率", "同比"), ("归母净利润", "净利润(百万元)"),
                       ("净利润增长率", "同比"), ("EPS", "EPS(元)"), ("ROE", "ROE"), ("PE", "PE(x)")]),
    "bank": ("单位：百万元", [("营业收入", "营业收入"), ("营收增长率", "增速（%）"), ("归母净利润", "归母净利润"),
                         ("净利润增长率", "增速（%）"), ("EPS", "EPS（元）"), ("ROE", "ROE（%）"), ("PB", "P/B（倍）")]),
}


def _money(value: float, unit: str) -> str:
    if unit == "亿元":
        return f"{value / 100:,.1f}"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.1f}"


def _fmt(metric: str, value: float, unit: str, variant: str) -> str:
    if UNITS[metric] == "money":
        return _money(value, unit)
    if metric in ("营收增长率", "净利润增长率"):
        return f"{value:.1f}%" if variant in ("short", "yi") else f"{value:.1f}"
    if metric == "EPS":
        return f"{value:.2f}"
    if metric == "ROE":
        return f"{value:.1f}%" if variant == "short" else f"{value:.1f}"
    return f"{value:.1f}x" if variant == "short" and metric == "PE" else f"{value:.2f}" if metric == "PB" else f"{value:.1f}"


def read_number(text: str) -> float:
    return float(text.replace(",", "").rstrip("%x"))


def forecast_table(fc: Forecast, variant: str, unit: str = "百万元") -> tuple[list[list[str]], list[dict]]:
    """The printed rows (header first) and the typed cells: {metric, year, value, unit, label, text}."""
    corner, labels = LABELS[variant]
    rows = [[corner, *fc.years]]
    cells = []
    for metric, label in labels:
        if metric not in fc.rows:
            continue
        row = [label]
        for year, value in zip(fc.years, fc.rows[metric]):
            text = _fmt(metric, value, unit, variant)
            row.append(text)
            cell_unit = unit if UNITS[metric] == "money" else UNITS[metric]
            cells.append({"metric": metric, "year": year, "value": read_number(text), "unit": cell_unit,
                          "label": label, "text": text})
        rows.append(row)
    return rows, cells


def build_forecast(years: list[str], revenue0: float, growth: list[float], margin: list[float], shares: float,
                   price: float, roe: list[float]) -> Forecast:
    """Numbers that hang together: revenue from growth, profit from margin, EPS from shares, PE and
    PB from the price. All invented."""
    revenue, profit = [revenue0], []
    for g in growth:
        revenue.append(revenue[-1] * (1 + g / 100))
    profit = [r * m / 100 for r, m in zip(revenue, margin)]
    rev_g = [growth[0] * 0.8] + growth
    np_g = [rev_g[0] + 3.0] + [(profit[i] / profit[i - 1] - 1) * 100 for i in range(1, len(profit))]
    eps = [p / shares for p in profit]
    pe = [price / e for e in eps]
    pb = [price / (e / (r / 100)) for e, r in zip(eps, roe)]
    return Forecast(years, {"营业收入": revenue, "营收增长率": rev_g, "归母净利润": profit, "净利润增长率": np_g,
                            "EPS": eps, "ROE": roe, "PE": pe, "PB": pb})
