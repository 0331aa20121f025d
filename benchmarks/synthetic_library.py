"""A synthetic report library of any size for latency measurements, cached between runs.

Texts are strings of real words: jieba's words from the sample corpus, drawn with their corpus
frequencies, so BM25 sees realistic postings. Vectors are seeded random unit vectors of the
model's dimension, written through `ReportLibrary.vectors.add` and the catalog with no embedding
step, and can be regenerated exactly (`stored_vectors`) for exact-search comparisons.
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
BUILD_VERSION = "1"
SEED = 20250312
CHUNKS_PER_PAGE, PAGES_PER_REPORT = 10, 5
REPORTS_PER_BATCH = 40  # 2,000 chunks: one chromadb add batch
BROKERS = ("中信证券", "华泰证券", "国泰君安", "招商证券", "中金公司", "国金证券", "东吴证券", "海通证券",
           "广发证券", "申万宏源")
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


def unit_vectors(batch: int, n: int, dim: int) -> np.ndarray:
    vectors = np.random.default_rng([SEED, batch, 2]).standard_normal((n, dim), dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def release_chroma_clients() -> None:
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
            vectors = unit_vectors(batch, len(texts), dim)
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
                    cid = f"{rid}:{page}:{i}"
                    ids.append(cid)
                    metas.append({"report_id": rid, "page": page, "title": record.title, "source": record.source,
                                  "broker": broker, "date": date, "date_key": int(date.replace("-", ""))})
                    rows.append((cid, page, i, texts[offset + i], tokens[offset + i]))
                offset += size
                records.append(record)
                rows_by_report.append(rows)
            t1 = time.perf_counter()
            for record in records:
                library.catalog.begin_report(record, library.owner)
            library.vectors.add(ids, vectors, texts, metas)
            t2 = time.perf_counter()
            for record, rows in zip(records, rows_by_report):
                pages = [(p, "".join(row[3] for row in rows if row[1] == p)) for p in range(PAGES_PER_REPORT)]
                library.catalog.complete_report(record.report_id, record.source, pages, rows, (), library.owner)
            t3 = time.perf_counter()
            steps["generate"] += t1 - t0
            steps["chroma_add"] += t2 - t1
            steps["catalog"] += t3 - t2
            written += len(ids)
            print(f"\r[synthetic] built {written}/{n_chunks} chunks ({t3 - started:.0f} s)", end="", file=sys.stderr)
        print(file=sys.stderr)
        count = library.vectors.count()
    finally:
        library.close()
        release_chroma_clients()
    return {"chunks": count, "reports": n_reports, "dim": dim, "vocabulary": len(vocab.words),
            "build_s": time.perf_counter() - started, "steps_s": steps, "peak_rss_mib": peak_rss_mib(),
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


def chunk_id(i: int) -> str:
    """The id `build` gives the i-th chunk of the library (0-based)."""
    per_report = CHUNKS_PER_PAGE * PAGES_PER_REPORT
    return f"syn{i // per_report:013d}:{(i % per_report) // CHUNKS_PER_PAGE}:{i % per_report}"


def stored_vectors(n_chunks: int, dim: int):
    """(first chunk index, vectors) per build batch, regenerated from the seed exactly as built."""
    batch_size = REPORTS_PER_BATCH * CHUNKS_PER_PAGE * PAGES_PER_REPORT
    for batch, start in enumerate(range(0, n_chunks, batch_size)):
        yield start, unit_vectors(batch, min(batch_size, n_chunks - start), dim)
