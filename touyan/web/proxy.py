"""`touyan serve` behind a reverse proxy (nginx, Caddy, a load balancer), README "Team mode".

A proxy that terminates HTTPS talks to the app over plain HTTP from its own address; what the browser
used is in X-Forwarded-Proto (https: the session cookie gets Secure), X-Forwarded-Host (the name the
Host allow-list and the same-origin check compare with) and X-Forwarded-For (the client, for logs and
sign-in limits). Anybody can send those headers, so they are believed only from the addresses in
TOUYAN_TRUSTED_PROXIES; from any other peer they are ignored. uvicorn's own proxy handling is turned
off (touyan/commands/serve.py), so this is the one place that decides.

Each header may list one value per hop; the last one was set by the proxy next to us, which is the
one we trust.
"""

from __future__ import annotations

import ipaddress
from typing import Sequence

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send


def trusted_networks(spec: str | Sequence[str]) -> list:
    """IP networks from "10.0.0.1, 172.16.0.0/12" (or a list); a bad entry is one line naming it."""
    items = [part.strip() for part in (spec.split(",") if isinstance(spec, str) else spec)]
    networks = []
    for item in filter(None, items):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"TOUYAN_TRUSTED_PROXIES 中的 {item} 不是 IP 地址或网段（如 10.0.0.0/8）") from None
    return networks


def _last(headers: Headers, name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        return None
    parts = [part.strip() for part in value.split(",") if part.strip()]
    return parts[-1] if parts else None


class TrustedProxies:
    """Outermost middleware: rewrites scheme, Host and client from a trusted proxy's headers."""

    def __init__(self, app: ASGIApp, networks: Sequence) -> None:
        self.app = app
        self.networks = list(networks)

    def _trusted(self, address: str | None) -> bool:
        if not address:
            return False
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.networks)

    def _client(self, headers: Headers) -> str | None:
        """The rightmost X-Forwarded-For address that is not itself one of our proxies."""
        for address in reversed([p.strip() for p in (headers.get("x-forwarded-for") or "").split(",") if p.strip()]):
            if not self._trusted(address):
                return address
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] in ("http", "websocket") and self.networks and client and self._trusted(client[0]):
            headers = Headers(scope=scope)
            proto = (_last(headers, "x-forwarded-proto") or "").lower()
            if proto in ("http", "https"):
                scope["scheme"] = proto if scope["type"] == "http" else {"http": "ws", "https": "wss"}[proto]
            host = _last(headers, "x-forwarded-host")
            if host:
                scope["headers"] = [(k, v) for k, v in scope["headers"] if k != b"host"] + [(b"host", host.encode("latin-1"))]
            forwarded_for = self._client(headers)
            if forwarded_for:
                scope["client"] = (forwarded_for, 0)
        await self.app(scope, receive, send)
