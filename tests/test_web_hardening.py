"""The web app against hostile requests (issue 11): request bodies limited while read,
error bodies that echo nothing, the Host allow-list for any bind address, the same-origin rule on POSTs,
and framing refused on every response. Report pages and original files: tests/test_web_files.py."""

from __future__ import annotations

import socket

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.conftest import make_context
from tests.e2e.web_support import ThreadedServer
from touyan.cli import app as cli_app
from touyan.commands.serve import allowed_hosts
from touyan.web import create_app
from touyan.web.guard import MAX_BODY_BYTES

ORIGIN = "http://testserver"  # TestClient's own origin


@pytest.fixture()
def client(library, tmp_path):
    with TestClient(create_app(make_context(library), tmp_path / "home")) as c:
        yield c


@pytest.fixture()
def sample_client(sample_library, tmp_path):
    with TestClient(create_app(make_context(sample_library), tmp_path / "home")) as c:
        yield c


# -- error bodies ----------------------------------------------------------------
def test_invalid_requests_do_not_echo_what_was_sent(client):
    thread_id = client.post("/api/threads").json()["thread_id"]
    marker = "ECHO-MARKER-<script>"
    for response in (client.post(f"/api/threads/{thread_id}/messages", json={"text": [marker]}),
                     client.post(f"/api/threads/{thread_id}/messages", content=f'{{"text": "{marker}',
                                 headers={"content-type": "application/json"}),
                     client.get(f"/api/reports/x/pages/{marker}"),
                     client.get(f"/api/threads/{marker}")):
        assert response.status_code in (404, 422) and "ECHO-MARKER" not in response.text, response.text


# -- request body limit -------------------------------------------------------------------------------
def test_a_large_body_is_refused_with_413_and_not_echoed(client):
    thread_id = client.post("/api/threads").json()["thread_id"]
    big = "A" * (MAX_BODY_BYTES + 1)
    declared = client.post(f"/api/threads/{thread_id}/messages", json={"text": big})

    def chunked():  # no Content-Length: the limit holds while reading
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b"B" * 65536

    streamed = client.post(f"/api/threads/{thread_id}/messages", content=chunked(),
                           headers={"content-type": "application/json"})
    for response in (declared, streamed):
        assert response.status_code == 413 and "请求体过大" in response.json()["detail"]
        assert len(response.content) < 500
    assert client.get(f"/api/threads/{thread_id}").json()["turns"] == 0


def _raw_request(port: int, head: bytes, body_parts, timeout: float = 10.0) -> bytes:
    """Send `head` and some body, then read what the server answers (before the body is complete)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head)
        for part in body_parts:
            sock.sendall(part)
        answer = b""
        while b"\r\n\r\n" not in answer:
            data = sock.recv(65536)
            if not data:
                break
            answer += data
        return answer


def test_a_150_mb_body_is_refused_before_it_is_read(library, tmp_path):
    """Over real HTTP: the 413 comes back while 150 MB are still owed, so the server never waited for them."""
    with ThreadedServer(create_app(make_context(library), tmp_path / "home")) as live:
        host = f"127.0.0.1:{live.port}".encode()
        declared = _raw_request(live.port, b"POST /api/threads/x/messages HTTP/1.1\r\nHost: " + host +
                                b"\r\nContent-Type: application/json\r\nContent-Length: 157286400\r\n\r\n",
                                [b'{"text": "' + b"A" * 65536])
        chunk = b"%x\r\n%s\r\n" % (65536, b"A" * 65536)
        streamed = _raw_request(live.port, b"POST /api/threads HTTP/1.1\r\nHost: " + host +
                                b"\r\nTransfer-Encoding: chunked\r\n\r\n", [chunk] * 4)
        streamed_messages = _raw_request(
            live.port, b"POST /api/threads/x/messages HTTP/1.1\r\nHost: " + host +
            b"\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
            [chunk] * (MAX_BODY_BYTES // 65536 + 2))
    assert declared.startswith(b"HTTP/1.1 413"), declared[:200]
    assert streamed.startswith(b"HTTP/1.1 201")  # a route that reads no body answers; the body is dropped
    assert streamed_messages.startswith(b"HTTP/1.1 413"), streamed_messages[:200]


# -- Host allow-list ------------------------------------------------------------------------------------
@pytest.mark.parametrize("bind, extra, accepted, refused", [
    ("127.0.0.1", [], ["127.0.0.1", "localhost", "[::1]"], ["attacker.example", "0.0.0.0"]),
    ("0.0.0.0", [], ["127.0.0.1", "localhost"], ["attacker.example", "0.0.0.0", "192.168.1.5"]),
    ("0.0.0.0", ["192.168.1.5", "*.lan"], ["192.168.1.5", "nas.lan"], ["attacker.example", "lan.evil"]),
    ("192.168.1.5", [], ["192.168.1.5", "localhost"], ["attacker.example"]),
    ("::", ["fe80::1"], ["[fe80::1]", "[::1]"], ["attacker.example"]),
])
def test_any_bind_address_keeps_a_host_allow_list(sample_library, tmp_path, bind, extra, accepted, refused):
    app = create_app(make_context(sample_library), tmp_path / "home", allowed_hosts=allowed_hosts(bind, extra))
    with TestClient(app) as c:
        for host in accepted:
            assert c.get("/api/info", headers={"host": f"{host}:8765"}).status_code == 200, host
        for host in refused:
            assert c.get("/api/info", headers={"host": f"{host}:8765"}).status_code == 400, host


def test_serve_on_all_interfaces_still_refuses_other_hosts(tmp_path, monkeypatch):
    """Through the CLI: `--host 0.0.0.0` (with auth, which it needs) builds the allow-list (uvicorn is not
    started: no public socket)."""
    import uvicorn

    from memory.users import open_users

    users = open_users(tmp_path / "library")
    users.add("alice", "user")
    bearer = {"authorization": f"Bearer {users.new_token('alice')}"}
    users.close()
    seen = {}

    def fake_run(server, sockets=None):
        with TestClient(server.config.app) as c:
            seen["evil"] = c.get("/api/info", headers={"host": "attacker.example", **bearer}).status_code
            seen["local"] = c.get("/api/info", headers={"host": "127.0.0.1:8765", **bearer}).status_code
            seen["allowed"] = c.get("/api/info", headers={"host": "nas.lan:8765", **bearer}).status_code
            seen["anonymous"] = c.get("/api/info", headers={"host": "nas.lan:8765"}).status_code
        server.started = True

    monkeypatch.setattr(uvicorn.Server, "run", fake_run)
    monkeypatch.setenv("TOUYAN_AUTH", "1")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = CliRunner().invoke(cli_app, ["--data-dir", str(tmp_path), "serve", "--host", "0.0.0.0", "--port",
                                          str(port), "--allow-host", "nas.lan"])
    assert result.exit_code == 0, result.output
    assert seen == {"evil": 400, "local": 200, "allowed": 200, "anonymous": 401}
    assert "--allow-host" in result.output and "http://127.0.0.1:" in result.output


@pytest.mark.parametrize("pattern", ["*", "a*b.example", "*example.com"])
def test_allow_host_cannot_mean_any_host(tmp_path, pattern):
    result = CliRunner().invoke(cli_app, ["--data-dir", str(tmp_path), "serve", "--allow-host", pattern])
    assert result.exit_code == 2 and "--allow-host" in result.output


# -- same-origin rule on state-changing routes ----------------------------------------------------------
@pytest.mark.parametrize("headers", [
    {"origin": "http://attacker.example"},
    {"origin": "null"},  # a sandboxed frame, e.g. an ingested HTML report
    {"origin": "http://testserver.attacker.example"},
    {"origin": "http://testserver:3000"},  # same host, another port: another origin
    {"sec-fetch-site": "cross-site"},
    {"sec-fetch-site": "same-site"},
])
def test_cross_origin_posts_are_refused(client, headers):
    before = len(client.get("/api/threads").json())
    thread_id = client.post("/api/threads").json()["thread_id"]  # a program (no Origin) may
    refused = client.post("/api/threads", headers=headers)
    message = client.post(f"/api/threads/{thread_id}/messages", json={"text": "你好"}, headers=headers)
    assert refused.status_code == 403 and "跨站" in refused.json()["detail"]
    assert message.status_code == 403
    assert len(client.get("/api/threads").json()) == before + 1
    assert client.get(f"/api/threads/{thread_id}").json()["turns"] == 0


def test_the_page_itself_may_post(client):
    same = {"origin": ORIGIN, "sec-fetch-site": "same-origin"}
    assert client.post("/api/threads", headers=same).status_code == 201
    assert client.get("/api/threads", headers={"origin": "http://attacker.example"}).status_code == 200


# -- framing ------------------------------------------------------------------------------------------
def test_no_response_may_be_framed(sample_client, sample_library):
    c = sample_client
    report_id = next(iter(sample_library.sample_ids.values()))
    thread_id = c.post("/api/threads").json()["thread_id"]
    responses = [c.get("/"), c.get("/static/app.js"), c.get("/api/info"), c.get("/api/threads"),
                 c.get(f"/api/threads/{thread_id}"), c.get(f"/api/reports/{report_id}/pages/0"),
                 c.get(f"/api/reports/{report_id}/file"), c.get("/nowhere"), c.get("/api/threads/nosuch"),
                 c.post("/api/threads", headers={"origin": "http://attacker.example"}),
                 c.post(f"/api/threads/{thread_id}/messages", content=b"x" * (MAX_BODY_BYTES + 1))]
    for response in responses:
        assert response.headers["x-frame-options"] == "DENY", response.url
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], response.url
        assert response.headers["x-content-type-options"] == "nosniff"
