"""A StrategyProposal as JSON (strategy.json) and Markdown (strategy.md).

Every figure a person reads carries its unit, and each table is followed by one line per column that
is not self-explanatory; a figure that could not be computed reads n/a. A proposal built on bundled
sample data says so on its first lines, before anything else.
"""

from __future__ import annotations

import json

from agents.strategy.facts import weight_pct
from agents.strategy.models import DIRECTION_LABEL, ROLE_LABEL, StrategyProposal
from tools.signals import Signal

NA = "n/a"
SIGNAL_VALUE_MEANING = {
    "equity_timing": "信号强度（%）：经济增长类、流动性类宏观事件中成立的比例，取两者较大者；> 30% 看多",
    "size_view": "M1同比较三个月前的变化（百分点）：> 0 小盘占优，< 0 大盘占优",
    "growth_value_view": "得分（−2…+2）：M1-M2剪刀差三个月变化的符号 − 美国10年期国债收益率三个月变化的符号；"
                         "> 0 成长占优，< 0 价值占优，0 中性",
}


def to_json(proposal: StrategyProposal) -> str:
    return json.dumps(proposal.model_dump(mode="json"), ensure_ascii=False, indent=2)


def _cell(text: object) -> str:
    return str(text).replace("|", "｜").replace("\n", " ")


def signal_value(signal: Signal) -> str:
    """The signal's number in its own unit (see SIGNAL_VALUE_MEANING)."""
    v = signal.value
    if v is None:
        return NA
    if signal.name == "equity_timing":
        return f"{v * 100:.0f}%"
    if signal.name == "size_view":
        return f"{v:+.1f} 个百分点"
    if signal.name == "growth_value_view":
        return f"{v:+.0f} 分" if v else "0 分"
    return f"{v:g}"


def hit_rate_text(rate: float | None) -> str:
    return NA if rate is None else f"{rate * 100:.0f}%"


def _signals(p: StrategyProposal) -> list[str]:
    lines = ["", "## 信号", "", "| 信号 | 判断 | 数值 | 数据窗口 | 缺失月份 |", "|---|---|---:|---|---|"]
    for s in p.signals:
        window = "–".join(s.window) if s.window else "-"
        lines.append(f"| {s.label}（{s.name}） | {DIRECTION_LABEL.get(s.direction, s.direction)} | {signal_value(s)} | "
                     f"{window} | {'、'.join(s.missing_months) or '无'} |")
    lines += ["", "数值含义："] + [f"- {s.label}：{SIGNAL_VALUE_MEANING[s.name]}"
                               for s in p.signals if s.name in SIGNAL_VALUE_MEANING]
    lines += ["", "规则："] + [f"- {s.label}：{s.rule}" for s in p.signals if s.rule]
    return lines


def _backtest(p: StrategyProposal) -> list[str]:
    labels = {s.name: s.label for s in p.signals}
    lines = ["", "## 信号历史检验", "", "| 信号 | 对比 | 命中率 | 命中/样本（月） | 区间 | 中性月数 |",
             "|---|---|---:|---:|---|---:|"]
    for h in p.backtest:
        period = "–".join(h.period) if h.period else "-"
        lines.append(f"| {labels.get(h.signal, h.signal)} | {h.comparison} | {hit_rate_text(h.hit_rate)} | "
                     f"{h.hits}/{h.n} | {period} | {h.neutral} |")
    if p.backtest:
        lag = p.backtest[0].release_lag_months
        lines += ["", f"命中率：信号按数据发布滞后 {lag} 个月生效，其方向与随后一个月对比收益的方向一致即为命中；"
                      "命中率 = 命中月数 ÷ 有明确方向的月数（中性月份不计入；无可评估月份时为 n/a）。"]
    return lines


def to_markdown(proposal: StrategyProposal) -> str:
    p = proposal
    lines = [f"# 核心+卫星配置建议（数据截至 {p.as_of or '未知'}）", ""]
    if p.notice:
        lines += [f"> **{p.notice}**", ""]
    if p.partial:
        lines += ["> 部分结果：部分数据缺失或无法判断，见文末说明。", ""]
    lines += ["## 组合", "", "| 角色 | 代码 | 名称 | 权重 | 理由 |", "|---|---|---|---:|---|"]
    lines += [f"| {ROLE_LABEL[x.role]} | {x.code} | {_cell(x.name)} | {weight_pct(x.weight)}% | {_cell(x.reason)} |"
              for x in p.positions]
    lines += ["", "权重：占组合总资产的比例，各仓位合计 100%。"]
    lines += _signals(p) + _backtest(p)
    if p.industry_views:
        lines += ["", "## 研报行业观点", "", "| 行业 | 评级 | 研报 | 页 | 原文 |", "|---|---|---|---:|---|"]
        lines += [f"| {v.industry} | {v.rating} | {_cell(v.broker or '')}《{_cell(v.title)}》 | p.{v.page + 1} | "
                  f"{_cell(v.quote)} |" for v in p.industry_views]
    if p.funds:
        lines += ["", "## 基金风格", ""] + [f"- {f.name}（{f.code}）：{f.label_zh}"
                                          + (f"，置信度 {f.confidence:.2f}（0–1）" if f.confidence is not None else "")
                                          for f in p.funds]
    lines += ["", f"## 配置理由（{p.rationale_engine} 撰写；页码为 PDF 阅读器显示的页码，从 1 起）", ""]
    for section in p.rationale:
        lines += [f"**{section.topic}**　{section.text}", ""]
    if p.notes:
        lines += ["## 说明", ""] + [f"- {n}" for n in p.notes] + [""]
    lines += ["## 风险提示", ""] + [f"{i}. {w}" for i, w in enumerate(p.risk_warnings, 1)]
    return "\n".join(lines) + "\n"
