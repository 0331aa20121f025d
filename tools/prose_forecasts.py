"""Earnings forecasts a report states in prose when it prints no table the table readers understand:
"预计公司2025-2027年归母净利润为125.3/138.6/150.2亿元，对应EPS为1.97/2.18/2.36元", "我们预计2025年归母净利润
292.0亿元，EPS 1.47元". The years come from the sentence (a span 2025-2027 / 2025至2027, or one year); a
value list must have as many figures as the span has years, else the sentence is left alone. Only the
headline metrics (营业收入, 归母净利润, EPS) and only money units a reader can convert are taken.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tools.forecast_table import ForecastCell
from tools.text import split_sentences

_SPAN = re.compile(r"(?P<a>20\d{2})\s*(?:年)?\s*(?:[-–~～至到])\s*(?P<b>20\d{2})\s*年|(?P<one>20\d{2})\s*年(?!\s*[-–~～至到]\s*20)")
_NUM = r"-?\d+(?:,\d{3})*(?:\.\d+)?"
_METRIC = re.compile(
    rf"(?P<m>营业总收入|营业收入|营收|归属于?母公司(?:股东的)?净利润|归母净利润|EPS|每股收益|每股盈利)"
    rf"(?:分别)?(?:为|达|达到|约|:|：|\s)*\s*(?P<v>{_NUM}(?:\s*/\s*{_NUM})*)\s*(?P<u>亿元|百万元|万元|元)")
_NAME = {"营业总收入": "营业收入", "营业收入": "营业收入", "营收": "营业收入", "EPS": "EPS", "每股收益": "EPS",
         "每股盈利": "EPS"}
_FORWARD = re.compile(r"预计|预测|预期|我们预计|盈利预测")


def prose_forecasts(pages: Sequence[tuple[int, str]]) -> list[ForecastCell]:
    cells: list[ForecastCell] = []
    seen: set[tuple[str, str]] = set()
    for number, text in sorted(pages, key=lambda p: p[0]):
        for sentence in split_sentences(text):
            if not _FORWARD.search(sentence) or not (span := _SPAN.search(sentence)):
                continue
            if span["one"]:
                years = [int(span["one"])]
            else:
                years = list(range(int(span["a"]), int(span["b"]) + 1))
            for m in _METRIC.finditer(sentence, span.end()):
                values = [v.strip() for v in m["v"].split("/")]
                name = _NAME.get(m["m"], "归母净利润")
                if len(values) != len(years) or (name == "EPS") != (m["u"] == "元"):
                    continue
                for year, value in zip(years, values):
                    key = (name, f"{year}E")
                    if key not in seen:
                        seen.add(key)
                        cells.append(ForecastCell(metric=name, year=f"{year}E", value=float(value.replace(",", "")),
                                                  unit=m["u"], label=m["m"], text=value, page=number))
    return cells
