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
headers); the Host allow-list comes from `touyan serve` for whatever address it binds. With auth
(touyan/web/auth.py, off by default) every request also needs a signed-in user, each thread is its
owner's alone (another user's is 404, as one that does not exist), and sign-in and the admin's
endpoints are added (accounts.py); behind a trusted reverse proxy its X-Forwarded-* headers count (proxy.py). The page and
the thread list are served from the start; the chat (graph, models, Context) loads in the background
(chat_loader.py) and the requests that need it wait for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from sse_starlette import EventSourceResponse
from starlette.background import BackgroundTask
from starlette.middleware.trustedhost import TrustedHostMiddleware

from memory.threads import open_registry
from touyan.web import files
from touyan.web.accounts import account_routes
from touyan.web.auth import AuthGate
from touyan.web.chat_loader import ChatLoader
from touyan.web.guard import RequestGuard
from touyan.web.proxy import TrustedProxies

if TYPE_CHECKING:
    from agents.context import Context
    from touyan.web.auth import AuthConfig
    from touyan.web.turns import WebChat

STATIC = Path(__file__).parent / "static"
OFFLINE_BANNER = ("离线模式：未配置 OPENAI_API_KEY，使用 extractive 引擎。可以检索研报库、生成带页码引用的摘要、"
                  "对比券商观点、拆解产业链、统计研报覆盖；不能自由问答或改写润色。配置 key 后重启即可获得完整对话能力。")
# Inside the chat bubble the page is the graph alone, scaled (viewBox, aspect kept) to fit the frame's width
# and height, so the whole chain shows; the company table and notes are in the page opened in a new window.
INLINE_STYLE = ("<style>html,body{height:100%;margin:0;overflow:hidden} body{display:flex;flex-direction:column;"
                "padding:6px;box-sizing:border-box} h1{font-size:15px;margin:0 0 2px} body>p{font-size:12px;margin:0}"
                " svg{display:block;flex:1;min-height:0;width:100%;height:auto} body>table,body>ul,body>p~p~p"
                "{display:none}</style>")
_SVG_SIZE = re.compile(r'<svg ([^>]*?)width="(\d+)" height="(\d+)"')
# The page shows the concept graph in an iframe of its own; nobody else may frame it.
FRAMED_BY_PAGE = {"Content-Security-Policy": "frame-ancestors 'self'", "X-Frame-Options": "SAMEORIGIN"}
NO_THREAD = "没有这个会话（touyan threads 或页面左侧列表可查看已有会话）"
EMPTY_MESSAGE = "消息不能为空，请输入问题。"
MAX_DETAIL_CHARS = 300


class MessageIn(BaseModel):
    text: str


def too_long(chars: int) -> str:
    from agents.supervisor.nodes import MAX_MESSAGE_CHARS

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


def owner(request: Request) -> str | None:
    """The signed-in user whose threads these are; None without auth (one researcher, every thread)."""
    user = getattr(request.state, "user", None)
    return user.name if user is not None else None


def create_app(context: Context | Callable[[], Context], home: Path, *,
               allowed_hosts: Sequence[str] | None = None, postgres_dsn: str | None = None,
               auth: AuthConfig | None = None, trusted_proxies: Sequence = ()) -> FastAPI:
    """The web app over a Context, or a function that builds one (then it is built in the background
    and closed with the app); threads, checkpoints and the store live in `home` (the data directory),
    or in PostgreSQL with `postgres_dsn` (team mode: every replica continues the same threads).

    `allowed_hosts` (e.g. 127.0.0.1 and localhost) rejects other Host headers, so a web page the
    researcher visits cannot reach this server through DNS rebinding. `auth`: users, sessions, CSRF
    tokens and rate limits (None: no sign-in, as on loopback); `trusted_proxies`: networks whose
    X-Forwarded-* headers are believed.
    """
    registry = open_registry(home, postgres_dsn)
    loader = ChatLoader(context, home, registry, postgres_dsn)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        loader.start()
        try:
            yield
        finally:
            await loader.stop()

    app = FastAPI(title="touyan 投研对话", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    if auth is not None:  # innermost: after the Host and same-origin checks
        app.add_middleware(AuthGate, config=auth)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(RequestGuard)  # outside the checks, so their refusals get the framing headers too
    if trusted_proxies:  # outermost: the Host and scheme every check sees are the browser's
        app.add_middleware(TrustedProxies, networks=list(trusted_proxies))
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(account_routes(auth, postgres_dsn))

    async def chat() -> WebChat:
        return await loader.chat()

    def known(thread_id: str, request: Request) -> None:
        info = registry.get(thread_id)
        if info is None or (auth is not None and info.owner != owner(request)):
            raise HTTPException(404, NO_THREAD)

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        # The chat starts loading once the page is sent (a background task runs after the response).
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"}, background=BackgroundTask(loader.go))

    @app.get("/api/info")
    async def info() -> dict:
        ctx = (await chat()).session.ctx
        # Imported only once the chat is loaded (then it is a lookup): importing on the event loop while
        # the loader thread imports the same modules would block the loop, or deadlock the imports.
        from agents.supervisor.nodes import MAX_MESSAGE_CHARS

        offline = ctx.engine != "llm"
        return {"engine": ctx.engine, "model": None if offline else ctx.llm.model_for("default"),
                "banner": OFFLINE_BANNER if offline else None, "max_message_chars": MAX_MESSAGE_CHARS}

    @app.get("/api/threads")
    def list_threads(request: Request) -> list[dict]:
        return [t.public() for t in registry.list(owner=owner(request))]

    @app.post("/api/threads", status_code=201)
    def new_thread(request: Request) -> dict:
        return registry.get(registry.new_thread(owner(request))).public()

    @app.get("/api/threads/{thread_id}")
    async def thread(thread_id: str, request: Request) -> dict:
        known(thread_id, request)
        return {**registry.get(thread_id).public(), "messages": await (await chat()).history(thread_id)}

    @app.post("/api/threads/{thread_id}/messages")
    async def post_message(thread_id: str, body: MessageIn, request: Request) -> EventSourceResponse:
        known(thread_id, request)
        text = body.text.strip()
        if not text:
            raise HTTPException(400, EMPTY_MESSAGE)
        web_chat = await chat()
        from agents.supervisor.nodes import MAX_MESSAGE_CHARS  # after the chat is loaded: see info()

        if len(text) > MAX_MESSAGE_CHARS:
            raise HTTPException(413, too_long(len(text)))

        async def events():
            async for event in web_chat.stream(thread_id, text, owner(request)):
                yield {"event": event["type"], "data": json.dumps(event, ensure_ascii=False)}

        return EventSourceResponse(events(), ping=15, headers={"Cache-Control": "no-cache"})

    @app.get("/api/threads/{thread_id}/concept", response_class=HTMLResponse)
    async def concept(thread_id: str, request: Request, inline: bool = False) -> HTMLResponse:
        known(thread_id, request)
        chain = await (await chat()).concept(thread_id)
        from agents.concept.render import to_html  # after the chat is loaded: see info()

        if chain is None:
            raise HTTPException(404, "这个会话还没有产业链拆解结果")
        page = to_html(chain)
        return HTMLResponse(inline_graph(page) if inline else page, headers=FRAMED_BY_PAGE)

    @app.get("/api/reports/{report_id}/pages/{page}")
    async def report_page(report_id: str, page: int) -> dict:
        library = (await chat()).library
        from touyan.web.transcript import page_payload  # after the chat is loaded: see info()

        found = await asyncio.to_thread(page_payload, library, report_id, page)
        if found is None:
            raise HTTPException(404, "研报库中没有这份研报或这一页（页码从 0 计）")
        return found

    @app.get("/api/reports/{report_id}/file")
    async def report_file(report_id: str) -> StreamingResponse:
        library = (await chat()).library
        record = await asyncio.to_thread(library.report, report_id)
        if record is None:
            raise HTTPException(404, "研报库中没有这份研报")
        path = Path(record.source)
        try:
            copy, size = await asyncio.to_thread(files.verified_copy, path, record.report_id)
        except files.Unavailable as exc:
            raise HTTPException(404, str(exc)) from None
        media_type, headers = files.media_type(path)
        return StreamingResponse(files.chunks(copy), media_type=media_type,
                                 headers={**headers, "Content-Length": str(size)})

    return app
