"""Failures a person causes by configuration, told as one Chinese line with an exit code instead of a
traceback: a library opened with another embedding model than it was built with, `--embedding openai`
without a key, a model endpoint that does not answer, a key the endpoint refuses.

`human_error(exc)` looks at the exception and its causes; anything it does not recognise stays a
traceback (with secrets redacted), because an unknown failure is a bug to report, not a user error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.errors import redact

EXIT_CONFIG, EXIT_UNREACHABLE = 2, 3
_CONFLICT = re.compile(r"Embedding function conflict: new: (?:touyan-)?(\S+) vs persisted: (?:touyan-)?(\S+)")
_UNREACHABLE = {"APIConnectionError", "APITimeoutError", "ConnectError", "ConnectTimeout", "ConnectionError",
                "ReadTimeout"}


@dataclass(frozen=True)
class HumanError:
    line: str
    code: int


def _chain(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _url(exc: BaseException) -> str:
    request = getattr(exc, "request", None)
    url = getattr(request, "url", None)
    return f" {redact(str(url))} " if url else ""


def _pg_line(text: str) -> str:
    """libpq's first line, with any URL in it cut to host and port (a DSN may carry the password)."""
    line = next((x.strip() for x in text.splitlines() if x.strip()), "")
    return re.sub(r"\w+://\S*@", "", line)


def human_error(exc: BaseException) -> HumanError | None:
    for item in _chain(exc):
        name, text = type(item).__name__, str(item)
        if match := _CONFLICT.search(text):
            new, persisted = match.group(1), match.group(2)
            return HumanError(f"这个研报库是用 {persisted} 向量模型建立的，不能用 --embedding {new} 打开："
                              f"去掉 --embedding（或写 --embedding {persisted}）；要换模型，请用新的 --data-dir 重新导入。",
                              EXIT_CONFIG)
        if name == "EmbeddingConfigError" and "no API key" in text:
            return HumanError("--embedding openai 需要 API key：在数据目录的 .env 中设置 OPENAI_API_KEY"
                              "（向量模型地址用 TOUYAN_EMBEDDING_BASE_URL），或改用默认的 --embedding use。", EXIT_CONFIG)
        if name == "EmbeddingConfigError":
            return HumanError(f"向量模型设置有误：{redact(text.splitlines()[0])}", EXIT_CONFIG)
        if name in _UNREACHABLE:
            return HumanError(f"无法连接模型端点{_url(item)}（{name}）：请检查 OPENAI_BASE_URL / TOUYAN_EMBEDDING_BASE_URL"
                              " 与网络；离线可用 --embedding use 与 --engine extractive。", EXIT_UNREACHABLE)
        if name == "ServerUnreachable":  # memory/team_servers.py: its message names the server, never the password
            return HumanError(redact(text.splitlines()[0]), EXIT_UNREACHABLE)
        if type(item).__module__.startswith("psycopg") and (name == "PoolTimeout" or "connection" in text.lower()):
            return HumanError(f"团队数据库（TOUYAN_CATALOG_URL）连接失败：{redact(_pg_line(text))}", EXIT_UNREACHABLE)
        if name in ("AuthenticationError", "PermissionDeniedError"):
            return HumanError(f"模型端点拒绝了 API key{_url(item)}（{name}）：请检查数据目录 .env 中的 OPENAI_API_KEY。",
                              EXIT_CONFIG)
    return None
