"""The consensus agent as a chat tool: the Markdown comparison plus the full ConsensusReport."""

from __future__ import annotations

from agents.consensus.graph import graph
from agents.consensus.render import render_markdown
from agents.context import Context
from agents.supervisor.models import ChatArtifacts, CompareBrokers, ToolResult


async def compare_brokers(ctx: Context, call: CompareBrokers) -> ToolResult:
    result = await graph.ainvoke({"subject": call.subject, "brokers": list(call.brokers)}, context=ctx)
    consensus = result["consensus"]
    if consensus is None:
        found = "、".join(f"{r.broker}《{r.title}》" for r in result["reports"]) or "无"
        return ToolResult(f"研报库中关于“{call.subject}”的研报不足两家券商（现有：{found}），无法对比。",
                          ChatArtifacts(consensus=None))
    return ToolResult(render_markdown(consensus), ChatArtifacts(consensus=consensus))
