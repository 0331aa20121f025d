"""Chat turns for the web page: each runs as its own task, streamed to the browser as SSE events.

A turn is not tied to the request that started it: if the tab is closed or reloaded mid-answer
the turn still finishes and lands in the thread (no lost turns); the reloaded page shows it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from typing import AsyncIterator

from agents.concept.models import ConceptChain
from agents.supervisor.models import ChatArtifacts
from agents.supervisor.session import ChatSession
from touyan.web.transcript import citation_targets, library_titles, transcript

WAITING = "这个会话在另一个窗口里正在回答，本条消息排在它之后。"


def _config(thread_id: str) -> dict:
    return {"configurable": {"thread_id": thread_id}}


class WebChat:
    """The page's view of one ChatSession: streamed turns, annotated history, the concept artifact."""

    def __init__(self, session: ChatSession):
        self.session = session
        self._tasks: set[asyncio.Task] = set()
        self._running: Counter[str] = Counter()  # turns started (running or queued) per thread

    @property
    def registry(self):
        return self.session.registry

    @property
    def library(self):
        return self.session.ctx.report_library

    async def _messages(self, thread_id: str) -> list:
        state = await self.session.graph.aget_state(_config(thread_id))
        return state.values.get("messages", [])

    async def history(self, thread_id: str) -> list[dict]:
        entries = transcript(await self._messages(thread_id))
        titles = library_titles(self.library)
        for entry in entries:
            if entry["role"] == "assistant":
                self._annotate(thread_id, entry, titles, len(entries))
        return entries

    def _annotate(self, thread_id: str, entry: dict, titles: dict[str, str], version: int) -> None:
        entry["citations"] = citation_targets(entry["text"], titles)
        # The version changes whenever the thread grows, so the browser does not show a cached old graph.
        entry["concept_url"] = f"/api/threads/{thread_id}/concept?v={version}" if entry.pop("concept") else None

    async def concept(self, thread_id: str) -> ConceptChain | None:
        state = await self.session.graph.aget_state(_config(thread_id))
        return ChatArtifacts.model_validate(state.values.get("artifacts") or {}).concept

    async def stream(self, thread_id: str, text: str, user: str | None = None) -> AsyncIterator[dict]:
        """Events of one turn as JSON-able dicts: agent, token, message, error (and waiting when queued).
        `user`: the signed-in user, whose profile the turn reads."""
        queue: asyncio.Queue[dict | None] = asyncio.Queue()
        if self._running[thread_id]:
            yield {"type": "waiting", "text": WAITING}
        self._running[thread_id] += 1
        task = asyncio.create_task(self._run(thread_id, text, user, queue))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        while (event := await queue.get()) is not None:
            yield event

    async def _run(self, thread_id: str, text: str, user: str | None, queue: asyncio.Queue) -> None:
        try:
            async for event in self.session.turn(thread_id, text, user):
                payload = event.to_json()
                if event.type == "message":
                    payload.update(await self._last_answer(thread_id))
                queue.put_nowait(payload)
        except Exception as exc:  # the session reports turn failures itself; this is the page's own bug guard
            queue.put_nowait({"type": "error", "text": f"页面处理本轮结果时出错（{type(exc).__name__}）。"})
        finally:
            self._running[thread_id] -= 1
            queue.put_nowait(None)

    async def _last_answer(self, thread_id: str) -> dict:
        entries = transcript(await self._messages(thread_id))
        if not entries or entries[-1]["role"] != "assistant":
            return {"citations": {}, "concept_url": None, "agents": []}
        last = entries[-1]
        self._annotate(thread_id, last, library_titles(self.library), len(entries))
        return {"citations": last["citations"], "concept_url": last["concept_url"], "agents": last["agents"]}

    async def shutdown(self) -> None:
        """Cancel unfinished turns before the checkpointer closes; their checkpoints let them resume."""
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(BaseException):
                await task
