"""The quantity a claim is about: the quantity words (毛利率, 出货量, 价格…), the words qualifying them (储能业务毛利率),
and a claim's metric and topic read from its text. Split out of tools.claims.extract, so that the readers of a
sentence's parts (tools.claims.parts) and of claims need not import the extraction of claims from pages.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tools.claims.lexicon import OTHER_QUANTITIES, SYNONYMS, TOPICS
from tools.claims.metric_span import STATE_RE, bullet_label, judged_head, subject_before_move, tail
from tools.claims.scope import OWNED
from tools.claims.clauses import own_clause, unquoted

_HEADS = sorted({w for words in TOPICS.values() for w in words} | OTHER_QUANTITIES, key=len, reverse=True)
# Besides the listed words, a price named by its good: 锂价, 煤价, 批价 (not 价值, 性价比, 溢价, 量价齐升, 跌价准备).
_BARE_PRICE = r"(?<=[\u4e00-\u9fff])(?<![量评定估溢平高低降涨跌提调议代竞加减股])价(?![格值位比款差能])"  # not 股价
_BARE_OUTPUT = r"出栏(?!均重|体重|均价|节奏)"  # hogs sent to market (a volume), not their weight
# 分红险 is an insurance product, not a dividend (分红): its 占比 or 价值率 is the quantity.
# 需求端，/成本端： a side of the business opening a clause as a lens ("需求端，…开工率回升"), not the quantity itself
# (需求端压力 is the demand side's pressure).
# A cost line before 率 is its ratio's qualifier (销售费用率: 销售 + 费用率), the ratio being the quantity.
_NOT_BEFORE = {"分红": "(?!险)", **{w: "(?!率)" for w in _HEADS if w.endswith("费用")}}
HEAD_RE = re.compile("(?:" + "|".join(re.escape(w) + _NOT_BEFORE.get(w, "") for w in _HEADS) + "|" + _BARE_PRICE +
                     "|" + _BARE_OUTPUT + ")(?!端[，,：:])")
_QUAL_STOP = re.compile(r"(?:20)?\d{2}[EAF](?![A-Za-z])|\d{2}[HQ][1-4]|[1-4][HQ]\d{2}|[^\u4e00-\u9fffA-Za-z]|的|年(?!度)"
                        # a copula or a demonstrative is grammar, not a name (而是新增产能, 这一比例)
                        r"|是|并非|这一|这些|上述|"
                        # an aspect particle or a verb taking the quantity as its object (保障了…份额, 受制于购置成本)
                        r"了|受制于|受限于|以来|至今|将|为|和|与|及|对应|对|在|公司|我们|预计|认为|判断|其中|有望|随着|着|考虑到|鉴于|基于|"
                        r"继续|持续|进一步|加速|逐步|仍|已|依靠|支持|进入|实现|开启|迎来|带动|推动|受益于?|由于|[一二三四]季度|[上下]半年|全年|今年|明年|Q[1-4]|"
                        # a verb in front of the quantity word takes it as its object (降低算力成本: the cost of 算力)
                        r"提升|提高|抬升|增长|增加|上升|上涨|回升|扩大|改善|恢复|修复|降低|减少|下降|下滑|回落|上调|下调|下行|萎缩|"
                        r"导致|带来|拖累|压制|拉低|拉高|压低|推高|摊薄|可以|能够|虽然|尽管|但是|但")


_PERIOD_WORD = re.compile(r"(?<=[\u4e00-\u9fffA-Za-z])(?:全年|[一二三四]季度|[上下]半年|单季度?)(?=[\u4e00-\u9fffA-Za-z]|$)|"
                          r"(?<=业务|板块|分部|产品|地区|市场)20\d{2}年(?=[\u4e00-\u9fff]|$)")  # 巴西业务2026年收入 (not 维持2025年…)
_LEADING_LINK = re.compile(r"^(?:但|而|且|并|则|其|即|使|令)+")


def _metric_at(text: str, m: re.Match) -> str:
    """The quantity word at `m` with the words qualifying it: 储能业务的盈利能力 → 储能业务盈利能力,
    NOR Flash价格 → NORFlash价格 (a Latin name whole), 但客单价 → 客单价. Quantity words written together
    form one compound whose last word is the head (原奶价格, 价格竞争, 海外收入占比)."""
    last = m
    for nxt in HEAD_RE.finditer(text, m.end()):
        if nxt.start() != last.end():
            break
        last = nxt
    compound = text[m.start():last.start()]
    # a period inside the chain says when, not what: 主品牌全年销量 is the brand's volume (the chain runs on)
    before = re.sub(r"的$", "", _PERIOD_WORD.sub("", text[:m.start()]))
    # Latin names stay whole (NOR Flash, DDR5 颗粒): their digits and inner spaces are not stops.
    mask = re.sub(r"(?<=[A-Za-z]{2})\d+", lambda d: "X" * len(d[0]), before)
    mask = re.sub(r"(?<=[A-Za-z0-9]) (?=[A-Za-z0-9\u4e00-\u9fff])", "X", mask)
    stop = list(_QUAL_STOP.finditer(mask))
    qualifier = before[stop[-1].end():] if stop else before
    qualifier = tail(_LEADING_LINK.sub("", (qualifier + compound).replace(" ", "")))
    if "公司" in before[-12:] and not OWNED.search(qualifier):
        qualifier = "公司" + qualifier  # 公司2025年储能电池出货量: the company's, not the market's
    return qualifier + SYNONYMS.get(last[0], last[0])


def split_metric(metric: str) -> tuple[str, str]:
    """(quantity word, qualifier) of a metric: 储能业务毛利率 → (毛利率, 储能业务)."""
    m = None
    for m in HEAD_RE.finditer(metric):
        pass
    return (SYNONYMS.get(m[0], m[0]), metric[:m.start()]) if m else (metric, "")


def metrics_in(text: str, *, quoted: bool = False) -> list[str]:
    """Every quantity a text names, each with its qualifier; quoted views left out unless `quoted`."""
    return list(_metrics_in(text, quoted))


@lru_cache(maxsize=8192)  # each claim's quantities are read again for every claim it is compared with
def _metrics_in(text: str, quoted: bool) -> tuple[str, ...]:
    body = text if quoted else unquoted(text)
    return tuple(_metric_at(body, m) for m in HEAD_RE.finditer(body))


def heads_in(text: str) -> set[str]:
    """Every quantity word a text names, synonyms folded (NBV → 新业务价值)."""
    return {SYNONYMS.get(m[0], m[0]) for m in HEAD_RE.finditer(text)}


_SCENE = frozenset({"海外", "政策", "监管", "全球化", "出海"})
# "反倾销调查对公司影响较小": a claim on an impact is about what has it, when no quantity word is named.
_IMPACT_CAUSE = re.compile(r"([^，。；：,;]{2,16}?)对[^，。；：,;]{1,20}?(?:影响|冲击|拖累|扰动)")


def metric_of(text: str, at: int | None = None) -> str:
    """The quantity a claim is about with its qualifier (储能业务毛利率, 原奶价格): the quantity word nearest
    before the claim's figure at `at`, else the first one outside quoted views, else the noun run before the
    first movement word, cut at its frame and predicate (tools.claims.metric_span), or what has the impact an
    impact clause judges; "" when none is named."""
    body = unquoted(text)  # a quoted view is someone else's
    found = list(HEAD_RE.finditer(body))
    if at is not None and (before := [m for m in found if m.end() <= at]) and at - before[-1].end() <= 20:
        return _metric_at(body, before[-1])
    own = own_clause(text)
    start = len(body) - len(own)
    if mine := [m for m in found if m.start() >= start]:
        # a market or a policy opening the clause sets its scene (海外GPU出口管制对公司交付…, 政策推动行业集中度提升)
        # (海外业务, 海外市场: a segment named by its market is what the claim is about)
        scene = [m for m in mine if m[0] not in _SCENE or re.match(r"业务|板块|市场|地区", body[m.end():])] or mine
        return _metric_at(body, judged_head(body, mine) or scene[0])
    if found:
        return _metric_at(body, found[0])
    if cause := _IMPACT_CAUSE.search(body, start) or _IMPACT_CAUSE.search(body):
        return tail(re.split(r"我们(?:预计|认为|判断)|预计|认为|判断", cause[1])[-1].strip("　 "))  # what has the impact
    return subject_before_move(body, start) or subject_before_move(body, start, STATE_RE) or bullet_label(body)


def topic_of(text: str, metric: str) -> str:
    for probe in (metric, text):
        hits = [(probe.find(w), -len(w), topic) for topic, words in TOPICS.items() for w in words if w in probe]
        if hits:
            return min(hits)[2]
    return "其他"
