"""Periods and numbers of a claim, in units that compare across brokers.

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

_YEAR = r"(?:20)?(?P<y>\d{2})"
# A quarter or a half in words or letters (三季度 = Q3, 下半年 = H2): after its year in _PERIODS, alone in _anchored,
# and the parts of a year tools.claims.restate tells apart (`part_of` names them).
QUARTER_WORD, HALF_WORD = r"(?P<qw>[一二三四])季度", r"(?P<hw>[上下])半年"
QUARTER, HALF = rf"Q(?P<q>[1-4])|{QUARTER_WORD}", rf"H(?P<h>[12])|{HALF_WORD}"
# Months 1..N of a year: 1-9月, 前三季度, 前10个月
_YTD = r"(?:1\s*[-–~～至到]\s*(?P<m>\d{1,2})\s*月|前(?P<qw>[一二三两])季度|前(?P<mw>\d{1,2}|[一二三四五六七八九十]{1,2})个?月)"
_PERIODS = [
    # Year to date: 2025年1-9月, 2025年前三季度, 前10个月 (months 1..N: a result, not the year)
    (re.compile(rf"(?P<y>20\d{{2}})\s*年\s*{_YTD}"), "ytd"),
    (re.compile(rf"(?P<y>20\d{{2}})\s*年?\s*(?:{HALF})"), "half"),
    (re.compile(rf"(?<![\dA-Za-z])(?P<h>[12])H{_YEAR}(?![\dA-Za-z])"), "half"),  # 1H25业绩: no \b before 业
    (re.compile(r"(?<![\dA-Za-z])(?P<y>\d{2})H(?P<h>[12])(?![\dA-Za-z])"), "half"),  # 25H2
    (re.compile(rf"(?P<y>20\d{{2}})\s*年?\s*(?:{QUARTER})"), "quarter"),
    (re.compile(rf"(?<![\dA-Za-z])(?P<q>[1-4])Q{_YEAR}(?![\dA-Za-z])"), "quarter"),  # 1Q25
    (re.compile(r"(?<![\dA-Za-z])(?P<y>\d{2})Q(?P<q>[1-4])(?![\dA-Za-z])"), "quarter"),  # 25Q4
    # A list of years (2025/2026/2027年, 2025E/26E/27E, 25/26/27年): the span it covers, its first year the slash figure's
    (re.compile(r"(?P<y>20\d{2})[EA]?(?:\s*/\s*(?:20)?\d{2}[EA]?)*\s*/\s*(?:20)?(?P<y2>\d{2})(?:\s*年|(?P<s>[EA]))"), "span"),
    (re.compile(r"(?<![\d./])(?P<y>2\d)[EA]?(?:\s*/\s*2\d[EA]?)*\s*/\s*(?P<y2>2\d)(?:\s*年|(?P<s>[EA])(?![A-Za-z0-9]))"), "span"),
    (re.compile(r"(?P<y>20\d{2})[EA]?\s*[-–~～至到]\s*(?:20)?(?P<y2>\d{2,4})\s*年?(?P<s>[EA])?"), "span"),  # 2025E-2027E
    (re.compile(r"(?<![\d.])(?P<y>2\d)[EA]?\s*[-–~～至到]\s*(?P<y2>2\d)\s*(?:年|(?P<s>[EA])(?![A-Za-z0-9]))"), "span"),  # 25-27年
    (re.compile(r"(?P<y>20\d{2})\s*(?:年(?:度|底|末)?|(?P<s>[EAF])(?![A-Za-z0-9]))"), "year"),  # 2026E归母
    (re.compile(r"(?<![\d.])(?P<y>2\d)\s*(?:年(?!来|间|以来|内|左右|之久)|(?P<s>[EA])(?![A-Za-z0-9]))"), "year"),  # 25年, 25E
]
_BASE_BEFORE = re.compile(r"(?:较|相比于?|相较于?|对比|比起)$")
_BARE_HALF = re.compile(HALF_WORD)
# Periods the report's date anchors: 今年/明年, a quarter or half without its year (二季度, 下半年).
_RELATIVE = {"去年": -1, "今年": 0, "明年": 1, "后年": 2}
_RELATIVE_RE = re.compile("(?:" + "|".join(_RELATIVE) + ")(?!以来)")  # 今年以来: a record up to now, no year ahead
_BARE_YTD = re.compile(rf"(?<![\d年])(?:今年|本年)?{_YTD}")
_BARE_QUARTER = re.compile(rf"(?:(?<![\dA-Za-z])Q(?P<q>[1-4])|{QUARTER_WORD})")


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


def period_of(text: str, at: int | None = None, *, report_year: int | None = None, slash: bool = False,
              relative: bool = True) -> str | None:
    """The period a claim is about (2025E, 2024A, 2025H2, 2025Q1, 2025-2027E): the one nearest before the
    claim's figure when it has one, else the first stated; 今年/明年, 25年 and a quarter or half without its
    year (二季度, 下半年) take the report's year."""
    found: list[tuple[int, int, str]] = []
    for pattern, kind in _PERIODS:  # a year a move is measured against (较2025年持平) is its base, not its period
        found += [(m.start(), m.end(), _label(m, kind, report_year)) for m in pattern.finditer(text)
                  if not _BASE_BEFORE.search(text, 0, m.start())]
    years = [f for f in found if re.fullmatch(r"20\d{2}[EA]", f[2])] or [f for f in found if f[2][:4].isdigit()]
    for m in re.finditer(r"全年", text):  # "2025年三季度扭亏，全年归母净利润21.5亿元": the year, not the quarter
        earlier = [f for f in years if f[0] < m.start()]  # "全年…，较2024年的…": a later year is the base
        if earlier:
            found.append((m.start(), m.end(), earlier[0][2][:4] + ("A" if earlier[0][2].endswith("A") else "E")))
        elif report_year:
            found.append((m.start(), m.end(), f"{report_year}E"))
    if report_year:
        found += _anchored(text, report_year, relative)
    kept: list[tuple[int, int, str]] = []
    for start, end, label in sorted(found, key=lambda f: (f[0], f[0] - f[1])):  # longest match at a start wins
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, label))
    if not kept:
        return None
    if at is not None and (before := [label for start, _, label in kept if start < at]):
        label = before[-1]
    else:
        label = kept[0][2]
    if slash and (m := re.match(r"(20\d{2})-20\d{2}([EA])", label)):  # 2025-2027年…620.3/730.6/845.2: 2025E
        return f"{m[1]}{m[2]}"
    return label


def _anchored(text: str, report_year: int, relative: bool = True) -> list[tuple[int, int, str]]:
    """Periods the report's year anchors (a match inside a dated one loses to it: the longest match at a
    start wins and overlaps are dropped in `period_of`)."""
    out = []
    for m in _RELATIVE_RE.finditer(text) if relative else ():
        year = report_year + _RELATIVE[m[0]]
        out.append((m.start(), m.end(), f"{year}{'A' if year < report_year else 'E'}"))
    for m in _BARE_HALF.finditer(text):
        out.append((m.start(), m.end(), f"{report_year}{part_of(m)}"))
    for m in _BARE_QUARTER.finditer(text):
        out.append((m.start(), m.end(), f"{report_year}{part_of(m)}"))
    for m in _BARE_YTD.finditer(text):
        out.append((m.start(), m.end(), f"{report_year}M{_ytd_months(m)}"))
    return out


_CN_NUM = {**{c: i + 1 for i, c in enumerate("一二三四五六七八九十")}, "两": 2}


def _ytd_months(m: re.Match) -> int:
    if m["qw"]:
        return 3 * _CN_NUM[m["qw"]]
    word = m["m"] or m["mw"]
    if word.isdigit():
        return int(word)
    return _CN_NUM[word] if len(word) == 1 else 10 + _CN_NUM.get(word[1], 0)  # 十一 → 11


def months_of(period: str | None) -> tuple[int, int] | None:
    """A period as an interval of months counted from year 0 (inclusive): 2025E → the year's 12 months,
    2025H2 → July–December, 2025Q3 → July–September, 2025M9 → January–September (year to date),
    2025-2027E → the three years; None when unknown."""
    if not period or not (m := re.match(r"(20\d{2})(?:-(20\d{2}))?(?:[EA]|H([12])|Q([1-4])|M(\d{1,2}))$", period)):
        return None
    base = int(m[1]) * 12
    if m[2]:
        return base, int(m[2]) * 12 + 11
    if m[3]:
        return base + 6 * (int(m[3]) - 1), base + 6 * int(m[3]) - 1
    if m[4]:
        return base + 3 * (int(m[4]) - 1), base + 3 * int(m[4]) - 1
    if m[5]:
        return base, base + min(int(m[5]), 12) - 1
    return base, base + 11


def part_of(m: re.Match) -> str:
    """The part of a year a match of QUARTER or HALF (or of a pattern holding their groups) names: Q1…Q4, H1, H2."""
    g = m.groupdict()
    if g.get("q") or g.get("qw"):
        return "Q" + (g.get("q") or str("一二三四".index(g["qw"]) + 1))
    return "H" + (g.get("h") or ("1" if g["hw"] == "上" else "2"))


def _label(m: re.Match, kind: str, report_year: int | None) -> str:
    year = int(m["y"]) if len(m["y"]) == 4 else 2000 + int(m["y"])
    if kind in ("half", "quarter"):
        return f"{year}{part_of(m)}"
    if kind == "ytd":
        return f"{year}M{_ytd_months(m)}"
    suffix = "A" if (m.groupdict().get("s") == "A" or (report_year and year < report_year)) else "E"
    if kind == "span":
        end = m["y2"][-2:]
        return f"{year}-20{end}{suffix}"
    return f"{year}{suffix}"


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
