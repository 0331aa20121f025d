"""What every request to the local web app passes through before a route sees it.

One pure ASGI middleware, outermost, so that its answers get the same headers as the routes':
- a state-changing request (POST…) from another site is refused: its Origin must be this server's own
  (the Host the browser asked for, itself checked against the allow-list), so a page the researcher
  visits cannot create threads or send messages here (CSRF). A request with neither Origin nor
  Sec-Fetch-Site comes from a program (curl, a script), not from a browser page, and is let through;
- the request body is limited while it is read: a declared Content-Length over the limit is refused
  before a byte of the body is read, and a chunked body is cut off as soon as it passes the limit;
- every response may be framed by nobody (`frame-ancestors 'none'`, `X-Frame-Options: DENY`) unless
  the route itself allowed its own page to frame it, and is never content-sniffed.
"""

from __future__ import annotations

import json

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The longest message the page accepts (MAX_MESSAGE_CHARS, 8000 characters) is under 100 KB even as
# \u-escaped JSON; a megabyte leaves room and still stops a flood early.
MAX_BODY_BYTES = 1 << 20
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SAME_SITE = frozenset({"same-origin", "none"})  # Sec-Fetch-Site values of the page itself / a typed URL
CROSS_SITE = "跨站请求被拒绝：只接受本页面（同源）发起的修改请求。"
FRAMING_HEADERS = {"x-frame-options": "DENY", "x-content-type-options": "nosniff"}
FRAME_ANCESTORS = "frame-ancestors 'none'"


def body_too_large(limit: int) -> str:
    return f"请求体过大（上限 {limit // 1024} KB），未读取。"


def cross_site(headers: Headers) -> bool:
    """True when a browser says this request came from a page of another origin."""
    origin = headers.get("origin")
    if origin is not None:
        host = headers.get("host", "")
        return origin.lower() not in {f"http://{host}".lower(), f"https://{host}".lower()}
    site = headers.get("sec-fetch-site")
    return site is not None and site.lower() not in SAME_SITE


def declared_too_large(headers: Headers, limit: int) -> bool:
    declared = headers.get("content-length")
    return declared is not None and (not declared.isdigit() or int(declared) > limit)


class RequestGuard:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._with_frame_headers(send)
        headers = Headers(scope=scope)
        if scope["method"] not in SAFE_METHODS and cross_site(headers):
            await _refuse(send, 403, CROSS_SITE)
        elif declared_too_large(headers, self.max_body_bytes):
            await _refuse(send, 413, body_too_large(self.max_body_bytes))
        else:
            await self.app(scope, self._limited(receive), send)

    def _limited(self, receive: Receive) -> Receive:
        """`receive` that stops a body without Content-Length once it passes the limit. The route reading
        the body gets an HTTPException(413), which FastAPI re-raises and answers as JSON."""
        total = 0

        async def limited() -> Message:
            nonlocal total
            message = await receive()
            if message["type"] == "http.request":
                total += len(message.get("body", b""))
                if total > self.max_body_bytes:
                    raise HTTPException(413, body_too_large(self.max_body_bytes))
            return message

        return limited

    @staticmethod
    def _with_frame_headers(send: Send) -> Send:
        async def framed(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in FRAMING_HEADERS.items():
                    headers.setdefault(name, value)
                policy = headers.get("content-security-policy")
                if policy is None:
                    headers["content-security-policy"] = FRAME_ANCESTORS
                elif "frame-ancestors" not in policy:
                    headers["content-security-policy"] = f"{policy}; {FRAME_ANCESTORS}"
            await send(message)

        return framed


async def _refuse(send: Send, status: int, detail: str) -> None:
    """A JSON error like the routes' (`{"detail": …}`), naming nothing from the request."""
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
