"""Run one supervisor tool call against the agents and return (text for the thread, JSON artifact)."""

from __future__ import annotations

import re
from typing import Any

from agents.chat_tools import (ClassifyFundStyle, CompareBrokers, DecomposeConcept, ProposeStrategy, RankCoverage,
                               SearchLibrary, SummarizeReports)
from agents.context import Context
from agents.summarize.graph import summaries_of
from memory.filters import SearchFilters
from tools.retrieval import search
from tools.tickers import normalize_code

_MARKER = re.compile(r"\[page::(\d+)\]")
MAX_SNIPPET = 120


def cite(title: str, page: int) -> str:
    """How chat answers cite: [《标题》· p.N] with N 0-based like [page::N]."""
    return f"[《{title}》· p.{page}]"


def _filters(ctx: Context, broker: str | None, ticker: str | None) -> SearchFilters:
    code = normalize_code(ticker) if ticker else None
    if ticker and code is None:
        found = ctx.stock_master.lookup(ticker)
        code = found.code if found else None
    return SearchFilters(broker=broker or None, ticker=code)


async def search_library(ctx: Context, call: SearchLibrary) -> tuple[str, dict]:
    hits = search(ctx.report_library, call.query, k=6, filters=_filters(ctx, call.broker, call.ticker))
    if not hits:
        return "研报库中没有找到相关内容。", {"hits": []}
    lines = [f"- {' '.join(h.text.split())[:MAX_SNIPPET]} {cite(h.title, h.page)}（{h.broker or '未知券商'}，{h.date or ''}）"
             for h in hits]
    return "检索到的相关段落：\n" + "\n".join(lines), {"hits": [h.to_json() for h in hits]}


def _summary_text(s) -> str:
    body = _MARKER.sub(lambda m: cite(s.title, int(m.group(1))), s.summary)
    views = s.views
    head = f"**{s.broker or '未知券商'}《{s.title}》**（{s.date or '日期未知'}）"
    if views.rating or views.target_price is not None:
        head += f" 评级：{views.rating or '-'}；目标价：{'-' if views.target_price is None else f'{views.target_price:g} 元'}"
    return f"{head}\n{body}"


async def summarize_reports(ctx: Context, call: SummarizeReports) -> tuple[str, dict]:
    hits = search(ctx.report_library, call.query, k=30, filters=_filters(ctx, call.broker, call.ticker))
    report_ids = list(dict.fromkeys(h.report_id for h in hits))[: call.limit]
    if not report_ids:
        return "研报库中没有找到可摘要的研报。", {"summaries": []}
    summaries = await summaries_of(ctx, report_ids)
    return "\n\n".join(_summary_text(s) for s in summaries), {"summaries": [s.model_dump(mode="json") for s in summaries]}


async def compare_brokers(ctx: Context, call: CompareBrokers) -> tuple[str, dict]:
    from agents.consensus.chat import compare_for_chat

    return await compare_for_chat(ctx, call.subject, call.brokers)


async def decompose_concept(ctx: Context, call: DecomposeConcept) -> tuple[str, dict]:
    from agents.concept.graph import build_graph
    from agents.concept.models import LEVEL_LABEL

    chain = (await build_graph().ainvoke({"concept": call.concept}, context=ctx))["chain"]
    lines = [f"“{chain.concept}”产业链（{'、'.join(chain.aliases) or '无别名'}）："]
    for level in ("up", "mid", "down"):
        for node in (n for n in chain.nodes if n.level == level):
            members = [c for c in chain.companies if c.node == node.id]
            names = "、".join(f"{c.name}({c.code}){cite(c.evidence[0].title or '', c.evidence[0].page or 0)}"
                             for c in members if c.evidence)
            lines.append(f"- {LEVEL_LABEL[level]} · {node.name}：{names or '（资料未点名公司）'}")
    lines += [f"注：{n}" for n in chain.notes]
    return "\n".join(lines), {"concept": chain.model_dump(mode="json")}


async def rank_coverage(ctx: Context, call: RankCoverage) -> tuple[str, dict]:
    master, rows = ctx.stock_master, []
    reports = ctx.report_library.reports()
    for raw in call.codes:
        security = master.lookup(raw)
        if security is None:
            continue  # never show a code the master does not know
        covering = [r for r in reports if security.code in r.tickers]
        rows.append({"code": security.code, "name": security.name, "reports": len(covering),
                     "brokers": sorted({r.broker for r in covering if r.broker})})
    if not rows:
        return "没有可统计的有效股票代码。", {"coverage": []}
    rows.sort(key=lambda r: (-r["reports"], -len(r["brokers"]), r["code"]))
    lines = [f"- {r['name']}({r['code']})：{r['reports']} 份研报，{len(r['brokers'])} 家券商（{'、'.join(r['brokers']) or '无'}）"
             for r in rows]
    return "研报库覆盖统计（按研报数排序，由程序统计）：\n" + "\n".join(lines), {"coverage": rows}


async def classify_fund_style(ctx: Context, call: ClassifyFundStyle) -> tuple[str, dict]:
    from agents.fund_style.chat import classify_for_chat

    return await classify_for_chat(ctx, call.codes)


async def propose_strategy(ctx: Context, call: ProposeStrategy) -> tuple[str, dict]:
    from agents.strategy.chat import propose_for_chat

    return await propose_for_chat(ctx, call.funds)


EXECUTORS: dict[type, Any] = {
    SearchLibrary: search_library, SummarizeReports: summarize_reports, CompareBrokers: compare_brokers,
    DecomposeConcept: decompose_concept, RankCoverage: rank_coverage, ClassifyFundStyle: classify_fund_style,
    ProposeStrategy: propose_strategy,
}
