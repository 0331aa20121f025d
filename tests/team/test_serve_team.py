"""Two real `touyan serve` processes (two replicas behind a load balancer) on one PostgreSQL and one Chroma
server, with auth: a user signed in on one continues her thread on the other (sessions, threads and
checkpoints are shared), another user cannot read or write it (404), and a cross-origin POST without the
CSRF token is refused. Offline chat (no LLM); users made with the real `touyan users` command."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import SAMPLES
from tests.e2e.web_support import parse_sse
from tools.documents import load_document

TOUYAN = str(Path(sys.executable).parent / "touyan")
CONCEPT_REPORT = "20250305_国泰君安_低空经济产业链全景图谱.pdf"
PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def team_env(tmp_path, catalog_url, chroma_url) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TOUYAN_", "OPENAI_"))}
    env.update({"TOUYAN_CATALOG_URL": catalog_url, "TOUYAN_CHROMA_URL": chroma_url, "TOUYAN_AUTH": "1",
                "COLUMNS": "200"})
    return env


def touyan(env: dict, home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    home.mkdir(parents=True, exist_ok=True)
    return subprocess.run([TOUYAN, *args], env={**env, "TOUYAN_HOME": str(home)}, cwd=home, input=stdin,
                          capture_output=True, text=True, timeout=120)


class Replica:
    """One `touyan serve` process on 127.0.0.1 and a free port, with its own data directory."""

    def __init__(self, env: dict, home: Path):
        home.mkdir(parents=True, exist_ok=True)
        self.port, self.log = free_port(), home / "serve.log"
        self.base = f"http://127.0.0.1:{self.port}"
        with self.log.open("w") as handle:
            self.process = subprocess.Popen([TOUYAN, "serve", "--port", str(self.port)], cwd=home,
                                            env={**env, "TOUYAN_HOME": str(home)}, stdout=handle, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                if httpx.get(f"{self.base}/login", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.3)
        raise AssertionError(f"touyan serve did not answer: {self.log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture()
def replicas(tmp_path, team_env, library):
    library.ingest(load_document(SAMPLES / CONCEPT_REPORT))  # the team library: PostgreSQL + the Chroma server
    admin = touyan(team_env, tmp_path / "admin", "users", "add", "alice", "--role", "admin", "--password-stdin",
                   stdin=PASSWORD + "\n")
    assert admin.returncode == 0, admin.stderr
    assert touyan(team_env, tmp_path / "admin", "users", "add", "bob", "--password-stdin", stdin=PASSWORD + "\n").returncode == 0
    started = [Replica(team_env, tmp_path / f"replica{i}") for i in (1, 2)]
    try:
        for replica in started:
            replica.wait_ready()
        yield started
    finally:
        for replica in started:
            replica.stop()


def sign_in(replica: Replica, name: str) -> dict[str, str]:
    """Headers of a signed-in page on `replica`: its session cookie, CSRF token and own Origin."""
    response = httpx.post(f"{replica.base}/api/login", json={"name": name, "password": PASSWORD},
                          headers={"origin": replica.base})
    assert response.status_code == 200, response.text
    return {"cookie": response.headers["set-cookie"].split(";")[0], "x-csrf-token": response.json()["csrf_token"]}


def post(replica: Replica, path: str, session: dict, **kwargs) -> httpx.Response:
    return httpx.post(f"{replica.base}{path}", headers={**session, "origin": replica.base}, timeout=180, **kwargs)


def get(replica: Replica, path: str, session: dict) -> httpx.Response:
    return httpx.get(f"{replica.base}{path}", headers=session, timeout=180)


def ask(replica: Replica, thread: str, text: str, session: dict) -> str:
    response = post(replica, f"/api/threads/{thread}/messages", session, json={"text": text})
    assert response.status_code == 200, response.text
    events = parse_sse(response.text)
    assert events[-1]["type"] == "message", events
    return events[-1]["text"]


def test_two_serve_processes_share_users_sessions_and_threads(replicas, tmp_path):
    first, second = replicas
    alice = sign_in(first, "alice")
    thread = post(first, "/api/threads", alice).json()["thread_id"]
    answer_one = ask(first, thread, "拆解一下低空经济", alice)
    # The session signed in on the first process is good on the second: it continues the same thread.
    answer_two = ask(second, thread, "上游有哪些公司？", alice)
    for replica in replicas:
        stored = get(replica, f"/api/threads/{thread}", alice).json()
        assert [m["text"] for m in stored["messages"]] == ["拆解一下低空经济", answer_one, "上游有哪些公司？", answer_two]
        assert stored["turns"] == 2
    assert get(second, f"/api/threads/{thread}/concept", alice).status_code == 200

    # Another user, on either process: the thread does not exist for him.
    bob = sign_in(second, "bob")
    for replica in replicas:
        assert get(replica, f"/api/threads/{thread}", bob).status_code == 404
        assert get(replica, f"/api/threads/{thread}/concept", bob).status_code == 404
        assert get(replica, "/api/threads", bob).json() == []
    assert post(first, f"/api/threads/{thread}/messages", bob, json={"text": "上游有哪些公司？"}).status_code == 404

    # A page of another site posting with alice's cookie (the browser sends it) but without her CSRF token.
    forged = {"cookie": alice["cookie"], "origin": "http://attacker.example", "content-type": "text/plain"}
    for replica in replicas:
        refused = httpx.post(f"{replica.base}/api/threads/{thread}/messages", headers=forged,
                             content='{"text": "删除全部"}')
        assert refused.status_code == 403
        no_token = httpx.post(f"{replica.base}/api/threads", headers={"cookie": alice["cookie"], "origin": replica.base})
        assert no_token.status_code == 403 and "CSRF" in no_token.json()["detail"]
    assert get(first, f"/api/threads/{thread}", alice).json()["turns"] == 2
    assert [t["thread_id"] for t in get(second, "/api/threads", alice).json()] == [thread]

    # The admin's ingest endpoint queues files for `touyan worker`; a user may not.
    report = tmp_path / "incoming" / CONCEPT_REPORT
    report.parent.mkdir()
    report.write_bytes((SAMPLES / CONCEPT_REPORT).read_bytes())
    assert post(second, "/api/ingest", bob, json={"paths": [str(report.parent)]}).status_code == 403
    queued = post(second, "/api/ingest", alice, json={"paths": [str(report.parent)]})
    assert queued.status_code == 202 and queued.json() == {"queued": 1, "already_queued": 0, "failed": []}
    for replica in replicas:  # nothing local: users, sessions and threads are all in PostgreSQL
        assert list((tmp_path / replica.log.parent.name).glob("**/*.sqlite3")) == []
