"""A real OpenAI-compatible HTTP server on 127.0.0.1 for integration tests and benchmarks.

    with OpenAIServer([Reply.rate_limited(), Reply.tool_call("Rating", {"rating": "买入"})]) as server:
        model = make_chat_model(LLMConfig(base_url=server.base_url, ...))
        ...
        assert len(server.chat_requests) == 2

Replies come from a script: a list (a queue; `push` adds more) or a callable
`(request_json) -> Reply` for every chat request. Latency knobs: `ttft_s` (time to first
token) and `tokens_per_s`; streamed chunks are spaced accordingly, a non-streaming answer
is delayed by ttft + completion_tokens / tokens_per_s. Every request is recorded with its
JSON body and headers, the Authorization header REDACTED.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterable

from tests.support.dialects import Dialect, refusal, shape
from tests.support.openai_wire import (
    ChunkMaker,
    Reply,
    completion_body,
    count_tokens,
    embeddings_body,
    error_body,
    models_body,
    prompt_tokens,
)

Script = Iterable[Reply] | Callable[[dict], Reply] | None
_SECRET_HEADERS = {"authorization", "api-key", "x-api-key"}


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    body: dict | None
    headers: dict[str, str]  # lower-case names; secrets REDACTED
    received_at: float  # time.monotonic()
    auth_sha256: str | None = None  # sha256 of the raw Authorization value: proves which key came, without keeping it


def redact(name: str, value: str) -> str:
    if name.lower() not in _SECRET_HEADERS:
        return value
    scheme = value.split(" ", 1)[0] if " " in value else ""
    return f"{scheme} REDACTED".strip()


class OpenAIServer:
    """Start with `with OpenAIServer(...) as server:` (or start()/stop()); `base_url` ends in /v1."""

    def __init__(self, script: Script = None, *, ttft_s: float = 0.0, tokens_per_s: float | None = None,
                 model: str = "test-model", embedding_dim: int = 32, dialect: Dialect | None = None) -> None:
        self._lock = threading.Lock()
        self._queue: deque[Reply] = deque()
        self._responder: Callable[[dict], Reply] | None = None
        if callable(script):
            self._responder = script
        elif script is not None:
            self._queue.extend(script)
        self.ttft_s = ttft_s
        self.tokens_per_s = tokens_per_s
        self.model = model
        self.embedding_dim = embedding_dim
        self.dialect = dialect  # None: a well-behaved server; else tests/support/dialects.py
        self._requests: list[RecordedRequest] = []
        self._stopping = threading.Event()
        self._in_flight = 0
        self.peak_in_flight = 0
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> OpenAIServer:
        handler = type("Handler", (_Handler,), {"app": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True  # a hanging reply must not block shutdown
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="openai-test-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes any reply sleeping on latency or a hang
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> OpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "server not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    # -- script and records ----------------------------------------------------------------
    def push(self, *replies: Reply) -> None:
        with self._lock:
            self._queue.extend(replies)

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _next_reply(self, body: dict) -> Reply | None:
        if self._responder is not None:
            return self._responder(body)
        with self._lock:
            return self._queue.popleft() if self._queue else None

    def _enter(self) -> None:
        with self._lock:
            self._in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self._in_flight)

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            self._stopping.wait(seconds)

    def token_interval(self) -> float:
        return 1.0 / self.tokens_per_s if self.tokens_per_s else 0.0


class _Handler(BaseHTTPRequestHandler):
    app: OpenAIServer
    protocol_version = "HTTP/1.1"  # keep-alive, like real endpoints; streams use chunked encoding

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read server.requests
        pass

    def do_GET(self) -> None:
        self._record(None)
        if self.path.rstrip("/") == "/v1/models":
            self._send_json(200, models_body(self.app.model))
        else:
            self._send_json(404, error_body(f"no route {self.path}", 404))

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"null")
        except json.JSONDecodeError:
            self._record(None)
            self._send_json(400, error_body("request body is not JSON", 400))
            return
        self._record(body)
        path = self.path.rstrip("/")
        if path == "/v1/embeddings" and isinstance(body, dict):
            self._send_json(200, embeddings_body(body, self.app.model, self.app.embedding_dim))
        elif path == "/v1/chat/completions" and isinstance(body, dict) and body.get("messages"):
            self.app._enter()
            try:
                self._chat(body)
            finally:
                self.app._leave()
        elif path == "/v1/chat/completions":
            self._send_json(400, error_body("chat request without messages", 400))
        else:
            self._send_json(404, error_body(f"no route {path}", 404))

    def _record(self, body: Any) -> None:
        headers = {k.lower(): redact(k, v) for k, v in self.headers.items()}
        raw_auth = self.headers.get("Authorization")
        auth = hashlib.sha256(raw_auth.encode()).hexdigest() if raw_auth else None
        self.app._record(RecordedRequest(self.command, self.path, body, headers, time.monotonic(), auth))

    def _chat(self, body: dict) -> None:
        dialect = self.app.dialect
        reply = refusal(dialect, body) if dialect else None  # refused before any scripted reply is used
        reply = reply or self.app._next_reply(body)
        if reply is None:
            self._send_json(400, error_body("test server: no scripted reply left", 400))
            return
        self.app._sleep(reply.delay_s)
        if reply.kind == "error":
            extra = {"Retry-After": reply.retry_after} if reply.retry_after is not None else {}
            self._send_json(reply.status, error_body(reply.message, reply.status), extra)
            return
        reply = shape(dialect, reply, body) if dialect else reply
        prompt = prompt_tokens(body)
        if body.get("stream"):
            if dialect and dialect.auto_stream_empty and body.get("tool_choice") == "auto" and reply.kind == "tool_call":
                self._send_json(200, {})  # llama.cpp: "Automatic streaming tool choice is not supported"
                return
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            self._stream(reply, prompt, include_usage and (dialect is None or dialect.stream_usage))
            return
        completion = count_tokens(reply.completion_text)
        self.app._sleep(self.app.ttft_s + completion * self.app.token_interval())
        self._send_json(200, completion_body(reply, self.app.model, prompt))

    def _stream(self, reply: Reply, prompt: int, include_usage: bool) -> None:
        dialect = self.app.dialect
        maker = ChunkMaker(self.app.model, repeat_tool_header=bool(dialect and dialect.repeat_tool_header))
        deltas = maker.deltas(reply)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            self.app._sleep(self.app.ttft_s)
            for index, delta in enumerate(deltas):
                if index:
                    self.app._sleep(self.app.token_interval())
                self._event(maker.chunk(delta))
            finish = maker.finish(reply)
            used = count_tokens(reply.completion_text) + count_tokens(reply.reasoning)
            if dialect and dialect.usage_in_choice:  # Kimi: usage inside the last choice, not top-level
                finish["choices"][0]["usage"] = maker.usage(prompt, used)["usage"]
            self._event(finish)
            if include_usage and not (dialect and dialect.usage_in_choice):
                self._event(maker.usage(prompt, used))
            self._write_chunk(b"data: [DONE]\n\n")
            self._write_chunk(b"")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client went away (timeout); nothing to do

    def _event(self, payload: dict) -> None:
        self._write_chunk(f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode())

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):X}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _send_json(self, status: int, payload: dict, extra_headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (extra_headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client timed out and left
