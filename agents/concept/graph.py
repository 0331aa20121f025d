"""The concept-decomposition subgraph, compiled once: `graph`.

    gather ─┬─ draft_extractive ─┬─ validate ─ cross_check_board ─ finalize
            └─ draft_llm ────────┘
Validation, the board cross-check and ranking are shared by both engines.
"""

from __future__ import annotations

from langgraph.graph import END, START, StateGraph

from agents.concept.nodes import (choose_engine, cross_check_board, draft_extractive, draft_llm, finalize, gather,
                                  validate)
from agents.concept.state import ConceptInput, ConceptOutput, ConceptState
from agents.context import Context


def build_graph():
    builder = StateGraph(ConceptState, context_schema=Context, input_schema=ConceptInput, output_schema=ConceptOutput)
    for node in (gather, draft_extractive, draft_llm, validate, cross_check_board, finalize):
        builder.add_node(node)
    builder.add_edge(START, "gather")
    builder.add_conditional_edges("gather", choose_engine, ["draft_extractive", "draft_llm"])
    builder.add_edge("draft_extractive", "validate")
    builder.add_edge("draft_llm", "validate")
    builder.add_edge("validate", "cross_check_board")
    builder.add_edge("cross_check_board", "finalize")
    builder.add_edge("finalize", END)
    return builder.compile(name="decompose_concept")


graph = build_graph()
