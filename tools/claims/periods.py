"""The period a claim is about, in the notation brokers use: 2025E/2024A, 1H25/25H2, 1Q25/25Q4/三季度,
2025年1-9月 (year to date), 2025-2027E and 25/26/27年 (a span), and 今年/明年/下半年 anchored on the report's year.
"""

from __future__ import annotations

import re

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
