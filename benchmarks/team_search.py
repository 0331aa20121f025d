"""Search latency against the team backends (PostgreSQL keyword index + Chroma server vectors) against
the embedded library (tantivy + embedded chromadb) as the same-run baseline, on the same synthetic chunks.

    nice python -m benchmarks.team_search [--chunks 100000] [--queries 200] [--chroma-load copy|add]
                                          [--budget-s 1200] [--markdown benchmarks/results/team_search.md]

The embedded library is benchmarks.synthetic_library's cached one (the library query_latency.py measures).
Its copy in a real PostgreSQL 15 and a real `chroma run` on free 127.0.0.1 ports is bulk-loaded as setup
(benchmarks/team_bulk_load.py: COPY of the catalog rows with the team catalog's own tsvector builder; the
collection's folder copied, or its stored embeddings sent with HttpClient `add`). The search measured is
memory/search.py through ReportLibrary opened in team mode (catalog_url + chroma_url). Queries are
query_latency.py's; query embeddings are computed once and looked up (excluded, as there). The six paths
(embedded/team × hybrid/keyword/vector) take turns on every query. Also reported: top-5 agreement of team
with embedded per mode, load average before and after, load times.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.query_latency import _p, make_queries, precomputed_query_embeddings
from benchmarks.synthetic_library import cached_library, corpus_vocabulary

K = 10
TOP = 5  # agreement is measured on the top 5
MODES = ("hybrid", "keyword", "vector")


def timed_turns(paths: dict, queries: list[str], warmup: int, budget_s: float) -> tuple[dict, dict, int]:
    """query_latency.interleaved_latencies, keeping each path's top-5 chunk ids, and stopping (between
    queries) once `budget_s` has passed. Returns (ms per path, top-5 per path, queries measured)."""
    names = list(paths)
    ms: dict[str, list[float]] = {name: [] for name in names}
    top: dict[str, list[list[str]]] = {name: [] for name in names}
    started = time.perf_counter()
    for n, q in enumerate(queries[:warmup] + queries):
        if n >= warmup and time.perf_counter() - started > budget_s:
            break
        for j in range(len(names)):
            name = names[(n + j) % len(names)]
            t0 = time.perf_counter()
            hits = paths[name](q)
            elapsed = (time.perf_counter() - t0) * 1000
            if n >= warmup:
                ms[name].append(elapsed)
                top[name].append([h.chunk_id for h in hits[:TOP]])
    return ms, top, len(ms[names[0]])


def agreement(team: list[list[str]], embedded: list[list[str]]) -> float | None:
    """Mean share of the embedded top 5 that the team top 5 also holds (queries with embedded hits)."""
    shares = [len(set(t) & set(e)) / len(e) for t, e in zip(team, embedded) if e]
    return round(statistics.fmean(shares), 3) if shares else None


def measure(args) -> dict:
    from benchmarks.team_bulk_load import add_to_chroma, load_postgres, prefill_chroma_folder
    from memory.embeddings import make_embedding_function
    from memory.report_library import ReportLibrary
    from memory.search import search
    from tests.support.chroma_server import ChromaServer
    from tests.support.postgres_server import PostgresServer
    from tools.text import warm_up

    warm_up()
    vocab = corpus_vocabulary()
    root, stats, from_cache = cached_library(args.chunks, "use", vocab)
    ef = make_embedding_function("use")
    queries = make_queries(vocab, args.queries)
    table = {q: np.asarray(ef.embed_query([q])[0], dtype=np.float32) for q in queries}
    out: dict = {"chunks": stats["chunks"], "reports": stats["reports"], "queries_planned": len(queries), "k": K,
                 "embedded_from_cache": from_cache, "load_average_start": [round(x, 2) for x in os.getloadavg()]}
    chroma = ChromaServer()
    if args.chroma_load == "copy":
        out["chroma_load"] = prefill_chroma_folder(root / "chroma", chroma.folder / "data")
    with PostgresServer() as pg, chroma, tempfile.TemporaryDirectory() as scratch:
        url = pg.create_database("bench")
        out["postgres_load"] = load_postgres(root / "catalog.sqlite3", url)
        print(f"postgres loaded: {out['postgres_load']}", flush=True)
        embedded = ReportLibrary(root, ef)
        if args.chroma_load == "add":
            out["chroma_load"] = add_to_chroma(embedded, chroma.url, ef)
        team = ReportLibrary(Path(scratch), ef, catalog_url=url, chroma_url=chroma.url)
        try:
            out["counts"] = {"embedded_vectors": embedded.vectors.count(), "team_vectors": team.vectors.count(),
                             "team_complete_reports": len(team.catalog.reports()),
                             "embedded_complete_reports": len(embedded.catalog.reports())}
            print(f"counts: {out['counts']}", flush=True)
            c = out["counts"]
            if (c["team_vectors"], c["team_complete_reports"]) != (c["embedded_vectors"], c["embedded_complete_reports"]):
                raise SystemExit(f"the team copy differs from the embedded library: {c}")

            def path(library, mode):
                def run(q):
                    with precomputed_query_embeddings(library, table):
                        return search(library, q, K, mode=mode)
                return run

            paths = {f"{name} {mode}": path(library, mode) for mode in MODES
                     for name, library in (("embedded", embedded), ("team", team))}
            measuring = time.perf_counter()
            ms, top, measured = timed_turns(paths, queries, warmup=10, budget_s=args.budget_s)
            out["measure_s"] = round(time.perf_counter() - measuring, 1)
        finally:
            team.close()
            embedded.close()
    out["queries_measured"] = measured
    out["latency_ms"] = {name: {"p50": round(_p(v, 50), 1), "p95": round(_p(v, 95), 1), "p99": round(_p(v, 99), 1),
                                "mean": round(statistics.fmean(v), 1), "max": round(max(v), 1)}
                         for name, v in ms.items()}
    for mode in MODES:
        out[f"ratio_p95_{mode}"] = round(out["latency_ms"][f"team {mode}"]["p95"]
                                         / out["latency_ms"][f"embedded {mode}"]["p95"], 2)
        out[f"top{TOP}_agreement_{mode}"] = agreement(top[f"team {mode}"], top[f"embedded {mode}"])
    out["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    return out


def to_markdown(r: dict) -> str:
    pg, ch = r["postgres_load"], r["chroma_load"]
    lines = [
        f"## Search latency, team backends vs embedded, {r['chunks']:,} chunks",
        "",
        f"`nice python -m benchmarks.team_search --chunks {r['chunks']}` — {r['queries_measured']} queries measured "
        f"(of {r['queries_planned']} planned: query_latency.py's labelled + synthetic queries), k={K}, "
        "`memory.search.search` through `ReportLibrary` opened embedded (tantivy + embedded chromadb) and in team "
        "mode (catalog_url = PostgreSQL 15, chroma_url = `chroma run`, both on 127.0.0.1). Query embeddings "
        "precomputed (excluded). The six paths take turns on every query after 10 untimed warm-up queries.",
        "",
        "| path | p50 ms | p95 ms | p99 ms | mean ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, s in r["latency_ms"].items():
        lines.append(f"| {name} | {s['p50']} | {s['p95']} | {s['p99']} | {s['mean']} | {s['max']} |")
    lines += [
        "",
        "| mode | p95 team / embedded | top-5 agreement (team ∩ embedded / embedded) |",
        "|---|---:|---:|",
        *(f"| {m} | {r[f'ratio_p95_{m}']}× | {r[f'top{TOP}_agreement_{m}']} |" for m in MODES),
        "",
        f"- Load average (1/5/15 min) before: {' / '.join(map(str, r['load_average_start']))}; after: "
        f"{' / '.join(map(str, r['load_average_end']))} (2 shared cores, other engineers' jobs running).",
        f"- Counts: {r['counts']}.",
        f"- Setup, not measured: PostgreSQL bulk load {pg['total_s']} s (COPY of every catalog table from the "
        f"embedded SQLite catalog, {pg['rows']['chunks']:,} chunks with their tsvector built by "
        f"`memory.pg_catalog.tsvector_literal` from the embedded catalog's FTS5 tokens; COPY {pg['copy_s']} s, "
        f"GIN index rebuilt after the load {pg['gin_index_s']} s, then VACUUM ANALYZE). Chroma: {ch['method']}, "
        f"{ch['total_s']} s.",
        f"- Measuring took {r['measure_s']} s.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200, help="synthetic queries beside the labelled ones")
    parser.add_argument("--chroma-load", choices=("copy", "add"), default="copy")
    parser.add_argument("--budget-s", type=float, default=1200, help="stop measuring after this (between queries)")
    parser.add_argument("--markdown", type=Path, help="also write the results table here")
    args = parser.parse_args(argv)
    result = measure(args)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.markdown:
        args.markdown.write_text(to_markdown(result), encoding="utf-8")


if __name__ == "__main__":
    main()
