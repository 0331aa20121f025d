"""The team catalog: reports, pages, chunks and the BM25 keyword index in PostgreSQL (psycopg 3).

It runs the SQLite catalog's SQL (memory/catalog.py, memory/report_states.py) through a connection
that turns `?` into `%s`, so the report life cycle (leases, checked transitions, one transaction per
completion) is the same code on both engines. What differs:
- Writers: SQLite's `BEGIN IMMEDIATE` lets one writer in at a time; here each write transaction first
  takes one transaction-level advisory lock, which gives the same order on every server replica and
  worker (write transactions are short: embedding happens before, outside them).
- Keyword index: a `tsvector` column of `chunks` with a GIN index, built from the same jieba tokens
  FTS5 indexes, split and lower-cased as FTS5's unicode61 tokenizer does, with positions so the
  term frequency is known. Ranking is FTS5's BM25 (k1 = 1.2, b = 0.75, idf floored at 1e-6) computed
  in SQL over the matching rows, so scores and order agree with the embedded catalog.
"""

from __future__ import annotations

import contextlib
import re
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

from memory import duplicate_tables
from memory.catalog import Catalog
from memory.filters import SearchFilters
from memory.report_states import delete_rows

# pg_advisory_xact_lock key of the catalog's one writer lock ("touyan" in ASCII).
WRITE_LOCK = 0x746F7579616E
MAX_POSITIONS = 255  # PostgreSQL keeps at most 256 positions per lexeme and chunk
MAX_POSITION = 16383
_SPLIT = re.compile(r"[\W_]+")  # FTS5 unicode61: letters and digits make tokens, everything else separates

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
  report_id TEXT PRIMARY KEY, source TEXT NOT NULL, kind TEXT, title TEXT, broker TEXT, date TEXT, date_key INTEGER,
  page_count INTEGER, chunk_count INTEGER, tickers TEXT, status TEXT NOT NULL, ingested_at DOUBLE PRECISION,
  parser_version TEXT, meta TEXT, owner_host TEXT, owner_pid INTEGER, owner_started BIGINT, owner_token TEXT,
  heartbeat DOUBLE PRECISION);
CREATE INDEX IF NOT EXISTS reports_status ON reports(status);
CREATE TABLE IF NOT EXISTS sources (path TEXT PRIMARY KEY, report_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sources_report ON sources(report_id);
CREATE TABLE IF NOT EXISTS pages (report_id TEXT, page INTEGER, text TEXT, PRIMARY KEY (report_id, page));
CREATE TABLE IF NOT EXISTS chunks (
  id BIGSERIAL PRIMARY KEY, chunk_id TEXT UNIQUE, report_id TEXT, page INTEGER, idx INTEGER, text TEXT,
  boilerplate INTEGER DEFAULT 0, tokens TSVECTOR NOT NULL, n_tokens INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_report ON chunks(report_id);
CREATE INDEX IF NOT EXISTS chunks_tokens ON chunks USING GIN (tokens);
CREATE TABLE IF NOT EXISTS report_tickers (report_id TEXT, ticker TEXT, PRIMARY KEY (report_id, ticker));
CREATE INDEX IF NOT EXISTS tickers_ticker ON report_tickers(ticker);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL);
INSERT INTO meta VALUES ('generation', 0) ON CONFLICT DO NOTHING
"""

# BM25 as FTS5 computes it: N and avgdl over the whole index, df per query term, tf from positions. Only
# the query's lexemes of a matching row are unnested (setweight marks them, ts_filter keeps them): unnesting
# every lexeme of every matching row took 1.5 s p50 at 10k chunks (benchmarks/team_keyword.py).
_BM25 = """
WITH q AS (SELECT unnest(%s::text[]) AS term),
n AS (SELECT count(*)::float8 AS n, coalesce(avg(n_tokens), 1)::float8 AS avgdl FROM chunks),
idf AS (SELECT q.term, greatest(ln((n.n - d.df + 0.5) / (d.df + 0.5)), 1e-6) AS w
        FROM q CROSS JOIN n, LATERAL (SELECT count(*)::float8 AS df FROM chunks
                                      WHERE tokens @@ quote_literal(q.term)::tsquery) d),
hit AS (SELECT c.chunk_id, c.n_tokens, c.tokens FROM chunks c JOIN reports r ON r.report_id = c.report_id
        WHERE c.tokens @@ %s::tsquery AND {where})
SELECT h.chunk_id, sum(idf.w * u.tf * 2.2 / (u.tf + 1.2 * (0.25 + 0.75 * h.n_tokens / n.avgdl))) AS score
FROM hit h CROSS JOIN n,
     LATERAL (SELECT lexeme, coalesce(array_length(positions, 1), 1) AS tf
              FROM unnest(ts_filter(setweight(h.tokens, 'A', %s::text[]), '{a}'))) u
     JOIN idf ON idf.term = u.lexeme
GROUP BY h.chunk_id ORDER BY score DESC, h.chunk_id LIMIT %s
"""


@lru_cache(maxsize=512)
def to_pg(sql: str) -> str:
    """SQLite's `?` placeholders as psycopg's `%s` (the shared SQL has no `?` or `%` in literals)."""
    return sql.replace("%", "%%").replace("?", "%s")


def lexemes(tokens: str) -> list[str]:
    """The space-joined jieba tokens as FTS5's unicode61 tokenizer splits them."""
    return [part for token in tokens.split() for part in _SPLIT.split(token.lower()) if part]


def tsvector_literal(tokens: str) -> tuple[str, int]:
    """(a tsvector with each lexeme's positions, the number of tokens): built here, not by
    to_tsvector, so that PostgreSQL's parser cannot re-cut what jieba cut."""
    positions: dict[str, list[str]] = {}
    words = lexemes(tokens)
    for position, word in enumerate(words, start=1):
        kept = positions.setdefault(word, [])
        if len(kept) < MAX_POSITIONS:
            kept.append(str(min(position, MAX_POSITION)))
    return " ".join(f"'{word}':{','.join(at)}" for word, at in positions.items()), len(words)


class _Transaction:
    """One connection inside a transaction, speaking the shared SQL; counts the rows it changed."""

    def __init__(self, conn) -> None:
        self._conn = conn
        self.changes = 0

    def execute(self, sql: str, params: Sequence = ()):
        cursor = self._conn.execute(to_pg(sql), params)
        if cursor.rowcount > 0 and not sql.lstrip().upper().startswith("SELECT"):
            self.changes += cursor.rowcount
        return cursor

    def executemany(self, sql: str, rows: Iterable[Sequence]) -> None:
        rows = list(rows)
        if rows:
            with self._conn.cursor() as cursor:
                cursor.executemany(to_pg(sql), rows)
            self.changes += len(rows)


class PostgresCatalog(Catalog):
    """Catalog's queries on PostgreSQL. A small connection pool: the heartbeat thread and readers
    never wait behind a write transaction."""

    _KEYWORD_ORPHANS = None  # the keyword index is a column of `chunks`: it goes with its row

    def __init__(self, url: str, *, max_connections: int = 4):
        from psycopg.rows import dict_row
        from psycopg_pool import ConnectionPool

        from memory.team_servers import check_postgres

        check_postgres(url)  # a server that does not answer: one line now, not a pool timeout later
        self.url = url
        self._pool = ConnectionPool(url, min_size=1, max_size=max_connections, open=True, timeout=60,
                                    kwargs={"autocommit": True, "row_factory": dict_row},
                                    check=ConnectionPool.check_connection, name="touyan-catalog")
        try:
            with self.transaction(bump=False) as db:  # one process at a time creates the schema
                for statement in filter(str.strip, (_SCHEMA + ";\n" + duplicate_tables.PG_SCHEMA).split(";\n")):
                    db.execute(statement)
        except BaseException:
            self._pool.close()
            raise

    def close(self) -> None:
        self._pool.close()

    @contextlib.contextmanager
    def transaction(self, *, bump: bool = True) -> Iterator[_Transaction]:
        with self._pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            tx = _Transaction(conn)
            yield tx
            if bump and tx.changes:
                conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")

    def _rows(self, sql: str, params: Sequence = ()) -> list[dict]:
        with self._pool.connection() as conn:
            return conn.execute(to_pg(sql), params).fetchall()

    def _tuples(self, sql: str, params: Sequence = ()) -> list[tuple]:
        from psycopg.rows import tuple_row

        with self._pool.connection() as conn:
            return conn.cursor(row_factory=tuple_row).execute(to_pg(sql), params).fetchall()

    def _execute(self, sql: str, params: Sequence = ()) -> int:
        with self._pool.connection() as conn:
            return conn.execute(to_pg(sql), params).rowcount

    # -- the keyword index: a column of chunks ------------------------------------------
    def _delete_content(self, db, report_id: str) -> None:
        delete_rows(db, report_id)

    def _insert_chunks(self, db, report_id: str, chunks: Iterable[tuple]) -> None:
        rows = []
        for chunk_id, page, idx, text, tokens, *flag in chunks:
            vector, count = tsvector_literal(tokens)
            rows.append((chunk_id, report_id, page, idx, text, int(bool(flag and flag[0])), vector, count))
        db.executemany("INSERT INTO chunks(chunk_id, report_id, page, idx, text, boilerplate, tokens, n_tokens) "
                       "VALUES (?,?,?,?,?,?,?::tsvector,?)", rows)

    def keyword_rows(self, report_id: str) -> int:
        return self._rows("SELECT count(*) AS n FROM chunks WHERE report_id = ?", (report_id,))[0]["n"]

    def keyword_search(self, tokens: Sequence[str], k: int, filters: SearchFilters) -> list[tuple[str, float]]:
        terms = sorted(set(lexemes(" ".join(tokens))))
        if not terms or k < 1:
            return []
        where, params = filters.sql_where()
        query = " | ".join(f"'{t}'" for t in terms)  # lexemes are letters and digits only: nothing to escape
        sql = _BM25.replace("{where}", to_pg(where))
        with self._pool.connection() as conn:
            rows = conn.execute(sql, [terms, query, *params, terms, k]).fetchall()
        return [(r["chunk_id"], float(r["score"])) for r in rows]
