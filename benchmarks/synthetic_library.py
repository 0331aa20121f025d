"""A synthetic report library of any size for latency measurements, cached between runs.

Texts are strings of real words: jieba's words from the sample corpus, drawn with their corpus
frequencies, so BM25 sees realistic postings. Vectors are seeded random unit vectors of the
model's dimension, written into the collection `memory.vector_index` opens (same name, HNSW
configuration and embedding function) with no embedding step, and can be regenerated exactly
(`stored_vectors`) for exact-search comparisons. The catalog and keyword index are written through
their own classes. The vectors take most of the build (~15 min at 100k) and are cached apart from
the catalog, whose cache key covers the storage code.
"""

from __future__ import annotations

import hashlib
import json
import resource
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "benchmarks" / ".cache"
REPORTS = REPO / "data" / "samples" / "reports"
# Bump when the synthetic data or the way it is written changes; storage code changes are
# caught by the source hash in cache_key.
BUILD_VERSION = "2"
SEED = 20250312
CHUNKS_PER_PAGE, PAGES_PER_REPORT = 10, 5
REPORTS_PER_BATCH = 40  # 2,000 chunks: one chromadb add batch
BROKERS = ("中信证券", "华泰证券", "国泰君安", "招商证券", "中金公司", "国金证券", "东吴证券", "海通证券",
           "广发证券", "申万宏源")
_STORAGE_SOURCES = ("memory/catalog.py", "memory/filters.py", "memory/keyword_index.py")
COLLECTION = "reports"  # the collection memory.vector_index.VectorIndex opens


def cache_key(n_chunks: int, kind: str) -> str:
    """The catalog and keyword index: version, size, model and a hash of the code that writes them."""
    digest = hashlib.sha256(b"".join((REPO / p).read_bytes() for p in _STORAGE_SOURCES)).hexdigest()[:10]
    return f"latency-v{BUILD_VERSION}-{kind}-{n_chunks}-{digest}"


def vectors_key(n_chunks: int, kind: str) -> str:
    """The chromadb folder (most of the build time): version, size, model, chromadb's version and the
    collection's configuration; our storage code does not change what chromadb writes."""
    from importlib import metadata

    from memory.vector_index import HNSW_CONFIG

    config = hashlib.sha256(json.dumps([HNSW_CONFIG, COLLECTION], sort_keys=True).encode()).hexdigest()[:8]
    return f"vectors-v{BUILD_VERSION}-{kind}-{n_chunks}-chromadb{metadata.version('chromadb')}-{config}"


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


def unit_vectors(batch: int, n: int, dim: int) -> np.ndarray:
    vectors = np.random.default_rng([SEED, batch, 2]).standard_normal((n, dim), dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def release_chroma_clients() -> None:
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


@dataclass(frozen=True)
class Batch:
    ids: list[str]
    texts: list[str]
    tokens: list[str]
    metas: list[dict]
    records: list  # ReportRecord, status "writing"
    rows: list[list[tuple]]  # per report: (chunk_id, page, index, text, tokens)


def batches(n_chunks: int, vocab: Vocabulary):
    """The library's reports and chunks, REPORTS_PER_BATCH reports at a time, the same on every call."""
    from memory.catalog import ReportRecord

    per_report = CHUNKS_PER_PAGE * PAGES_PER_REPORT
    n_reports = -(-n_chunks // per_report)
    for batch, first in enumerate(range(0, n_reports, REPORTS_PER_BATCH)):
        rng = np.random.default_rng([SEED, batch, 1])
        reports = range(first, min(first + REPORTS_PER_BATCH, n_reports))
        sizes = [min(per_report, n_chunks - r * per_report) for r in reports]
        texts, tokens = _draw_texts(vocab, rng, sum(sizes))
        out = Batch([], texts, tokens, [], [], [])
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
                cid = f"{rid}:{page}:{i}"
                out.ids.append(cid)
                out.metas.append({"report_id": rid, "page": page, "title": record.title, "source": record.source,
                                  "broker": broker, "date": date, "date_key": int(date.replace("-", ""))})
                rows.append((cid, page, i, texts[offset + i], tokens[offset + i]))
            offset += size
            out.records.append(record)
            out.rows.append(rows)
        yield batch, out


def _progress(step: str, done: int, total: int, started: float) -> None:
    print(f"\r[synthetic] {step}: {done}/{total} chunks ({time.perf_counter() - started:.0f} s)", end="",
          file=sys.stderr)


def build_vectors(folder: Path, n_chunks: int, kind: str, vocab: Vocabulary) -> dict:
    """The chromadb folder: the collection memory.vector_index opens, filled with seeded random vectors."""
    import copy

    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from memory.embeddings import EMBEDDING_DIMS, make_embedding_function
    from memory.vector_index import ADD_BATCH, HNSW_CONFIG

    dim = EMBEDDING_DIMS[kind]
    started = time.perf_counter()
    client = chromadb.PersistentClient(path=str(folder), settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_or_create_collection(name=COLLECTION, configuration=copy.deepcopy(HNSW_CONFIG),
                                                 metadata={"touyan": "report chunks"},
                                                 embedding_function=make_embedding_function(kind))
    written = 0
    try:
        for batch, b in batches(n_chunks, vocab):
            vectors = unit_vectors(batch, len(b.ids), dim)
            for start in range(0, len(b.ids), ADD_BATCH):
                end = start + ADD_BATCH
                collection.upsert(ids=b.ids[start:end], embeddings=vectors[start:end], documents=b.texts[start:end],
                                  metadatas=b.metas[start:end])
            written += len(b.ids)
            _progress("vectors", written, n_chunks, started)
        print(file=sys.stderr)
        count = collection.count()
    finally:
        release_chroma_clients()
    return {"chunks": count, "dim": dim, "build_s": time.perf_counter() - started, "peak_rss_mib": peak_rss_mib(),
            "disk_mib": sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20,
            "built_at": time.strftime("%Y-%m-%d %H:%M:%S")}


def build_catalog(root: Path, n_chunks: int, vocab: Vocabulary) -> dict:
    """The catalog and the keyword index of the same chunks (vectors come from `build_vectors`)."""
    from memory.catalog import Catalog
    from memory.keyword_index import KeywordDoc, TantivyKeywordIndex
    from memory.leases import Owner

    owner = Owner.current()
    started = time.perf_counter()
    catalog, keywords = Catalog(root / "catalog.sqlite3"), TantivyKeywordIndex(root / "keywords")
    steps = {"catalog": 0.0, "keywords": 0.0}
    written = 0
    try:
        for _, b in batches(n_chunks, vocab):
            t0 = time.perf_counter()
            for record, rows in zip(b.records, b.rows):
                catalog.begin_report(record, owner)
                pages = [(p, "".join(row[3] for row in rows if row[1] == p)) for p in range(PAGES_PER_REPORT)]
                catalog.complete_report(record.report_id, record.source, pages, rows, (), owner)
            t1 = time.perf_counter()
            keywords.write([KeywordDoc(row[0], record.report_id, row[4], record.broker, record.date)
                            for record, rows in zip(b.records, b.rows) for row in rows])
            steps["catalog"] += t1 - t0
            steps["keywords"] += time.perf_counter() - t1
            written += len(b.ids)
            _progress("catalog + keywords", written, n_chunks, started)
        print(file=sys.stderr)
        keywords.mark_filled()  # written above: nothing for ReportLibrary to copy from the catalog
        reports = len(catalog.reports())
    finally:
        catalog.close()
        keywords.close()
    return {"reports": reports, "build_s": time.perf_counter() - started, "steps_s": steps,
            "disk_mib": sum(f.stat().st_size for f in root.rglob("*") if f.is_file()) / 2**20,
            "built_at": time.strftime("%Y-%m-%d %H:%M:%S")}


def _cached(folder: Path, pattern: str, make, rebuild: bool) -> tuple[dict, bool]:
    """Build into `<folder>.building`, then rename; older builds matching `pattern` are deleted first."""
    stats_file = folder / "build.json"
    if stats_file.exists() and not rebuild:
        return json.loads(stats_file.read_text(encoding="utf-8")), True
    for stale in CACHE.glob(pattern):
        shutil.rmtree(stale)  # older versions of this size and model, and half-built ones
    building = folder.with_name(folder.name + ".building")
    building.mkdir(parents=True)
    stats = make(building)
    (building / "build.json").write_text(json.dumps(stats, ensure_ascii=False, indent=1), encoding="utf-8")
    building.rename(folder)
    return stats, False


def cached_library(n_chunks: int, kind: str, vocab: Vocabulary, rebuild: bool = False) -> tuple[Path, dict, bool]:
    """(root, build stats, whether it came from the cache). The vectors (most of the build time) and the
    catalog with its keyword index are cached apart: a change to the storage code rebuilds only the latter."""
    vectors = CACHE / vectors_key(n_chunks, kind)
    vector_stats, vectors_cached = _cached(vectors, f"vectors-v*-{kind}-{n_chunks}-*",
                                           lambda folder: build_vectors(folder, n_chunks, kind, vocab), rebuild)
    root = CACHE / cache_key(n_chunks, kind)

    def make(folder: Path) -> dict:
        (folder / "chroma").symlink_to(vectors.resolve(), target_is_directory=True)
        return build_catalog(folder, n_chunks, vocab)

    catalog_stats, catalog_cached = _cached(root, f"latency-v*-{kind}-{n_chunks}-*", make, rebuild)
    steps = {"chroma_add": vector_stats["build_s"], **catalog_stats["steps_s"]}
    stats = {"chunks": vector_stats["chunks"], "reports": catalog_stats["reports"], "dim": vector_stats["dim"],
             "vocabulary": len(vocab.words), "build_s": vector_stats["build_s"] + catalog_stats["build_s"],
             "steps_s": steps, "peak_rss_mib": vector_stats["peak_rss_mib"],
             "disk_mib": vector_stats["disk_mib"] + catalog_stats["disk_mib"],
             "built_at": min(vector_stats["built_at"], catalog_stats["built_at"])}
    return root, stats, vectors_cached and catalog_cached


def chunk_id(i: int) -> str:
    """The id `build` gives the i-th chunk of the library (0-based)."""
    per_report = CHUNKS_PER_PAGE * PAGES_PER_REPORT
    return f"syn{i // per_report:013d}:{(i % per_report) // CHUNKS_PER_PAGE}:{i % per_report}"


def stored_vectors(n_chunks: int, dim: int):
    """(first chunk index, vectors) per build batch, regenerated from the seed exactly as built."""
    batch_size = REPORTS_PER_BATCH * CHUNKS_PER_PAGE * PAGES_PER_REPORT
    for batch, start in enumerate(range(0, n_chunks, batch_size)):
        yield start, unit_vectors(batch, min(batch_size, n_chunks - start), dim)
