"""Query latency p50/p95 on a synthetic 100k-chunk report library.

    python -m benchmarks.query_latency [--chunks 100000] [--queries 200] [--embedding use] [--rebuild]

Texts are strings of real words: jieba's words from the sample corpus, drawn with their corpus
frequencies, so BM25 sees realistic postings. Vectors are random unit vectors of the model's
dimension, written through `ReportLibrary.vectors.add` and the catalog with no embedding step; that
is the worst case for HNSW, so the vector index's recall@10 against exact search is reported too.
Queries are the labelled ones plus word strings drawn the same way; their embeddings are real.
The built library is cached under benchmarks/.cache/ (see `cache_key`); --rebuild ignores it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import sys
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "benchmarks" / ".cache"
REPORTS = REPO / "data" / "samples" / "reports"
# Bump when the synthetic data or the way it is written changes; storage code changes are
# caught by the source hash in cache_key.
BUILD_VERSION = "1"
SEED = 20250312
CHUNKS_PER_PAGE, PAGES_PER_REPORT = 10, 5
REPORTS_PER_BATCH = 40  # 2,000 chunks: one chromadb add batch
BROKERS = ("中信证券", "华泰证券", "国泰君安", "招商证券", "中金公司", "国金证券", "东吴证券", "海通证券",
           "广发证券", "申万宏源")
FILTER_BROKER = BROKERS[0]
K = 10
_STORAGE_SOURCES = ("memory/catalog.py", "memory/vector_index.py", "memory/filters.py")


def cache_key(n_chunks: int, kind: str) -> str:
    """Version, size, model and a hash of the storage code: a change to any of them rebuilds."""
    digest = hashlib.sha256(b"".join((REPO / p).read_bytes() for p in _STORAGE_SOURCES)).hexdigest()[:10]
    return f"latency-v{BUILD_VERSION}-{kind}-{n_chunks}-{digest}"


@dataclass(frozen=True)
class Vocabulary:
    words: tuple[str, ...]
    tokens: tuple[str, ...]  # each word's BM25 tokens, space-joined, as tools.text.tokenize makes them
    weights: np.ndarray  # corpus frequencies, summing to 1


def corpus_vocabulary() -> Vocabulary:
    from tools.documents import iter_document_paths, load_document
    from tools.text import tokenize, words

    counts: Counter[str] = Counter()
    for path in iter_document_paths([REPORTS]):
        for page in load_document(path).pages:
            counts.update(w for w in words(page.text) if any(ch.isalnum() for ch in w))
    vocab = sorted(counts)
    freq = np.array([counts[w] for w in vocab], dtype=np.float64)
    return Vocabulary(tuple(vocab), tuple(" ".join(tokenize(w)) for w in vocab), freq / freq.sum())


def _draw_texts(vocab: Vocabulary, rng: np.random.Generator, n: int) -> tuple[list[str], list[str]]:
    """n texts of 200-400 characters (chunks are at most 400) and their BM25 token strings."""
    mean_len = float(np.dot(vocab.weights, [len(w) for w in vocab.words]))
    lengths = rng.integers(200, 401, size=n)
    texts, tokens = [], []
    for target in lengths:
        ids = rng.choice(len(vocab.words), size=int(target / mean_len) + 1, p=vocab.weights)
        texts.append("".join(vocab.words[i] for i in ids))
        tokens.append(" ".join(t for t in (vocab.tokens[i] for i in ids) if t))
    return texts, tokens


def _unit_vectors(batch: int, n: int, dim: int) -> np.ndarray:
    vectors = np.random.default_rng([SEED, batch, 2]).standard_normal((n, dim), dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _release_chroma_clients() -> None:
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def build(root: Path, n_chunks: int, kind: str, vocab: Vocabulary) -> dict:
    """Write the synthetic library into `root`; returns build statistics (seconds per step)."""
    from memory.catalog import ReportRecord
    from memory.embeddings import EMBEDDING_DIMS, make_embedding_function
    from memory.report_library import ReportLibrary

    dim = EMBEDDING_DIMS[kind]
    per_report = CHUNKS_PER_PAGE * PAGES_PER_REPORT
    n_reports = -(-n_chunks // per_report)
    library = ReportLibrary(root, make_embedding_function(kind))
    steps = {"generate": 0.0, "chroma_add": 0.0, "catalog": 0.0}
    started = time.perf_counter()
    written = 0
    try:
        for batch, first in enumerate(range(0, n_reports, REPORTS_PER_BATCH)):
            t0 = time.perf_counter()
            rng = np.random.default_rng([SEED, batch, 1])
            reports = range(first, min(first + REPORTS_PER_BATCH, n_reports))
            sizes = [min(per_report, n_chunks - r * per_report) for r in reports]
            texts, tokens = _draw_texts(vocab, rng, sum(sizes))
            vectors = _unit_vectors(batch, len(texts), dim)
            ids, metas, records, rows_by_report = [], [], [], []
            offset = 0
            for r, size in zip(reports, sizes):
                rid = f"syn{r:013d}"
                date = f"{2023 + r % 3}-{1 + r % 12:02d}-{1 + r % 28:02d}"
                broker = BROKERS[r % len(BROKERS)]
                record = ReportRecord(rid, f"synthetic/{rid}.pdf", "pdf", f"合成报告{r}", broker, date,
                                      PAGES_PER_REPORT, size, (), "writing")
                rows = []
                for i in range(size):
                    page = i // CHUNKS_PER_PAGE
                    chunk_id = f"{rid}:{page}:{i}"
                    ids.append(chunk_id)
                    metas.append({"report_id": rid, "page": page, "title": record.title, "source": record.source,
                                  "broker": broker, "date": date, "date_key": int(date.replace("-", ""))})
                    rows.append((chunk_id, page, i, texts[offset + i], tokens[offset + i]))
                offset += size
                records.append(record)
                rows_by_report.append(rows)
            t1 = time.perf_counter()
            for record in records:
                library.catalog.begin_report(record)
            library.vectors.add(ids, vectors, texts, metas)
            t2 = time.perf_counter()
            for record, rows in zip(records, rows_by_report):
                pages = [(p, "".join(row[3] for row in rows if row[1] == p)) for p in range(PAGES_PER_REPORT)]
                library.catalog.complete_report(record.report_id, pages, rows, ())
            t3 = time.perf_counter()
            steps["generate"] += t1 - t0
            steps["chroma_add"] += t2 - t1
            steps["catalog"] += t3 - t2
            written += len(ids)
            print(f"\r[latency] built {written}/{n_chunks} chunks ({t3 - started:.0f} s)", end="", file=sys.stderr)
        print(file=sys.stderr)
        count = library.vectors.count()
    finally:
        library.close()
        _release_chroma_clients()
    return {"chunks": count, "reports": n_reports, "dim": dim, "vocabulary": len(vocab.words),
            "build_s": time.perf_counter() - started, "steps_s": steps, "peak_rss_mib": _peak_rss_mib(),
            "disk_mib": sum(f.stat().st_size for f in root.rglob("*") if f.is_file()) / 2**20,
            "built_at": time.strftime("%Y-%m-%d %H:%M:%S")}


def cached_library(n_chunks: int, kind: str, vocab: Vocabulary, rebuild: bool = False) -> tuple[Path, dict, bool]:
    """(root, build stats, whether it came from the cache); builds into a temp name, then renames."""
    root = CACHE / cache_key(n_chunks, kind)
    stats_file = root / "build.json"
    if stats_file.exists() and not rebuild:
        return root, json.loads(stats_file.read_text(encoding="utf-8")), True
    for stale in CACHE.glob(f"latency-v*-{kind}-{n_chunks}-*"):
        shutil.rmtree(stale)  # older versions of this size and model, and half-built ones
    building = root.with_name(root.name + ".building")
    stats = build(building, n_chunks, kind, vocab)
    (building / "build.json").write_text(json.dumps(stats, ensure_ascii=False, indent=1), encoding="utf-8")
    building.rename(root)
    return root, stats, False


def make_queries(vocab: Vocabulary, n_synthetic: int) -> list[str]:
    """The labelled queries plus `n_synthetic` strings of 2-6 corpus words (words of 2+ characters)."""
    from benchmarks.retrieval_quality import load_queries

    rng = np.random.default_rng([SEED, 9])
    multi = [i for i, w in enumerate(vocab.words) if len(w) >= 2]
    weights = vocab.weights[multi] / vocab.weights[multi].sum()
    synthetic = ["".join(vocab.words[multi[i]] for i in rng.choice(len(multi), size=rng.integers(2, 7), p=weights))
                 for _ in range(n_synthetic)]
    return [q.query for q in load_queries()] + synthetic


@contextmanager
def precomputed_query_embeddings(library, table: dict[str, np.ndarray]):
    """Make this library's query embedding a table lookup, so a search times the indexes alone."""
    library.vectors.embed_query = table.__getitem__
    try:
        yield
    finally:
        del library.vectors.embed_query


def interleaved_latencies(paths: dict, queries: list[str], warmup: int = 10) -> dict[str, list[float]]:
    """Milliseconds per query for each path. Paths take turns on every query, starting one further
    along each time, so drift in the machine's load reaches all of them alike."""
    names = list(paths)
    out: dict[str, list[float]] = {name: [] for name in names}
    for n, q in enumerate(queries[:warmup] + queries):
        for j in range(len(names)):
            name = names[(n + j) % len(names)]
            started = time.perf_counter()
            paths[name](q)
            if n >= warmup:
                out[name].append((time.perf_counter() - started) * 1000)
    return out


def _chunk_id(i: int) -> str:
    per_report = CHUNKS_PER_PAGE * PAGES_PER_REPORT
    return f"syn{i // per_report:013d}:{(i % per_report) // CHUNKS_PER_PAGE}:{i % per_report}"


def _stored_vectors(n_chunks: int, dim: int):
    """(first chunk index, vectors) per build batch, regenerated from the seed exactly as built."""
    batch_size = REPORTS_PER_BATCH * CHUNKS_PER_PAGE * PAGES_PER_REPORT
    for batch, start in enumerate(range(0, n_chunks, batch_size)):
        yield start, _unit_vectors(batch, min(batch_size, n_chunks - start), dim)


def exact_recall(library, queries: np.ndarray, n_chunks: int, dim: int) -> float:
    """The vector index's recall@K against brute force over the stored vectors."""
    from memory.filters import SearchFilters

    best_scores = np.full((len(queries), 0), -np.inf, dtype=np.float32)
    best_index = np.empty((len(queries), 0), dtype=np.int64)
    for start, vectors in _stored_vectors(n_chunks, dim):
        scores = np.concatenate([best_scores, queries @ vectors.T], axis=1)
        index = np.concatenate([best_index, np.broadcast_to(np.arange(start, start + len(vectors)),
                                                            (len(queries), len(vectors)))], axis=1)
        top = np.argsort(-scores, axis=1)[:, :K]
        best_scores, best_index = np.take_along_axis(scores, top, 1), np.take_along_axis(index, top, 1)
    found = 0
    for query, truth in zip(queries, best_index):
        got = {cid for cid, _ in library.vectors.search(query, K, SearchFilters())}
        found += len(got & {_chunk_id(int(i)) for i in truth})
    return found / (K * len(queries))


def planted_neighbour_rate(library, n_chunks: int, dim: int, n: int = 200, noise: float = 0.02) -> float:
    """Share of queries (a stored vector plus Gaussian noise, cosine ~0.9 to it) whose source chunk
    the index returns in its top K: whether HNSW finds a neighbour that really is there."""
    from memory.filters import SearchFilters

    rng = np.random.default_rng([SEED, 7])
    wanted = set(rng.choice(n_chunks, size=min(n, n_chunks), replace=False).tolist())
    found = total = 0
    for start, vectors in _stored_vectors(n_chunks, dim):
        for i in sorted(w for w in wanted if start <= w < start + len(vectors)):
            query = vectors[i - start] + rng.normal(0, noise, dim).astype(np.float32)
            query /= np.linalg.norm(query)
            found += _chunk_id(i) in {cid for cid, _ in library.vectors.search(query, K, SearchFilters())}
            total += 1
    return found / total


def measure(n_chunks: int, n_synthetic: int, kind: str, rebuild: bool) -> dict:
    from memory.embeddings import EMBEDDING_DIMS, local_model, make_embedding_function
    from memory.filters import SearchFilters
    from memory.report_library import ReportLibrary
    from tools.retrieval import search
    from tools.text import warm_up

    warm_up()
    vocab = corpus_vocabulary()
    root, stats, from_cache = cached_library(n_chunks, kind, vocab, rebuild)
    local_model(kind)
    ef = make_embedding_function(kind)
    started = time.perf_counter()
    library = ReportLibrary(root, ef)
    library.vectors.count()
    open_s = time.perf_counter() - started
    queries = make_queries(vocab, n_synthetic)
    table = {q: np.asarray(ef.embed_query([q])[0], dtype=np.float32) for q in queries}
    broker = SearchFilters(broker=FILTER_BROKER)

    def precomputed(**kwargs):
        def run(q):
            with precomputed_query_embeddings(library, table):
                return search(library, q, K, **kwargs)
        return run

    paths = {
        "keyword (BM25)": lambda q: search(library, q, K, mode="keyword"),
        "vector, query embedding precomputed": precomputed(mode="vector"),
        "vector, including query embedding": lambda q: search(library, q, K, mode="vector"),
        "hybrid, query embedding precomputed": precomputed(),
        "hybrid, including query embedding": lambda q: search(library, q, K),
        f"hybrid + broker filter ({FILTER_BROKER}), precomputed": precomputed(filters=broker),
        "query embedding alone": lambda q: ef.embed_query([q]),
    }
    try:
        rows = interleaved_latencies(paths, queries)
        dim = EMBEDDING_DIMS[kind]
        recall = exact_recall(library, np.stack(list(table.values())), stats["chunks"], dim)
        planted = planted_neighbour_rate(library, stats["chunks"], dim)
    finally:
        library.close()
    return {"kind": kind, "queries": len(queries), "synthetic_queries": n_synthetic, "build": stats,
            "from_cache": from_cache, "cache_dir": str(root.relative_to(REPO)), "open_s": open_s,
            "hnsw_recall_at_10": recall, "planted_found_at_10": planted, "latencies_ms": rows,
            "peak_rss_mib": _peak_rss_mib(), "load_average": list(os.getloadavg())}


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def to_markdown(r: dict) -> str:
    b = r["build"]
    steps = ", ".join(f"{k} {v:.0f} s" for k, v in b["steps_s"].items())
    source = f"cached in `{r['cache_dir']}`, built {b['built_at']}" if r["from_cache"] else "built in this run"
    lines = [
        f"## Query latency at {b['chunks']:,} chunks",
        "",
        f"Synthetic library: {b['chunks']:,} chunks in {b['reports']:,} reports, texts of 200–400 characters drawn "
        f"from {b['vocabulary']:,} corpus words by frequency, random unit {b['dim']}-d vectors (`{r['kind']}` "
        f"dimension); {source}. {r['queries']} queries ({r['queries'] - r['synthetic_queries']} labelled + "
        f"{r['synthetic_queries']} synthetic), k={K}, `tools.retrieval.search` (50 candidates per list). The "
        "paths take turns on every query (after 10 untimed warm-up queries), so load drift hits all alike.",
        "",
        "| query path | p50 ms | p95 ms | mean ms | max ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, ms in r["latencies_ms"].items():
        lines.append(f"| {name} | {_p(ms, 50):.1f} | {_p(ms, 95):.1f} | {statistics.fmean(ms):.1f} | {max(ms):.1f} |")
    lines += [
        "",
        f"- Build: {b['build_s']:.0f} s ({steps}); {b['disk_mib']:.0f} MiB on disk; peak RSS during the build "
        f"{b['peak_rss_mib']:.0f} MiB.",
        f"- Open the built library: {r['open_s']:.2f} s. Peak RSS of the measuring process: "
        f"{r['peak_rss_mib']:.0f} MiB. Load average (1/5/15 min) after measuring: "
        f"{' / '.join(f'{x:.1f}' for x in r['load_average'])}.",
        f"- Vector index (HNSW, ef_search 100) recall@{K} against exact search for the real query embeddings: "
        f"{r['hnsw_recall_at_10']:.3f}. Random vectors have no neighbourhoods, the worst case for HNSW; with a "
        f"neighbour that is really there (a stored vector plus noise, cosine ≈ 0.9) the index returns it in its "
        f"top {K} for {100 * r['planted_found_at_10']:.0f}% of 200 queries.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200, help="synthetic queries beside the labelled ones")
    parser.add_argument("--embedding", default="use", choices=("use", "e5"))
    parser.add_argument("--rebuild", action="store_true", help="ignore the cached library")
    parser.add_argument("--json", action="store_true", help="print the raw measurements as JSON instead")
    args = parser.parse_args(argv)
    result = measure(args.chunks, args.queries, args.embedding, args.rebuild)
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json else to_markdown(result))


if __name__ == "__main__":
    main()
