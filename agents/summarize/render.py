"""Markdown for one report summary (the `.md` beside each `.json`)."""

from __future__ import annotations

from agents.summarize.models import CitedPoint, ReportSummary
from tools.markdown_text import md_text


def _cites(pages: list[int]) -> str:
    return "".join(f"[page::{p}]" for p in pages)


def _points(points: list[CitedPoint]) -> list[str]:
    return [f"- {md_text(p.text)}{_cites(p.pages)}" for p in points] or ["- （无）"]


def render_summary(s: ReportSummary) -> str:
    v = s.views
    banner = [f"> ⚠ **未核验**：{s.status_reason}", ""] if s.status == "unverified" else []
    lines = [f"# {md_text(s.title)}", "", *banner,
             f"- 券商：{md_text(s.broker or '未知')}　日期：{s.date or '未知'}　页数：{s.page_count}　"
             f"对象：{md_text(s.subject or '-')}",
             f"- 评级：{v.rating or '-'}{_cites([v.rating_page]) if v.rating_page is not None else ''}"
             f"　目标价：{f'{v.target_price:g} 元' if v.target_price is not None else '-'}"
             f"{_cites([v.target_price_page]) if v.target_price_page is not None else ''}",
             f"- 来源：`{s.source}`　report_id：`{s.report_id}`", ""]
    if v.eps_forecasts:
        lines += ["| 年度 | EPS(元) | 归母净利润(亿元) | 营业收入(亿元) | PE(倍) | 页 |", "|---|---|---|---|---|---|"]
        for e in v.eps_forecasts:
            cells = [e.year] + ["-" if x is None else f"{x:g}" for x in (e.eps, e.net_profit, e.revenue, e.pe)]
            lines.append("| " + " | ".join(cells + [str(e.page) if e.page is not None else "-"]) + " |")
        lines.append("")
    lines += ["## 摘要", "", md_text(s.summary) or "（没有通过引用核验的句子）", "", "## 核心观点", ""] + _points(s.core_arguments)
    lines += ["", "## 风险提示", ""] + _points(s.risks)
    c = s.citations
    lines += ["", "## 引用核验", "",
              f"句子 {c.sentences}，带引用 {c.cited}，核验通过 {c.verified}（{c.verified_share:.0%}），删去 {c.dropped}。"]
    if s.flagged:
        lines += ["", "未通过核验而删去的内容："] + [f"- ~~{md_text(p.text)}~~ {_cites(p.pages)}：{md_text(p.reason)}" for p in s.flagged]
    versions = ", ".join(f"{k} v{v_}" for k, v_ in sorted(s.prompt_versions.items())) or "-"
    lines += ["", f"<sub>引擎：{s.engine}　模型：{s.model or '-'}　提示词：{versions}　"
                  f"tokens：{s.tokens}　成本：¥{s.cost_cny:.4f} / ${s.cost_usd:.4f}</sub>", ""]
    if s.fallback is not None:
        f = s.fallback
        lines += ["## 对照：离线抽取式摘要（extractive）", "", md_text(f.summary) or "（没有通过引用核验的句子）", "",
                  "### 核心观点", "", *_points(f.core_arguments), "", "### 风险提示", "", *_points(f.risks), ""]
    return "\n".join(lines)
