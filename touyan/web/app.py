"""The FastAPI app behind `touyan serve`: one HTML page, a JSON API and server-sent events.

    GET  /                                   the chat page (static, no CDN, no build step)
    GET  /api/info                           engine in use and, without a key, the offline banner
    GET  /api/threads                        thread list          POST /api/threads   new thread
    GET  /api/threads/{id}                   history (answers carry their citations' report ids)
    POST /api/threads/{id}/messages          {"text": ...} → SSE: agent / token / message / error
    GET  /api/threads/{id}/concept           the thread's last concept chain as an HTML/SVG graph (?inline=1: compact)
    GET  /api/reports/{report_id}/pages/{n}  a cited page's text (n is 0-based, as in p.N)
    GET  /api/reports/{report_id}/file       the original file as ingested (PDF opens at #page=N+1)

Every request first passes `guard.RequestGuard` (same-origin rule for POSTs, body limit, framing
headers); the Host allow-list comes from `touyan serve` for whatever address it binds.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from pathlib import Path
from typing import Sequence

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from sse_starlette import EventSourceResponse
from starlette.middleware.trustedhost import TrustedHostMiddleware

from agents.context import Context
from agents.supervisor.graph import builder
from agents.supervisor.nodes import MAX_MESSAGE_CHARS
from agents.supervisor.session import ChatSession
from memory.threads import open_persistence, open_registry
from touyan.web import files
from touyan.web.guard import RequestGuard
from touyan.web.transcript import page_payload
from touyan.web.turns import WebChat

STATIC = Path(__file__).parent / "static"
OFFLINE_BANNER = ("离线模式：未配置 OPENAI_API_KEY，使用 extractive 引擎。可以检索研报库、生成带页码引用的摘要、"
                  "对比券商观点、拆解产业链、统计研报覆盖；不能自由问答或改写润色。配置 key 后重启即可获得完整对话能力。")
# Inside the chat bubble the graph page needs less chrome, and the SVG shrinks to the bubble's width.
INLINE_STYLE = ("<style>body{margin:8px} h1{font-size:16px;margin:0 0 4px} body>p{font-size:12px;margin:0}"
                " svg{max-width:100%;height:auto}</style>")
_SVG_SIZE = re.compile(r'<svg ([^>]*?)width="(\d+)" height="(\d+)"')
# The page shows the concept graph in an iframe of its own; nobody else may frame it.
FRAMED_BY_PAGE = {"Content-Security-Policy": "frame-ancestors 'self'", "X-Frame-Options": "SAMEORIGIN"}
NO_THREAD = "没有这个会话（touyan threads 或页面左侧列表可查看已有会话）"
EMPTY_MESSAGE = "消息不能为空，请输入问题。"
MAX_DETAIL_CHARS = 300
log = logging.getLogger(__name__)


class MessageIn(BaseModel):
    text: str


def too_long(chars: int) -> str:
    return (f"消息过长（{chars} 字），请控制在 {MAX_MESSAGE_CHARS} 字以内；"
            "长文档请先用 touyan ingest 导入研报库再提问。")


async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 naming which field is wrong and why, never echoing what was sent (FastAPI's default does)."""
    problems = "；".join(f"{'.'.join(str(part) for part in e.get('loc', ()))}：{e.get('msg', '')}"
                        for e in exc.errors()[:3])
    return JSONResponse({"detail": f"请求格式不对（{problems}）"[:MAX_DETAIL_CHARS]}, status_code=422)


def inline_graph(page: str) -> str:
    """The concept graph page made to fit a chat bubble: a viewBox lets the SVG scale down."""
    page = _SVG_SIZE.sub(r'<svg \1viewBox="0 0 \2 \3" width="\2" height="\3"', page, count=1)
    return page.replace("</head>", INLINE_STYLE + "</head>", 1)


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


def create_app(ctx: Context, home: Path, *, allowed_hosts: Sequence[str] | None = None,
               postgres_dsn: str | None = None) -> FastAPI:
    """The web app over `ctx`; threads, checkpoints and the store live in `home` (the data directory), or
    in PostgreSQL with `postgres_dsn` (team mode: every replica continues the same threads).

    `allowed_hosts` (e.g. 127.0.0.1 and localhost) rejects other Host headers, so a web page the
    researcher visits cannot reach this server through DNS rebinding.
    """
    registry = open_registry(home, postgres_dsn)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        async with open_persistence(home, postgres_dsn) as (saver, store):
            app.state.chat = WebChat(ChatSession(ctx, builder.compile(checkpointer=saver, store=store), registry))
            warming = asyncio.create_task(asyncio.to_thread(warm_up, ctx))
            try:
                yield
            finally:
                await app.state.chat.shutdown()
                await warming

    app = FastAPI(title="touyan 投研对话", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(RequestGuard)  # added last: outermost, so its refusals get the framing headers too
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    def chat(request: Request) -> WebChat:
        return request.app.state.chat

    def known(thread_id: str) -> None:
        if registry.get(thread_id) is None:
            raise HTTPException(404, NO_THREAD)

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/api/info")
    def info() -> dict:
        offline = ctx.engine != "llm"
        return {"engine": ctx.engine, "model": None if offline else ctx.llm.model_for("default"),
                "banner": OFFLINE_BANNER if offline else None, "max_message_chars": MAX_MESSAGE_CHARS}

    @app.get("/api/threads")
    def list_threads() -> list[dict]:
        return [t.__dict__ for t in registry.list()]

    @app.post("/api/threads", status_code=201)
    def new_thread() -> dict:
        return registry.get(registry.new_thread()).__dict__

    @app.get("/api/threads/{thread_id}")
    async def thread(thread_id: str, request: Request) -> dict:
        known(thread_id)
        return {**registry.get(thread_id).__dict__, "messages": await chat(request).history(thread_id)}

    @app.post("/api/threads/{thread_id}/messages")
    async def post_message(thread_id: str, body: MessageIn, request: Request) -> EventSourceResponse:
        known(thread_id)
        text = body.text.strip()
        if not text:
            raise HTTPException(400, EMPTY_MESSAGE)
        if len(text) > MAX_MESSAGE_CHARS:
            raise HTTPException(413, too_long(len(text)))

        async def events():
            async for event in chat(request).stream(thread_id, text):
                yield {"event": event["type"], "data": json.dumps(event, ensure_ascii=False)}

        return EventSourceResponse(events(), ping=15, headers={"Cache-Control": "no-cache"})

    @app.get("/api/threads/{thread_id}/concept", response_class=HTMLResponse)
    async def concept(thread_id: str, request: Request, inline: bool = False) -> HTMLResponse:
        from agents.concept.render import to_html

        known(thread_id)
        chain = await chat(request).concept(thread_id)
        if chain is None:
            raise HTTPException(404, "这个会话还没有产业链拆解结果")
        page = to_html(chain)
        return HTMLResponse(inline_graph(page) if inline else page, headers=FRAMED_BY_PAGE)

    @app.get("/api/reports/{report_id}/pages/{page}")
    def report_page(report_id: str, page: int, request: Request) -> dict:
        found = page_payload(chat(request).library, report_id, page)
        if found is None:
            raise HTTPException(404, "研报库中没有这份研报或这一页（页码从 0 计）")
        return found

    @app.get("/api/reports/{report_id}/file")
    def report_file(report_id: str, request: Request) -> StreamingResponse:
        record = chat(request).library.report(report_id)
        if record is None:
            raise HTTPException(404, "研报库中没有这份研报")
        path = Path(record.source)
        try:
            copy, size = files.verified_copy(path, record.report_id)
        except files.Unavailable as exc:
            raise HTTPException(404, str(exc)) from None
        media_type, headers = files.media_type(path)
        return StreamingResponse(files.chunks(copy), media_type=media_type,
                                 headers={**headers, "Content-Length": str(size)})

    return app
