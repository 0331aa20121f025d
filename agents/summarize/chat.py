"""The summarization agent as a chat tool: the library's best-matching reports, summarized, as text
with chat citations plus the full ReportSummary objects."""

from __future__ import annotations

import re

from agents.context import Context
from agents.summarize.graph import summaries_of
from agents.summarize.models import ReportSummary
from agents.supervisor.models import ChatArtifacts, SummarizeReports, ToolResult
from agents.supervisor.render import cite
from memory.filters import SearchFilters
from memory.search import search

_MARKER = re.compile(r"\[page::(\d+)\]")
SEARCH_K = 30


def summary_text(s: ReportSummary) -> str:
    body = _MARKER.sub(lambda m: cite(s.title, int(m.group(1))), s.summary)
    views = s.views
    head = f"**{s.broker or '未知券商'}《{s.title}》**（{s.date or '日期未知'}）"
    if views.rating or views.target_price is not None:
        head += f" 评级：{views.rating or '-'}；目标价：{'-' if views.target_price is None else f'{views.target_price:g} 元'}"
    if s.status == "unverified" and s.fallback is not None:
        backup = _MARKER.sub(lambda m: cite(s.title, int(m.group(1))), s.fallback.summary)
        return f"{head}\n【未核验】{s.status_reason}\n{body}\n离线抽取式摘要：{backup}"
    return f"{head}\n{body}"


async def summarize_reports(ctx: Context, call: SummarizeReports) -> ToolResult:
    filters = SearchFilters(broker=call.broker or None, ticker=ctx.stock_master.code_of(call.ticker))
    hits = search(ctx.report_library, call.query, k=SEARCH_K, filters=filters)
    report_ids = list(dict.fromkeys(h.report_id for h in hits))[: call.limit]
    if not report_ids:
        return ToolResult("研报库中没有找到可摘要的研报。", ChatArtifacts(summaries=[]))
    summaries = await summaries_of(ctx, report_ids)
    return ToolResult("\n\n".join(summary_text(s) for s in summaries), ChatArtifacts(summaries=summaries))
