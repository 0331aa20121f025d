"""`touyan serve` with auth (TOUYAN_AUTH=1): sign-in, session cookies, CSRF, private threads and profiles, the
admin role, per-user rate limits, and refusing to bind beyond loopback without auth. The same two-process
checks on PostgreSQL: tests/team/test_serve_team.py. Proxy headers and the root path: test_web_proxy.py."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from memory.users import open_users
from tests.conftest import make_context
from tests.e2e.web_support import parse_sse
from touyan.cli import app as cli_app
from touyan.web import create_app
from touyan.web.auth import AuthConfig

PASSWORD = "correct horse battery"
ORIGIN = "http://testserver"


@pytest.fixture()
def users(tmp_path):
    store = open_users(tmp_path / "library")
    store.add("alice", "admin", PASSWORD)
    store.add("bob", "user", PASSWORD)
    yield store
    store.close()


def auth_client(library, home, users, **limits) -> TestClient:
    return TestClient(create_app(make_context(library), home, auth=AuthConfig(users, **limits)))


@pytest.fixture()
def app_client(library, tmp_path, users):
    with auth_client(library, tmp_path / "home", users) as c:
        yield c


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Signs `client` in (its cookie jar keeps the session); returns the CSRF token."""
    response = client.post("/api/login", json={"name": name, "password": password})
    assert response.status_code == 200, response.text
    return response.json()["csrf_token"]


def test_nothing_but_the_sign_in_page_without_a_session(app_client):
    assert app_client.get("/api/threads").status_code == 401
    assert app_client.post("/api/threads").status_code == 401
    page = app_client.get("/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login"
    assert "api/login" in app_client.get("/static/login.js").text and app_client.get("/login").status_code == 200
    assert app_client.get("/api/session", headers={"authorization": "Bearer ty_forged"}).status_code == 401


def test_sign_in_sets_a_hardened_session_cookie(app_client):
    response = app_client.post("/api/login", json={"name": "bob", "password": PASSWORD})
    cookie = response.headers["set-cookie"].lower()
    assert "touyan_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "secure" not in cookie  # plain http (auto): a Secure cookie would never come back
    me = app_client.get("/api/session").json()
    assert me == {"auth": True, "user": "bob", "role": "user", "csrf_token": response.json()["csrf_token"]}
    assert app_client.get("/").status_code == 200


@pytest.mark.parametrize("base, setting, secure", [("https://testserver", "auto", True),
                                                   ("http://testserver", "always", True),
                                                   ("https://testserver", "never", False)])
def test_the_secure_flag(library, tmp_path, users, base, setting, secure):
    with TestClient(create_app(make_context(library), tmp_path / "home", auth=AuthConfig(users, cookie_secure=setting)),
                    base_url=base) as c:
        cookie = c.post("/api/login", json={"name": "bob", "password": PASSWORD},
                        headers={"origin": base}).headers["set-cookie"].lower()
    assert ("; secure" in cookie) is secure


def test_wrong_passwords_are_refused_alike_and_never_echoed(app_client, caplog):
    caplog.set_level(logging.DEBUG)
    wrong = app_client.post("/api/login", json={"name": "bob", "password": "guess-guess-1"})
    unknown = app_client.post("/api/login", json={"name": "nobody", "password": "guess-guess-2"})
    malformed = app_client.post("/api/login", json={"name": "bob", "password": ["guess-guess-3"]})
    assert wrong.status_code == unknown.status_code == 401 and wrong.json() == unknown.json()
    assert malformed.status_code == 422
    for secret in ("guess-guess-1", "guess-guess-2", "guess-guess-3"):
        assert all(secret not in r.text for r in (wrong, unknown, malformed)) and secret not in caplog.text
    assert "set-cookie" not in wrong.headers


def test_a_cookie_post_needs_the_csrf_token(app_client):
    token = sign_in(app_client, "bob")
    assert app_client.post("/api/threads").status_code == 403  # the cookie alone, as a forged form would send
    assert app_client.post("/api/threads", headers={"x-csrf-token": "forged"}).status_code == 403
    refused = app_client.post("/api/threads", headers={"x-csrf-token": token, "origin": "http://attacker.example"})
    assert refused.status_code == 403  # the right token from another origin: the Origin check still refuses
    assert app_client.post("/api/threads", headers={"x-csrf-token": token, "origin": ORIGIN}).status_code == 201
    assert app_client.post("/api/logout").status_code == 403  # signing out is a change too
    assert app_client.post("/api/logout", headers={"x-csrf-token": token}).status_code == 200
    assert app_client.get("/api/threads").status_code == 401


def test_an_api_token_needs_no_csrf_token(app_client, users):
    token = users.new_token("bob", "script")
    bearer = {"authorization": f"Bearer {token}"}
    assert app_client.post("/api/threads", headers=bearer).status_code == 201
    assert app_client.get("/api/session", headers=bearer).json()["user"] == "bob"
    users.disable("bob")  # out at once, on every replica
    assert app_client.get("/api/threads", headers=bearer).status_code == 401


def ask(client: TestClient, thread_id: str, text: str, headers: dict) -> tuple[int, list[dict]]:
    response = client.post(f"/api/threads/{thread_id}/messages", json={"text": text}, headers=headers)
    return response.status_code, parse_sse(response.text) if response.status_code == 200 else []


def test_threads_are_private_to_their_user(sample_library, tmp_path, users):
    with auth_client(sample_library, tmp_path / "home", users) as client:
        alice = {"x-csrf-token": sign_in(client, "alice")}  # alice by her session cookie, bob by his token
        bob = {"authorization": f"Bearer {users.new_token('bob')}"}
        thread = client.post("/api/threads", headers=alice).json()["thread_id"]
        status, events = ask(client, thread, "拆解一下低空经济", alice)
        assert status == 200 and events[-1]["type"] == "message"
        assert [t["thread_id"] for t in client.get("/api/threads").json()] == [thread]
        assert client.get("/api/threads", headers=bob).json() == []
        for path in (f"/api/threads/{thread}", f"/api/threads/{thread}/concept"):
            assert client.get(path, headers=bob).status_code == 404 and client.get(path).status_code == 200
        assert ask(client, thread, "上游有哪些公司？", bob)[0] == 404
        assert client.get(f"/api/threads/{thread}").json()["turns"] == 1  # bob's message never landed
        assert "owner" not in client.get(f"/api/threads/{thread}").json()


async def test_profiles_are_private_to_their_user(sample_library, tmp_path, users):
    """alice's watchlist answers her 自选股 question; bob, asking the same, does not get it."""
    from agents.supervisor.profile import Profile, save_profile
    from memory.threads import open_persistence

    home = tmp_path / "home"
    async with open_persistence(home) as (_saver, store):
        await save_profile(store, Profile(watchlist=["300750.SZ"]), user="alice")

    def answer(name: str) -> str:
        with auth_client(sample_library, home, users) as client:
            csrf = {"x-csrf-token": sign_in(client, name)}
            thread = client.post("/api/threads", headers=csrf).json()["thread_id"]
            return ask(client, thread, "我的自选股的研报覆盖怎么样？", csrf)[1][-1]["text"]

    import asyncio

    alice_answer, bob_answer = await asyncio.to_thread(answer, "alice"), await asyncio.to_thread(answer, "bob")
    assert "300750" in alice_answer and "300750" not in bob_answer


def test_the_admin_role(app_client, users):
    bob = {"x-csrf-token": sign_in(app_client, "bob")}
    assert app_client.get("/api/users").status_code == 403
    assert app_client.post("/api/users", json={"name": "eve", "password": PASSWORD}, headers=bob).status_code == 403
    assert app_client.post("/api/ingest", json={"paths": ["/tmp"]}, headers=bob).status_code == 403
    assert app_client.post("/api/users/alice/disable", headers=bob).status_code == 403
    admin = {"x-csrf-token": sign_in(app_client, "alice")}
    assert [u["name"] for u in app_client.get("/api/users").json()] == ["alice", "bob"]
    made = app_client.post("/api/users", json={"name": "carol", "role": "user", "password": PASSWORD}, headers=admin)
    assert made.status_code == 201 and made.json()["role"] == "user"
    short = app_client.post("/api/users", json={"name": "dave", "password": "short"}, headers=admin)
    assert short.status_code == 400 and "short" not in short.text
    token = app_client.post("/api/users/carol/tokens", json={"label": "ci"}, headers=admin).json()["token"]
    assert app_client.get("/api/session", headers={"authorization": f"Bearer {token}"}).json()["user"] == "carol"
    assert app_client.post("/api/users/alice/disable", headers=admin).status_code == 400  # not yourself
    assert app_client.post("/api/users/carol/disable", headers=admin).status_code == 200
    assert users.get("carol").disabled
    embedded = app_client.post("/api/ingest", json={"paths": ["/tmp"]}, headers=admin)
    assert embedded.status_code == 409 and "团队模式" in embedded.json()["detail"]


def test_per_user_rate_limits(sample_library, tmp_path, users):
    with auth_client(sample_library, tmp_path / "home", users, messages_per_minute=1, requests_per_minute=6) as c:
        csrf = {"x-csrf-token": sign_in(c, "bob")}
        thread = c.post("/api/threads", headers=csrf).json()["thread_id"]  # request 1
        assert ask(c, thread, "拆解一下低空经济", csrf)[0] == 200  # 2
        limited = c.post(f"/api/threads/{thread}/messages", json={"text": "上游？"}, headers=csrf)  # 3
        assert limited.status_code == 429 and 1 <= int(limited.headers["retry-after"]) <= 120  # two minutes at most
        assert [c.get("/api/threads").status_code for _ in range(4)] == [200, 200, 200, 429]  # 4-6, then 7
        token = users.new_token("alice")  # another user has her own allowance
        assert c.get("/api/threads", headers={"authorization": f"Bearer {token}"}).status_code == 200


def test_sign_in_attempts_are_limited(library, tmp_path, users):
    with auth_client(library, tmp_path / "home", users, sign_ins_per_minute=2) as c:
        codes = [c.post("/api/login", json={"name": "bob", "password": "guess-guess-1"}).status_code for _ in range(3)]
        assert codes == [401, 401, 429]
        assert c.post("/api/login", json={"name": "bob", "password": PASSWORD}).status_code == 429  # until the minute ends


def test_without_auth_nothing_changes(library, tmp_path):
    with TestClient(create_app(make_context(library), tmp_path / "home")) as c:
        assert c.get("/api/session").json() == {"auth": False, "user": None, "role": None, "csrf_token": None}
        assert c.post("/api/threads").status_code == 201 and c.get("/").status_code == 200
        assert c.get("/login").status_code == 404 and c.get("/api/users").status_code == 404


# -- touyan serve ----------------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::"])
def test_serve_refuses_to_bind_beyond_loopback_without_auth(tmp_path, monkeypatch, host):
    monkeypatch.delenv("TOUYAN_AUTH", raising=False)
    result = CliRunner().invoke(cli_app, ["--data-dir", str(tmp_path), "serve", "--host", host, "--port", "9"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"拒绝监听 {host}") and "TOUYAN_AUTH" in lines[0]
    assert "Traceback" not in result.output


def test_serve_with_auth_needs_a_user(tmp_path, monkeypatch):
    monkeypatch.setenv("TOUYAN_AUTH", "1")
    result = CliRunner().invoke(cli_app, ["--data-dir", str(tmp_path), "serve", "--host", "0.0.0.0", "--port", "9"])
    assert result.exit_code == 2 and "touyan users add" in result.output and "Traceback" not in result.output


def test_users_command_line(tmp_path):
    runner, home = CliRunner(), ["--data-dir", str(tmp_path)]
    added = runner.invoke(cli_app, [*home, "users", "add", "Alice", "--role", "admin", "--password-stdin"],
                          input=PASSWORD + "\n")
    assert added.exit_code == 0 and "alice" in added.output and PASSWORD not in added.output
    assert runner.invoke(cli_app, [*home, "users", "add", "bob", "--role", "root", "--no-password"]).exit_code == 1
    token = runner.invoke(cli_app, [*home, "users", "token", "alice"]).stdout.strip().splitlines()[-1]
    assert runner.invoke(cli_app, [*home, "users", "disable", "alice"]).exit_code == 0
    listed = runner.invoke(cli_app, [*home, "users", "list"]).output
    assert "alice" in listed and "admin" in listed and "已停用" in listed and "bob" not in listed
    store = open_users(tmp_path / "library")
    try:
        assert store.user_for_token(token) is None and store.authenticate("alice", PASSWORD) is None
    finally:
        store.close()
