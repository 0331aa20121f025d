"""Helpers for the web tests: parse server-sent events, run the app on a real port in a thread."""

from __future__ import annotations

import json
import socket
import threading
import time
from typing import AsyncIterator

import uvicorn


def parse_sse(raw: str) -> list[dict]:
    """The JSON `data:` payloads of an SSE body, in order (comments such as pings are skipped)."""
    events = []
    for block in raw.replace("\r\n", "\n").split("\n\n"):
        data = [line[5:].lstrip() for line in block.split("\n") if line.startswith("data:")]
        if data:
            events.append(json.loads("\n".join(data)))
    return events


async def stream_events(client, url: str, text: str) -> AsyncIterator[dict]:
    """POST a message and yield its events as they arrive (httpx.AsyncClient over real HTTP)."""
    async with client.stream("POST", url, json={"text": text}) as response:
        assert response.status_code == 200, await response.aread()
        buffer = ""
        async for chunk in response.aiter_text():
            buffer += chunk.replace("\r\n", "\n")
            *blocks, buffer = buffer.split("\n\n")
            for event in parse_sse("\n\n".join(blocks) + "\n\n"):
                yield event


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThreadedServer:
    """uvicorn serving `app` on 127.0.0.1 in a background thread (lifespan included)."""

    def __init__(self, app, **config) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self._server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, **config))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ThreadedServer:
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the web app did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=30)
        self._socket.close()
