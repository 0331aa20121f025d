"""One wording for what brokers write in several notations, before a claim is read.

The readers (tools.claims.extract, facets, compare) work on `canonical(text)`; the claim keeps its text as
written (citations quote it verbatim). The table rewrites notation, never meaning:
- a signed change is a movement: 同比+15% / YoY+15% / +15% YoY / 较上年+2pct → 同比增长15%, 同比-10% → 同比下降10%
  (环比 and QoQ alike);
- a respective list is one clause per item: "营业收入、归母净利润分别同比增长18%、25%" → "营业收入同比增长18%，
  归母净利润同比增长25%"; "A和B分别为x和y" and "毛利率/净利率分别为32.5%/12.1%" likewise; a growth word ending the list
  is every item's ("营收、归母净利润增速分别为…"). A list of years ("2025-2027年…分别为a/b/c") has one subject
  and is left to the slash-list reading (tools.claims.values);
- a growth rate stated as a level is the growth: 营收增速为15% → 营收增长15%.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tools.claims.lexicon import OTHER_QUANTITIES, TOPICS

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_RATE_UNIT = r"%|％|pct|ppt|个百分点|个基点|bps|bp|BP"
_BASES = {"同比": "同比", "环比": "环比", "YoY": "同比", "yoy": "同比", "YOY": "同比", "QoQ": "环比", "qoq": "环比",
          "QOQ": "环比", "较上年": "较上年", "较去年": "较去年", "较上季度": "环比"}
_BASE = "|".join(sorted(map(re.escape, _BASES), key=len, reverse=True))
_SIGNED_AFTER = re.compile(rf"(?P<base>{_BASE})\s*[:：]?\s*(?P<sign>[+＋\-−–])\s*(?P<num>{_NUM})\s*(?P<unit>{_RATE_UNIT})")
_SIGNED_BEFORE = re.compile(rf"(?<![\d.])(?P<sign>[+＋\-−–])\s*(?P<num>{_NUM})\s*(?P<unit>{_RATE_UNIT})\s*"
                            rf"(?P<base>YoY|yoy|YOY|QoQ|qoq|QOQ)")


def _move(m: re.Match) -> str:
    word = "增长" if m["sign"] in "+＋" else "下降"
    return f"{_BASES[m['base']]}{word}{m['num']}{m['unit']}"


# "A、B分别同比增长x%、y%": subjects joined by 、/和/及/与 before 分别, the same number of figures after it.
_VALUE = rf"{_NUM}\s*(?:[^\d\s、，。；,;和及与/]{{0,4}})"
_RESPECTIVE = re.compile(rf"(?P<subjects>[^，。；,;：:]+?)分别(?P<verb>[^，。；,;\d]{{0,8}}?)"
                         rf"(?P<values>{_VALUE}(?:\s*[、和及与]\s*{_VALUE})+)")
_JOIN = re.compile(r"\s*[、和及与]\s*")
# "毛利率/净利率分别为32.5%/12.1%": quantities joined by a slash, each naming a quantity word (a year list such as
# "2025/2026年归母净利润分别为…" has one subject, and its later subjects hold digits).
_RESPECTIVE_SLASH = re.compile(rf"(?P<subjects>[^，。；,;：:/]+?(?:/[^，。；,;：:/\d]+?)+)分别(?P<verb>[^，。；,;\d]{{0,8}}?)"
                               rf"(?P<values>{_VALUE}(?:\s*/\s*{_VALUE})+)")
_SLASH = re.compile(r"\s*/\s*")
_QUANTITY = re.compile("|".join(sorted({w for words in TOPICS.values() for w in words} | OTHER_QUANTITIES, key=len, reverse=True)))
_UNIT_TAIL = re.compile(rf"^{_NUM}\s*(?P<unit>.*)$")


def _respective(m: re.Match, join: re.Pattern = _JOIN) -> str:
    values = join.split(m["values"].strip())
    subjects = join.split(m["subjects"])  # the first keeps what stands before it (我们预计2025年公司营业收入)
    if len(subjects) != len(values) or join is not _JOIN and not all(_QUANTITY.search(s) for s in subjects):
        return m[0]
    if (rate := re.search(r"(?:增速|增长率|增幅)$", subjects[-1])) and not any(re.search(rate[0] + "$", s) for s in subjects[:-1]):
        subjects = [s + rate[0] for s in subjects[:-1]] + subjects[-1:]  # "营收、归母净利润增速": both growths
    unit = _UNIT_TAIL.match(values[-1])["unit"]  # "18、25%": the last figure's unit is every figure's
    values = [v if _UNIT_TAIL.match(v)["unit"] else v + unit for v in values]
    return "，".join(f"{s.strip()}{m['verb']}{v}" for s, v in zip(subjects, values))


# A growth rate stated as a level is the growth: "营收增速为15%" = "营收增长15%", "增速为-5%" = "下降5%".
_GROWTH_LEVEL = re.compile(rf"(?:增速|增长率|增幅)\s*(?:为|约为?|达到?|在)?\s*(?:约)?(?P<sign>[+＋\-−])?\s*(?P<rest>{_NUM}\s*(?:%|％))")


def _growth(m: re.Match) -> str:
    return ("下降" if m["sign"] in ("-", "−") else "增长") + m["rest"]


@lru_cache(maxsize=8192)
def canonical(text: str) -> str:
    """`text` in the one notation the readers know (see the module docstring)."""
    text = _SIGNED_AFTER.sub(_move, text)
    text = _SIGNED_BEFORE.sub(_move, text)
    if "分别" in text:
        text = _RESPECTIVE.sub(_respective, text)
        text = _RESPECTIVE_SLASH.sub(lambda m: _respective(m, _SLASH), text)
    return _GROWTH_LEVEL.sub(_growth, text)  # after the lists: "营收、利润增速分别为…" gives each its 增速为…
