"""Thread titles in PostgreSQL (team mode): every `touyan serve` replica lists and continues the same
threads. The same interface as memory/threads.ThreadRegistry, whose checkpoints and store move to
PostgreSQL alongside (memory/threads.open_persistence)."""

from __future__ import annotations

import time
import uuid

from memory.thread_info import TITLE_CHARS, ThreadInfo

_SCHEMA = ("CREATE TABLE IF NOT EXISTS chat_threads (thread_id TEXT PRIMARY KEY, title TEXT NOT NULL, "
           "created_at DOUBLE PRECISION NOT NULL, updated_at DOUBLE PRECISION NOT NULL, turns INTEGER NOT NULL, owner TEXT)")
_OWNER = "ALTER TABLE chat_threads ADD COLUMN IF NOT EXISTS owner TEXT"  # registries made before users
_COLUMNS = "thread_id, title, created_at, updated_at, turns, owner"


class PostgresThreadRegistry:
    def __init__(self, url: str, *, max_connections: int = 2):
        from psycopg_pool import ConnectionPool

        from memory.team_servers import check_postgres

        check_postgres(url)
        self._pool = ConnectionPool(url, min_size=1, max_size=max_connections, open=True, timeout=30,
                                    kwargs={"autocommit": True}, check=ConnectionPool.check_connection,
                                    name="touyan-threads")
        with self._pool.connection() as conn:
            conn.execute("SELECT pg_advisory_lock(hashtext('touyan.chat_threads'))")  # concurrent first starts
            try:
                conn.execute(_SCHEMA)
                conn.execute(_OWNER)
            finally:
                conn.execute("SELECT pg_advisory_unlock(hashtext('touyan.chat_threads'))")

    def close(self) -> None:
        self._pool.close()

    def new_thread(self, owner: str | None = None) -> str:
        thread_id, now = uuid.uuid4().hex[:12], time.time()
        with self._pool.connection() as conn:
            conn.execute(f"INSERT INTO chat_threads ({_COLUMNS}) VALUES (%s, '', %s, %s, 0, %s)", (thread_id, now, now, owner))
        return thread_id

    def touch(self, thread_id: str, user_message: str) -> None:
        """Record a turn; the first message becomes the title."""
        now, title = time.time(), " ".join(user_message.split())[:TITLE_CHARS]
        with self._pool.connection() as conn:
            conn.execute("INSERT INTO chat_threads (thread_id, title, created_at, updated_at, turns) "
                         "VALUES (%s, %s, %s, %s, 1) ON CONFLICT (thread_id) DO UPDATE SET "
                         "title = CASE WHEN chat_threads.title = '' THEN excluded.title ELSE chat_threads.title END, "
                         "updated_at = excluded.updated_at, turns = chat_threads.turns + 1", (thread_id, title, now, now))

    def get(self, thread_id: str) -> ThreadInfo | None:
        with self._pool.connection() as conn:
            row = conn.execute(f"SELECT {_COLUMNS} FROM chat_threads WHERE thread_id = %s", (thread_id,)).fetchone()
        return ThreadInfo(*row) if row else None

    def list(self, limit: int = 50, owner: str | None = None) -> list[ThreadInfo]:
        """The latest threads; with `owner`, only that user's."""
        where, params = ("WHERE owner = %s", (owner, limit)) if owner is not None else ("", (limit,))
        with self._pool.connection() as conn:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM chat_threads {where} ORDER BY updated_at DESC LIMIT %s",
                                params).fetchall()
        return [ThreadInfo(*r) for r in rows]
