"""`touyan serve`: the local web chat page (127.0.0.1 unless --host says otherwise)."""

from __future__ import annotations

import ipaddress
import socket
from typing import Optional

import typer

from touyan.console import err
from touyan.context_factory import ENGINE_HELP, Engine, open_context
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
    engine: Optional[Engine] = typer.Option(None, "--engine", help=ENGINE_HELP),
) -> None:
    import uvicorn

    from touyan.web import create_app

    bind = host or LOOPBACK
    if not is_loopback(bind):
        # Only reached with an explicit --host: the page has no login, so say plainly who can reach it.
        err.print(f"[yellow]注意：监听 {bind}，网络上能连到本机的人都能打开这个页面、读取会话和研报库（页面没有登录）。"
                  "只在本机使用请去掉 --host。[/]")
    if not _port_free(bind, port):
        raise typer.BadParameter(f"端口 {port} 已被占用，请用 --port 换一个")
    settings = ctx.obj
    with open_context(settings, engine) as context:
        shown = f"[{bind}]" if ":" in bind else bind
        allowed = sorted({LOOPBACK, "localhost", "[::1]", shown}) if is_loopback(bind) else None
        app = create_app(context, settings.home, allowed_hosts=allowed)
        err.print(f"投研对话页面：http://{shown}:{port}/  （Ctrl-C 停止）")
        uvicorn.run(app, host=bind, port=port, log_level="warning", access_log=False)
