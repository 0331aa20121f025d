"""When two claims of one report are one claim: the one notion the extraction merges on and the topics link on.

A report restates its views: the cover bullet "量：全年销量仍有望增长1%左右" and the body's "虽然三季度销量同比下滑
1.8%，但…全年销量仍有望增长1%左右". `restatement(a, b)` says how `b` stands to `a`:
- "same": one claim stated twice — no stance or direction against the other, one quantity (metrics that hold
  one another, or one text holding the other's whole view), the words restated (one text holds the other, or runs
  of SHARED_BLOCK+ characters in order cover RESTATED of the shorter; across pages, as two sentences of one
  page are two statements) or the same metric, period and value; and no asserted figure added by a view (7,800 = 7800;
  what a concession or premise grants is context, not a figure of the view; years are the period's to match). A list of yearly figures both print (620.3/730.6/845.2) is one forecast whatever surrounds it.
  The extraction keeps one claim, with the other's page in `also_pages`.
- "part": the longer restates the shorter's whole view and adds a figure in a clause that moves something
  ("…回落至约1.3万亿元" and "…回落至约1.3万亿元，经纪业务收入同比下降约6%"): the added figure is a claim of its own,
  so two claims, one thread and one topic (tools.claims.topics). A figure added as a fact (产能120万吨/年) is context.
- None: two views.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from functools import lru_cache

from tools.claims.model import Claim
from tools.claims.periods import HALF, QUARTER, part_of

RESTATED = 0.6
RESTATED_MIN = 8  # characters: shorter texts share runs by chance
SHARED_BLOCK = 4  # characters: the runs counted towards the overlap (a shared 公司 or 预计 is no restatement)
# A short label opening a bullet (量：, 价：) is no part of the view.
_LABEL = re.compile(r"^\s*(?:[一二三四五六七八九十\d]+[、.．]\s*)?[\u4e00-\u9fffA-Za-z]{1,4}[:：]")
_FRAME = re.compile(r"[\s，。；：、,.;:“”\"'（）()]|我们|预计|认为|判断|公司|有望|同比|环比")  # shared by any two views
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_YEAR = re.compile(r"20\d{2}")
# 25年, 26E: a year written with two digits (not 20年代, not 3年内)
_SHORT_YEAR = re.compile(r"(?<![\d.,])(1[5-9]|2\d|3[0-5])(?=年(?!代|以上|以来|内|间|左右)|E(?![A-Za-z]))")
# An amount in 亿元 or 百万元 is one amount: 86亿元 = 8,600百万元 = 860,000万元.
_MAGNITUDE = {"万亿": 10 ** 12, "千亿": 10 ** 11, "亿": 10 ** 8, "千万": 10 ** 7, "百万": 10 ** 6, "万": 10 ** 4}
_AMOUNT = re.compile("(" + _NUMBER.pattern + ")(" + "|".join(_MAGNITUDE) + ")?")
_NUM = r"\d+(?:\.\d+)?"
# A yearly forecast list: 620.3/730.6/845.2, 9.4、11.2、13.0亿元, 1.25元、1.52元和1.80元 (a unit may follow each figure).
_FIGURE_LIST = re.compile(_NUM + r"(?:\s*(?:[元%倍]|亿元|万元|万吨)?\s*[/、和]\s*" + _NUM + "){2,}")
# A bullet title ("▌批价企稳。"): one short clause heading the paragraph that argues it, on the same page.
_HEADLINE = re.compile(r"^\s*▌[^，,；;。]{2,24}。?\s*$")


def headline(text: str) -> bool:
    return bool(_HEADLINE.match(text))


@lru_cache(maxsize=4096)  # every claim meets every other (and every paragraph) more than once
def _core(text: str) -> str:
    return _FRAME.sub("", _LABEL.sub("", text))


@lru_cache(maxsize=4096)
def _asserted(text: str) -> tuple[tuple[str, str | None], ...]:
    """(number, magnitude) of each figure a text asserts, years left out: what it grants before its own turn
    ("三季度销量同比下滑2.1%，但…我们预计…"), concedes or premises ("虽然…", "考虑到…") and views it quotes are not its."""
    from tools.claims.asserted import conceded_blank, others_blank
    from tools.claims.clauses import own_clause

    own = _SHORT_YEAR.sub("", conceded_blank(others_blank(own_clause(_LABEL.sub("", text)))))
    return tuple((m[1], m[2]) for m in _AMOUNT.finditer(own) if not (_YEAR.fullmatch(m[1]) and not m[2]))


@lru_cache(maxsize=4096)
def figures(text: str) -> frozenset[str]:
    """The figures a text asserts (`_asserted`), thousands separators dropped (7,800 = 7800)."""
    return frozenset(_amount(number, magnitude) for number, magnitude in _asserted(text))


def _scaled(number: str, magnitude: str | None) -> Decimal:
    return Decimal(number.replace(",", "")) * _MAGNITUDE.get(magnitude or "", 1)


def _amount(number: str, magnitude: str | None) -> str:
    """A figure in one notation: no separators or trailing zeros (8.0 = 8), 亿 and 百万 scaled to units."""
    return format(_scaled(number, magnitude).normalize(), "f")


def figure_in_common(a: str, b: str) -> bool:
    """Some figure of `a` is one of `b`'s, the finer rounded to the digits the coarser is written to: the summary
    rounds what the forecast table prints (约25% = 24.6%, 250亿元 = 25,012百万元, 10% = 10.1%), never to a
    figure the coarser does not write (10% is not 12%, 2.5亿 not 2.6亿)."""
    def written(number: str, magnitude: str | None) -> tuple[Decimal, Decimal]:
        digits = Decimal(number.replace(",", ""))
        return _scaled(number, magnitude), Decimal(1).scaleb(digits.as_tuple().exponent) * _MAGNITUDE.get(magnitude or "", 1)

    for x, qx in (written(*f) for f in _asserted(a)):
        for y, qy in (written(*f) for f in _asserted(b)):
            q = max(qx, qy)  # the coarser notation's last digit
            if (x / q).quantize(Decimal(1), "ROUND_HALF_UP") == (y / q).quantize(Decimal(1), "ROUND_HALF_UP"):
                return True
    return False


def years(text: str) -> frozenset[str]:
    return frozenset(_YEAR.findall(text)) | {"20" + y for y in _SHORT_YEAR.findall(text)}


def forecast_lists(text: str) -> set[tuple[str, ...]]:
    """The lists of three or more figures a text prints, each figure in one notation; a list of years is none."""
    found = set()
    for m in _FIGURE_LIST.finditer(text):
        figures_ = tuple(_amount(n, None) for n in re.findall(_NUM, m[0]))
        if not all(_YEAR.fullmatch(n) for n in figures_):
            found.add(figures_)
    return found


# A quarter or half in words or letters (values.QUARTER / HALF: 三季度 = Q3, 下半年 = H2), or its number first (3季度 =
# 3Q, 2H); 全年 is the whole year.
_PART = re.compile(rf"{QUARTER}|{HALF}|(?P<qd>[1-4])(?:季度|Q)|(?P<hd>[12])H|(?P<fy>全年)")


def parts_of_year(text: str) -> frozenset[str]:
    found = set()
    for m in _PART.finditer(text):
        if m["fy"]:
            found.add("FY")
        elif m["qd"] or m["hd"]:
            found.add("Q" + m["qd"] if m["qd"] else "H" + m["hd"])
        else:
            found.add(part_of(m))
    return frozenset(found)


def _other_years(a: str, b: str) -> bool:
    """Both texts name years and not the same ones: 2025 and 2026 sales are two forecasts; so are the third and
    the fourth quarter, or the first half and the whole year, when the two texts name no part in common."""
    ya, yb = years(a), years(b)
    pa, pb = parts_of_year(a), parts_of_year(b)
    return bool(ya and yb and ya != yb) or bool(pa and pb and not pa & pb)


def contains(a: str, b: str) -> bool:
    """One text holds the other's whole view (label aside), of at least RESTATED_MIN characters."""
    x, y = sorted((_core(a), _core(b)), key=len)
    return len(x) >= RESTATED_MIN and x in y


def restates(a: str, b: str) -> bool:
    """The words of `a` and `b` state one view: one holds the other, or they share long runs, and the shorter
    names no figure the longer does not."""
    from difflib import SequenceMatcher

    short, long = sorted((a, b), key=lambda t: len(_core(t)))
    x, y = _core(short), _core(long)
    if len(x) < RESTATED_MIN or not figures(short) <= figures(long) or _other_years(a, b):
        return False
    if x in y:
        return True
    # The runs cannot cover more of x than the characters it shares with y: when even those fall short, the
    # (costly) alignment cannot reach RESTATED either.
    if sum((Counter(x) & Counter(y)).values()) < RESTATED * len(x):
        return False
    blocks = SequenceMatcher(None, x, y, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks if b.size >= SHARED_BLOCK) / len(x) >= RESTATED


def one_quantity(a: str, b: str) -> bool:
    """One metric named two ways: once bland words (业务, 板块) are out and 归母净利润 is read as 净利润 (brokers write
    either for one forecast), one holds the other (储能毛利率 in 公司储能毛利率, 冷链收入 in 冷链业务收入; not 白酒业务收入
    and 啤酒业务收入, nor 公司销量 and 行业销量)."""
    from tools.claims.scope import BLAND

    x, y = sorted((BLAND.sub("", m).replace("归母净利润", "净利润") for m in (a, b)), key=len)
    return bool(x) and x in y


def _same_reading(a: Claim, b: Claim) -> bool:
    """One metric, period and stance, and no two values; a metric named two ways (`one_quantity`) only with one
    figure on both sides (without one, 产能 and 二线厂商新建产能 may be two views)."""
    named = a.metric and (a.metric == b.metric or a.value and b.value and one_quantity(a.metric, b.metric))
    # no period read on either side still leaves 二季度 and 四季度 two readings
    if not named or a.period != b.period or a.stance != b.stance or _other_years(a.text, b.text):
        return False
    return a.value is None or b.value is None or (a.value.min, a.value.max) == (b.value.min, b.value.max)


def restatement(a: Claim, b: Claim) -> str | None:
    """"same", "part" or None: how `b` restates `a` (see the module docstring)."""
    if forecast_lists(a.text) & forecast_lists(b.text):
        return "same"  # one yearly forecast, printed on the cover and in the body
    if {a.stance, b.stance} == {"positive", "negative"}:
        return None
    if a.page == b.page and (headline(a.text) or headline(b.text)) and _same_reading(a, b):
        return "same"  # a bullet title and its paragraph's sentence on one reading: the sentence's figures argue the title
    held = contains(a.text, b.text)
    if a.metric and b.metric and not one_quantity(a.metric, b.metric) and not held:
        return None  # 毛利率 and 净利率 "有望提升" are two views
    # one text holding the other is the same view whatever direction the longer reads off its context
    worded = a.page != b.page and (held or (a.direction is None or b.direction is None or a.direction == b.direction)
                                   and restates(a.text, b.text))
    if not worded and not _same_reading(a, b):
        return None
    period = years(" ".join(p or "" for p in (a.period, b.period)))
    if not _adds_a_view(a.text, b.text, period) and not _adds_a_view(b.text, a.text, period):
        return "same"
    return "part" if worded else None


_CLAUSE = re.compile(r"[，；;。]|,(?!\d{3})")


def _adds_a_view(short: str, long: str, period: frozenset[str] = frozenset()) -> bool:
    """`long` asserts a figure `short` lacks, or speaks of a year neither `short` nor the claims' `period` names,
    in a clause that moves something ("…，公司仓储收入同比增长约9%", "…，2026年销量有望恢复增长"): a claim of its own.
    A figure stated as a fact ("…，公司醋酸产能120万吨/年") adds context, not a view."""
    from tools.claims.clauses import movement

    extra, later = figures(long) - figures(short), years(long) - years(short) - period
    return any(movement(clause)[0] is not None for clause in _CLAUSE.split(long)
               if figures(clause) & extra or years(clause) & later)
