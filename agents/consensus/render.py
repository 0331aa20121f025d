"""卖方观点汇总 rendered as Chinese Markdown, every figure cited to its broker, report and page."""

from __future__ import annotations

from collections.abc import Sequence

from agents.consensus.models import ConsensusReport, TopicPoint
from tools.markdown_text import md_text

_STANCE_WORD = {"positive": "看多", "negative": "看空", "neutral": "中性", "risk": "共同风险"}


def _cite(broker: str, report_id: str, pages: Sequence[int] | int | None) -> str:
    pages = [pages] if isinstance(pages, int) else pages
    if not pages:
        return f"[{broker} · {report_id}]"
    return "".join(f"[{broker} · {report_id} · p.{p}]" for p in pages)


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _point_line(p: TopicPoint) -> str:
    label = "风险" if p.kind == "risk" else _STANCE_WORD[p.stance]
    return f"{label} · {p.broker}：{md_text(p.text)} {_cite(p.broker, p.report_id, p.pages)}"


_KIND_WORD = {"value": "数值冲突", "direction": "方向相反", "stance": "立场相反", "self_declared": "研报自称分歧"}


def _structured_lines(report: ConsensusReport) -> list[str]:
    """Implied upside per report and the 营业收入/归母净利润 dispersion, each figure cited."""
    out: list[str] = []
    if report.upside:
        out += ["## 隐含上行空间（各自目标价 ÷ 各自当前股价 − 1）", "", "| 券商 | 目标价 | 当前股价 | 上行空间 | 出处 |",
                "| --- | --- | --- | --- | --- |"]
        out += [f"| {u.broker} | {u.target_price:g} | {u.current_price:g} | {u.upside:.1%} | "
                f"{_cite(u.broker, u.report_id, sorted({p for p in (u.target_page, u.current_page) if p is not None}))} |"
                for u in report.upside]
        out.append("")
    if report.forecast_dispersion:
        out += ["## 营收与归母净利润预测（亿元）", "", "| 指标 | 年度 | 家数 | 最低 | 最高 | 均值 | 变异系数 | 分歧 | 各家预测 |",
                "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for e in report.forecast_dispersion:
            each, cv = _spread_cells(e)
            out.append(f"| {e.metric} | {e.year} | {e.n} | {_num(e.min)} | {_num(e.max)} | {_num(e.mean)} | {cv} | "
                       f"{'是' if e.divergent else '否'} | {each} |")
        out.append("")
    return out


def _spread_cells(e) -> tuple[str, str]:
    """(each broker's cited figure, the coefficient of variation) of one dispersion row."""
    each = "；".join(f"{v.broker} {v.value:g} {_cite(v.broker, v.report_id, v.page)}" for v in e.values)
    return each, "—" if e.cv is None else f"{e.cv:.1%}"


def render_markdown(report: ConsensusReport) -> str:
    """卖方观点汇总 as Chinese Markdown. Page numbers are 0-based, as in `[page::N]`."""
    out = [f"# 卖方观点汇总：{report.subject}", "",
           f"覆盖 {len(report.brokers)} 家券商、{len(report.report_ids)} 份研报：{'、'.join(report.brokers)}。", ""]
    if report.narrative:
        out += [report.narrative.strip(), ""]
    dist = report.rating_distribution
    out += ["## 评级分布", "", "| 评级 | 家数 | 券商（原始评级，评级变动） |", "| --- | --- | --- |"]
    for bucket, n in dist.counts.items():
        who = "；".join(f"{v.broker}（{v.rating}{'，' + v.action if v.action else ''}）{_cite(v.broker, v.report_id, v.page)}"
                       for v in dist.votes if v.bucket == bucket)
        out.append(f"| {bucket} | {n} | {who or '—'} |")
    out.append("")
    if (tp := report.target_price) is not None:
        out += [f"## 目标价（{tp.ticker}，元）", "", "| 家数 | 最低 | 最高 | 均值 | 中位数 | 最高/最低−1 |",
                "| --- | --- | --- | --- | --- | --- |",
                f"| {tp.n} | {_num(tp.min)} | {_num(tp.max)} | {_num(tp.mean)} | {_num(tp.median)} | {tp.spread:.1%} |",
                "", "| 券商 | 目标价 | 出处 |", "| --- | --- | --- |"]
        out += [f"| {v.broker} | {v.value:g} | {_cite(v.broker, v.report_id, v.page)} |"
                for v in tp.values]
        out.append("")
    if report.eps_dispersion:
        out += ["## EPS 预测分歧（元/股）", "", "| 年度 | 家数 | 均值 | 最低 | 最高 | 标准差 | 变异系数 | 各家预测 |",
                "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for e in report.eps_dispersion:
            each, cv = _spread_cells(e)
            out.append(f"| {e.year} | {e.n} | {_num(e.mean)} | {_num(e.min)} | {_num(e.max)} | {_num(e.std, 3)} | {cv} | {each} |")
        out.append("")
    out += _structured_lines(report)
    if report.claim_divergences:
        out += ["## 观点分歧（逐条）", ""]
        for d in report.claim_divergences:
            kinds = "、".join(_KIND_WORD.get(k, k) for k in d.types)
            against = f"（与{d.against}不同）" if d.against else ""
            out.append(f"- **{md_text(d.topic)} · {md_text(d.metric or '观点')}**{against}：{kinds}")
            out += [f"  - {c.broker}（{_STANCE_WORD[c.stance]}{'，' + c.value if c.value else ''}"
                    f"{'，' + c.period if c.period else ''}）：{md_text(c.text)} {_cite(c.broker, c.report_id, [c.page, *c.also_pages])}"
                    for c in d.claims]
        out.append("")
    for title, status in (("共识", "consensus"), ("分歧", "divergence"), ("其他共同议题", "mixed")):
        views = [t for t in report.topics if t.status == status]
        if not views and status == "mixed":
            continue
        out += [f"## {title}", ""]
        for t in views:
            head = f"- **{md_text(t.topic)}**（{_STANCE_WORD[t.stance]}）" if t.stance else f"- **{md_text(t.topic)}**"
            out += [f"{head}：{'、'.join(t.brokers)}"] + [f"  - {_point_line(p)}" for p in t.points]
        out += ([] if views else ["- 无"]) + [""]
    if report.dissenters:
        out += ["## 谁持不同意见", ""]
        for d in report.dissenters:
            out.append(f"- **{d.broker}**（{d.report_id}）：{'；'.join(d.reasons)}")
            out += [f"  - {_point_line(p)}" for p in d.points]
        out.append("")
    if report.notes:
        out += ["## 说明", ""] + [f"- {n}" for n in report.notes] + [""]
    out.append("数字均由程序从各研报提取的字段计算；页码从 0 开始，与 [page::N] 一致。")
    return "\n".join(out) + "\n"
