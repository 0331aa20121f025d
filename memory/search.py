"""Hybrid search over the report library: BM25 (jieba tokens, memory/keyword_index.py) + vectors (chromadb),
fused by reciprocal rank. A query over the library's two indexes, so it lives beside them; this is
the one search every agent and the CLI use.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from memory.filters import SearchFilters
from memory.report_library import ReportLibrary
from tools.text import tokenize

SearchMode = Literal["hybrid", "vector", "keyword"]
# RRF's k: 60 is the constant from Cormack et al. (2009); it damps the weight of rank 1.
RRF_K = 60


@dataclass(frozen=True)
class Hit:
    report_id: str
    source: str
    title: str
    broker: str | None
    date: str | None
    page: int  # 0-based
    score: float  # fused RRF score in hybrid mode; cosine similarity or BM25 score otherwise
    text: str
    chunk_id: str
    vector_rank: int | None = None  # 1-based rank in each list, None when absent
    keyword_rank: int | None = None

    def to_json(self) -> dict:
        return asdict(self)


def _rrf(ranked_lists: list[list[str]]) -> dict[str, float]:
    scores: dict[str, float] = {}
    for ranked in ranked_lists:
        for rank, chunk_id in enumerate(ranked, start=1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank)
    return scores


def search(library: ReportLibrary, query: str, k: int = 10, filters: SearchFilters | None = None,
           mode: SearchMode = "hybrid", candidates: int = 50) -> list[Hit]:
    """Top-k chunks for `query`. Each list contributes `max(candidates, k)` candidates before fusion."""
    query = query.strip()
    if not query:
        raise ValueError("查询不能为空 (empty query)")
    if k < 1:
        raise ValueError("k must be at least 1")
    filters = filters or SearchFilters()
    depth = max(candidates, k)
    vector_hits: list[tuple[str, float]] = []
    keyword_hits: list[tuple[str, float]] = []
    if mode in ("hybrid", "vector"):
        vector_hits = library.vectors.search(library.vectors.embed_query(query), depth, filters)
    if mode in ("hybrid", "keyword"):
        keyword_hits = library.keywords.search(tokenize(query), depth, filters)

    vector_rank = {cid: i for i, (cid, _) in enumerate(vector_hits, start=1)}
    keyword_rank = {cid: i for i, (cid, _) in enumerate(keyword_hits, start=1)}
    if mode == "hybrid":
        scores = _rrf([[c for c, _ in vector_hits], [c for c, _ in keyword_hits]])
    else:
        scores = dict(vector_hits or keyword_hits)
    ordered = sorted(scores, key=lambda cid: (-scores[cid], cid))
    records = library.chunks(ordered[: depth * 2])
    hits: list[Hit] = []
    for cid in ordered:
        record = records.get(cid)
        if record is None:  # a chunk of a report still being written, or removed meanwhile
            continue
        r = record.report
        hits.append(Hit(r.report_id, r.source, r.title, r.broker, r.date, record.page, scores[cid], record.text,
                        cid, vector_rank.get(cid), keyword_rank.get(cid)))
        if len(hits) == k:
            break
    return hits
