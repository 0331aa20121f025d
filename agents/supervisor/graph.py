"""The supervisor state machine: each chat turn is guarded, routed to an agent (or the library) and answered.

    START → guard ─┬─ (empty / too long: answered) ──────────────────────────────────────→ END
                   ├─ rules_router (offline) ──────────┐
                   └─ route_model (forced choice) ─┬───┴─ run_tools ─┬─ answer (LLM, checked) → END
                                                   │                 └─ answer_offline ──────→ END
                                                   └─ (small talk: answered) ─────────────────→ END
`graph` is what langgraph.json (LangGraph Studio, `langgraph dev`) loads; the CLI and the web page
compile `builder` again with a persistent checkpointer and store.
"""

from __future__ import annotations

from langgraph.graph import END, START, StateGraph

from agents.context import Context
from agents.supervisor.nodes import (after_guard, after_route, after_tools, answer, answer_offline, guard,
                                     route_model, rules_router, run_tools)
from agents.supervisor.state import ChatInput, ChatState

builder = StateGraph(ChatState, context_schema=Context, input_schema=ChatInput)
for node in (guard, rules_router, route_model, run_tools, answer, answer_offline):
    builder.add_node(node)
builder.add_edge(START, "guard")
builder.add_conditional_edges("guard", after_guard, ["rules_router", "route_model", END])
builder.add_edge("rules_router", "run_tools")
builder.add_conditional_edges("route_model", after_route, ["run_tools", END])
builder.add_conditional_edges("run_tools", after_tools, ["answer", "answer_offline"])
builder.add_edge("answer", END)
builder.add_edge("answer_offline", END)

graph = builder.compile(name="touyan")
