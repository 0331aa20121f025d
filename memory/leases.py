"""Who is writing a report: a lease held by one library instance in one process.

A report being written (or dropped) carries its owner's host, pid, process start time and a token
unique to the library instance, plus a heartbeat timestamp. Another process may take the report
over only when the owner is gone:
- same host: the pid is not alive, or it now names another process (its start time differs);
- another host (a shared data directory): the heartbeat is older than `timeout_s`, since a pid on
  another machine cannot be checked. The owner refreshes its heartbeat every `timeout_s / 6`.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

# A live owner refreshes every 20 s; one whose heartbeat is 2 minutes old is gone (other hosts only).
LEASE_TIMEOUT_S = 120.0


def _proc_stat(pid: int) -> tuple[str, int]:
    """(state, start time in clock ticks since boot) from /proc (Linux); ("", 0) where it is not there.
    The start time tells a live owner from a new process that was given the same pid."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return "", 0
    # The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    fields = stat[stat.rindex(")") + 2:].split()
    return fields[0], int(fields[19])


def _start_time(pid: int) -> int:
    return _proc_stat(pid)[1]


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by another user
        return True
    return _proc_stat(pid)[0] != "Z"  # killed but not yet reaped by its parent: it will write nothing more


@dataclass(frozen=True)
class Owner:
    host: str
    pid: int
    started: int
    token: str

    @classmethod
    def current(cls) -> Owner:
        pid = os.getpid()
        return cls(socket.gethostname(), pid, _start_time(pid), uuid.uuid4().hex)


@dataclass(frozen=True)
class Lease:
    """The owner columns of a row in 'writing' or 'dropping'."""

    host: str | None
    pid: int | None
    started: int | None
    token: str | None
    heartbeat: float | None

    def held_by(self, owner: Owner) -> bool:
        return self.token == owner.token

    def owner_gone(self, me: Owner, *, now: float | None = None, timeout_s: float = LEASE_TIMEOUT_S) -> bool:
        if self.token is None or self.pid is None:  # written before leases existed: nobody holds it
            return True
        if self.host == me.host:
            if not pid_alive(self.pid):
                return True
            return bool(self.started) and _start_time(self.pid) not in (0, self.started)
        now = time.time() if now is None else now
        return self.heartbeat is None or now - self.heartbeat > timeout_s


class Heartbeat:
    """A daemon thread calling `beat()` every `interval_s` until stopped; a failing beat is retried
    at the next tick (a busy database must not kill the thread)."""

    def __init__(self, beat: Callable[[], None], interval_s: float) -> None:
        self._beat = beat
        self._interval = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="touyan-lease-heartbeat", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self._beat()
            except Exception:  # noqa: BLE001 - retried next tick; the lease's owner check is the safety net
                continue

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=5)
