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
    owner: str | None = None  # the signed-in user who made it (`touyan serve` with auth); None: no sign-in

    def public(self) -> dict:
        """What the page is shown: the owner is implied by who asks."""
        return {k: v for k, v in self.__dict__.items() if k != "owner"}
