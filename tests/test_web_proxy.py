"""`touyan serve` behind a reverse proxy (touyan/web/proxy.py, README "Team mode"): X-Forwarded-Proto/-Host/-For
are believed from TOUYAN_TRUSTED_PROXIES only, and the page works under a path prefix (TOUYAN_ROOT_PATH)."""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient

from memory.users import open_users
from tests.conftest import make_context
from tests.e2e.web_support import ThreadedServer
from touyan.web import create_app
from touyan.web.auth import AuthConfig
from touyan.web.proxy import TrustedProxies, trusted_networks

PASSWORD = "correct horse battery"
FORWARDED = {"x-forwarded-proto": "https", "x-forwarded-host": "team.example", "x-forwarded-for": "198.51.100.7"}


async def _echo(scope, receive, send):
    host = dict(scope["headers"]).get(b"host", b"").decode()
    body = f"{scope['scheme']} {host} {scope['client'][0]}".encode()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


@pytest.mark.parametrize("peer, headers, seen", [
    ("10.1.2.3", FORWARDED, "https team.example 198.51.100.7"),
    ("203.0.113.9", FORWARDED, "http testserver 203.0.113.9"),  # not our proxy: its headers are anybody's
    ("10.1.2.3", {"x-forwarded-proto": "gopher"}, "http testserver 10.1.2.3"),
    # Several hops: the values our proxy added are the last; forged ones in front are skipped.
    ("10.1.2.3", {"x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.9.9.9", "x-forwarded-host": "evil.example, team.example"},
     "http team.example 198.51.100.7"),
])
def test_forwarded_headers_only_from_trusted_proxies(peer, headers, seen):
    app = TrustedProxies(_echo, trusted_networks("10.0.0.0/8, 127.0.0.1"))
    assert TestClient(app, client=(peer, 5555)).get("/", headers=headers).text == seen  # no lifespan: not entered


def test_a_bad_trusted_proxy_entry_is_named():
    with pytest.raises(ValueError, match="not-an-ip"):
        trusted_networks("10.0.0.1, not-an-ip")


@pytest.fixture()
def users(tmp_path):
    store = open_users(tmp_path / "library")
    store.add("bob", "user", PASSWORD)
    yield store
    store.close()


def test_behind_a_proxy_under_a_path_prefix(library, tmp_path, users):
    """A real uvicorn with root_path, as `touyan serve` runs it behind nginx (which strips /touyan)."""
    app = create_app(make_context(library), tmp_path / "home", allowed_hosts=["team.example"],
                     auth=AuthConfig(users), trusted_proxies=trusted_networks("127.0.0.1"))
    with ThreadedServer(app, root_path="/touyan", proxy_headers=False) as server:
        proxy = {"x-forwarded-proto": "https", "x-forwarded-host": "team.example"}
        base = server.base_url
        page = httpx.get(f"{base}/", headers=proxy)
        assert page.status_code == 303 and page.headers["location"] == "/touyan/login"
        assert httpx.get(f"{base}/login", headers=proxy).status_code == 200
        assert httpx.get(f"{base}/static/login.js", headers=proxy).status_code == 200
        origin = {**proxy, "origin": "https://team.example"}
        signed = httpx.post(f"{base}/api/login", json={"name": "bob", "password": PASSWORD}, headers=origin)
        cookie = signed.headers["set-cookie"].lower()
        assert signed.status_code == 200 and "path=/touyan" in cookie and "; secure" in cookie
        session = {**origin, "cookie": signed.headers["set-cookie"].split(";")[0],
                   "x-csrf-token": signed.json()["csrf_token"]}
        assert httpx.post(f"{base}/api/threads", headers=session).status_code == 201
        assert httpx.get(f"{base}/", headers=session).status_code == 200
        # Straight to the app, not through the proxy: its Origin is not this Host (403), and this Host is not
        # on the allow-list (400).
        direct = {k: v for k, v in session.items() if k != "x-forwarded-host"}
        assert httpx.post(f"{base}/api/threads", headers=direct).status_code == 403
        assert httpx.post(f"{base}/api/threads", headers={k: v for k, v in direct.items() if k != "origin"}).status_code == 400
