"""Chat threads: the LangGraph checkpointer and store, plus a small registry of thread titles.

Embedded default: SQLite files in the data directory (`checkpoints.sqlite3`, `store.sqlite3`,
`threads.sqlite3`). With a Postgres DSN the langgraph Postgres saver is used instead.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
import uuid
from pathlib import Path
from typing import AsyncIterator

from memory.sqlite_wal import enable_wal
from memory.thread_info import TITLE_CHARS, ThreadInfo

__all__ = ["TITLE_CHARS", "ThreadInfo", "ThreadRegistry", "open_persistence", "open_registry"]
_COLUMNS = "thread_id, title, created_at, updated_at, turns, owner"


class ThreadRegistry:
    """Titles and timestamps of threads, so `touyan threads` and the web page can list them."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS threads (thread_id TEXT PRIMARY KEY, title TEXT, created_at REAL,"
                       " updated_at REAL, turns INTEGER, owner TEXT)")
            if "owner" not in {row[1] for row in db.execute("PRAGMA table_info(threads)")}:  # made before users
                db.execute("ALTER TABLE threads ADD COLUMN owner TEXT")

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self._path, timeout=10, isolation_level=None)
        enable_wal(db)
        return db

    def new_thread(self, owner: str | None = None) -> str:
        thread_id = uuid.uuid4().hex[:12]
        now = time.time()
        with contextlib.closing(self._connect()) as db:
            db.execute(f"INSERT INTO threads ({_COLUMNS}) VALUES (?, ?, ?, ?, 0, ?)", (thread_id, "", now, now, owner))
        return thread_id

    def touch(self, thread_id: str, user_message: str) -> None:
        """Record a turn; the first message becomes the title."""
        now, title = time.time(), " ".join(user_message.split())[:TITLE_CHARS]
        with contextlib.closing(self._connect()) as db:
            db.execute("INSERT INTO threads (thread_id, title, created_at, updated_at, turns) VALUES (?, ?, ?, ?, 1) ON CONFLICT(thread_id) DO UPDATE SET "
                       "title = CASE WHEN title = '' THEN excluded.title ELSE title END, "
                       "updated_at = excluded.updated_at, turns = turns + 1", (thread_id, title, now, now))

    def get(self, thread_id: str) -> ThreadInfo | None:
        with contextlib.closing(self._connect()) as db:
            row = db.execute(f"SELECT {_COLUMNS} FROM threads WHERE thread_id = ?", (thread_id,)).fetchone()
        return ThreadInfo(*row) if row else None

    def list(self, limit: int = 50, owner: str | None = None) -> list[ThreadInfo]:
        """The latest threads; with `owner`, only that user's."""
        where, params = ("WHERE owner = ?", (owner, limit)) if owner is not None else ("", (limit,))
        with contextlib.closing(self._connect()) as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM threads {where} ORDER BY updated_at DESC LIMIT ?", params).fetchall()
        return [ThreadInfo(*r) for r in rows]


def open_registry(data_dir: Path, postgres_dsn: str | None = None):
    """The thread registry: SQLite in the data directory, or PostgreSQL shared by every replica."""
    if postgres_dsn:
        from memory.pg_threads import PostgresThreadRegistry

        return PostgresThreadRegistry(postgres_dsn)
    return ThreadRegistry(data_dir / "threads.sqlite3")


async def _setup_one_at_a_time(postgres_dsn: str, *parts) -> None:
    """LangGraph's setup() runs its migrations unguarded: two replicas starting at once collided on its
    migrations table (UniqueViolation, tests/team/test_chat_team.py). A session advisory lock lets one in
    at a time; the others then find the migrations done."""
    import asyncio

    import psycopg

    async with await psycopg.AsyncConnection.connect(postgres_dsn, autocommit=True) as conn:
        # Polled, not waited in pg_advisory_lock: a waiting statement holds a snapshot, and the store's
        # CREATE INDEX CONCURRENTLY in the lock holder's setup waits for every such snapshot (it hung).
        while not (await (await conn.execute("SELECT pg_try_advisory_lock(hashtext('touyan.langgraph_setup'))")).fetchone())[0]:
            await asyncio.sleep(0.1)
        try:
            for part in parts:
                await part.setup()
        finally:
            await conn.execute("SELECT pg_advisory_unlock(hashtext('touyan.langgraph_setup'))")


@contextlib.asynccontextmanager
async def open_persistence(data_dir: Path, postgres_dsn: str | None = None) -> AsyncIterator[tuple]:
    """(checkpointer, store) for the chat graph, opened for the duration of a session. The checkpointer's
    serializer redacts secrets from a failed node's stored error (memory/checkpoint_serde.py)."""
    from memory.checkpoint_serde import RedactingSerializer

    if postgres_dsn:
        from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver  # optional extra: langgraph-checkpoint-postgres
        from langgraph.store.postgres.aio import AsyncPostgresStore

        async with AsyncPostgresSaver.from_conn_string(postgres_dsn) as saver, \
                AsyncPostgresStore.from_conn_string(postgres_dsn) as store:
            saver.serde = RedactingSerializer()
            await _setup_one_at_a_time(postgres_dsn, saver, store)
            yield saver, store
        return
    from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
    from langgraph.store.sqlite.aio import AsyncSqliteStore

    data_dir.mkdir(parents=True, exist_ok=True)
    async with AsyncSqliteSaver.from_conn_string(str(data_dir / "checkpoints.sqlite3")) as saver, \
            AsyncSqliteStore.from_conn_string(str(data_dir / "store.sqlite3")) as store:
        saver.serde = RedactingSerializer()
        await store.setup()
        yield saver, store
