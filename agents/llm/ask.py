"""The one way an agent asks its Context's model for a structured object: bounded, gated, counted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence, TypeVar

from pydantic import BaseModel

from agents.llm.config import Role
from agents.llm.structured import invoke_structured

if TYPE_CHECKING:
    from langchain_core.messages import BaseMessage

    from agents.context import Context

T = TypeVar("T", bound=BaseModel)


async def ask(ctx: Context, schema: type[T], messages: Sequence[BaseMessage], *, role: Role, purpose: str) -> T:
    """`schema` from the `role` model, under the purpose's output cap (agents/llm/calls.OUTPUT_CAPS)."""
    return await invoke_structured(ctx.chat_model(role), schema, messages, usage=ctx.usage, gate=ctx.gate, role=role,
                                   policy=ctx.calls, purpose=purpose)
