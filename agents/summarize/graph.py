"""The summarization subgraph, compiled once: `graph` (LangGraph Studio opens it on its own).

    load_report ─┬─ extract_draft ──────────────────────────┬─ verify_draft
                 └─ plan_llm ─┬─ (short) ─ write_draft ─────┘
                              └─ (long) ─ map_group ×N ─ write_draft
Only the generate step differs between engines; loading and verification are shared.
"""

from __future__ import annotations

from langgraph.graph import END, START, StateGraph

from agents.context import Context
from agents.summarize.models import ReportSummary
from agents.summarize.nodes import (choose_engine, extract_draft, fan_out, load_report, map_group, plan_llm,
                                    verify_draft, write_draft)
from agents.summarize.state import ReportInput, SummarizeState, SummaryOutput


def build_graph():
    builder = StateGraph(SummarizeState, context_schema=Context, input_schema=ReportInput, output_schema=SummaryOutput)
    builder.add_node(load_report)
    builder.add_node(extract_draft)
    builder.add_node(plan_llm)
    builder.add_node(map_group)
    builder.add_node(write_draft)
    builder.add_node(verify_draft)
    builder.add_edge(START, "load_report")
    builder.add_conditional_edges("load_report", choose_engine, ["extract_draft", "plan_llm"])
    builder.add_conditional_edges("plan_llm", fan_out, ["map_group", "write_draft"])
    builder.add_edge("map_group", "write_draft")
    builder.add_edge("extract_draft", "verify_draft")
    builder.add_edge("write_draft", "verify_draft")
    builder.add_edge("verify_draft", END)
    return builder.compile(name="summarize_report")


graph = build_graph()


async def summaries_of(ctx: Context, report_ids: list[str]) -> list[ReportSummary]:
    """One summary per report, in order; each report's usage is counted in its own scope."""
    return [(await graph.ainvoke({"report_id": rid}, context=ctx.scoped()))["summary"] for rid in report_ids]
