"""One chat session over the supervisor graph: turns as a stream of typed events, history, export.

Shared by `touyan chat` and the web page. Turns on one thread are serialized (two browser tabs
on one thread take turns instead of interleaving), and a turn left unfinished by a crash is
completed from its checkpoint before the next one starts.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, AsyncIterator, Literal

from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage

from agents.context import Context
from agents.llm.errors import describe, is_llm_failure
from memory.threads import ThreadRegistry
from tools.errors import brief

EventType = Literal["agent", "token", "message", "error"]
MAX_REASON_CHARS = 200


@dataclass(frozen=True)
class ChatEvent:
    type: EventType
    text: str = ""
    agent: str | None = None
    status: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


def _config(thread_id: str, user: str | None = None) -> dict:
    """A run on `thread_id`; `user` (a signed-in web user) chooses whose profile it reads (profile.researcher)."""
    return {"configurable": {"thread_id": thread_id, **({"user_id": user} if user else {})}}


class ChatSession:
    def __init__(self, ctx: Context, graph, registry: ThreadRegistry):
        self.ctx, self.graph, self.registry = ctx, graph, registry
        self._locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def _finish_interrupted(self, thread_id: str, user: str | None) -> None:
        state = await self.graph.aget_state(_config(thread_id))
        messages = state.values.get("messages", [])
        # Died between a tool call and its result: finish that round first, since a model API rejects a
        # history where tool calls have no answers. (A turn that failed before any tool call needs
        # nothing: the new message simply follows it.)
        if state.next and messages and isinstance(messages[-1], AIMessage) and messages[-1].tool_calls:
            await self.graph.ainvoke(None, _config(thread_id, user), context=self.ctx)

    async def turn(self, thread_id: str, text: str, user: str | None = None) -> AsyncIterator[ChatEvent]:
        async with self._locks[thread_id]:
            self.registry.touch(thread_id, text)
            try:
                await self._finish_interrupted(thread_id, user)
                streamed = ""
                async for mode, payload in self.graph.astream(
                        {"messages": [HumanMessage(text)]}, _config(thread_id, user), context=self.ctx,
                        stream_mode=["messages", "custom"]):
                    if mode == "custom":
                        yield ChatEvent("agent", agent=payload.get("agent"), status=payload.get("status"))
                        continue
                    chunk, meta = payload
                    if (meta.get("langgraph_node") == "answer" and isinstance(chunk, AIMessageChunk)
                            and isinstance(chunk.content, str) and chunk.content):
                        streamed += chunk.content
                        yield ChatEvent("token", chunk.content)
                final = await self.last_answer(thread_id)
                if streamed and final.startswith(streamed):
                    # What the checks appended (a 未核验 mark and the tool results) follows the streamed text.
                    if final[len(streamed):]:
                        yield ChatEvent("token", final[len(streamed):])
                    yield ChatEvent("message", final, status="streamed")
                else:
                    yield ChatEvent("message", final)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # an LLM timeout mid-stream ends this turn, not the session
                reason = describe(exc, self.ctx.llm) if is_llm_failure(exc) else brief(exc, MAX_REASON_CHARS)
                yield ChatEvent("error", f"本轮未完成（{reason}）。消息已保存在会话中，可以重试。")

    async def last_answer(self, thread_id: str) -> str:
        state = await self.graph.aget_state(_config(thread_id))
        messages = state.values.get("messages", [])
        last = messages[-1] if messages else None
        return str(last.content) if isinstance(last, AIMessage) and not last.tool_calls else ""

    async def history(self, thread_id: str) -> list[tuple[str, str]]:
        state = await self.graph.aget_state(_config(thread_id))
        out = []
        for m in state.values.get("messages", []):
            if isinstance(m, HumanMessage):
                out.append(("user", str(m.content)))
            elif isinstance(m, AIMessage) and not m.tool_calls and m.content:
                out.append(("assistant", str(m.content)))
        return out

    async def export_markdown(self, thread_id: str) -> str:
        info = self.registry.get(thread_id)
        lines = [f"# {info.title if info and info.title else '投研对话'}", "", f"thread：`{thread_id}`", ""]
        for role, text in await self.history(thread_id):
            lines += [f"## {'研究员' if role == 'user' else '投研助手'}", "", text, ""]
        return "\n".join(lines)
