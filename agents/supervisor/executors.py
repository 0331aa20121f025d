"""Which code answers each tool call: the two library tools here, the agents through their chat adapters."""

from __future__ import annotations

from typing import Awaitable, Callable

from agents.concept.chat import decompose_concept
from agents.consensus.chat import compare_brokers
from agents.context import Context
from agents.fund_style.chat import classify_fund_style
from agents.strategy.chat import propose_strategy
from agents.summarize.chat import summarize_reports
from agents.supervisor.models import (ChatArtifacts, ClassifyFundStyle, CompareBrokers, Coverage, DecomposeConcept,
                                      ProposeStrategy, RankCoverage, SearchLibrary, SummarizeReports, ToolResult)
from agents.supervisor.render import cite
from memory.filters import SearchFilters
from memory.relevance import NOT_ENOUGH, floor_for
from memory.search import find

MAX_SNIPPET = 120


async def search_library(ctx: Context, call: SearchLibrary) -> ToolResult:
    filters = SearchFilters(broker=call.broker or None, ticker=ctx.stock_master.code_of(call.ticker))
    # As `touyan search`: the embedding's measured relevance floor and one passage per page, so an
    # off-topic question gets "not enough" instead of the nearest unrelated passages.
    library = ctx.report_library
    result = find(library, call.query, k=6, filters=filters, floor=floor_for(library.vectors.embedding_name),
                  one_per_page=True)
    hits = result.hits
    if not hits:
        reason = f"研报库中{NOT_ENOUGH}。" if result.below_floor else "研报库中没有找到相关内容。"
        return ToolResult(reason, ChatArtifacts(hits=[]))
    lines = [f"- {' '.join(h.text.split())[:MAX_SNIPPET]} {cite(h.title, h.page)}（{h.broker or '未知券商'}，{h.date or ''}）"
             for h in hits]
    return ToolResult("检索到的相关段落：\n" + "\n".join(lines), ChatArtifacts(hits=hits))


async def rank_coverage(ctx: Context, call: RankCoverage) -> ToolResult:
    master, rows = ctx.stock_master, []
    reports = ctx.report_library.reports()
    for raw in call.codes:
        security = master.lookup(raw)
        if security is None:
            continue  # never show a code the master does not know
        covering = [r for r in reports if security.code in r.tickers]
        rows.append(Coverage(code=security.code, name=security.name, reports=len(covering),
                             brokers=sorted({r.broker for r in covering if r.broker})))
    if not rows:
        return ToolResult("没有可统计的有效股票代码。", ChatArtifacts(coverage=[]))
    rows.sort(key=lambda r: (-r.reports, -len(r.brokers), r.code))
    lines = [f"- {r.name}({r.code})：{r.reports} 份研报，{len(r.brokers)} 家券商（{'、'.join(r.brokers) or '无'}）"
             for r in rows]
    return ToolResult("研报库覆盖统计（按研报数排序，由程序统计）：\n" + "\n".join(lines), ChatArtifacts(coverage=rows))


Executor = Callable[[Context, object], Awaitable[ToolResult]]
EXECUTORS: dict[type, Executor] = {
    SearchLibrary: search_library, SummarizeReports: summarize_reports, CompareBrokers: compare_brokers,
    DecomposeConcept: decompose_concept, RankCoverage: rank_coverage, ClassifyFundStyle: classify_fund_style,
    ProposeStrategy: propose_strategy,
}
