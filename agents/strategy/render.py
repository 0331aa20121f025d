"""A StrategyProposal as JSON (strategy.json) and Markdown (strategy.md)."""

from __future__ import annotations

import json

from agents.strategy.facts import pct, weight_pct
from agents.strategy.models import DIRECTION_LABEL, ROLE_LABEL, StrategyProposal


def to_json(proposal: StrategyProposal) -> str:
    return json.dumps(proposal.model_dump(mode="json"), ensure_ascii=False, indent=2)


def _cell(text: object) -> str:
    return str(text).replace("|", "｜").replace("\n", " ")


def _value(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def to_markdown(proposal: StrategyProposal) -> str:
    p = proposal
    lines = [f"# 核心+卫星配置建议（数据截至 {p.as_of or '未知'}）", ""]
    if p.partial:
        lines += ["> 部分结果：部分数据缺失或无法判断，见文末说明。", ""]
    lines += ["## 组合", "", "| 角色 | 代码 | 名称 | 权重 | 理由 |", "|---|---|---|---:|---|"]
    lines += [f"| {ROLE_LABEL[x.role]} | {x.code} | {_cell(x.name)} | {weight_pct(x.weight)}% | {_cell(x.reason)} |"
              for x in p.positions]
    lines += ["", "## 信号", "", "| 信号 | 判断 | 数值 | 数据窗口 | 缺失月份 |", "|---|---|---:|---|---|"]
    for s in p.signals:
        window = "–".join(s.window) if s.window else "-"
        lines.append(f"| {s.label}（{s.name}） | {DIRECTION_LABEL.get(s.direction, s.direction)} | {_value(s.value)} | "
                     f"{window} | {'、'.join(s.missing_months) or '无'} |")
    lines += ["", "规则："] + [f"- {s.label}：{s.rule}" for s in p.signals if s.rule]
    lines += ["", "## 信号历史检验", "", "| 信号 | 对比 | 命中率 | 命中/样本 | 区间 | 中性月数 |",
              "|---|---|---:|---:|---|---:|"]
    for h in p.backtest:
        period = "–".join(h.period) if h.period else "-"
        lines.append(f"| {h.signal} | {h.comparison} | {pct(h.hit_rate)} | {h.hits}/{h.n} | {period} | {h.neutral} |")
    if p.industry_views:
        lines += ["", "## 研报行业观点", "", "| 行业 | 评级 | 研报 | 页 | 原文 |", "|---|---|---|---:|---|"]
        lines += [f"| {v.industry} | {v.rating} | {_cell(v.broker or '')}《{_cell(v.title)}》 | {v.page} | {_cell(v.quote)} |"
                  for v in p.industry_views]
    if p.funds:
        lines += ["", "## 基金风格", ""] + [f"- {f.name}（{f.code}）：{f.label}"
                                          + (f"，置信度 {f.confidence:.2f}" if f.confidence is not None else "")
                                          for f in p.funds]
    lines += ["", f"## 配置理由（{p.rationale_engine} 撰写；页码从 0 起）", ""]
    for section in p.rationale:
        lines += [f"**{section.topic}**　{section.text}", ""]
    if p.notes:
        lines += ["## 说明", ""] + [f"- {n}" for n in p.notes] + [""]
    lines += ["## 风险提示", ""] + [f"{i}. {w}" for i, w in enumerate(p.risk_warnings, 1)]
    return "\n".join(lines) + "\n"
