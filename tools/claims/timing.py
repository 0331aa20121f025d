"""Timing claims: when something comes (量产 in 2026, 扭亏 not before 2027, 复航时点在2026年, 需求拐点要到2027年).

The year is what such a claim asserts, compared in years (tools.claims.compare.YEAR_GAP), never the period a
quantity is measured over: "要到2027年" does not make the claim a 2027 forecast. A timing claim about an event that
names no quantity word (复航, 投产) is about the event's time: its metric is the event + 时点.
"""

from __future__ import annotations

import re

from tools.claims.model import ClaimValue

# Events whose year is when they come.
_EVENT = re.compile(r"量产|投产|落地|拐点|扭亏|转正|上市|放量|开启|兑现|见底|出清|商业化")
# A time named as when something comes, whatever comes ("实质性恢复要到2027年", "最早在2026年下半年",
# "复航时点在2026年").
_TIMING = re.compile(r"(?:要到|才能|才会|直到|最早|最快|最晚|已在|已于|(?:时点|时间点|时间窗口?)[^，。；\d]{0,4}?)\s*(?:20\d{2})")
_WHEN = re.compile(r"(?P<y>20\d{2})\s*年?(?:底|末|初|中|年底|年末)?\s*(?P<b>之后|以后|后|之前|以前|前)?")
TIME_HEAD = "时点"
# What stands before the timing cue and is not the event: the report speaking, hedges, periods.
_NOT_EVENT = re.compile(r"我们|预计|认为|判断|有望|或将|或|将|可能|仍|才|的|[^\u4e00-\u9fffA-Za-z]")


def timing_of(clause: str) -> ClaimValue | None:
    """2026年 → 2026; 2028年之后 → ≥ 2028; 2026年之前 → ≤ 2026 (unit 年, compared in years)."""
    if not (_EVENT.search(clause) or _TIMING.search(clause)) or (m := _WHEN.search(clause)) is None:
        return None
    year = float(m["y"])
    low = None if m["b"] in ("之前", "以前", "前") else year
    high = None if m["b"] in ("之后", "以后", "后") else year
    return ClaimValue(text=m[0], min=low, max=high, unit="年", rate=True)


def asserted_time(text: str) -> ClaimValue | None:
    """The year a sentence asserts as when something comes, when it says so with a timing word (要到2027年, 最早
    2026年, 时点在2026年); an event word alone ("2026年实现扭亏") also reads as a forecast for that year."""
    return timing_of(text) if _TIMING.search(text) else None


def timing_metric(clause: str) -> str:
    """The event a timing clause dates, as a metric (红海航线复航要到2028年 → 红海航线复航时点); "" when none is named
    before the cue."""
    m = _TIMING.search(clause)
    if m is None:
        return ""
    before = re.split(r"[，,：:；;]", clause[:m.start()])[-1]
    event = _NOT_EVENT.sub("", re.sub(r"(?:时点|时间点|时间窗口?)$", "", before))[-8:]
    return event + TIME_HEAD if len(event) >= 2 else ""


# Horizons: a long-run view (长期来看毛利率有望回升) and a near-term one (2025年毛利率下降, 短期承压) answer two questions.
# Said as when, not as a kind of thing: 中长期资金, 长期股权投资 and 短期借款 name no horizon.
_NOT_HORIZON = r"(?!资金|股权|投资|借款|负债|资产|合同|协议|激励|债)"
NEAR = re.compile(r"(?:短期内?|近期)" + _NOT_HORIZON + r"|短时间内|眼下|年内")
LONG = re.compile(r"(?:中长期|长期|远期|长远)" + _NOT_HORIZON + r"|未来[一二三四五两\d]{1,2}年")


def horizon(text: str, period: str | None) -> str | None:
    """"long" for a view on the long run, "near" for one on the near term or a dated period, None when the
    sentence names both horizons ("短期承压，长期向好") or neither."""
    long, near = bool(LONG.search(text)), bool(NEAR.search(text))
    if long and not near:
        return "long"
    if near and not long or period is not None and not long:
        return "near"
    return None
