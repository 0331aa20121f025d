"""The LLM rate limit and token budget shared by every process of a team (workers on any machine, serve
replicas): rows in the team PostgreSQL, read and changed under a row lock (SELECT … FOR UPDATE), so N
processes together keep one rate and one budget. Embedded mode keeps the per-process limiter
(agents/llm/client.py) and the per-run budget of agents/llm/usage.py.

- Rate: a token bucket per endpoint holding at most one request (as the in-process limiter: no bursts),
  refilled at requests_per_minute / 60 per second by the database's clock, so workers' clocks do not matter.
- Budget: a named row (one per `summarize --queue` batch). Before each call its worst case (prompt
  estimate with a margin + the output cap) is reserved; a call that would take used + reserved past the
  budget is refused before it is sent (agents/llm/client.py raises BudgetExceeded); after it, the
  reservation is replaced by the tokens the call really used. So the total never passes the budget while
  each call stays within its reservation.
  A process killed mid-call leaves its reservation counted: the budget errs on the safe side.
"""

from __future__ import annotations

import asyncio
import threading
import time
from functools import lru_cache

from langchain_core.rate_limiters import BaseRateLimiter  # this module is imported in team mode only

_SCHEMA = ("CREATE TABLE IF NOT EXISTS touyan_llm_rate (endpoint TEXT PRIMARY KEY, tokens DOUBLE PRECISION NOT NULL, "
           "updated DOUBLE PRECISION NOT NULL)",
           "CREATE TABLE IF NOT EXISTS touyan_llm_budget (name TEXT PRIMARY KEY, budget BIGINT NOT NULL, "
           "used BIGINT NOT NULL DEFAULT 0, reserved BIGINT NOT NULL DEFAULT 0, refused INTEGER NOT NULL DEFAULT 0)")
_NOW = "extract(epoch from clock_timestamp())::float8"
_SCHEMA_LOCK = 0x746F7579616E + 2  # the catalog's writer lock + 2 (memory/pg_catalog.py, touyan/work_queue.py)
_WAIT_STEP_S = 0.5  # the longest sleep between looks at the bucket


@lru_cache(maxsize=None)
def _pool(dsn: str):
    """One small pool per process and database, with the tables in place."""
    from psycopg_pool import ConnectionPool

    from memory.team_servers import check_postgres

    check_postgres(dsn)
    pool = ConnectionPool(dsn, min_size=1, max_size=4, open=True, timeout=30, kwargs={"autocommit": True},
                          name="touyan-llm-limits")
    with pool.connection() as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
        for statement in _SCHEMA:
            conn.execute(statement)
    return pool


class PostgresRateLimiter(BaseRateLimiter):
    """`requests_per_minute` for one endpoint across every process on the database (langchain's rate limiter
    interface: ChatOpenAI calls acquire/aacquire before each request)."""

    def __init__(self, dsn: str, endpoint: str, requests_per_minute: int) -> None:
        self._dsn, self._endpoint, self._rate = dsn, endpoint, requests_per_minute / 60.0
        self._lock = threading.Lock()  # this process's threads take turns at the row, not at the pool

    def _try(self) -> float:
        """0 when a request may start now (the token is taken), else the seconds until one is due."""
        with self._lock, _pool(self._dsn).connection() as conn, conn.transaction():
            conn.execute(f"INSERT INTO touyan_llm_rate VALUES (%s, 1, {_NOW}) ON CONFLICT DO NOTHING", (self._endpoint,))
            tokens, updated, now = conn.execute(f"SELECT tokens, updated, {_NOW} FROM touyan_llm_rate WHERE endpoint = %s "
                                                "FOR UPDATE", (self._endpoint,)).fetchone()
            tokens = min(1.0, tokens + max(0.0, now - updated) * self._rate)
            taken = tokens >= 1.0
            conn.execute("UPDATE touyan_llm_rate SET tokens = %s, updated = %s WHERE endpoint = %s",
                         (tokens - 1.0 if taken else tokens, now, self._endpoint))
        return 0.0 if taken else (1.0 - tokens) / self._rate

    def acquire(self, *, blocking: bool = True) -> bool:
        while (wait := self._try()) > 0:
            if not blocking:
                return False
            time.sleep(min(wait, _WAIT_STEP_S))
        return True

    async def aacquire(self, *, blocking: bool = True) -> bool:
        while (wait := await asyncio.to_thread(self._try)) > 0:
            if not blocking:
                return False
            await asyncio.sleep(min(wait, _WAIT_STEP_S))
        return True


class PostgresBudget:
    """A token budget shared by every process that opens the same `name` (agents/llm/client.gated_call)."""

    def __init__(self, dsn: str, name: str, budget_tokens: int | None = None) -> None:
        self._dsn, self.name = dsn, name
        if budget_tokens is not None:  # the first opener sets it; later ones join it
            with _pool(dsn).connection() as conn:
                conn.execute("INSERT INTO touyan_llm_budget (name, budget) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                             (name, budget_tokens))

    def reserve(self, tokens: int) -> tuple[int, int] | None:
        """Hold `tokens` for one call: None when held, else (tokens used or held, budget): the call must not be sent."""
        with _pool(self._dsn).connection() as conn, conn.transaction():
            row = conn.execute("SELECT budget, used, reserved FROM touyan_llm_budget WHERE name = %s FOR UPDATE",
                               (self.name,)).fetchone()
            if row is None:
                raise RuntimeError(f"token 预算 {self.name} 不存在")
            budget, used, reserved = row
            if used + reserved + tokens > budget:
                conn.execute("UPDATE touyan_llm_budget SET refused = refused + 1 WHERE name = %s", (self.name,))
                return used + reserved, budget
            conn.execute("UPDATE touyan_llm_budget SET reserved = reserved + %s WHERE name = %s", (tokens, self.name))
        return None

    def settle(self, reserved: int, used: int) -> None:
        with _pool(self._dsn).connection() as conn:
            conn.execute("UPDATE touyan_llm_budget SET reserved = reserved - %s, used = used + %s WHERE name = %s",
                         (reserved, used, self.name))

    def state(self) -> dict[str, int]:
        with _pool(self._dsn).connection() as conn:
            row = conn.execute("SELECT budget, used, reserved, refused FROM touyan_llm_budget WHERE name = %s",
                               (self.name,)).fetchone()
        return dict(zip(("budget", "used", "reserved", "refused"), row or (0, 0, 0, 0)))
