"""Putting a SQLite file in WAL mode when several processes open it at the same moment.

`PRAGMA journal_mode=WAL` on a file still in rollback mode needs an exclusive lock. Two connections that
have both read the file and then both ask for that lock would wait on each other forever, so SQLite
answers one of them SQLITE_BUSY ("database is locked") at once, without calling its busy handler: a
busy_timeout does not help. Seen with 4 `touyan ingest` runs started together on a new library (about
one start in eight with 8 processes). The loser pauses briefly and asks again; by then the winner has
switched the file and the pragma is a no-op that needs no exclusive lock.
"""

from __future__ import annotations

import sqlite3
import time

# Pauses between attempts: 10 ms doubling to 0.5 s, ~4 s in all before the error is raised.
ATTEMPTS = 12
FIRST_PAUSE_S = 0.01
MAX_PAUSE_S = 0.5


def _busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def enable_wal(db: sqlite3.Connection, *, attempts: int = ATTEMPTS, first_pause_s: float = FIRST_PAUSE_S) -> None:
    """`PRAGMA journal_mode=WAL` on `db`, retried with a bounded, growing pause while another
    connection holds the lock it needs; the last SQLITE_BUSY is raised."""
    pause = first_pause_s
    for attempt in range(attempts):
        try:
            db.execute("PRAGMA journal_mode=WAL").fetchall()
            return
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or attempt == attempts - 1:
                raise
        time.sleep(pause)
        pause = min(pause * 2, MAX_PAUSE_S)
