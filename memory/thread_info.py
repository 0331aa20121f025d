"""What a thread registry (memory/threads.py: SQLite; memory/pg_threads.py: PostgreSQL) knows about a thread."""

from __future__ import annotations

from dataclasses import dataclass

TITLE_CHARS = 30  # the first message, cut to this, becomes the title


@dataclass(frozen=True)
class ThreadInfo:
    thread_id: str
    title: str
    created_at: float
    updated_at: float
    turns: int
