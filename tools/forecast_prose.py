"""Earnings forecasts a report states in its own sentences, the way brokers write them:

    我们预计公司2025-2027年营业收入分别为18,200/19,300/20,500百万元，归母净利润分别为3,100/3,280/3,560百万元，
    对应EPS为1.40/1.48/1.61元。
    维持2025年归母净利润345.2亿元的预测，引入2026年归母净利润预测248.6亿元。

A sentence counts only when it is the report's own forecast: a forecast word (预计/预测/调整为…) comes before
the figure or in its clause ("2024年实现归母净利润…，预计2025年…": the first figure is a result), and no word
puts the numbers in someone else's mouth (一致预期, 市场预期, 部分机构…). The years of the nearest year span before a metric apply to it; a list of values must have
one value per year, and money needs its unit (亿元/百万元/万元), or the metric is dropped — a growth rate
(同比增长8%) or a multiple (20倍) never becomes a level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from tools.eps_forecasts import EPS_WORDS, TO_YI, parse_number

__all__ = ["ProseForecast", "prose_forecasts"]

_NUM = r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?"
_SENTENCE = re.compile(r"[^。；;！!\n]+")
_CUE = re.compile(r"预计|预测|调整为|上调至|下调至|上修至|下修至|展望")
_CLAUSE_END = re.compile(r"[，,：:]|$")
_NOT_OWN = re.compile(r"一致预期|市场预期|市场一致|Wind|万得|彭博|Bloomberg|其他机构|部分机构|同业|此前预期|原预测|原预期|前次预测"
                      r"|每变动|敏感性|若|如果|假设|情景|乐观|悲观")  # others' numbers, or conditional ones
# 2025-2027年 / 2025/2026年 / 2025~2027E / 25-27年 / 2025年 / 2025E
_SPAN = re.compile(r"(?<!\d)(?P<a>(?:20)?\d{2})\s*[Ee]?\s*(?:(?P<sep>[-~～至—–/、])\s*(?P<b>(?:20)?\d{2})\s*[Ee]?)?"
                   r"(?P<more>(?:\s*[/、]\s*(?:20)?\d{2}\s*[Ee]?)*)\s*(?:年度?|[Ee](?![A-Za-z]))")
_METRIC = re.compile(rf"(?P<eps>{EPS_WORDS})|(?P<np>归母净利润?|归属(?:于)?母公司(?:股东)?的?净利润?|净利润)"
                     r"|(?P<rev>营业(?:总)?收入|营收)")
# metric → values: a few words between (分别为, 预测调整为, 预测), then a slash list and its unit
_VALUES = re.compile(rf"^(?:[^\d，,。；;]{{0,6}}?(?:增长|下降|下滑|减少|提升|增加)\s*-?\d+(?:\.\d+)?\s*%\s*(?=至))?"
                     rf"[^\d，,。；;]{{0,10}}?(?P<list>(?:{_NUM})(?:\s*[元亿万]?\s*[/、]\s*(?:{_NUM}))*)\s*(?P<unit>亿元|百万元|万元|千元|元)?")


@dataclass(frozen=True)
class ProseForecast:
    metric: str  # EPS | 营业收入 | 归母净利润
    year: str  # 2025E
    value: float  # EPS in 元; money in 亿元
    page: int


def _years(m: re.Match) -> list[int]:
    def full(y: str) -> int:
        return int(y) if len(y) == 4 else 2000 + int(y)

    a = full(m["a"])
    if m["b"] is None:
        return [a] if len(m["a"]) == 4 else []  # "深耕行业25年" is not 2025
    b = full(m["b"])
    if m["sep"] in "/、":
        years = [a, b] + [full(y) for y in re.findall(r"\d{2,4}", m["more"] or "")]
        return years if years == sorted(set(years)) else []
    return list(range(a, b + 1)) if 0 < b - a <= 4 else []


def _sentence_forecasts(sentence: str, page: int) -> list[ProseForecast]:
    cue = _CUE.search(sentence)
    if cue is None or _NOT_OWN.search(sentence):
        return []
    spans = [(m.end(), _years(m)) for m in _SPAN.finditer(sentence)]
    first_cue = cue.start()
    out: list[ProseForecast] = []
    for m in _METRIC.finditer(sentence):
        clause_end = _CLAUSE_END.search(sentence, m.end()).start()
        if first_cue > m.start() and not _CUE.search(sentence, m.end(), clause_end):
            continue  # "2024年实现归母净利润…，预计2025年…": the first figure is a result, not a forecast
        if m["np"] and re.search(r"扣非|扣除非经常", sentence[max(0, m.start() - 12):m.start()]):
            continue  # 扣非归母净利润: not the net profit brokers compare
        years = next((ys for end, ys in reversed(spans) if end <= m.start()), None)
        v = _VALUES.match(sentence[m.end():])
        if not years or v is None or re.match(r"\s*(?:%|倍|x|个百分点|pct)", sentence[m.end() + v.end():]):
            continue
        values, unit = [parse_number(n) for n in re.findall(_NUM, v["list"])], v["unit"]
        if len(values) != len(years) or not 2000 <= years[0] <= 2099:
            continue
        metric = "EPS" if m["eps"] else "归母净利润" if m["np"] else "营业收入"
        if metric == "EPS":
            if unit not in (None, "元"):
                continue
            scale = 1.0
        elif unit in TO_YI and unit != "元":  # money printed in plain 元 is no broker's forecast unit
            scale = TO_YI[unit]
        else:
            continue
        out += [ProseForecast(metric, f"{y}E", round(x * scale, 6), page) for y, x in zip(years, values)]
    return out


def prose_forecasts(pages: Sequence[tuple[int, str]]) -> list[ProseForecast]:
    """The report's own forecast sentences, page order; the first statement of a metric and year wins."""
    seen: set[tuple[str, str]] = set()
    out: list[ProseForecast] = []
    for number, text in sorted(pages, key=lambda p: p[0]):
        for sentence in _SENTENCE.findall(text):
            for f in _sentence_forecasts(sentence, number):
                if (f.metric, f.year) not in seen:
                    seen.add((f.metric, f.year))
                    out.append(f)
    return out
