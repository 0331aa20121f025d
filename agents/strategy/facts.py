"""Computed results written out as sentences: the facts block the LLM sees, and the extractive rationale.

The same formatting feeds both, so every figure the extractive engine writes is, by construction,
one the guard accepts; and the LLM is shown exactly the literals it may repeat.
"""

from __future__ import annotations

from agents.strategy.models import DIRECTION_LABEL, ROLE_LABEL, Position
from tools.signal_backtest import HitRate
from tools.signals import Signal

EVENT_LABEL = {"pmi_expansion": "制造业PMI高于50", "pmi_rising": "制造业PMI较三个月前回升",
               "ppi_yoy_rising": "PPI同比回升", "m1_yoy_rising": "M1同比回升", "m2_yoy_rising": "M2同比回升",
               "m1_m2_spread_rising": "M1-M2剪刀差回升", "cn_10y_falling": "中国10年期国债收益率下行"}
GROWTH_EVENTS = ("pmi_expansion", "pmi_rising", "ppi_yoy_rising")


def pct(share: float | None) -> str:
    return "缺失" if share is None else f"{share * 100:.0f}%"


def weight_pct(weight: float) -> str:
    """0.1333 -> '13.33', 0.4 -> '40' (the literal the guard compares)."""
    return f"{weight * 100:.2f}".rstrip("0").rstrip(".")


def _num(value: float | None, digits: int = 1, signed: bool = False) -> str:
    if value is None:
        return "缺失"
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def _partial(signal: Signal) -> str:
    return f"（部分结果：缺少 {'、'.join(signal.missing_months)} 的数据，未插值）" if signal.partial else ""


def _strength(signal: Signal, names: tuple[str, ...], key: str) -> str:
    events = {n: v for n, v in signal.events.items() if n in names}
    on = [EVENT_LABEL[n] for n, v in events.items() if v]
    known = sum(v is not None for v in events.values())
    listed = f"：{'、'.join(on)}" if on else ""
    return f"{pct(signal.components.get(key))}（{len(on)}/{known} 项成立{listed}）"


def signal_sentence(signal: Signal) -> str:
    c, mark, head = signal.components, f"[信号:{signal.name}]", f"{signal.label}（{signal.as_of or '无数据'}）"
    direction = DIRECTION_LABEL.get(signal.direction, signal.direction)
    if signal.name == "equity_timing":
        liquidity = tuple(n for n in signal.events if n not in GROWTH_EVENTS)
        compare = "高于" if signal.direction == "long" else "未超过"
        body = (f"经济增长信号强度 {_strength(signal, GROWTH_EVENTS, 'growth_strength')}，流动性信号强度 "
                f"{_strength(signal, liquidity, 'liquidity_strength')}；较大者 {pct(signal.value)} {compare} 30%，"
                f"择时{direction}")
    elif signal.name == "size_view":
        body = (f"M1同比 {_num(c.get('m1_yoy'))}%，三个月前为 {_num(c.get('m1_yoy_3m_ago'))}%，"
                f"变化 {_num(signal.value, signed=True)} 个百分点，判断{direction}")
    elif signal.name == "growth_value_view":
        body = (f"M1-M2剪刀差 {_num(c.get('m1_m2_spread'))} 个百分点（三个月变化 "
                f"{_num(c.get('m1_m2_spread_change'), signed=True)}），美国10年期国债收益率 {_num(c.get('us_10y'), 2)}%"
                f"（三个月变化 {_num(c.get('us_10y_change'), 2, signed=True)} 个百分点），判断{direction}")
    else:
        body = f"{direction}"
    return f"{head}：{body}{_partial(signal)} {mark}。"


def hit_sentence(hit: HitRate, label: str) -> str:
    if hit.hit_rate is None or hit.period is None:
        why = "；".join(hit.notes) or "可评估的月份为零"
        return f"{label}规则无法做历史检验：{why} [信号:{hit.signal}]。"
    sample = "，行情与宏观数据为样例" if hit.sample_data else ""
    return (f"{label}规则历史命中率 {pct(hit.hit_rate)}（命中 {hit.hits}/{hit.n} 个月，{hit.period[0]} 至 {hit.period[1]}，"
            f"对比{hit.comparison}，信号滞后 {hit.release_lag_months} 个月生效{sample}） [信号:{hit.signal}]。")


def position_sentence(position: Position) -> str:
    code = f"（{position.code}）" if position.kind != "cash" else ""
    return f"{ROLE_LABEL[position.role]}：{position.name}{code}权重 {weight_pct(position.weight)}% —— {position.reason}。"


def role_totals(positions: list[Position]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for p in positions:
        totals[p.role] = round(totals.get(p.role, 0.0) + p.weight, 4)
    return totals


def facts_text(signals: list[Signal], positions: list[Position], backtest: list[HitRate]) -> str:
    """Every computed number the rationale may cite, one sentence per fact."""
    labels = {s.name: s.label for s in signals}
    totals = "；".join(f"{ROLE_LABEL[r]}合计 {weight_pct(w)}%" for r, w in role_totals(positions).items())
    lines = ["【信号】", *(signal_sentence(s) for s in signals), "【组合】", f"仓位汇总：{totals}。",
             *(position_sentence(p) for p in positions), "【历史检验】",
             *(hit_sentence(h, labels.get(h.signal, h.signal)) for h in backtest)]
    return "\n".join(lines)
