"""Who is asking, for `touyan serve` with auth (TOUYAN_AUTH=1; off by default, and then nothing here runs).

One pure ASGI middleware in front of the routes (inside the proxy, Host and same-origin checks):
- identity: `Authorization: Bearer ty_…` (an API token, `touyan users token`) or the session cookie that
  signing in on the page sets (HttpOnly, SameSite=Lax, Secure over HTTPS, path = the root path). Both are
  looked up by digest in the catalog database (memory/users.py), so every replica knows them and a
  disabled user is out at once. Without either: 401 for the API, a redirect to the sign-in page for /;
- CSRF: a state-changing request carried by the cookie must also send the session's token in
  X-CSRF-Token (the page reads it from /api/session). A page of another site cannot read it, and its
  Origin is refused before this (guard.py). A bearer token is not ambient, so needs neither;
- rate limits per user and minute (TOUYAN_REQUESTS_PER_USER_MINUTE for the API, _MESSAGES_ for chat
  messages), counted in the database so they hold across replicas: 429 with Retry-After.
Routes read the user from `request.state.user` (and the session's CSRF token from `.csrf`).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from anyio import to_thread
from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Receive, Scope, Send

if TYPE_CHECKING:
    from memory.users import User, UserStore

SESSION_COOKIE = "touyan_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PUBLIC_PATHS = frozenset({"/login", "/api/login"})
SIGN_IN = "请先登录（页面登录，或 Authorization: Bearer 加 touyan users token 生成的令牌）。"
BAD_CSRF = "缺少或不匹配的 CSRF 令牌：请刷新页面后重试。"
TOO_MANY = "请求过于频繁（每分钟上限 {limit} 次），请 {wait} 秒后再试。"


@dataclass(frozen=True)
class AuthConfig:
    users: UserStore
    session_s: float = 12 * 3600
    cookie_secure: Literal["auto", "always", "never"] = "auto"
    requests_per_minute: int = 240
    messages_per_minute: int = 12
    sign_ins_per_minute: int = 10

    @classmethod
    def from_settings(cls, settings, users: UserStore) -> AuthConfig:
        return cls(users, settings.session_hours * 3600, settings.cookie_secure, settings.requests_per_user_minute,
                   settings.messages_per_user_minute, settings.sign_ins_per_minute)

    def secure_cookie(self, scheme: str) -> bool:
        return self.cookie_secure == "always" or (self.cookie_secure == "auto" and scheme == "https")

    async def allow(self, bucket: str, limit: int) -> int | None:
        """None when one more request in `bucket` is within `limit` a minute, else the whole seconds to wait."""
        wait = await to_thread.run_sync(self.users.wait, bucket, limit)
        return None if wait is None else max(1, math.ceil(wait))


def route_path(scope: Scope) -> str:
    """The path below the root path (a proxy serving the page under /touyan strips or passes it)."""
    path, root = scope.get("path", ""), scope.get("root_path", "")
    if root and (path == root or path.startswith(root + "/")):
        return path[len(root):] or "/"
    return path


def is_message_post(method: str, path: str) -> bool:
    return method == "POST" and path.startswith("/api/threads/") and path.endswith("/messages")


class AuthGate:
    def __init__(self, app: ASGIApp, config: AuthConfig) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = route_path(scope)
        if scope["type"] != "http" or path in PUBLIC_PATHS or path.startswith("/static/"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        user, csrf = await self._identify(headers)
        method = scope["method"]
        if user is None:
            if method in SAFE_METHODS and not path.startswith("/api/"):
                await _answer(send, 303, None, {"location": f"{scope.get('root_path', '')}/login"})
            else:
                await _answer(send, 401, SIGN_IN)
            return
        if method not in SAFE_METHODS and csrf is not None:
            from memory.users import same_secret

            if not same_secret(headers.get(CSRF_HEADER, ""), csrf):
                await _answer(send, 403, BAD_CSRF)
                return
        if path.startswith("/api/"):
            limits = [(f"requests:{user.name}", self.config.requests_per_minute)]
            if is_message_post(method, path):
                limits.append((f"messages:{user.name}", self.config.messages_per_minute))
            for bucket, limit in limits:
                if (wait := await self.config.allow(bucket, limit)) is not None:
                    await _answer(send, 429, TOO_MANY.format(limit=limit, wait=wait), {"retry-after": str(wait)})
                    return
        scope.setdefault("state", {}).update(user=user, csrf=csrf)
        await self.app(scope, receive, send)

    async def _identify(self, headers: Headers) -> tuple[User | None, str | None]:
        """(user, the session's CSRF token) — the token is None for a bearer token, which needs none."""
        scheme, _, credential = (headers.get("authorization") or "").partition(" ")
        users = self.config.users
        if scheme.lower() == "bearer" and credential.strip():
            return await to_thread.run_sync(users.user_for_token, credential.strip()), None
        session_id = cookie_parser(headers.get("cookie", "")).get(SESSION_COOKIE)
        if session_id:
            found = await to_thread.run_sync(users.session, session_id)
            if found is not None:
                return found
        return None, None


async def _answer(send: Send, status: int, detail: str | None, extra: dict[str, str] | None = None) -> None:
    """A JSON error like the routes' (`{"detail": …}`), or an empty redirect; nothing from the request."""
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode() if detail else b""
    head = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    head += [(k.encode(), v.encode("latin-1")) for k, v in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": head})
    await send({"type": "http.response.body", "body": body})
