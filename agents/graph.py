"""The supervisor state machine: each chat turn is routed to an agent (or the library) and answered.

    START → decide ─┬─ (tool calls) → run_tools → decide …
                    └─ (answer / limit) → END
`builder` and `graph` are what langgraph.json (LangGraph Studio, `langgraph dev`) loads; the
CLI and the web page compile `builder` again with a persistent checkpointer and store.
"""

from __future__ import annotations

from langgraph.graph import START, StateGraph

from agents.context import Context
from agents.state import ChatInput, ChatState
from agents.supervisor import after_decide, decide, run_tools

builder = StateGraph(ChatState, context_schema=Context, input_schema=ChatInput)
builder.add_node(decide)
builder.add_node(run_tools)
builder.add_edge(START, "decide")
builder.add_conditional_edges("decide", after_decide, ["run_tools", "__end__"])
builder.add_edge("run_tools", "decide")

graph = builder.compile(name="touyan")
