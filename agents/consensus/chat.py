"""The consensus agent as a chat tool: the Markdown comparison plus the full ConsensusReport."""

from __future__ import annotations

from agents.consensus.graph import graph
from agents.consensus.render import render_markdown
from agents.context import Context


async def compare_for_chat(ctx: Context, subject: str, brokers: list[str]) -> tuple[str, dict]:
    result = await graph.ainvoke({"subject": subject, "brokers": list(brokers)}, context=ctx)
    consensus = result["consensus"]
    if consensus is None:
        found = "、".join(f"{r.broker}《{r.title}》" for r in result["reports"]) or "无"
        return f"研报库中关于“{subject}”的研报不足两家券商（现有：{found}），无法对比。", {"consensus": None}
    return render_markdown(consensus), {"consensus": consensus.model_dump(mode="json")}
