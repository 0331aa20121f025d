"""The supervisor graph's state: the thread's messages plus the last typed result of each agent."""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypedDict

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages

from agents.reducers import merge_dicts


class ChatState(TypedDict, total=False):
    messages: Annotated[list[AnyMessage], add_messages]
    # Last result of each agent as JSON (ChatArtifacts.to_state), so follow-ups like "这些公司里…" can
    # refer to it; read back through ChatArtifacts. JSON keeps old checkpoints readable across versions.
    artifacts: Annotated[dict[str, Any], merge_dicts]
    # Who routes this turn, set by the guard from the Context's engine: the offline rules or the model.
    router: Literal["rules", "model"]
    # This turn only (the guard resets them): a factual answer the model gave without a tool, which is
    # shown marked 未核验 beside the offline router's result; a note on how the turn degraded.
    draft_answer: str | None
    note: str | None


class ChatInput(TypedDict):
    messages: list[AnyMessage]
