"""Numbers + words → one label, tilts, a confidence, and the disagreements between them.

Thresholds (on tools/style_metrics.py's scales; judgement calls, checked on the sample funds):
- mean active rotation magnitude (|Δgrowth| + |Δsize| per step, averaged over the steps)
  ≥ ROTATION_THRESHOLD (0.10) → style-rotation; < STABLE_THRESHOLD (0.05) → style-stable; in between the
  manager's stated intent decides, and without one the fund counts as stable (low confidence).
  For scale: a full switch between a pure value and a pure growth book is 1.0 on one dimension; the
  sample rotating fund averages about 0.76, the share-count-constant fund exactly 0.
- tilts from the latest period's exposure: growth ≥ 0.60 growth, ≤ 0.40 value, else balanced; size ≥ 0.60
  large (weighted geometric mean cap ≈ 630亿), ≤ 0.40 small (≈ 160亿), else mid; "switching" when the
  exposure ranged over ≥ SWITCH_RANGE (0.30) across the periods.
- confidence: 0.6 from the numbers; +0.1 when the magnitude is far from the thresholds (≥ 2× rotation or
  < ½ stable); +0.2 when the words agree, −0.3 when they disagree; −0.1 when attribute coverage < 80 %;
  0.3 when only words are available. Clipped to [0.05, 0.95].
"""

from __future__ import annotations

from agents.fund_style.glossary import NA, number
from agents.fund_style.models import LABEL_ZH, TILT_ZH, FundStyleResult, StatedIntent
from tools.style_metrics import StyleMetrics

ROTATION_THRESHOLD = 0.10
STABLE_THRESHOLD = 0.05
TILT_HIGH, TILT_LOW = 0.60, 0.40
SWITCH_RANGE = 0.30
MIN_COVERAGE = 0.8
THRESHOLDS = {"rotation": ROTATION_THRESHOLD, "stable": STABLE_THRESHOLD, "tilt_high": TILT_HIGH,
              "tilt_low": TILT_LOW, "switch_range": SWITCH_RANGE}
_OPPOSITE = {("growth", "value"), ("value", "growth"), ("large", "small"), ("small", "large")}


def _tilt(values: list[float], high: str, low: str, middle: str) -> str:
    if not values:
        return "unknown"
    if max(values) - min(values) >= SWITCH_RANGE:
        return "switching"
    last = values[-1]
    return high if last >= TILT_HIGH else low if last <= TILT_LOW else middle


def _quote_for(result: FundStyleResult, aspect: str) -> str:
    quote = next((q for q in reversed(result.qualitative_evidence) if q.aspect == aspect), None)
    return f"（{quote.period}：“{quote.text}”）" if quote else ""


def quantitative_label(metrics: StyleMetrics) -> str | None:
    m = metrics.mean_magnitude
    if m is None:
        return None
    return "style-rotation" if m >= ROTATION_THRESHOLD else "style-stable" if m < STABLE_THRESHOLD else "borderline"


def combine(result: FundStyleResult, metrics: StyleMetrics | None, stated: StatedIntent | None) -> FundStyleResult:
    out = result.model_copy(deep=True)
    out.metrics, out.stated, out.thresholds = metrics, stated, dict(THRESHOLDS)
    words = stated.rotation if stated else "unclear"
    quant = quantitative_label(metrics) if metrics else None
    if metrics and metrics.periods:
        out.growth_value_tilt = _tilt([p.growth for p in metrics.periods if p.growth is not None],
                                      "growth", "value", "balanced")
        out.size_tilt = _tilt([p.size for p in metrics.periods if p.size is not None], "large", "small", "mid")
        _quantitative_evidence(out, metrics)
    if quant is None:
        if words == "unclear":
            out.label, out.confidence = "undetermined", 0.0
        else:
            out.label, out.confidence = ("style-rotation" if words == "rotating" else "style-stable"), 0.3
            out.notes.append("持仓不足以计算主动轮动幅度，标签仅依据基金经理的文字表述（低置信度）。")
    else:
        if quant == "borderline":
            out.label = "style-rotation" if words == "rotating" else "style-stable"
            confidence = 0.4
            out.notes.append(f"主动轮动幅度 {metrics.mean_magnitude:.3f} 介于 {STABLE_THRESHOLD} 与 "
                             f"{ROTATION_THRESHOLD} 之间，" + ("依据文字表述判定。" if words != "unclear" else "缺少文字表述，暂按稳定处理。"))
        else:
            out.label = quant
            far = metrics.mean_magnitude >= 2 * ROTATION_THRESHOLD or metrics.mean_magnitude < STABLE_THRESHOLD / 2
            confidence = 0.6 + (0.1 if far else 0.0)
        said = {"rotating": "style-rotation", "staying": "style-stable"}.get(words)
        if said == out.label:
            confidence += 0.2
        elif said is not None:
            confidence -= 0.3
        if any(min(p.growth_coverage, p.size_coverage) < MIN_COVERAGE for p in metrics.periods):
            confidence -= 0.1
        out.confidence = round(min(0.95, max(0.05, confidence)), 2)
    out.label_zh = LABEL_ZH[out.label]
    out.disagreements = disagreements(out, metrics, stated)
    return out


def _quantitative_evidence(out: FundStyleResult, metrics: StyleMetrics) -> None:
    """One sentence per figure, each with its unit; a figure that is undefined says n/a and why."""
    first, last = metrics.periods[0], metrics.periods[-1]
    lines = []
    if metrics.mean_magnitude is not None:
        lines.append(f"{len(metrics.steps)} 次相邻报告期调仓的平均主动轮动幅度 {metrics.mean_magnitude:.3f}"
                     f"（无量纲，0–2；最大 {metrics.max_magnitude:.3f}；阈值：≥{ROTATION_THRESHOLD} 轮动，"
                     f"<{STABLE_THRESHOLD} 稳定）")
    for step in metrics.steps:
        if step.magnitude is not None and step.magnitude >= ROTATION_THRESHOLD:
            lines.append(f"{step.previous}→{step.period}：主动成长暴露变化 {step.active_growth:+.3f}，主动规模暴露变化 "
                         f"{step.active_size:+.3f}（暴露为 0–1 得分），估算换手 {number(step.turnover, '.0%')}")
    if metrics.mean_rotation_return is not None:
        lines.append(f"轮动收益（调仓后组合相对“持有不动”的下一期收益差）平均 {metrics.mean_rotation_return:+.2%}/期，"
                     f"为正的比例 {number(metrics.positive_rotation_share, '.0%')}")
    elif metrics.steps and len(metrics.untraded_steps) == len(metrics.steps):
        lines.append(f"轮动收益 {NA}：各期之间没有主动调仓，无轮动可评价")
    elif metrics.steps:
        lines.append(f"轮动收益 {NA}：缺少下一期价格，无法计算")
    if first.growth is not None and last.growth is not None:
        size = (f"；规模暴露（0–1）{first.size:.2f} → {last.size:.2f}"
                if first.size is not None and last.size is not None else "")
        lines.append(f"成长暴露（0–1）{first.period} {first.growth:.2f} → {last.period} {last.growth:.2f}{size}")
    if last.top10_weight is not None:
        lines.append(f"{last.period} 前十大重仓占净值 {last.top10_weight:.1%}，HHI {last.hhi:.3f}"
                     f"（等效持股约 {1 / last.hhi:.0f} 只）" if last.hhi > 0 else
                     f"{last.period} 前十大重仓占净值 {last.top10_weight:.1%}")
    out.quantitative_evidence = lines


def disagreements(out: FundStyleResult, metrics: StyleMetrics | None, stated: StatedIntent | None) -> list[str]:
    """Where the words and the numbers point in opposite directions; said plainly, never resolved silently."""
    if stated is None or metrics is None:
        return []
    found = []
    quant = quantitative_label(metrics)
    if quant in ("style-rotation", "style-stable"):
        if stated.rotation == "rotating" and quant == "style-stable":
            found.append(f"基金经理自述会进行风格轮动{_quote_for(out, 'rotation')}，但持仓显示风格稳定："
                         f"平均主动轮动幅度 {metrics.mean_magnitude:.3f} < {STABLE_THRESHOLD}。")
        if stated.rotation == "staying" and quant == "style-rotation":
            found.append(f"基金经理自述坚守风格{_quote_for(out, 'rotation')}，但持仓显示明显的主动风格轮动："
                         f"平均主动轮动幅度 {metrics.mean_magnitude:.3f} ≥ {ROTATION_THRESHOLD}。")
    last = metrics.periods[-1] if metrics.periods else None
    for aspect, tilt, exposure in (("growth_value", out.growth_value_tilt, last.growth if last else None),
                                   ("size", out.size_tilt, last.size if last else None)):
        said = getattr(stated, aspect)
        if (said, tilt) in _OPPOSITE and exposure is not None:
            what = "成长暴露" if aspect == "growth_value" else "规模暴露"
            found.append(f"基金经理表述偏{TILT_ZH[said]}{_quote_for(out, aspect)}，但 {last.period} 持仓的{what}为 "
                         f"{exposure:.2f}，属于{TILT_ZH[tilt]}。")
    return found
