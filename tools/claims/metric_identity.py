"""Whether two brokers' claims speak of one quantity: the metric half of tools.claims.compare.

Two claims speak of the same thing when their metric words match: the same quantity word (毛利率, 出货量)
and qualifiers that share a character pair or are missing on one side (储能毛利率 ~ 储能业务毛利率), with no
two different scopes (tools.claims.scope). Looser ties serve stances and directions only: a quantity of one
family (盈利能力 ~ 毛利率), one claim's metric named in the other's text (`same_subject`), one impact question
(tools.claims.impact). Whether the two then conflict (values, periods, directions, stances) is compare's.
"""

from __future__ import annotations

from functools import lru_cache

from tools.claims.model import Claim
from tools.claims.quantity_names import last_quantity, one_name
from tools.claims.scope import BLAND, SCOPE, one_region_name, scopes_differ
from tools.claims.timing import LONG, NEAR, TIME_HEAD
from tools.claims.wording import canonical

# Quantity words too broad to tie two claims together without a shared qualifier.
GENERIC = frozenset({"收入", "营业收入", "利润", "净利润", "归母净利润", "增速", "规模", "需求", "价格", "成本", "份额",
                     "占比", "技术", "估值", "销售", "销售额", "产能", "盈利能力", "利润率", "毛利率", "净利率", "出货量",
                     "销量", "订单", "EPS", "盈利预测", "研发", "政策", "竞争", "格局", "海外", "出口", "市值", "PE",
                     "欧洲", "美国", "出海", "全球化"})


# Quantity words that move together, for directions and stances (never for comparing two figures).
FAMILY = {"盈利": "盈利", "毛利率": "盈利", "净利率": "盈利", "利润率": "盈利", "盈利能力": "盈利", "单位盈利": "盈利",
          "单位净利": "盈利", "单位毛利": "盈利", "价格": "价格", "均价": "价格", "单价": "价格"}


# The family word a view on one of its quantities speaks to: 盈利能力 meets 毛利率 or 净利率, which do not meet each other.
UMBRELLA = frozenset({"盈利", "盈利能力", "利润率", "单位盈利"})


# One quantity, two names brokers use for it interchangeably (general finance usage, not one report's wording):
# net profit (the 归母 figure is the one brokers forecast and discuss). Measured on dev (scripts/metric_pairs.py) and
# left out: 营业收入 ~ 收入 tied 4 more gold pairs and 11 that are not (a bare 收入 is often a segment's); 股息 ~ 分红
# tied 2 gold pairs and added 2 false divergences (高股息股票 is a kind of stock; 保持稳定增长 read as flat).
HEAD_NAMES = {"归母净利润": "净利润"}


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _split(metric: str) -> tuple[str, str]:
    """(quantity word, qualifier) of a metric already written in one name per quantity (tools.claims.quantity_names):
    the one name it ends on when that covers the quantity word the lexicon finds (保费收入, not 收入 of 保费)."""
    from tools.claims.quantity import HEAD_RE, split_metric

    head, qualifier = split_metric(metric)
    word = None
    for word in HEAD_RE.finditer(metric):
        pass
    if (named := last_quantity(metric)) and named.end() >= (word.end() if word else 1) and \
            named.start() <= (word.start() if word else len(metric)):
        return named[0], metric[:named.start()]  # it holds the lexicon's word (保费收入 ⊃ 收入), not sits in it (毛利率)
    return head, qualifier


@lru_cache(maxsize=8192)
def _head_and_qualifier(metric: str) -> tuple[str, str]:
    from tools.claims.extract import heads_in

    metric = one_name(metric)  # 营业总收入 → 营业收入, NIM → 净息差
    head, qualifier = _split(metric)
    if head == metric and metric.endswith(TIME_HEAD) and len(metric) > len(TIME_HEAD):
        head, qualifier = TIME_HEAD, metric[:-len(TIME_HEAD)]  # 复航时点: the time of 复航 (tools.claims.timing)
    if head in ("增速", "规模") and (heads_in(qualifier) or last_quantity(qualifier)):  # NBV增速: the growth of 新业务价值
        head, qualifier = _split(qualifier)  # 营收规模: 营收 itself
    head = HEAD_NAMES.get(head, head)
    qualifier = one_region_name(LONG.sub("", NEAR.sub("", qualifier)))  # 短期内行业需求: when, not what
    plain = BLAND.sub("", qualifier)
    return head, plain if len(plain) >= 2 else qualifier  # 老产品 stays 老产品


def _compatible(a: tuple[str, str], b: tuple[str, str], *, family: bool = False, company_report: bool = False,
                scoped: bool = True) -> bool:
    """One quantity: the same head (or, for `family`, heads of one family, each qualified), and qualifiers
    missing on one side, or sharing at least a third of their character pairs (储能 ~ 储能业务, not 动力电池 ~
    储能电池) or one holding the other's, with no two different scopes (全球储能电池 is not 公司储能电池)."""
    (head_a, qual_a), (head_b, qual_b) = a, b
    if head_a != head_b:
        if not (family and qual_a and qual_b and FAMILY.get(head_a, head_a) == FAMILY.get(head_b, head_b)) or \
                not ({head_a, head_b} & UMBRELLA):
            return False  # 毛利率 and 净利率 are two quantities (costs between them); 盈利能力 covers either
    if qual_a == qual_b:
        return True
    if scoped and scopes_differ(qual_a, qual_b, company_report=company_report, head=head_a if head_a == head_b else ""):
        return False  # 行业成本 vs the company's, 公司收入 vs one product's (tools.claims.scope)
    if not qual_a or not qual_b:
        return True
    if head_a == "价格" and head_b == "价格" and min(len(qual_a), len(qual_b)) == 1:
        return qual_a in qual_b or qual_b in qual_a  # a good named by one character: 锂价 is not 煤价
    if len(qual_a.replace("公司", "")) < 2 or len(qual_b.replace("公司", "")) < 2:
        return True  # 公司 or one character (在手订单 → 手) names no segment
    pairs_a, pairs_b = _bigrams(qual_a), _bigrams(qual_b)
    if pairs_a and pairs_b and (pairs_a <= pairs_b or pairs_b <= pairs_a):
        return True  # 规模 ~ 人形机器人规模: one names more of the same thing
    return len(pairs_a & pairs_b) * 3 >= len(pairs_a | pairs_b)


def same_metric(a: Claim, b: Claim, *, company_report: bool = False) -> bool:
    """The two claims' own metrics are one quantity (储能毛利率 ~ 储能业务毛利率)."""
    from tools.claims.facets import own_metric

    mine, theirs = own_metric(a), own_metric(b)
    if not mine or not theirs:
        return False
    return _compatible(_head_and_qualifier(mine), _head_and_qualifier(theirs), company_report=company_report)


def _rebutted(claim: Claim) -> list[str]:
    """A rebuttal whose own words name no quantity ("市场担忧A拉低毛利率，我们认为影响有限") is about the quantity of
    the view it rebuts: its stance meets a claim on that quantity (its direction is the market's, not compared)."""
    from tools.claims.extract import metrics_in
    from tools.claims.clauses import rebuts

    if not claim.self_declared or not rebuts(claim.text):
        return []
    return metrics_in(claim.text, quoted=True)  # the rebutted view is the quoted one


def same_subject(a: Claim, b: Claim, *, company_report: bool = False) -> bool:
    """Looser than same_metric, for stance and direction: one claim's metric is among the quantities the
    other names, qualifiers compatible (MDI价格 ~ "MDI新增产能…价格仍将承压下行"); a generic word (收入,
    需求) with no qualifier on either side ties nothing."""
    from tools.claims.extract import metrics_in
    from tools.claims.asserted import conceded_blank, others_blank
    from tools.claims.facets import own_metric

    if same_metric(a, b, company_report=company_report):
        return True
    for one, other in ((a, b), (b, a)):
        if not (metric := own_metric(one)):
            continue
        own = _head_and_qualifier(metric)
        # what the other grants is agreement; its premise (考虑到…下滑，我们下调…) is argued where the report states it
        for m in metrics_in(conceded_blank(others_blank(canonical(other.text)))) or _rebutted(other):
            theirs = _head_and_qualifier(m)
            mine, yours = SCOPE.sub("", own[1]), SCOPE.sub("", theirs[1])  # 公司收入 names no segment
            if _compatible(own, theirs, company_report=company_report) and (own[0] not in GENERIC or (mine and (yours or mine in other.text))):
                return True
    return False


def _impact_quantity(x: str, y: str) -> bool:
    """`x`, the target of an impact judgement or the quantity its cause moves (tools.claims.impact), is `y`: a bare
    收入 or 公司利润率 ties nothing (every claim of the report is about the company); words with no quantity word
    (冷链物流业务) match on half their character pairs."""
    from tools.claims.extract import heads_in
    from tools.claims.impact import clean, overlap

    if not x or not y:
        return False
    if heads_in(x) and heads_in(y):
        hx, hy = _head_and_qualifier(x), _head_and_qualifier(y)
        return not (hx[0] in GENERIC and not SCOPE.sub("", hx[1])) and _compatible(hx, hy, family=True, scoped=False)
    return overlap(clean(x), clean(y))


def quantity_tie(a: Claim, b: Claim, *, company_report: bool = False) -> str:
    """How the rules tie two claims to one quantity, periods aside (the gate of compare.conflict): "firm" (a facet of
    each with one quantity word and compatible qualifiers, or one impact question), "loose" (only a quantity of one
    family, 盈利能力 ~ 毛利率, or one claim's metric named in the other's text, `same_subject`), or "" (none)."""
    from tools.claims.facets import facets
    from tools.claims.impact import same_question

    quantities = [(_head_and_qualifier(x.metric), _head_and_qualifier(y.metric)) for x in facets(a) for y in facets(b)]
    if any(_compatible(x, y, company_report=company_report) for x, y in quantities) or \
            same_question(a, b, _impact_quantity):
        return "firm"
    if any(_compatible(x, y, family=True, company_report=company_report) for x, y in quantities) or \
            same_subject(a, b, company_report=company_report):
        return "loose"
    return ""


def comparable(a: Claim, b: Claim, *, company_report: bool = False) -> bool:
    return bool(quantity_tie(a, b, company_report=company_report))


def one_quantity_links(claims: list[Claim]) -> list[tuple[int, int]]:
    """Pairs of one report's claims on one quantity (`same_metric`, not a bare generic word): one topic thread
    (tools.claims.topics.unify_topics), so a figure restated in other words on another page sits under one topic."""
    specific = [i for i, c in enumerate(claims) if c.metric and c.metric not in GENERIC]
    return [(i, j) for n, i in enumerate(specific) for j in specific[n + 1:] if same_metric(claims[i], claims[j])]
