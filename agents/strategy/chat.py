"""The strategy agent as a chat tool: the proposal as Markdown plus the full JSON."""

from __future__ import annotations

from agents.context import Context
from agents.strategy.graph import build_graph
from agents.strategy.render import to_markdown


async def propose_for_chat(ctx: Context, funds: list[str]) -> tuple[str, dict]:
    result = await build_graph().ainvoke({"fund_codes": list(funds), "as_of": None}, context=ctx)
    proposal = result["proposal"]
    return to_markdown(proposal), {"strategy": proposal.model_dump(mode="json")}
