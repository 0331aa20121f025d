"""The crash hook of the reliability tests: `TOUYAN_FAULT_POINT=ingest.completed:3` makes this process
kill itself with SIGKILL the third time it passes that checkpoint, exactly as `kill -9` would, so the
tests can stop a real `touyan ingest` / `touyan summarize` at a chosen step and check what a rerun
makes of the library. Unset (always, outside tests), no hook is installed at all."""

from __future__ import annotations

import os
import signal
import threading
from typing import Callable


def kill_at(spec: str | None) -> Callable[[str], None] | None:
    if not spec:
        return None
    name, _, nth = spec.partition(":")
    target = int(nth) if nth else 1
    seen = {"n": 0}
    lock = threading.Lock()

    def checkpoint(point: str) -> None:
        if point != name:
            return
        with lock:
            seen["n"] += 1
            if seen["n"] == target:
                os.kill(os.getpid(), signal.SIGKILL)

    return checkpoint
