"""`touyan serve`: the local web chat page (127.0.0.1 unless --host says otherwise).

Beyond loopback it needs auth (TOUYAN_AUTH=1 and a `touyan users add` user): without it, it refuses to
bind. Behind a reverse proxy: TOUYAN_TRUSTED_PROXIES and TOUYAN_ROOT_PATH (README "Team mode").

It listens as soon as the options are checked; the Context, the graph and the models load in the
background (touyan/web/chat_loader.py), so the page answers within twice a bare FastAPI app's start-up
(benchmarks/serve_latency.py)."""

from __future__ import annotations

from typing import List, Optional

import typer

from touyan.arguments import ENGINE_HELP, Engine
from touyan.console import err

LOOPBACK = "127.0.0.1"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
ANY_ADDRESS = {"0.0.0.0", "::", ""}
NEEDS_AUTH = ("拒绝监听 {bind}：页面没有开启登录，网络上的任何人都能读取会话和研报库。团队使用请设置 TOUYAN_AUTH=1 "
              "并用 touyan users add 建立用户（见 README“团队模式”）；只在本机使用请去掉 --host。")
NO_USERS = "已开启登录（TOUYAN_AUTH）但还没有可用的用户：先运行 touyan users add 名字 --role admin。"
ALLOW_HOST_HELP = ("另外允许的 Host（主机名或 IP，可重复；如 --allow-host 192.168.1.5 --allow-host *.lan）。"
                   "本机名称总是允许的，其他 Host 一律拒绝（防 DNS 重绑定）")


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_host(host: str) -> str:
    """How `host` appears in a URL and a Host header: an IPv6 literal in brackets."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def allowed_hosts(bind: str, extra: list[str]) -> list[str]:
    """Host headers the app answers: this machine's loopback names, the bound address unless it is
    the any-address, and what --allow-host adds. Binding 0.0.0.0 never means any Host."""
    hosts = {*LOOPBACK_NAMES, *(url_host(h.strip()).lower() for h in extra)}
    if bind not in ANY_ADDRESS:
        hosts.add(url_host(bind).lower())
    for host in hosts:
        if host == "*" or "*" in host[1:] or (host.startswith("*") and not host.startswith("*.")):
            raise typer.BadParameter(f"--allow-host {host}：只能是主机名、IP 或 *.域名 的形式，不能是任意 Host")
    return sorted(hosts)


def _port_free(host: str, port: int) -> bool:
    import socket

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
    allow_host: Optional[List[str]] = typer.Option(None, "--allow-host", help=ALLOW_HOST_HELP),
) -> None:
    import logging

    import uvicorn

    from tools.errors import RedactingFilter
    from touyan.console import announce_engine
    from touyan.context_factory import build_context, check_engine
    from touyan.web import create_app
    from touyan.web.proxy import trusted_networks

    bind = host or LOOPBACK
    allowed = allowed_hosts(bind, allow_host or [])
    settings = ctx.obj
    if not is_loopback(bind) and not settings.auth:
        err.print(NEEDS_AUTH.format(bind=bind), markup=False, soft_wrap=True)
        raise typer.Exit(2)
    if not is_loopback(bind):
        err.print(f"监听 {bind}，需要登录。只接受这些 Host：{'、'.join(allowed)}；用其他地址访问请加 --allow-host。",
                  markup=False)
    if not _port_free(bind, port):
        raise typer.BadParameter(f"端口 {port} 已被占用，请用 --port 换一个")
    try:
        proxies = trusted_networks(settings.trusted_proxies)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    check_engine(settings, engine)
    auth = _auth(settings)

    def load_context():
        context = build_context(settings, engine=engine)
        announce_engine(context.engine, engine is not None)
        return context

    app = create_app(load_context, settings.home, allowed_hosts=allowed, postgres_dsn=settings.postgres_dsn,
                     auth=auth, trusted_proxies=proxies)  # closes the Context it builds
    # Shown with an address the allow-list accepts: http://0.0.0.0:… would be refused by it.
    shown = LOOPBACK if bind in ANY_ADDRESS else url_host(bind)
    err.print(f"投研对话页面：http://{shown}:{port}/  （Ctrl-C 停止）")
    # uvicorn's own X-Forwarded-* handling is off: touyan/web/proxy.py believes only TOUYAN_TRUSTED_PROXIES.
    config = uvicorn.Config(app, host=bind, port=port, log_level="warning", access_log=False, proxy_headers=False,
                            root_path=settings.root_path)
    for name in ("uvicorn", "uvicorn.error"):  # an unexpected exception is logged with its message
        logging.getLogger(name).addFilter(RedactingFilter())
    server = uvicorn.Server(config)
    try:
        server.run()
    finally:
        if auth is not None:
            auth.users.close()
    if not server.started:
        raise typer.Exit(3)  # as uvicorn.run: it could not start (it said why)


def _auth(settings):
    """The users, sessions and limits when TOUYAN_AUTH is on (there must be an enabled user), else None."""
    if not settings.auth:
        return None
    from memory.users import open_users
    from touyan.web.auth import AuthConfig

    users = open_users(settings.library_dir, settings.postgres_dsn)
    if users.active_count() == 0:
        users.close()
        err.print(NO_USERS, markup=False, soft_wrap=True)
        raise typer.Exit(2)
    return AuthConfig.from_settings(settings, users)
