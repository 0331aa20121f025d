"""The numbers of a claim, in units that compare across brokers (its period: tools.claims.periods).

Money goes to 元 (亿元 × 1e8, 百万元 × 1e6, 万元 × 1e4), counts lose their 万 (2.5万台 → 25000 台), energy
goes to GWh. Percentages are `rate` values compared in points; 个百分点 is a change, kept as its own unit
("pct") so that "下降4个百分点" never meets a level such as "22%". Bounds follow the words around the number:
以上/超过/不低于 → a minimum, 以下/不超过 → a maximum, 约/左右 → the number itself, 4至5 or 5-10% → a range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.claims.lexicon import JUDGED_MOVES
from tools.claims.model import ClaimValue

_NUM = r"(?:(?<![\d.])[-−])?\d+(?:,\d{3})*(?:\.\d+)?"
# Another currency, alone or per unit of a good (美元/桶, 万美元/吨): its own unit, met only by figures in it.
_FOREIGN = r"(?:万|亿)?(?:美元|港元|欧元)(?:/(?:吨|桶|盎司|磅|千瓦时|MWh))?"
_UNIT = (_FOREIGN + r"|万亿元|亿元|百万元|万元|元/Wh|元/吨|元/股|元|个百分点|个基点|bps|bp|BP|pct|ppt|%|％|点(?![击赞评])|GWh|MWh|GW|万台|万辆|万吨|万套|万片|"
         r"万部|万只|台|辆|吨|套|片|部|只|倍|x|X|万亿|亿|万")
_VALUE = re.compile(
    rf"(?P<pre>约|超过|突破|超|不低于|不少于|至少|近|接近|不超过|低于|高于|达到?|逾)?\s*"
    rf"(?P<a>{_NUM})\s*(?:(?P<ua>%|％)?\s*(?:[-–~～至到])\s*(?P<b>{_NUM}))?\s*(?P<unit>{_UNIT})"
    rf"(?P<post>以上|以下|左右|附近|上下|之上)?")
_SLASH = re.compile(rf"(?P<first>{_NUM})(?:\s*/\s*{_NUM})+\s*(?P<unit>{_UNIT})")
_SCALE = {"万亿元": (1e12, "元"), "亿元": (1e8, "元"), "百万元": (1e6, "元"), "万元": (1e4, "元"), "元": (1.0, "元"),
          "万台": (1e4, "台"), "万辆": (1e4, "辆"), "万吨": (1e4, "吨"), "万套": (1e4, "套"), "万片": (1e4, "片"),
          "万部": (1e4, "部"), "万只": (1e4, "只"), "MWh": (1e-3, "GWh"), "%": (1.0, "%"), "％": (1.0, "%"),
          "ppt": (1.0, "pct"), "个百分点": (1.0, "pct"),
          "bp": (0.01, "pct"), "bps": (0.01, "pct"), "BP": (0.01, "pct"), "个基点": (0.01, "pct"), "x": (1.0, "倍"), "X": (1.0, "倍"), "万亿": (1e12, ""),
          "亿": (1e8, ""), "万": (1e4, "")}
# A bare 亿 / 万亿 is 元 (营收300亿 = 300亿元) unless a counting word or another currency follows it (1亿台,
# 10亿美元: unitless, as before, meeting no 元 figure).
_NOT_YUAN = re.compile(r"[台辆吨套片部只件个户人次颗张头块条笔瓦度桶家座美港欧日英韩]")


def _scale(m: re.Match, text: str) -> tuple[float, str]:
    if m["unit"][0] in "万亿" and re.fullmatch(_FOREIGN, m["unit"]):
        return (1e4 if m["unit"][0] == "万" else 1e8), m["unit"][1:]  # 1万美元/吨 = 10000 美元/吨
    scale, unit = _SCALE.get(m["unit"], (1.0, m["unit"]))
    if m["unit"] in ("亿", "万亿") and not _NOT_YUAN.match(text, m.end("unit")):
        unit = "元"
    return scale, unit


# "难以长期维持在2万亿元上方，2026年或回落至1.6万亿元": a level the report says will not hold is not its figure
_NOT_HELD = re.compile(r"(?:难以|无法|很难|不会|难)(?:长期|持续)?(?:维持|保持|站稳|守住)(?:在|于)?[^，。；,;\d]{0,4}$")
_MIN_WORDS, _MAX_WORDS = ("超过", "突破", "超", "不低于", "不少于", "至少", "高于", "逾"), ("不超过", "低于")


@dataclass(frozen=True)
class Located:
    value: ClaimValue
    start: int
    end: int


def _float(text: str) -> float:
    return float(text.replace(",", "").replace("−", "-"))


def parse_values(text: str) -> list[Located]:
    """Every number with a unit in `text`, as a comparable range, in order."""
    out: list[Located] = []
    for m in _SLASH.finditer(text):  # 125.3/138.6/150.2亿元: the first year's figure speaks for the list
        scale, unit = _scale(m, text)
        v = _float(m["first"]) * scale
        out.append(Located(ClaimValue(text=m[0], min=v, max=v, unit=unit, rate=unit == "%"), m.start(), m.end()))
    taken = [(o.start, o.end) for o in out]
    for m in _VALUE.finditer(text):
        if any(s <= m.start("a") < e for s, e in taken):
            continue
        if m["ua"] and m["unit"] not in ("%", "％"):  # "增长20%至120万台": a growth, then the level it reaches
            rate = _float(m["a"])
            out.append(Located(ClaimValue(text=m["a"] + m["ua"], min=rate, max=rate, unit="%", rate=True),
                               m.start("a"), m.end("ua")))
            for part in _VALUE.finditer(text, m.start("b"), m.end()):
                scale, unit = _scale(part, text)
                v = _float(part["a"]) * scale
                out.append(Located(ClaimValue(text=part[0].strip(), min=v, max=v, unit=unit, rate=False),
                                   part.start(), part.end()))
            continue
        scale, unit = _scale(m, text)
        a = _float(m["a"]) * scale
        b = _float(m["b"]) * scale if m["b"] else None
        low, high = (a, b) if b is not None else (a, a)
        if m["pre"] in _MIN_WORDS or m["post"] in ("以上", "之上"):
            high = None
        elif m["pre"] in _MAX_WORDS or m["post"] == "以下":
            low = None
        out.append(Located(ClaimValue(text=m[0].strip(), min=low, max=high, unit=unit, rate=unit in ("%", "pct")),
                           m.start(), m.end()))
    return sorted(out, key=lambda o: o.start)


# A growth rate named by its magnitude, not its figure (增速放缓至个位数, 维持双位数增长, 利润翻倍): a range of
# percentages. 小幅/大幅/较快 name no range and stay words.
_VERBAL = re.compile(r"(?P<part>高|中|低)?(?P<size>个位数|一位数|两位数|双位数|二位数|三位数)(?P<band>高段|低段|中段)?(?P<fall>[^，。；,;\d]{0,2}?(?:下滑|下降|负增长|下跌))?|(?P<double>翻倍|翻番|翻一番)(?P<more>以上)?")
_BANDS = {"个位数": (0.0, 9.0), "一位数": (0.0, 9.0), "两位数": (10.0, 99.0), "双位数": (10.0, 99.0), "二位数": (10.0, 99.0),
          "三位数": (100.0, 999.0)}
_PART = {"高": (2 / 3, 1.0), "中": (1 / 3, 2 / 3), "低": (0.0, 1 / 3)}


def verbal_values(text: str) -> list[Located]:
    """Growth magnitudes in words: 个位数 → 0…9%, 高个位数 (个位数高段) → 6…9%, 两位数 → 10…99%, 翻倍 → 100%,
    a fall after it (个位数下滑) → −9…0%."""
    out = []
    for m in _VERBAL.finditer(text):
        if m["double"]:
            low, high = 100.0, None if m["more"] else 100.0
        else:
            low, high = _BANDS[m["size"]]
            if part := (m["part"] or {"高段": "高", "中段": "中", "低段": "低"}.get(m["band"] or "")):
                share = _PART[part]
                low, high = round(low + (high - low) * share[0]), round(low + (high - low) * share[1])
            if m["fall"]:
                low, high = -high, -low or 0.0
        out.append(Located(ClaimValue(text=m[0], min=low, max=high, unit="%", rate=True), m.start(), m.end()))
    return out


def main_value(text: str) -> Located | None:
    """The figure a claim asserts: the one after 至/到/为/达 when there is one, else the first level."""
    values = [v for v in parse_values(text) if v.value.unit != "倍" or "PE" not in text[max(0, v.start - 6):v.start]]
    values = sorted(values + [w for w in verbal_values(text) if not any(v.start <= w.start < v.end for v in values)],
                    key=lambda v: v.start)
    if not values:
        return None
    values = [v for v in values if not _NOT_HELD.search(text, max(0, v.start - 16), v.start)] or values
    previous_end = 0
    for v in values:  # "提升至2027年的40%以上": the figure after 至 within a short stretch is the claim's
        gap = text[previous_end:v.start][-12:]  # "归母净利润分别为28,200/…百万元，…，对应BVPS为21.0": the first
        if v.value.unit != "pct" and re.search(r"(?:至|到|为|达到?|在|是|(?<![高低大小优劣快慢强弱])于)[^，。；,;]*$", gap):
            return v
        previous_end = v.end
    levels = [v for v in values if v.value.unit != "pct"]
    return _signed(text, (levels or values)[0])


_FALL_BEFORE = re.compile(r"(?:下降|下滑|下跌|减少|回落|下调|降低|缩减|萎缩|负增长|跌)(?:幅度)?(?:约|近|超过|超)?\s*$")


def _signed(text: str, v: Located) -> Located:
    """A rate of change right after a fall word is negative: 同比下滑5% → −5, 下降3%-5% → −5…−3."""
    if not v.value.rate or not _FALL_BEFORE.search(text[max(0, v.start - 6):v.start]):
        return v
    low, high = v.value.min, v.value.max
    flipped = v.value.model_copy(update={"min": -high if high is not None else None,
                                         "max": -low if low is not None else None})
    return Located(flipped, v.start, v.end)


# Moves named by their worth, not their sign: for a ratio where lower is better (an expense, a loss or claims
# ratio, a cost) 改善/优化 is a fall and 恶化 a rise, and the points it moves by are signed the same way
# (销售费用率同比优化1pct = −1 pct, as 同比下降1pct).
_LOWER_IS_BETTER = re.compile(r"成本率?$|费用率$|赔付率$|不良率?$")


def oriented(head: str, direction: str | None, word: str | None, located: Located | None) -> tuple[str | None, Located | None]:
    """(direction, figure) of a judged move on a quantity where lower is better, turned to the quantity's own sign."""
    if word not in JUDGED_MOVES or direction not in ("up", "down") or not _LOWER_IS_BETTER.search(head):
        return direction, located
    direction = "down" if direction == "up" else "up"
    v = located.value if located else None
    if v is not None and v.unit == "pct" and v.min is not None and v.min > 0 and (direction == "down") and v.max is not None:
        located = Located(v.model_copy(update={"min": -v.max, "max": -v.min}), located.start, located.end)
    return direction, located
