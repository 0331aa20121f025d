"""`touyan serve` answers before the chat is loaded (issue 15, goal 5): the page and the thread list
need only FastAPI and SQLite; requests that need the chat wait for it, or get one clear 503 line when
it could not be built. Timings are in benchmarks/serve_latency.py."""

from __future__ import annotations

import threading

from fastapi.testclient import TestClient

from tests.conftest import make_context
from touyan.web import create_app


class SlowContext:
    """A Context factory that blocks until released; records that the app closed what it built."""

    def __init__(self, library):
        self.library, self.release, self.built = library, threading.Event(), []

    def __call__(self):
        assert self.release.wait(60), "never released"
        context = make_context(self.library)
        closed = []
        context.shared.close = lambda: closed.append(True)  # the session library stays open for other tests
        self.built.append(closed)
        return context


def test_the_page_answers_while_the_chat_loads_then_the_chat_answers(sample_library, tmp_path):
    factory = SlowContext(sample_library)
    with TestClient(create_app(factory, tmp_path / "home")) as client:
        assert client.get("/").status_code == 200  # the loader is still blocked
        assert client.get("/api/threads").status_code == 200
        thread = client.post("/api/threads").json()["thread_id"]
        assert factory.built == []
        factory.release.set()
        info = client.get("/api/info")  # waits for the chat
        assert info.status_code == 200 and info.json()["engine"] == "extractive"
        assert client.get(f"/api/threads/{thread}").json()["messages"] == []
    assert factory.built == [[True]]  # the Context the app built is closed with it


def test_a_chat_that_cannot_load_is_one_clear_503_and_the_page_still_answers(tmp_path):
    def broken():
        raise RuntimeError("研报库目录无法打开：权限不足")

    with TestClient(create_app(broken, tmp_path / "home")) as client:
        assert client.get("/").status_code == 200
        for _ in range(2):  # every request that needs the chat says why, not only the first
            response = client.get("/api/info")
            assert response.status_code == 503
            detail = response.json()["detail"]
            assert "对话服务启动失败" in detail and "权限不足" in detail and "Traceback" not in detail


class CountingContext(SlowContext):
    """Records when the app first asked for the Context (released at once)."""

    def __init__(self, library):
        super().__init__(library)
        self.asked = threading.Event()
        self.release.set()

    def __call__(self):
        self.asked.set()
        return super().__call__()


def _slow_start(monkeypatch, seconds: float = 60.0) -> None:
    from touyan.web import chat_loader

    monkeypatch.setattr(chat_loader, "START_AFTER_S", seconds)


def test_loading_waits_for_the_first_page_to_be_sent(sample_library, tmp_path, monkeypatch):
    _slow_start(monkeypatch)
    factory = CountingContext(sample_library)
    with TestClient(create_app(factory, tmp_path / "home")) as client:
        assert client.get("/api/threads").status_code == 200
        assert not factory.asked.wait(0.3)  # nothing needs the chat yet: the page comes first
        assert client.get("/").status_code == 200
        assert factory.asked.wait(30)  # the page was sent: loading began
        assert client.get("/api/info").status_code == 200


def test_a_request_that_needs_the_chat_starts_loading_at_once(sample_library, tmp_path, monkeypatch):
    _slow_start(monkeypatch)
    factory = CountingContext(sample_library)
    with TestClient(create_app(factory, tmp_path / "home")) as client:
        assert client.get("/api/info").status_code == 200  # no page asked for: it would otherwise wait 60 s
    assert factory.built == [[True]]


def test_loading_begins_by_itself_when_no_one_asks(sample_library, tmp_path, monkeypatch):
    _slow_start(monkeypatch, 0.2)
    factory = CountingContext(sample_library)
    with TestClient(create_app(factory, tmp_path / "home")):
        assert factory.asked.wait(30)


def test_stopped_before_loading_builds_nothing(sample_library, tmp_path, monkeypatch):
    _slow_start(monkeypatch)
    factory = CountingContext(sample_library)
    with TestClient(create_app(factory, tmp_path / "home")) as client:
        assert client.get("/api/threads").status_code == 200
    assert not factory.asked.is_set() and factory.built == []
