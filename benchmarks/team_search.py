"""Search latency against the team backends (PostgreSQL keyword index + Chroma server vectors) against
the embedded library (tantivy + embedded chromadb) as the same-run baseline, on the same synthetic chunks.

    nice python -m benchmarks.team_search [--chunks 100000] [--queries 100]

The embedded library is benchmarks.synthetic_library's (real corpus words, random unit vectors, cached);
the team copy is made by `touyan library migrate`'s code (memory/library_migration.py) into a real
PostgreSQL 15 and a real `chroma run` on free 127.0.0.1 ports, so its time and verification are reported
too. Query embeddings are computed once and looked up (both engines get the same vectors); the paths take
turns on every query. Prints JSON: p50/p95 per engine and mode, the p95 ratio team/embedded, load average.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.query_latency import interleaved_latencies, make_queries, precomputed_query_embeddings
from benchmarks.synthetic_library import cached_library, corpus_vocabulary
from benchmarks.team_keyword import summary

K = 10


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args()

    from memory.embeddings import make_embedding_function
    from memory.library_migration import migrate, verify
    from memory.report_library import ReportLibrary
    from memory.search import search
    from tests.support.chroma_server import ChromaServer
    from tests.support.postgres_server import PostgresServer

    vocab = corpus_vocabulary()
    root, stats, _cached = cached_library(args.chunks, "use", vocab)
    ef = make_embedding_function("use")
    queries = make_queries(vocab, args.queries)
    table = {q: np.asarray(ef.embed_query([q])[0], dtype=np.float32) for q in queries}
    results: dict = {"chunks": stats["chunks"], "reports": stats["reports"], "queries": len(queries), "k": K}
    with PostgresServer() as pg, ChromaServer() as chroma, tempfile.TemporaryDirectory() as scratch:
        embedded = ReportLibrary(root, ef)
        team = ReportLibrary(Path(scratch), ef, catalog_url=pg.create_database("bench"), chroma_url=chroma.url)
        try:
            started, done = time.perf_counter(), [0]

            def progress(record, outcome):
                done[0] += 1
                if done[0] % 200 == 0:
                    print(f"migrated {done[0]}/{stats['reports']} in {time.perf_counter() - started:.0f} s", flush=True)

            copied = migrate(embedded, team, on_report=progress)
            results["migrate_s"] = round(time.perf_counter() - started, 1)
            results["migrated"] = {"copied": copied.copied, "present": copied.present, "failed": len(copied.failed)}
            check = verify(embedded, team)
            results["verification"] = {"source": vars(check.source), "target": vars(check.target),
                                       "identical": check.identical, "found_self": check.found_self,
                                       "sampled": check.sampled}
            with team.catalog._pool.connection() as conn:
                conn.execute("VACUUM ANALYZE chunks")  # as autovacuum would after a bulk load

            def path(library, mode):
                def run(q):
                    with precomputed_query_embeddings(library, table):
                        return search(library, q, K, mode=mode)
                return run

            paths = {f"{name} {mode}": path(library, mode) for mode in ("hybrid", "vector")
                     for name, library in (("embedded", embedded), ("team", team))}
            rows = interleaved_latencies(paths, queries, warmup=5)
        finally:
            team.close()
            embedded.close()
    results["latency"] = {name: summary(ms) for name, ms in rows.items()}
    for mode in ("hybrid", "vector"):
        results[f"ratio_p95_{mode}"] = round(results["latency"][f"team {mode}"]["p95_ms"]
                                             / results["latency"][f"embedded {mode}"]["p95_ms"], 2)
    results["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
