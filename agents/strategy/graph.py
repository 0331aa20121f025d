"""The strategy-proposal subgraph, compiled once: `graph`.

    START ─┬─ compute_signals ──────┐
           ├─ read_industry_views ──┼─ allocate ─┬─ write_extractive ─┬─ finalize
           └─ classify_funds ───────┘            └─ write_llm ────────┘
Signals, hit rates and weights are computed in code; an engine only writes the rationale, and
both rationales pass the same guard (agents.strategy.guard).
"""

from __future__ import annotations

from langgraph.graph import END, START, StateGraph

from agents.context import Context
from agents.strategy.nodes import (allocate, choose_engine, classify_funds, compute_signals, finalize,
                                   read_industry_views, write_extractive, write_llm)
from agents.strategy.state import StrategyInput, StrategyOutput, StrategyState


def build_graph():
    builder = StateGraph(StrategyState, context_schema=Context, input_schema=StrategyInput,
                         output_schema=StrategyOutput)
    for node in (compute_signals, read_industry_views, classify_funds, allocate, write_extractive, write_llm, finalize):
        builder.add_node(node)
    for first in ("compute_signals", "read_industry_views", "classify_funds"):
        builder.add_edge(START, first)
    builder.add_edge(["compute_signals", "read_industry_views", "classify_funds"], "allocate")
    builder.add_conditional_edges("allocate", choose_engine, ["write_extractive", "write_llm"])
    builder.add_edge("write_extractive", "finalize")
    builder.add_edge("write_llm", "finalize")
    builder.add_edge("finalize", END)
    return builder.compile(name="propose_strategy")


graph = build_graph()
