"""Topics of a consensus: brokers' points grouped by a keyword lexicon, each with a stance.

Stances come from a polarity lexicon (longest match first, so 景气下行 is negative, not 景气).
A broker's stance on a topic is the sign of its core arguments there, or "risk" when it only
lists the topic among its risks: a listed risk is a hedge, not a view, so it never makes a
divergence; it joins a negative consensus, or brokers share a risk. Topics holding the same
points are merged (竞争、盈利).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from agents.consensus.models import TopicPoint, TopicView

TOPIC_LEXICON: dict[str, tuple[str, ...]] = {
    "需求": ("需求", "销量", "出货", "订单", "渗透率", "装机"),
    "价格": ("价格", "涨价", "降价", "单价", "均价", "报价", "锂价"),
    "产能": ("产能", "扩产", "投产", "产线", "开工率", "稼动率"),
    "技术": ("技术", "研发", "迭代", "工艺", "专利", "固态", "新品"),
    "政策": ("政策", "补贴", "监管", "法规", "关税"),
    "估值": ("估值", "市盈率", "PE", "目标价", "市值"),
    "竞争": ("竞争", "价格战", "份额", "格局", "集中度", "对手"),
    "海外": ("海外", "出口", "出海", "欧洲", "美国", "全球化"),
    "储能": ("储能",),
    "盈利": ("盈利", "利润", "毛利", "净利", "业绩", "ROE"),
    "成本": ("成本", "原材料", "碳酸锂", "降本"),
}
_POSITIVE = ("上调", "超预期", "高于预期", "好于预期", "加速", "受益", "景气", "回暖", "改善", "高增", "放量",
             "修复", "向好", "提速", "强劲", "旺盛", "看好", "利好", "领先", "突破")
_NEGATIVE = ("下调", "承压", "放缓", "价格战", "不及预期", "低于预期", "谨慎", "下滑", "下行", "恶化", "过剩",
             "拖累", "疲软", "加剧", "减弱", "萎缩", "利空", "景气下行", "景气回落", "需求下滑", "降价")
_POLARITY = {w: 1 for w in _POSITIVE} | {w: -1 for w in _NEGATIVE}
_POLARITY_RE = re.compile("|".join(sorted(map(re.escape, _POLARITY), key=len, reverse=True)))


def stance_of(text: str) -> str:
    score = sum(_POLARITY[m] for m in _POLARITY_RE.findall(text))
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


def _broker_stance(points: list[TopicPoint]) -> str:
    """Sign of the broker's arguments on a topic; "risk" when it only lists risks there."""
    args = [p for p in points if p.kind == "argument"]
    if not args:
        return "risk"
    score = sum({"positive": 1, "negative": -1}.get(p.stance, 0) for p in args)
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


def group_topics(points: list[TopicPoint], lexicon: Mapping[str, Sequence[str]]) -> tuple[list[TopicView], list[TopicPoint]]:
    """Topic views, divergences first, and the points that match no topic (a point may join several)."""
    grouped: dict[str, list[TopicPoint]] = {}
    unmatched = []
    for point in points:
        hits = [t for t, words in lexicon.items() if any(w.lower() in point.text.lower() for w in words)]
        for topic in hits:
            grouped.setdefault(topic, []).append(point)
        if not hits:
            unmatched.append(point)
    merged: dict[tuple[int, ...], tuple[list[str], list[TopicPoint]]] = {}
    for topic, pts in grouped.items():  # topics holding exactly the same points read as one
        merged.setdefault(tuple(id(p) for p in pts), ([], pts))[0].append(topic)
    views = []
    for names, pts in merged.values():
        brokers = list(dict.fromkeys(p.broker for p in pts))
        stances = {b: _broker_stance([p for p in pts if p.broker == b]) for b in brokers}
        found = set(stances.values())
        if len(brokers) < 2:
            status, stance = "single", None
        elif {"positive", "negative"} <= found:
            status, stance = "divergence", None
        elif found <= {"negative", "risk"}:  # an argued downside and a listed risk point the same way
            status, stance = "consensus", "negative" if "negative" in found else "risk"
        elif len(found) == 1:
            status, stance = "consensus", found.pop()
        else:
            status, stance = "mixed", None
        views.append(TopicView(topic="、".join(names), status=status, stance=stance, brokers=brokers, points=pts))
    order = {"divergence": 0, "consensus": 1, "mixed": 2, "single": 3}
    views.sort(key=lambda v: (order[v.status], -len(v.brokers)))
    return views, unmatched
