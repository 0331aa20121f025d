"""From signals, industry views and fund styles to the instruments the allocation rules weight."""

from __future__ import annotations

from agents.strategy.allocation import Candidate
from agents.strategy.etfs import CORE_INDEX, SIGNAL_SATELLITES, EtfPick
from agents.strategy.funds import is_rotation
from agents.strategy.models import DIRECTION_LABEL, FundStyleView, IndustryView
from tools.signals import Signal


def core_etf(picks: dict[str, EtfPick]) -> Candidate | None:
    pick = picks.get(CORE_INDEX)
    if pick is None:
        return None
    return Candidate(pick.code, pick.name, "core", "etf",
                     f"风格均衡的宽基ETF，跟踪{CORE_INDEX}，列表中同类 {pick.candidates} 只里规模最大",
                     basis=("equity_timing",), market_cap=pick.market_cap or 0.0)


def rotation_funds(funds: list[FundStyleView]) -> tuple[list[Candidate], list[str]]:
    chosen, notes = [], []
    for fund in funds:
        if not is_rotation(fund):
            notes.append(f"{fund.name}（{fund.code}）的风格识别结果为{fund.label_zh}，不是风格轮动型，未纳入核心仓位。")
            continue
        confidence = f"，置信度 {fund.confidence:.2f}（0–1）" if fund.confidence is not None else ""
        detail = f"；{fund.detail}" if fund.detail else ""
        chosen.append(Candidate(fund.code, fund.name, "core", "fund",
                                f"风格轮动型主动基金（基金风格识别：{fund.label_zh}{confidence}{detail}）",
                                basis=("fund_style",)))
    chosen.sort(key=lambda c: -(next(f.confidence or 0 for f in funds if f.code == c.code)))
    return chosen, notes


def industry_satellites(views: list[IndustryView], picks: dict[str, EtfPick]) -> tuple[list[Candidate], list[str]]:
    """One ETF per industry whose reports are net positive (score = positive - negative ratings)."""
    by_industry: dict[str, list[IndustryView]] = {}
    for view in views:
        by_industry.setdefault(view.industry, []).append(view)
    out, notes = [], []
    for industry, group in by_industry.items():
        positive = [v for v in group if v.stance == "positive"]
        score = len(positive) - sum(v.stance == "negative" for v in group)
        if score <= 0:
            continue
        pick = picks.get(industry)
        if pick is None:
            notes.append(f"{industry}：研报行业评级正面，但 ETF 列表中没有跟踪该主题的 ETF，未配置。")
            continue
        brokers = "、".join(dict.fromkeys(v.broker or "未知券商" for v in positive))
        others = len(group) - len(positive)
        extra = f"，另有 {others} 篇评级中性或负面" if others else ""
        out.append(Candidate(pick.code, pick.name, "satellite", "etf",
                             f"{industry}行业观点：{len(positive)} 篇研报给予正面行业评级（{brokers}）{extra}",
                             score=score, basis=tuple(v.report_id for v in positive), market_cap=pick.market_cap or 0.0))
    return out, notes


def signal_satellites(signals: list[Signal], picks: dict[str, EtfPick]) -> tuple[list[Candidate], list[str]]:
    """Smart-beta ETFs the style signals call for (etfs.SIGNAL_SATELLITES)."""
    out, notes = [], []
    for signal in signals:
        index = SIGNAL_SATELLITES.get((signal.name, signal.direction))
        if index is None:
            continue
        pick = picks.get(index)
        if pick is None:
            notes.append(f"{signal.label}信号指向{index}，但 ETF 列表中没有跟踪它的 ETF。")
            continue
        out.append(Candidate(pick.code, pick.name, "satellite", "etf",
                             f"{signal.label}信号判断{DIRECTION_LABEL[signal.direction]}，以{index}ETF表达",
                             basis=(signal.name,), market_cap=pick.market_cap or 0.0))
    return out, notes


def merge(core: Candidate | None, satellites: list[Candidate]) -> list[Candidate]:
    """One candidate per code: scores and bases add up; nothing duplicates the core ETF."""
    merged: dict[str, Candidate] = {}
    for c in satellites:
        if core is not None and c.code == core.code:
            continue
        if c.code in merged:
            old = merged[c.code]
            c = Candidate(c.code, c.name, "satellite", "etf", f"{old.reason}；{c.reason}",
                          old.score + c.score, old.basis + c.basis, c.market_cap)
        merged[c.code] = c
    return list(merged.values())
