"""The question an impact judgement answers: what acts (the cause) on what (the target).

Brokers disagree about an impact in different shapes: one judges it ("新建产线折旧对净利率的摊薄可控",
"我们对冷链物流业务的判断较为谨慎"), the other asserts the effect ("折旧将使净利率下降约2个百分点",
"受退税下调拖累，海外收入同比下降约12%") or the cause's own move ("碳酸锂价格仍有下行压力" against "降价对盈利的
影响已基本体现"). Their quantity words differ, so a metric match alone misses them. The shapes read here:
- "C对T的影响/冲击/拖累/摊薄…" (judged), "C将使/将导致 T…" (made), "受C影响/拖累，T…" (under): cause and target;
- "C带来的压力/影响可控", "C的冲击有限" (judged, no target: on the company as a whole; "C将拖累T" is made);
- "我们对T的判断/看法/预期…": a view on T with no cause.
Two claims ask one question when their causes overlap (two causes that differ are two questions even on one
target: 关税 vs 汇率 on exports), when one is a view on the other's target, or when one claim's own quantity
is the other's target or the quantity its cause moves (降价 → 价格). Whether they conflict is still their
stances' and periods' to say (tools.claims.compare; tools.claims.metric_identity says when two quantities are one).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from tools.claims.lexicon import DOWN, UP
from tools.claims.model import Claim
from tools.claims.wording import canonical

_EFFECT = r"影响|冲击|拖累|扰动|摊薄|稀释|压制"
_PHRASE = r"[^，。；：,;！？]"
_JUDGED = re.compile(rf"(?P<cause>{_PHRASE}{{2,24}}?)对(?P<target>{_PHRASE}{{2,24}}?)的?(?:{_EFFECT})")
_MADE = re.compile(rf"(?P<cause>{_PHRASE}{{2,24}}?)(?:将使得?|将令|使得|将导致|将(?:{_EFFECT}))(?P<target>{_PHRASE}{{2,30}})")
# The effect judged with no target named ("新产能带来的折旧压力可控", "关税的冲击有限"): on the company as a whole. A
# pressure counts only as something a cause brings (猪价下行压力较大 is the price's own move).
_JUDGE = r"(?=可控|有限|较小|不大|较大|显著)"
_CAUSED = re.compile(rf"(?P<cause>{_PHRASE}{{2,24}}?(?:带来|导致|造成)的{_PHRASE}{{0,6}}?)(?:{_EFFECT}|压力)(?P<target>){_JUDGE}")
_BARE = re.compile(rf"(?P<cause>{_PHRASE}{{2,24}}?)的?(?:{_EFFECT})(?P<target>){_JUDGE}")
_UNDER = re.compile(rf"受(?!益)(?P<cause>{_PHRASE}{{2,20}}?)(?:{_EFFECT})[，,]\s*(?P<target>{_PHRASE}{{2,40}})")
_VIEW = re.compile(rf"我们对(?P<target>{_PHRASE}{{2,20}}?)的?(?:判断|看法|预期|展望|态度)")
# The frame before a cause is the report's voice, not the cause: "我们测算新建产线折旧" → 新建产线折旧.
_FRAME = re.compile(r"^.*?(?:我们(?:的)?(?:认为|预计|判断|测算|估算|预测)?|预计|认为|判断|测算|估算|担忧|看来|而言|来看|方面)|"
                    r"^(?:同时|并且?|且|而|但|则)")
_FILLER = re.compile(r"20\d{2}年|\d{2}年|公司|当前|目前|其|的|将|对|在|[\s　]")
# A cause named by its move (碳酸锂降价, 原料涨价, 碳酸锂价格下行): the quantity it moves.
_PRICE_MOVE = re.compile(r"(?:降价|涨价|提价|调价)$")
_MOVE_END = re.compile("(?:" + "|".join(sorted(UP + DOWN, key=len, reverse=True)) + ")$")


@dataclass(frozen=True)
class Question:
    cause: str  # "" for a view on the target alone
    target: str  # the target as a metric when it names a quantity word (公司海外收入), else its words (冷链物流业务)
    moved: str  # the quantity the cause moves, when the cause is a move (碳酸锂降价 → 碳酸锂价格), else ""


def clean(phrase: str) -> str:
    return _FILLER.sub("", _FRAME.sub("", phrase))


def _as_metric(phrase: str) -> str:
    from tools.claims.extract import metric_of

    return metric_of(phrase) or clean(phrase)


@lru_cache(maxsize=4096)
def question(text: str) -> Question | None:
    """The impact question the report's own words ask (quoted views blanked), or None."""
    from tools.claims.extract import metric_of
    from tools.claims.clauses import unquoted

    body = unquoted(canonical(text))
    for pattern in (_JUDGED, _MADE, _UNDER, _CAUSED, _BARE):
        if (m := pattern.search(body)) is None:
            continue
        cause = clean(m["cause"])
        if pattern is _JUDGED and not cause:
            return Question("", _as_metric(m["target"]), "")  # "…，我们认为对公司收入的影响有限": the cause is named before
        if cause:
            moved = _PRICE_MOVE.sub("", cause) + "价格" if _PRICE_MOVE.search(cause) else \
                metric_of(cause) if _MOVE_END.search(cause) else ""
            return Question(cause, _as_metric(m["target"]), moved)
    if m := _VIEW.search(body):
        return Question("", _as_metric(m["target"]), "")
    return None


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def overlap(x: str, y: str) -> bool:
    """Half the shorter phrase's character pairs are the other's (新建产线折旧 ~ 产线折旧)."""
    a, b = _bigrams(x), _bigrams(y)
    return bool(a and b) and len(a & b) * 2 >= min(len(a), len(b))


def _quantities(claim: Claim) -> list[str]:
    from tools.claims.facets import facets, own_metric

    return [m for m in {f.metric for f in facets(claim)} | {own_metric(claim)} if m]


def same_question(a: Claim, b: Claim, same_quantity: Callable[[str, str], bool]) -> bool:
    """`a` and `b` answer one impact question (see the module docstring); `same_quantity(x, y)`: x, a target or a
    moved quantity, is the quantity y (tools.claims.metric_identity; tools.claims.compare reads the answer)."""
    qa, qb = question(a.text), question(b.text)
    if qa is None and qb is None:
        return False
    if qa and qb:
        if qa.cause and qb.cause:  # a cause named by its move (原材料涨价, 价格上涨) is the quantity it moves
            return overlap(qa.cause, qb.cause) or bool(qa.moved and qb.moved and overlap(qa.moved, qb.moved))
        return same_quantity(qa.target, qb.target) or same_quantity(qb.target, qa.target)  # a view on the target
    q, other = (qa, b) if qa else (qb, a)
    return any(same_quantity(q.target, m) or same_quantity(q.moved, m) for m in _quantities(other))
