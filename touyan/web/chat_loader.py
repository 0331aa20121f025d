"""The chat behind the page, made ready in the background so `touyan serve` answers at once.

The page, its static files and the thread list need only FastAPI and SQLite. The chat needs the
Context (the LLM client), LangGraph, the supervisor graph and the checkpointer; those are imported
and opened in a task started with the app, and warm_up then loads the embedding model, the library
and market data. A request that needs the chat waits for it; if loading failed, it gets a 503 with
the reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from fastapi import HTTPException

if TYPE_CHECKING:
    from agents.context import Context
    from memory.threads import ThreadRegistry
    from touyan.web.turns import WebChat

log = logging.getLogger(__name__)
NOT_READY = "对话服务启动失败：{reason}。请检查设置后重启 touyan serve。"
# Loading starts once the first page has been sent, a request needs the chat, or this long after start-up,
# whichever comes first: the loader's imports hold the GIL, and on a busy machine they doubled the time to
# the first page when they ran beside it (benchmarks/serve_latency.py).
START_AFTER_S = 1.0


def warm_up(ctx: Context) -> None:
    """Load what the first turn would otherwise wait for: the library and its embedding model,
    market data (pandas) and the LLM client. Runs in a thread while the page is already served."""
    from memory.search import search

    try:
        search(ctx.report_library, "研报", k=1)
        ctx.market  # noqa: B018 - opening it is the point
        if ctx.engine == "llm":
            import langchain_openai  # noqa: F401
    except Exception as exc:  # the turn that needs it will report the real problem
        log.warning("warm-up failed: %s", type(exc).__name__)


def _load(context: Context | Callable[[], Context]) -> tuple[Context, Any, Any, Any]:
    """In a worker thread: the Context, and the modules the chat needs (imported here, off the loop)."""
    from agents.supervisor.graph import builder
    from agents.supervisor.session import ChatSession
    from touyan.web.turns import WebChat

    ctx = context() if callable(context) else context
    return ctx, builder, ChatSession, WebChat


class ChatLoader:
    """Owns the chat for the app's lifetime: `run` builds it and keeps it open until `stop`."""

    def __init__(self, context: Context | Callable[[], Context], home: Path, registry: ThreadRegistry,
                 postgres_dsn: str | None = None):
        self._context, self._home, self._registry = context, home, registry
        self._postgres_dsn = postgres_dsn  # team mode: checkpoints and the store in PostgreSQL
        self._ready: asyncio.Future[WebChat] | None = None
        self._stop: asyncio.Event | None = None
        self._task: asyncio.Task | None = None
        self._go: asyncio.Event | None = None

    def start(self) -> None:
        self._ready = asyncio.get_running_loop().create_future()
        self._stop = asyncio.Event()
        self._go = asyncio.Event()
        self._task = asyncio.create_task(self._run())

    async def go(self) -> None:
        """Start loading now (the first page was sent, or a request needs the chat)."""
        assert self._go is not None, "the app's lifespan starts the loader"
        self._go.set()

    @property
    def loading(self) -> bool:
        """Whether loading has begun (for tests)."""
        return self._go is not None and self._go.is_set()

    async def stop(self) -> None:
        assert self._stop is not None and self._task is not None
        self._stop.set()
        self._go.set()  # wakes a loader still waiting to begin: it then loads nothing
        await self._task

    async def chat(self) -> WebChat:
        await self.go()
        try:
            return await asyncio.shield(self._ready)
        except Exception as exc:
            from tools.errors import first_line

            raise HTTPException(503, NOT_READY.format(reason=first_line(exc))) from None

    async def _run(self) -> None:
        from memory.threads import open_persistence

        built = None
        try:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._go.wait(), START_AFTER_S)
            self._go.set()
            if self._stop.is_set():  # stopped before it began: nothing to load or close
                self._ready.set_exception(RuntimeError("服务已停止"))
                self._ready.exception()
                return
            ctx, builder, ChatSession, WebChat = await asyncio.to_thread(_load, self._context)
            built = ctx if callable(self._context) else None  # a Context we built is ours to close
            async with open_persistence(self._home, self._postgres_dsn) as (saver, store):
                chat = WebChat(ChatSession(ctx, builder.compile(checkpointer=saver, store=store), self._registry))
                self._ready.set_result(chat)
                warming = asyncio.create_task(asyncio.to_thread(warm_up, ctx))
                try:
                    await self._stop.wait()
                finally:
                    await chat.shutdown()
                    await warming
        except Exception as exc:
            log.error("chat failed to start: %s", type(exc).__name__)
            if not self._ready.done():
                self._ready.set_exception(exc)
                self._ready.exception()  # retrieved: requests re-raise it, the loop need not warn
        finally:
            if built is not None:
                built.shared.close()
