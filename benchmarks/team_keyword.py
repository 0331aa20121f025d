"""Keyword search latency, team catalog (PostgreSQL, memory/pg_catalog.py) against the embedded one
(SQLite FTS5, memory/catalog.py) as the same-run baseline, on the same synthetic chunks.

    python -m benchmarks.team_keyword [--chunks 100000] [--queries 200]

Chunks are strings of real corpus words (benchmarks.synthetic_library); both catalogs get exactly the
same rows through the same `begin_report`/`complete_report` calls. A real PostgreSQL 15 is started on a
free 127.0.0.1 port (tests/support/postgres_server.py) and stopped at the end. Reports p50/p95 per
engine, unfiltered and filtered by broker, the ratio PostgreSQL/SQLite, and load times.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.query_latency import make_queries
from benchmarks.synthetic_library import BROKERS, SEED, _draw_texts, corpus_vocabulary

PER_REPORT = 50
K = 50  # search() asks each index for max(candidates=50, k) hits


def load(catalog, n_chunks: int, vocab) -> float:
    from memory.catalog import ReportRecord
    from memory.leases import Owner

    owner, started = Owner.current(), time.perf_counter()
    for first in range(0, n_chunks, PER_REPORT * 40):
        rng = np.random.default_rng([SEED, first, 7])
        texts, tokens = _draw_texts(vocab, rng, min(PER_REPORT * 40, n_chunks - first))
        for r in range(0, len(texts), PER_REPORT):
            n = (first + r) // PER_REPORT
            rid, date = f"syn{n:013d}", f"{2023 + n % 3}-{1 + n % 12:02d}-{1 + n % 28:02d}"
            size = min(PER_REPORT, len(texts) - r)
            record = ReportRecord(rid, f"synthetic/{rid}.pdf", "pdf", f"合成报告{n}", BROKERS[n % len(BROKERS)], date,
                                  5, size, (), "writing")
            catalog.begin_report(record, owner)
            rows = [(f"{rid}:{i // 10}:{i}", i // 10, i, texts[r + i], tokens[r + i]) for i in range(size)]
            catalog.complete_report(rid, record.source, [(p, "") for p in range(5)], rows, (), owner)
    return time.perf_counter() - started


def latencies(catalog, queries: list[list[str]], filters) -> list[float]:
    out = []
    for tokens in queries:
        t0 = time.perf_counter()
        catalog.keyword_search(tokens, K, filters)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def summary(ms: list[float]) -> dict:
    ordered = sorted(ms)
    return {"p50_ms": round(statistics.median(ordered), 2), "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()

    from memory.catalog import Catalog
    from memory.filters import SearchFilters
    from memory.pg_catalog import PostgresCatalog
    from tests.support.postgres_server import PostgresServer
    from tools.text import tokenize

    vocab = corpus_vocabulary()
    queries = [tokenize(q) for q in make_queries(vocab, args.queries)]
    results: dict = {"chunks": args.chunks, "queries": len(queries), "k": K}
    with PostgresServer() as server, tempfile.TemporaryDirectory() as folder:
        engines = {"sqlite_fts5": Catalog(Path(folder) / "catalog.sqlite3"),
                   "postgres": PostgresCatalog(server.create_database("bench"))}
        for name, catalog in engines.items():
            results[f"{name}_load_s"] = round(load(catalog, args.chunks, vocab), 1)
        if hasattr(engines["postgres"], "_pool"):
            with engines["postgres"]._pool.connection() as conn:
                conn.execute("VACUUM ANALYZE chunks")  # as autovacuum would after a bulk load
        for label, filters in (("all", SearchFilters()), ("broker", SearchFilters(broker=BROKERS[0]))):
            for name, catalog in engines.items():
                latencies(catalog, queries[:20], filters)  # warm caches
                results[f"{name}_{label}"] = summary(latencies(catalog, queries, filters))
            results[f"ratio_p95_{label}"] = round(results[f"postgres_{label}"]["p95_ms"]
                                                  / results[f"sqlite_fts5_{label}"]["p95_ms"], 2)
        for catalog in engines.values():
            catalog.close()
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
