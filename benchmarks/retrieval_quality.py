"""Retrieval quality on the sample corpus: recall@1, recall@5 and MRR@10 per search mode and embedding model.

    python -m benchmarks.retrieval_quality [--models use e5] [--misses-for hybrid]

The queries in benchmarks/data/retrieval_queries.jsonl paraphrase the reports instead of copying
them; each lists the (file, page) pairs that answer it. A query is a hit at k when any of its top-k
results is one of those pages. Every sample report (PDF, TXT, MD, HTML) is ingested into a fresh
library per model through the real pipeline, and searched through `memory.search.search`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "data" / "samples" / "reports"
QUERIES = REPO / "benchmarks" / "data" / "retrieval_queries.jsonl"
MODES = ("vector", "keyword", "hybrid")
# The same searches with the keyword side on the catalog's FTS5 table (before issue 15): recall must not drop.
BEFORE = {"keyword (FTS5, before)": "keyword", "hybrid (FTS5, before)": "hybrid"}
MODELS = ("use", "e5")
DEPTH = 10  # MRR is taken over the top 10


@dataclass(frozen=True)
class LabelledQuery:
    id: str
    query: str
    relevant: frozenset[tuple[str, int]]  # (file name, 0-based page)


@dataclass(frozen=True)
class Miss:
    query: LabelledQuery
    got: tuple[tuple[str, int], ...]  # the top-5 (file name, page)


@dataclass
class ModeScore:
    recall_at_1: float
    recall_at_5: float
    mrr: float
    misses: list[Miss] = field(default_factory=list)  # queries with no relevant page in the top 5


@dataclass
class ModelResult:
    model: str
    chunks: int
    ingest_s: float
    scores: dict[str, ModeScore]


def load_queries(path: Path = QUERIES) -> list[LabelledQuery]:
    queries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            relevant = frozenset((r["file"], int(r["page"])) for r in row["relevant"])
            queries.append(LabelledQuery(row["id"], row["query"], relevant))
    return queries


def sample_reports() -> list[Path]:
    from tools.documents import iter_document_paths

    return list(iter_document_paths([REPORTS]))


def build_library(kind: str, root: Path):
    """A fresh library holding every sample report, embedded with `kind`; (library, seconds)."""
    from memory.embeddings import make_embedding_function
    from memory.report_library import ReportLibrary
    from tools.documents import load_document

    library = ReportLibrary(root, make_embedding_function(kind))
    started = time.perf_counter()
    for path in sample_reports():
        library.ingest(load_document(path))
    return library, time.perf_counter() - started


def score_mode(library, queries: list[LabelledQuery], mode: str) -> ModeScore:
    from memory.search import search

    if mode in BEFORE:
        from benchmarks.fts5_baseline import fts5_keywords

        with fts5_keywords(library):
            return score_mode(library, queries, BEFORE[mode])
    at_1 = at_5 = 0
    reciprocal_ranks = 0.0
    misses = []
    for q in queries:
        ranked = [(Path(h.source).name, h.page) for h in search(library, q.query, k=DEPTH, mode=mode)]
        first = next((rank for rank, key in enumerate(ranked, start=1) if key in q.relevant), None)
        if first is not None:
            reciprocal_ranks += 1.0 / first
            at_1 += first == 1
            at_5 += first <= 5
        if first is None or first > 5:
            misses.append(Miss(q, tuple(ranked[:5])))
    n = len(queries)
    return ModeScore(at_1 / n, at_5 / n, reciprocal_ranks / n, misses)


def evaluate(kind: str, queries: list[LabelledQuery], modes=(*MODES, *BEFORE)) -> ModelResult:
    with tempfile.TemporaryDirectory(prefix=f"bench-quality-{kind}-") as root:
        library, ingest_s = build_library(kind, Path(root))
        try:
            print(f"[quality] {kind}: ingested {library.vectors.count()} chunks in {ingest_s:.1f} s",
                  file=sys.stderr)
            scores = {mode: score_mode(library, queries, mode) for mode in modes}
            return ModelResult(kind, library.vectors.count(), ingest_s, scores)
        finally:
            library.close()
            from chromadb.api.client import SharedSystemClient

            SharedSystemClient.clear_system_cache()


def _short(file_name: str) -> str:
    """'20250312_中信证券_人形机器人产业链深度报告.pdf' -> '中信证券_人形机器人产业链深度报告' (date and suffix off)."""
    stem = Path(file_name).stem
    return stem.split("_", 1)[1] if "_" in stem else stem


def _pages(keys) -> str:
    return "; ".join(f"{_short(f)} p{p}" for f, p in sorted(keys)) or "(nothing)"


def _recall_goal(r: ModelResult) -> str:
    """Goal 3's quality side: the keyword index must not lose hybrid recall@5 against FTS5, same run."""
    from benchmarks.goals import Goal

    now, before = r.scores["hybrid"].recall_at_5, r.scores["hybrid (FTS5, before)"].recall_at_5
    return Goal(f"3{'de'[MODELS.index(r.model)]}", f"Hybrid recall@5 on the labelled set (`{r.model}`)",
                f"FTS5 keyword side {before:.3f}", f"{now:.3f}", now / before if before else None,
                "≥ 1.00× (unchanged or better)", now >= before).comment()


def to_markdown(results: list[ModelResult], n_queries: int, misses_for: str = "hybrid") -> str:
    lines = [
        "## Retrieval quality (sample corpus)",
        "",
        f"{n_queries} labelled paraphrase queries; a query is a hit at k when any of its top-k results is a "
        "labelled (file, page). MRR over the top 10. Search: `memory.search.search(..., mode=...)`. "
        "Target: hybrid recall@5 ≥ 0.9.",
        "",
        "| model | mode | recall@1 | recall@5 | MRR@10 | misses@5 |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in results:
        for mode, s in r.scores.items():
            lines.append(f"| {r.model} | {mode} | {s.recall_at_1:.3f} | {s.recall_at_5:.3f} | {s.mrr:.3f} | "
                         f"{len(s.misses)} |")
    lines += ["", "Ingest of the whole sample corpus (all formats) per model: "
              + ", ".join(f"`{r.model}` {r.chunks} chunks in {r.ingest_s:.1f} s" for r in results) + ".", ""]
    lines += [_recall_goal(r) for r in results if "hybrid (FTS5, before)" in r.scores]
    for r in results:
        score = r.scores.get(misses_for)
        if score is None:
            continue
        lines += [f"### {misses_for} misses at 5, `{r.model}` ({len(score.misses)})", ""]
        if not score.misses:
            lines += ["None.", ""]
            continue
        lines += ["| id | query | expected (file, page) | got top 5 |", "|---|---|---|---|"]
        for miss in score.misses:
            lines.append(f"| {miss.query.id} | {miss.query.query} | {_pages(miss.query.relevant)} | "
                         f"{' → '.join(f'{_short(f)} p{p}' for f, p in miss.got) or '(nothing)'} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=list(MODELS), choices=MODELS)
    parser.add_argument("--misses-for", default="hybrid", choices=MODES)
    args = parser.parse_args(argv)
    queries = load_queries()
    # One fresh process per model: a process holds one embedding function per collection config
    # (chromadb writes it into memory.vector_index.HNSW_CONFIG), and each model's memory goes with it.
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"), max_tasks_per_child=1) as pool:
        results = [pool.submit(evaluate, kind, queries).result() for kind in args.models]
    print(to_markdown(results, len(queries), args.misses_for))


if __name__ == "__main__":
    main()
