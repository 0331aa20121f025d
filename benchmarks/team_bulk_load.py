"""Bulk-load an embedded synthetic library (benchmarks.synthetic_library) into the team backends, as
benchmark setup: the migrate code's one-report-at-a-time leases took ~70 min for 100k chunks here.

- PostgreSQL: the schema is created by PostgresCatalog itself; every catalog table is copied from the
  embedded SQLite catalog with COPY (the columns both sides have). Chunks get their keyword tsvector from
  the embedded catalog's FTS5 tokens through `memory.pg_catalog.tsvector_literal`, the function the team
  catalog's own writes use, so the search measured runs on the rows an ingest writes. The GIN index is
  dropped for the load and recreated with its schema definition, then VACUUM ANALYZE.
- Chroma: `copy` puts a copy of the embedded collection's folder (same collection, HNSW settings, ids,
  documents, metadata and graph) in the data folder of a fresh `chroma run`; `add` sends every stored
  embedding through HttpClient `add` in batches, into the collection memory/vector_index.py creates
  (the server builds its own HNSW graph: slower).
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

CHROMA_ADD_BATCH = 5000
_TABLES = ("reports", "sources", "pages", "report_tickers", "dup_signatures", "dup_bands", "dup_sources")


def _columns_sqlite(src: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in src.execute(f"PRAGMA table_info({table})")]


def _columns_pg(conn, table: str) -> list[str]:
    rows = conn.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                        "ORDER BY ordinal_position", (table,)).fetchall()
    return [r[0] for r in rows]


def load_postgres(sqlite_path: Path, url: str) -> dict:
    """Copy the embedded catalog into an empty team catalog at `url`; returns row counts and seconds."""
    import psycopg

    from memory.pg_catalog import PostgresCatalog, tsvector_literal

    started = time.perf_counter()
    PostgresCatalog(url).close()  # the team schema, exactly as the library creates it
    src = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    counts: dict[str, int] = {}
    try:
        with psycopg.connect(url) as conn:
            conn.execute("DROP INDEX chunks_tokens")  # rebuilt below with the schema's definition
            for table in _TABLES:
                have = set(_columns_sqlite(src, table))
                cols = [c for c in _columns_pg(conn, table) if c in have]
                if not cols:
                    continue
                names = ", ".join(cols)
                n = 0
                with conn.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in src.execute(f"SELECT {names} FROM {table}"):
                        copy.write_row(row)
                        n += 1
                counts[table] = n
            chunk_cols = [c for c in _columns_sqlite(src, "chunks") if c in set(_columns_pg(conn, "chunks"))
                          and c not in ("rowid", "id", "tokens", "n_tokens")]
            select = ", ".join(f"c.{c}" for c in chunk_cols)
            n = 0
            with conn.cursor().copy(f"COPY chunks ({', '.join(chunk_cols)}, tokens, n_tokens) FROM STDIN") as copy:
                for *row, tokens in src.execute(f"SELECT {select}, f.tokens FROM chunks c "
                                                "JOIN chunks_fts f ON f.rowid = c.rowid ORDER BY c.rowid"):
                    copy.write_row((*row, *tsvector_literal(tokens)))
                    n += 1
            counts["chunks"] = n
            copied_s = time.perf_counter() - started
            conn.execute("CREATE INDEX chunks_tokens ON chunks USING GIN (tokens)")
            conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
            conn.commit()
        index_s = time.perf_counter() - started - copied_s
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")  # as autovacuum would after a bulk load
    finally:
        src.close()
    return {"rows": counts, "copy_s": round(copied_s, 1), "gin_index_s": round(index_s, 1),
            "total_s": round(time.perf_counter() - started, 1), "chunk_columns": chunk_cols}


def prefill_chroma_folder(vectors_folder: Path, data_folder: Path) -> dict:
    """The `copy` load: the embedded collection's persisted folder becomes a fresh server's data folder."""
    started = time.perf_counter()
    shutil.copytree(vectors_folder.resolve(), data_folder, ignore=shutil.ignore_patterns("build.json"))
    return {"method": "copy of the embedded collection's folder into `chroma run --path`",
            "total_s": round(time.perf_counter() - started, 1)}


def add_to_chroma(embedded, chroma_url: str, embedding_function) -> dict:
    """The `add` load: the embedded collection's stored embeddings and metadata (no texts: memory/vector_index.py) sent with
    HttpClient `add`, CHROMA_ADD_BATCH at a time, into the collection memory/vector_index.py opens. Done
    before the team library opens: its sweep would remove catalog rows whose vectors are not there yet."""
    from memory.vector_index import VectorIndex
    from memory.vector_store import open_store

    started, sent = time.perf_counter(), 0
    remote = VectorIndex(open_store(url=chroma_url), embedding_function)
    with embedded.vectors.session(write=False) as source, remote.session(write=True) as target:
        total = source.count()
        for offset in range(0, total, CHROMA_ADD_BATCH):
            got = source.get(limit=CHROMA_ADD_BATCH, offset=offset, include=["embeddings", "metadatas"])
            target.add(ids=got["ids"], embeddings=got["embeddings"], metadatas=got["metadatas"])
            sent += len(got["ids"])
            print(f"chroma add {sent}/{total} in {time.perf_counter() - started:.0f} s", flush=True)
        count = target.count()
    remote.close()
    return {"method": f"HttpClient add, batches of {CHROMA_ADD_BATCH}", "sent": sent, "server_count": count,
            "total_s": round(time.perf_counter() - started, 1)}
