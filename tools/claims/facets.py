"""The clause-level facts inside one claim, for comparing claims across brokers.

A claim is a whole sentence, and a sentence often asserts more than one thing: "原奶价格仍处下行周期，我们
预计原奶价格下半年难以企稳，2025年全年均价同比下降约5%" holds a direction for 2025H2 and a figure for 2025E.
Comparing only the sentence's main metric and period misses the first. Each clause (split at ，；：) that
names a quantity and asserts a movement or a figure is a facet: (metric, period, direction, value).
- A clause with no quantity word of its own, or only a bare generic one (均价, 价格), speaks of the
  quantity of the clause before it (…原奶价格…，全年均价下降约5% → 原奶价格); an unqualified one keeps that
  clause's scope (国内需求回暖，订单明显改善 → 国内订单).
- A period missing from the clause is the claim's own period when the claim has one (the sentence's year),
  and a bare 下半年/二季度 takes the year of the claim's period.
- Conditions and quoted views are blanked (`clauses.unquoted`), and so is what a contrast concedes: in
  "价格下跌并非需求坍塌，而是新增产能集中释放所致" only the clause after 而是 is asserted (`clauses.contrast_kept`).
- A timing claim (人形机器人2026年量产 vs 2028年之后) has the year as its value (`timing_of`).
- 企稳/见底/筑底/触底 is a fall ending ("bottom"): it agrees with a rise and conflicts with a further fall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tools.claims.asserted import conceded_blank, others_blank, theirs_end
from tools.claims.extract import heads_in, metric_of, split_metric
from tools.claims.model import Claim, ClaimValue
from tools.claims.scope import WHERE
from tools.claims.screen import LOOKS_AHEAD, past_record
from tools.claims.lexicon import BOTTOMING
from tools.claims.clauses import contrast_kept, movement, own_clause, unquoted
from tools.claims.timing import timing_metric, timing_of
from tools.claims.periods import period_of
from tools.claims.values import main_value, oriented
from tools.claims.wording import canonical

# A sentence framed as the industry's ("行业层面，…", "从行业看，…", "行业方面："): its unqualified quantities are the
# industry's, not the company's (the frame itself is blanked as a lens by clauses.unquoted).
_MARKET_FRAME = re.compile(r"^\s*(?:[一二三四五六七八九十\d]+[、.．]\s*)?(?:从)?(?:全?行业|产业)(?:整体|层面|方面|端|角度)?(?:来?看)?[，,：:]")
_WRITTEN_ACTUAL = re.compile(r"\d[A](?![A-Za-z])")  # 2024A: an actual as printed
_CLAUSE = re.compile(r"[，；：;。！？!?]|,(?!\d{3})|:(?!\d)")  # 12,480 and 10:30 stay whole


_NOT_SUBJECT = re.compile(r"同比|环比|明显|显著|大幅|小幅|稳步|逐步|持续|继续|进一步|有望|预计|我们|认为|判断|将|仍|已|均|也|都|"
                          r"有所|有|会|可|能|或|下半年|上半年|[一二三四]季度|全年|今年|明年|\d+年?|[^\u4e00-\u9fffA-Za-z]")


def _own_subject(clause: str, figure: int | None = None) -> bool:
    """The clause names a subject of its own before its movement word (before its figure when it has no movement:
    "对应BVPS为21.0元" is not the profit of the clause before): Latin letters or ≥ 4 characters left once adverbs,
    periods and hedges are taken out."""
    from tools.claims.clauses import movement

    _, word = movement(clause)
    at = clause.find(word) if word else -1 if figure is None else figure
    if at <= 0:
        return False
    rest = _NOT_SUBJECT.sub("", clause[:at])
    if not word:  # before a bare figure: only a ratio the figures imply (对应BVPS为…, 对应每股净资产…) is another's
        return bool(re.match(r"对应.{2,}", rest))
    return bool(re.search(r"[A-Za-z]", rest)) or len(rest) >= 4


@dataclass(frozen=True)
class Facet:
    metric: str
    period: str | None
    direction: str | None
    value: ClaimValue | None


def _year(period: str | None) -> int | None:
    return int(period[:4]) if period and period[:4].isdigit() else None


@lru_cache(maxsize=8192)
def _facets(text: str, period: str | None) -> tuple[Facet, ...]:
    text = canonical(text)
    year = _year(period)
    out: list[Facet] = []
    last = ""
    frame = "行业" if _MARKET_FRAME.match(text) else ""
    body = conceded_blank(contrast_kept(others_blank(unquoted(text))))
    theirs, start = theirs_end(text), 0  # read before blanking: positions hold
    for piece in _CLAUSE.split(body):
        clause, said_by_others, start = piece.strip("　 "), start < theirs, start + len(piece) + 1
        if not clause or past_record(clause):
            continue
        located = main_value(clause)
        at = located.start if located else None
        metric = metric_of(clause, at)
        head, qualifier = split_metric(metric)
        if not heads_in(metric):  # no quantity word, only the words before a movement ("下半年有望企稳")
            metric = timing_metric(clause) if located is None else ""  # or the event a timing clause dates
        if not metric and _own_subject(clause, at):
            last = ""  # "PSY与全程成活率同比均有提升": a subject of its own, outside the quantity words
            continue
        if last and (not metric or (not qualifier and split_metric(last)[0] == head)):
            metric = last
        elif last and not qualifier and head == "增速":
            metric = last + head  # 收入增长5%，2026年增速回升至10%: the growth of the quantity before
        elif last and not qualifier and head in heads_in(split_metric(last)[1]):
            metric = split_metric(last)[1]  # 煤价中枢继续下移，均价约700元/吨: the average of 煤价
        elif metric and not qualifier and (scope := WHERE.findall(split_metric(last)[1] if last else "")):
            metric = scope[0] + metric  # 国内需求回暖，订单明显改善: the orders are 国内 too
        elif metric and not qualifier and frame:
            metric = frame + metric
        last = metric or last
        if said_by_others:
            continue  # another's figure (公司指引…，我们预计…): it names the subject, the report's turn gives the view
        direction, word = movement(clause, at)
        direction, located = oriented(split_metric(metric)[0], direction, word, located)  # 综合成本率改善至97.5%: falls
        if word in BOTTOMING and direction == "flat":
            direction = "bottom"
        if not metric or (direction is None and located is None and timing_of(clause) is None):
            continue
        when = period_of(clause, at, report_year=year, relative=False,  # 明年 is the report's, resolved
                         slash=bool(located and "/" in located.value.text)) or period  # 141.0/165.0亿元: 2025E
        if when and when.endswith("A") and LOOKS_AHEAD.search(clause) and not _WRITTEN_ACTUAL.search(clause):
            when = when[:-1] + "E"  # "我们预计2025年…，2026年…": a year forecast before the claim's own is still ahead
        value = located.value if located else None
        if value is None and (timing := timing_of(clause)) is not None:
            value, when = timing, None  # the year is what the claim asserts, not the period it is about
        out.append(Facet(metric, when, direction, value))
    return tuple(out)


def bases_differ(a: str, b: str) -> bool:
    """One sentence moves against the period before (环比) and the other against a year before (同比), each alone."""
    bases = [{w for w in ("环比", "同比") if w in text} for text in (a, b)]
    return bases[0] != bases[1] and all(len(found) == 1 for found in bases)


def growth_rate(metric: str) -> bool:
    """The metric is a rate of growth (收入增速, 增速), not the level that grows."""
    return split_metric(metric)[0] == "增速"


def own_metric(claim: Claim) -> str:
    """The claim's metric, or "" when it is named only before the report's turn (虽然新船交付仍多，但…;
    市场…视为运价的…，但我们认为…): what a claim concedes or rebuts is not what its own view is about."""
    return _own_metric(claim.text, claim.metric, claim.period)


@lru_cache(maxsize=8192)  # read for both claims of every pair a consensus compares: once per claim, not per pair
def _own_metric(text: str, metric: str, period: str | None) -> str:
    plain = canonical(text)
    own = conceded_blank(others_blank(own_clause(plain)))
    if metric and own.strip() != plain.strip() and split_metric(metric)[0] not in heads_in(own):
        return ""
    # the scope its clauses give it (行业层面，…价格… → 行业价格)
    scoped = [f.metric for f in _facets(text, period) if metric and f.metric != metric and f.metric.endswith(metric)]
    return scoped[0] if scoped else metric


def facets(claim: Claim) -> tuple[Facet, ...]:
    """The claim's facets; with none, the claim's own metric, period, direction and value (a stance on a
    named quantity: "我们对储能业务的盈利能力更为谨慎")."""
    found = _facets(claim.text, claim.period)
    if found or not claim.metric or theirs_end(canonical(claim.text)):
        return found  # (the claim's own fields may be another's figure: "根据一致预期…为28亿元，我们的预测略低")
    if not own_metric(claim):
        return ()
    # A direction read only from what a concession grants (虽然猪价下行…，但成本优势依然显著) is not the claim's.
    text = canonical(claim.text)
    direction = movement(conceded_blank(text))[0] if conceded_blank(text) != text else claim.direction
    return (Facet(claim.metric, claim.period, direction, claim.value),)
