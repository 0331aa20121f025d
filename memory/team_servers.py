"""Reaching the team servers (PostgreSQL, the Chroma server): a server that does not answer is told at once
as one line (touyan/human_errors.py), naming where it was looked for but never the password.

Without the check a connection pool waits its whole timeout (30-60 s) and then raises PoolTimeout,
which says nothing about which server or why."""

from __future__ import annotations

from urllib.parse import urlparse

CONNECT_TIMEOUT_S = 5


class ServerUnreachable(ConnectionError):
    """A configured team server cannot be used; the message is safe to print (no password)."""


def where(url: str) -> str:
    """host:port/database of a URL, without user or password."""
    parts = urlparse(url)
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # a port that is not a number
        port = ""
    return f"{parts.hostname or 'localhost'}{port}{parts.path if parts.path not in ('', '/') else ''}"


def _reason(exc: BaseException) -> str:
    from tools.errors import first_line

    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    # libpq: 'connection to server at "h", port p failed: Connection refused' – keep what follows the last "failed:"
    return first_line(exc) if not lines else lines[0].rsplit("failed:", 1)[-1].strip() or lines[0]


def check_postgres(url: str) -> None:
    """Connect once, quickly, before a pool is opened on `url`."""
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S).close()
    except psycopg.Error as exc:
        raise ServerUnreachable(f"无法连接团队数据库 {where(url)}（TOUYAN_CATALOG_URL）：{_reason(exc)}") from None


def chroma_unreachable(url: str, exc: BaseException) -> ServerUnreachable:
    return ServerUnreachable(f"无法连接 Chroma 服务器 {where(url)}（TOUYAN_CHROMA_URL）：{_reason(exc)}")
