"""What the real servers of the team suite share: a free loopback port, a private temp folder, and a
readiness wait that reports the server's own log when it never comes up."""

from __future__ import annotations

import abc
import socket
import time
from pathlib import Path
from typing import Callable, TypeVar

S = TypeVar("S", bound="Service")


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it). Another process may take it before the
    server binds; callers retry their start once on a bind failure."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(ready: Callable[[], bool], *, timeout_s: float, what: str, log: Path | None = None,
               alive: Callable[[], bool] = lambda: True) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if ready():
            return
        if not alive():
            break
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-2000:] if log is not None and log.exists() else ""
    raise RuntimeError(f"{what} did not become ready in {timeout_s:.0f} s\n{tail}")


class Service(abc.ABC):
    """A server the tests start and stop: `with Server() as server:` stops it however the block ends,
    also when it failed half way through starting."""

    @abc.abstractmethod
    def start(self: S) -> S: ...

    @abc.abstractmethod
    def stop(self) -> None: ...

    def __enter__(self: S) -> S:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()
