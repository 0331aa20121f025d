"""The consensus subgraph (卖方观点汇总 on one subject), compiled once: `graph`.

    find_reports ─┬─ (≥ 2 brokers) ─ summarize ─ aggregate
                  └─ too_few
Summaries come from the summarization graph; every number is computed by aggregate.py.
"""

from __future__ import annotations

from langgraph.graph import END, START, StateGraph

from agents.consensus.nodes import aggregate, enough_brokers, find_reports, summarize, too_few
from agents.consensus.state import ConsensusInput, ConsensusOutput, ConsensusState
from agents.context import Context


def build_graph():
    builder = StateGraph(ConsensusState, context_schema=Context, input_schema=ConsensusInput,
                         output_schema=ConsensusOutput)
    for node in (find_reports, summarize, too_few, aggregate):
        builder.add_node(node)
    builder.add_edge(START, "find_reports")
    builder.add_conditional_edges("find_reports", enough_brokers, ["summarize", "too_few"])
    builder.add_edge("summarize", "aggregate")
    builder.add_edge("aggregate", END)
    builder.add_edge("too_few", END)
    return builder.compile(name="compare_brokers")


graph = build_graph()
