"""`touyan serve`: the local web chat page (127.0.0.1 unless --host says otherwise)."""

from __future__ import annotations

import ipaddress
import socket
from typing import Optional

import typer
from rich.console import Console

from touyan.commands.summarize import announce_engine
from touyan.context_factory import build_context

err = Console(stderr=True, highlight=False)
LOOPBACK = "127.0.0.1"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def serve(
    ctx: typer.Context,
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="端口"),
    host: Optional[str] = typer.Option(None, "--host", help="监听地址（默认 127.0.0.1，只有本机能访问）"),
    engine: Optional[str] = typer.Option(None, "--engine", help="llm | extractive（默认：有 key 用 llm）"),
) -> None:
    import uvicorn

    from touyan.web import create_app

    if engine not in (None, "llm", "extractive"):
        raise typer.BadParameter("--engine 只能是 llm 或 extractive")
    bind = host or LOOPBACK
    if not is_loopback(bind):
        # Only reached with an explicit --host: the page has no login, so say plainly who can reach it.
        err.print(f"[yellow]注意：监听 {bind}，网络上能连到本机的人都能打开这个页面、读取会话和研报库（页面没有登录）。"
                  "只在本机使用请去掉 --host。[/]")
    if not _port_free(bind, port):
        raise typer.BadParameter(f"端口 {port} 已被占用，请用 --port 换一个")
    settings = ctx.obj
    context = build_context(settings, engine=engine)  # type: ignore[arg-type]
    if context.engine == "llm" and not context.llm.has_key:
        raise typer.BadParameter("llm 引擎需要 OPENAI_API_KEY（见 .env.example）")
    announce_engine(context.engine, engine is not None)
    shown = f"[{bind}]" if ":" in bind else bind
    allowed = sorted({LOOPBACK, "localhost", "[::1]", shown}) if is_loopback(bind) else None
    app = create_app(context, settings.home, allowed_hosts=allowed)
    err.print(f"投研对话页面：http://{shown}:{port}/  （Ctrl-C 停止）")
    try:
        uvicorn.run(app, host=bind, port=port, log_level="warning", access_log=False)
    finally:
        context.shared.close()
