"""When two brokers' claims conflict. Pure functions; thresholds are stated here and documented in
docs/consensus.md.

Two claims speak of the same thing when their metric words match: the same quantity word (毛利率, 出货量)
and qualifiers that share a character pair or are missing on one side (储能毛利率 ~ 储能业务毛利率). Values
compare only within one period and one unit. They conflict when their ranges do not overlap and the gap
is clear: ≥ VALUE_GAP_REL of the smaller figure for levels, ≥ RATE_GAP_PTS points for rates and margins.
Gaps under NEAR_TIE_REL / NEAR_TIE_PTS are agreement and silence a stance or direction conflict (the
numbers decide); gaps in between are left undecided (no divergence). Directions conflict when one says up
and the other down, or one moves and the other holds; stances when one is positive and the other
negative (neutral against either side is not a divergence).
"""

from __future__ import annotations

import math

from tools.claims.model import Claim, ClaimValue

VALUE_GAP_REL = 0.10
RATE_GAP_PTS = 2.0
NEAR_TIE_REL = 0.05
NEAR_TIE_PTS = 0.5
# Quantity words too broad to tie two claims together without a shared qualifier.
GENERIC = frozenset({"收入", "营业收入", "利润", "净利润", "归母净利润", "增速", "规模", "需求", "价格", "成本", "份额",
                     "占比", "技术", "估值", "销售", "销售额", "产能", "盈利能力", "利润率", "毛利率", "净利率", "出货量",
                     "销量", "订单", "EPS", "盈利预测", "研发", "政策", "竞争", "格局", "海外", "出口", "市值", "PE"})


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _head_and_qualifier(metric: str) -> tuple[str, str]:
    from tools.claims.extract import _HEAD_RE

    m = None
    for m in _HEAD_RE.finditer(metric):
        pass
    return (m[0], metric[:m.start()]) if m else (metric, "")


def _compatible(a: tuple[str, str], b: tuple[str, str]) -> bool:
    (head_a, qual_a), (head_b, qual_b) = a, b
    if head_a != head_b and not ({head_a, head_b} <= {"价格", "均价", "单价"}):
        return False
    if not qual_a or not qual_b:
        return True
    return bool(_bigrams(qual_a) & _bigrams(qual_b)) or qual_a == qual_b


def same_metric(a: Claim, b: Claim) -> bool:
    """The two claims' own metrics are one quantity (储能毛利率 ~ 储能业务毛利率)."""
    if not a.metric or not b.metric:
        return False
    return _compatible(_head_and_qualifier(a.metric), _head_and_qualifier(b.metric))


def same_subject(a: Claim, b: Claim) -> bool:
    """Looser than same_metric, for stance and direction: one claim's metric is among the quantities the
    other names, qualifiers compatible (MDI价格 ~ "MDI新增产能…价格仍将承压下行"); a generic word (收入,
    需求) with no qualifier on either side ties nothing."""
    from tools.claims.extract import metrics_in

    if same_metric(a, b):
        return True
    for one, other in ((a, b), (b, a)):
        if not one.metric:
            continue
        own = _head_and_qualifier(one.metric)
        for m in metrics_in(other.text):
            theirs = _head_and_qualifier(m)
            if _compatible(own, theirs) and (own[0] not in GENERIC or (own[1] and (theirs[1] or own[1] in other.text))):
                return True
    return False


def same_period(a: Claim, b: Claim) -> bool:
    return a.period is None or b.period is None or a.period == b.period


def value_gap(a: ClaimValue, b: ClaimValue) -> float | None:
    """The gap between two ranges (0 when they overlap), in points for rates, relative for levels;
    None when they cannot be compared."""
    if a.unit != b.unit or a.rate != b.rate:
        return None
    lo_a, hi_a = (a.min if a.min is not None else -math.inf), (a.max if a.max is not None else math.inf)
    lo_b, hi_b = (b.min if b.min is not None else -math.inf), (b.max if b.max is not None else math.inf)
    gap = max(lo_a, lo_b) - min(hi_a, hi_b)
    if gap <= 0:
        return 0.0
    if a.rate:
        return gap
    lower = min(hi_a, hi_b)
    return gap / abs(lower) if lower else None


def conflict(a: Claim, b: Claim) -> list[str]:
    """Conflict types between two claims of different brokers: value, direction, stance (and
    self_declared when either says so); [] when they agree or cannot be compared."""
    if not same_subject(a, b) or not same_period(a, b):
        return []
    types: list[str] = []
    numbers_agree = False
    if a.value is not None and b.value is not None and same_metric(a, b):
        gap = value_gap(a.value, b.value)
        if gap is not None:
            clear, tie = (RATE_GAP_PTS, NEAR_TIE_PTS) if a.value.rate else (VALUE_GAP_REL, NEAR_TIE_REL)
            if gap >= clear:
                types.append("value")
            numbers_agree = gap <= tie  # between tie and clear the numbers settle nothing: words decide
    if not numbers_agree:
        if a.direction and b.direction and a.direction != b.direction and same_metric(a, b):
            types.append("direction")
        if {a.stance, b.stance} == {"positive", "negative"}:
            types.append("stance")
    if types and (a.self_declared or b.self_declared):
        types.append("self_declared")
    return types
