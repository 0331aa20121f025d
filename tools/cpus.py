"""How many cores this process may run on (its affinity mask where the platform has one): what the parse pool
and the ingest's embedding helper size themselves by."""

from __future__ import annotations

import os


def usable_cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
