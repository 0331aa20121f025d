"""The fund-style subgraph (定性+定量识别风格轮动型基金, seed 004 §2.3.2), compiled once: `graph`.

    resolve_fund ─ load_holdings ─┬─ compute_metrics ─ read_style ──────┬─ label
                                  ├─ read_fund_selection (FOF) ─────────┤
                                  └─ (no stocks, not a FOF) ────────────┘
Numbers come from tools/style_metrics.py; the commentary reader (LLM or lexicon, by the Context's
engine) only gives categories and verified quotes; combine.py turns both into the label.
"""

from __future__ import annotations

from langgraph.graph import END, START, StateGraph

from agents.context import Context
from agents.fund_style.nodes import (compute_metrics, label, load_fund_holdings, read_fund_selection, read_style,
                                     resolve_fund, route_holdings)
from agents.fund_style.state import FundStyleInput, FundStyleOutput, FundStyleState


def build_graph():
    builder = StateGraph(FundStyleState, context_schema=Context, input_schema=FundStyleInput,
                         output_schema=FundStyleOutput)
    builder.add_node("resolve_fund", resolve_fund)
    builder.add_node("load_holdings", load_fund_holdings)
    for node in (compute_metrics, read_style, read_fund_selection, label):
        builder.add_node(node)
    builder.add_edge(START, "resolve_fund")
    builder.add_edge("resolve_fund", "load_holdings")
    builder.add_conditional_edges("load_holdings", route_holdings, ["compute_metrics", "read_fund_selection", "label"])
    builder.add_edge("compute_metrics", "read_style")
    builder.add_edge("read_style", "label")
    builder.add_edge("read_fund_selection", "label")
    builder.add_edge("label", END)
    return builder.compile(name="classify_fund_style")


graph = build_graph()
