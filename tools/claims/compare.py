"""When two brokers' claims conflict. Pure functions; thresholds are stated here and documented in
docs/consensus.md.

Two claims speak of the same thing when their metric words match (tools.claims.metric_identity). Values
compare only within one period and one unit. They conflict when their ranges do not overlap and the gap
is clear: ≥ VALUE_GAP_REL of the smaller figure for levels, ≥ RATE_GAP_PTS points for rates and margins.
Gaps under NEAR_TIE_REL / NEAR_TIE_PTS are agreement and silence a stance or direction conflict (the
numbers decide); gaps in between are left undecided (no divergence). Directions conflict when one says up
and the other down, or one moves and the other holds; stances when one is positive and the other
negative (neutral against either side is not a divergence).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from tools.claims.model import Claim, ClaimValue
from tools.claims.metric_identity import (GENERIC, UMBRELLA, _compatible, _head_and_qualifier, _impact_quantity,
                                         quantity_tie, same_subject)
from tools.claims.question_family import one_question
from tools.claims.timing import horizon
from tools.claims.periods import months_of
from tools.claims.wording import canonical

VALUE_GAP_REL = 0.10
RATE_GAP_PTS = 2.0
NEAR_TIE_REL = 0.05
NEAR_TIE_PTS = 0.5
HALF_MONTHS = 6  # a half meets its year for directions and stances; a quarter does not
YEAR_GAP = 1.0  # timing claims (量产 in 2026 vs 2028年之后): a year apart is a disagreement
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


def _directions_conflict(a: str | None, b: str | None) -> bool:
    """up vs down, a move vs flat; a bottoming ("bottom") conflicts only with a further fall."""
    if not a or not b or a == b:
        return False
    return {a, b} not in ({"bottom", "up"}, {"bottom", "flat"})


def _periods_meet(a: str | None, b: str | None, *, nested: bool = False) -> bool:
    """The same period, or one unknown; with `nested`, a half also meets the year it lies in (2025H2 ⊂ 2025E:
    a half carries most of its year) — enough for a direction or a stance, never for comparing two figures.
    A quarter or a year to date (2025M9) never meets a year: its move or level can differ from the year's
    (四季度销量下降 and 全年销量增长 both hold), and two periods that do not overlap never meet."""
    if a is None or b is None or a == b:
        return True
    if not nested:
        return False
    span_a, span_b = months_of(a), months_of(b)
    if span_a is None or span_b is None:
        return False
    inner, outer = sorted((span_a, span_b), key=lambda s: s[1] - s[0])
    return inner[1] - inner[0] + 1 == HALF_MONTHS and outer[1] - outer[0] + 1 == 12 and \
        outer[0] <= inner[0] and inner[1] <= outer[1]


# A long word that dates no view: what a move is good for (…，这有利于价格体系的长期稳定; 为长期发展奠定基础) and a
# level that cannot last (难以长期维持在2万亿元上方): the sentence's own forecast keeps its date.
_NO_HORIZON = re.compile(r"[^，。；,;]*(?:有利于|利于|有助于|助力|奠定|夯实|打下)[^，。；,;]*(?:中长期|长期|长远)[^，。；,;]*|"
                         r"(?:难以|无法|很难|不会|难)长期(?=维持|保持|持续)")


def _horizon(text: str, period: str | None) -> str | None:
    return horizon(_NO_HORIZON.sub("", text), period)


def _growth_figures(x_metric: str, y_metric: str, apart: bool) -> bool:
    """Two percentages that are moves against different bases (四季度销量环比+10% vs 同比−5%): both hold. A ratio's
    level (毛利率25%) is no move and still compares."""
    return apart and not any(_is_ratio(m) for m in (x_metric, y_metric))


_RATIO_ENDS = ("率", "占比", "比例", "比重", "份额")


def _is_ratio(metric: str) -> bool:
    """A quantity that is itself a ratio (毛利率, 海外收入占比): its percentage is a level, not a move."""
    return _head_and_qualifier(metric)[0].endswith(_RATIO_ENDS)
_WITH_TAX, _WITHOUT_TAX = re.compile(r"(?<!不)含税"), re.compile(r"不含税|除税")


def _tax_bases_differ(a: str, b: str) -> bool:
    """One figure includes VAT and the other does not (长协价1,600元/吨含税 vs 约1,420元/吨不含税): one price on two
    bases, which a rate of tax that differs by good would have to reconcile."""
    taxed = [(bool(_WITH_TAX.search(t)), bool(_WITHOUT_TAX.search(t))) for t in (a, b)]
    return {taxed[0], taxed[1]} == {(True, False), (False, True)}


@lru_cache(maxsize=4096)
def _view_period(text: str, metric: str, period: str | None) -> str | None:
    """The period a turned claim's own view is about ("2025年收入承压，但…我们预计2026年有望重回增长": 2026E; "…价格已于
    上半年见底，2026年订单价格有望企稳": the one before its metric), else the claim's: a stance answers for the clause
    after the turn."""
    from tools.claims.clauses import own_clause
    from tools.claims.periods import period_of

    own = own_clause(canonical(text))
    at = own.find(metric) if metric else -1
    if at > 0 and period_of(own[:at], relative=False):  # "三季度收入下滑反映…，2026年订单价格仍将下探": 2026's view
        return period_of(own, at, relative=False)
    return period if own.strip("　 。") == canonical(text).strip("　 。") else period_of(own, relative=False) or period


def _undated_figure(claim: Claim) -> bool:
    """A figure with no period is a forecast only when its sentence looks ahead (有望保持在25%以上); without a
    forward word it is a result already reported ("归母净利润8.0亿元，同比增长34.9%", its half named in the
    sentence before) and meets no other period's figure."""
    from tools.claims.screen import LOOKS_AHEAD

    return not LOOKS_AHEAD.search(claim.text)


def _borrowed(claim: Claim) -> bool:
    """The claim's stance is its report's rating, lent to a bare forecast figure (tools.claims.stance.stance_of):
    the figures are compared, the rating is compared as a rating, and the two say nothing against a view."""
    return claim.stance != "neutral" and _own_stance(claim.text, claim.metric) == "neutral"


# Per claim, not per pair: conflict() meets each claim once for every claim of the other brokers.
@lru_cache(maxsize=4096)
def _own_stance(text: str, metric: str) -> str:
    from tools.claims.stance import stance_of

    return stance_of(canonical(text), metric)


@lru_cache(maxsize=4096)
def _judges(text: str) -> bool:
    from tools.claims.stance import judged

    return judged(canonical(text))


@lru_cache(maxsize=4096)
def _turned_quantities(text: str) -> tuple[tuple[str, str], ...] | None:
    """The quantities named in the report's own clause after a turn ("总投资收益率明显改善，但净投资收益率仍有下行
    压力": 净投资收益率), which is what the claim's stance is about; None when the claim has no turn or its own
    clause names no quantity (then the whole claim speaks)."""
    from tools.claims.extract import metrics_in
    from tools.claims.clauses import own_clause

    text = canonical(text)
    own = own_clause(text)
    if own.strip("　 。") == text.strip("　 。"):
        return None
    return tuple(_head_and_qualifier(m) for m in metrics_in(own)) or None


def _stance_pair(x_metric: str, y_metric: str, own_a: tuple[tuple[str, str], ...] | None,
                own_b: tuple[tuple[str, str], ...] | None) -> bool:
    """A facet pair the two stances can meet on: each facet is a quantity of its claim's own clause (of its family,
    any scope: 储能业务毛利率 speaks to 公司盈利) when the claim turns."""
    return all(own is None or any(_compatible(_head_and_qualifier(metric), q, family=True, scoped=False) for q in own)
               for metric, own in ((x_metric, own_a), (y_metric, own_b)))


def _named_apart(x: str, y: str) -> bool:
    """Two metrics whose quantity words are both common, well-defined ones and differ (营业收入 vs 净利润, 毛利率 vs
    净利率): two quantities, however alike the sentences that state them."""
    (head_x, qual_x), (head_y, qual_y) = _head_and_qualifier(x), _head_and_qualifier(y)
    if head_x == head_y or head_x not in GENERIC or head_y not in GENERIC:
        return False
    if head_x.endswith("率") and head_y.endswith("率") and not {head_x, head_y} & UMBRELLA:
        return True  # two defined ratios (毛利率, 净利率: costs between them) answer two questions
    return not (one_question(head_x, head_y) and _compatible((head_x, qual_x), (head_x, qual_y)))


def may_tie(a: Claim, b: Claim, main_a: str, main_b: str) -> bool:
    """Whether two claims (own metrics `main_a`, `main_b`: facets.own_metric) could be one quantity however their
    metric words read: both name one, not two different common quantity words, periods that meet, and figures of one
    unit and kind (a rate and a level are two quantities)."""
    if not (main_a and main_b) or _named_apart(main_a, main_b) or not _periods_meet(a.period, b.period, nested=True):
        return False
    if _head_and_qualifier(main_a)[0] == _head_and_qualifier(main_b)[0]:
        return False  # one quantity word: the rules judged the qualifiers (分部 / 综合毛利率), not the sentences
    return not (a.value and b.value and (a.value.unit != b.value.unit or a.value.rate != b.value.rate))


def _growth_against_level(a: Claim, b: Claim, one) -> float | None:
    """Points between one claim's growth rate (营业收入同比增长5%) and the growth the other's level implies over its own
    report's figure for the year before (430亿元 over 360亿元: +19.4 %), on one quantity and one year; None when the
    two are not such a pair (a level is never set on the other report's base)."""
    for rate, level in ((a, b), (b, a)):
        r, v = rate.value, level.value
        if r and v and r.unit == "%" and v.growth is not None and rate.period and rate.period == level.period and \
                not _is_ratio(rate.metric) and one(rate.metric, level.metric):
            return value_gap(r, ClaimValue(text="", min=v.growth, max=v.growth, unit="%", rate=True))
    return None


def _views_meet(a: Claim, b: Claim) -> bool:
    """The periods the two stances speak for meet; a timing claim's year is its figure, not its period."""
    periods = [c.period if c.value and c.value.unit == "年" else _view_period(c.text, c.metric, c.period) for c in (a, b)]
    return _periods_meet(*periods, nested=True)


def conflict(a: Claim, b: Claim, *, company_report: bool = False, tied: bool = False,
             rules: str | None = None) -> list[str]:
    """Conflict types between two claims of different brokers: value, direction, stance (and
    self_declared when either says so); [] when they agree or cannot be compared. Figures and directions
    are compared clause by clause (tools.claims.facets), on one metric and one period. `rules`: the pair's
    `quantity_tie`, when the caller has read it."""
    from tools.claims.facets import bases_differ, facets, growth_rate, own_metric
    from tools.claims.impact import same_question
    from tools.claims.metric_model import one_quantity, weights

    if {_horizon(a.text, a.period), _horizon(b.text, b.period)} == {"long", "near"}:
        return []  # a long-run view and a near-term one answer two questions
    if rules is None:
        rules = quantity_tie(a, b, company_report=company_report)
    if rules == "loose" and one_quantity(a, b, company_report=company_report) < weights()["veto"]:
        return []  # only a family word or a named subject ties the two, and their wording hardly does (metric_model)
    # `tied`: the caller judged the two sentences to speak of one quantity the rules do not tie (the sentences'
    # meaning: agents.consensus.claim_similarity); then each claim's own metric stands for the other's.
    mains = (own_metric(a), own_metric(b)) if tied and not rules else None
    if mains and all(mains) and _named_apart(*mains):
        mains = None  # two sentences alike in form (预计…营业收入分别为… / 预计…归母净利润分别为…): the words decide

    def one(x_metric: str, y_metric: str, **kw) -> bool:
        return bool(mains and all(mains) and (x_metric, y_metric) == mains) or \
            _compatible(_head_and_qualifier(x_metric), _head_and_qualifier(y_metric), company_report=company_report, **kw)

    pairs = [(x, y) for x in facets(a) for y in facets(b) if _periods_meet(x.period, y.period, nested=True)
             and one(x.metric, y.metric, family=True)]
    types: list[str] = []
    agree = False
    undated = (_undated_figure(a), _undated_figure(b))
    apart, taxed_apart = bases_differ(a.text, b.text), _tax_bases_differ(a.text, b.text)
    for x, y in pairs:
        if x.value is None or y.value is None or not _periods_meet(x.period, y.period) or \
                (x.value.rate and _growth_figures(x.metric, y.metric, apart)) or taxed_apart or \
                (x.period is None and undated[0]) or (y.period is None and undated[1]) or not one(x.metric, y.metric):
            continue
        gap = value_gap(x.value, y.value)
        if gap is None:
            continue
        clear, tie = (YEAR_GAP, 0.0) if x.value.unit == "年" else \
            (RATE_GAP_PTS, NEAR_TIE_PTS) if x.value.rate else (VALUE_GAP_REL, NEAR_TIE_REL)
        if gap >= clear:
            types.append("value")
        agree = agree or gap <= tie  # between tie and clear the numbers settle nothing: words decide
    if not (types or agree) and (gap := _growth_against_level(a, b, one)) is not None:
        types += ["value"] if gap >= RATE_GAP_PTS else []
        agree = gap <= NEAR_TIE_PTS
    if agree and "value" not in types:
        return []  # the numbers agree: a direction or stance word does not overturn them
    # A growth rate that slows or quickens (增速放缓至15%) says how fast the level moves, not which way: its move
    # meets another growth rate's move, never the level's (收入增长16%); the figures (both growth rates) and the
    # stances (a slowdown is bad news) still meet.
    # Moves against different bases (环比: the period before, 同比: a year before) both hold, and so do their stances.
    moved = [(x, y) for x, y in pairs if growth_rate(x.metric) == growth_rate(y.metric) and not apart]
    if any(_directions_conflict(x.direction, y.direction) for x, y in moved):
        types.append("direction")
    # Two sentences whose matching clauses move the same way agree there, whatever else each says.
    # Not when either judges an impact or an expectation (影响有限 vs 较大 on one 关税上调): the judgement is the view.
    moves_agree = "direction" not in types and not (_judges(a.text) or _judges(b.text)) and \
        any(x.direction and x.direction == y.direction for x, y in moved)
    own_a, own_b = _turned_quantities(a.text), _turned_quantities(b.text)
    stance_pairs = [(x, y) for x, y in pairs if _stance_pair(x.metric, y.metric, own_a, own_b)]
    if {a.stance, b.stance} == {"positive", "negative"} and not (moves_agree or apart or _borrowed(a) or _borrowed(b)) and \
            _views_meet(a, b) and \
            (stance_pairs or same_period(a, b) and (same_question(a, b, _impact_quantity) or
                                                    not pairs and (mains is not None or same_subject(a, b, company_report=company_report)))):
        types.append("stance")
    if types and (a.self_declared or b.self_declared):
        types.append("self_declared")
    return sorted(set(types), key=types.index)
