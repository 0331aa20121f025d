"""The strategy agent as a chat tool: the proposal as Markdown plus the full StrategyProposal."""

from __future__ import annotations

from agents.context import Context
from agents.strategy.graph import graph
from agents.strategy.render import to_markdown
from agents.supervisor.models import ChatArtifacts, ProposeStrategy, ToolResult


async def propose_strategy(ctx: Context, call: ProposeStrategy) -> ToolResult:
    proposal = (await graph.ainvoke({"fund_codes": list(call.funds), "as_of": None}, context=ctx))["proposal"]
    return ToolResult(to_markdown(proposal), ChatArtifacts(strategy=proposal))
