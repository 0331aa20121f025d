"""Hybrid search over the report library: BM25 (jieba tokens, memory/keyword_index.py) + vectors (chromadb),
fused by reciprocal rank. A query over the library's two indexes, so it lives beside them; this is
the one search every agent and the CLI use.

`find` adds what a researcher needs to trust a result list (issue 17): each hit's relevance (cosine
similarity of query and chunk, whichever list found it), an optional relevance floor below which a
hit is dropped (memory/relevance.py: measured per embedding model), at most one hit per page, and
newest-first order. `search` is `find(...).hits` with none of these on, as agents have used it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from memory.filters import SearchFilters
from memory.report_library import ReportLibrary
from memory.vector_candidates import vector_candidates
from tools.text import tokenize

SearchMode = Literal["hybrid", "vector", "keyword"]
SortOrder = Literal["relevance", "date"]
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
    relevance: float | None = None  # cosine similarity of query and chunk; None when not computed

    def to_json(self) -> dict:
        return asdict(self)


def _rrf(ranked_lists: list[list[str]]) -> dict[str, float]:
    scores: dict[str, float] = {}
    for ranked in ranked_lists:
        for rank, chunk_id in enumerate(ranked, start=1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank)
    return scores


def _in_order(library: ReportLibrary, ordered: list[str], records: dict, k: int):
    """(chunk_id, its record or None) in `ordered` order; records are read from the catalog a few at a
    time, so a search reads the texts of about the k it returns, not of every candidate."""
    batch = k + 5  # a few spare: chunks of unfinished reports, or of a page already shown, are skipped
    for start in range(0, len(ordered), batch):
        part = ordered[start : start + batch]
        missing = [cid for cid in part if cid not in records]
        if missing:
            records.update(library.chunks(missing))
        for cid in part:
            yield cid, records.get(cid)


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    floor: float | None = None  # the relevance floor applied, if any
    below_floor: int = 0  # candidates dropped by the floor
    best_relevance: float | None = None  # the most relevant candidate's relevance (when computed)


def search(library: ReportLibrary, query: str, k: int = 10, filters: SearchFilters | None = None,
           mode: SearchMode = "hybrid", candidates: int = 50) -> list[Hit]:
    """Top-k chunks for `query`. Each list contributes `max(candidates, k)` candidates before fusion."""
    return find(library, query, k, filters, mode, candidates).hits


def find(library: ReportLibrary, query: str, k: int = 10, filters: SearchFilters | None = None,
         mode: SearchMode = "hybrid", candidates: int = 50, *, floor: float | None = None,
         one_per_page: bool = False, sort: SortOrder = "relevance", relevance: bool = False) -> SearchResult:
    """Top-k chunks; with `floor`, only those at least that relevant; with `one_per_page`, the best chunk
    of each page; `sort="date"` orders the k found newest first. `relevance=True` computes each hit's
    relevance without a floor (measurements)."""
    query = query.strip()
    if not query:
        raise ValueError("查询不能为空 (empty query)")
    if k < 1:
        raise ValueError("k must be at least 1")
    filters = filters or SearchFilters()
    depth = max(candidates, k)
    vector_hits: list[tuple[str, float]] = []
    keyword_hits: list[tuple[str, float]] = []
    need_relevance = floor is not None or relevance
    query_vector = library.vectors.embed_query(query) if mode != "keyword" or need_relevance else None
    if mode in ("hybrid", "vector"):
        vector_hits = vector_candidates(library, query_vector, depth, filters)
    if mode in ("hybrid", "keyword"):
        keyword_hits = library.keywords.search(tokenize(query), depth, filters)

    vector_rank = {cid: i for i, (cid, _) in enumerate(vector_hits, start=1)}
    keyword_rank = {cid: i for i, (cid, _) in enumerate(keyword_hits, start=1)}
    if mode == "hybrid":
        scores = _rrf([[c for c, _ in vector_hits], [c for c, _ in keyword_hits]])
    else:
        scores = dict(vector_hits or keyword_hits)
    ordered = sorted(scores, key=lambda cid: (-scores[cid], cid))[: depth * 2]
    cosine = dict(vector_hits)
    if need_relevance:
        cosine.update(library.vectors.similarities(query_vector, [c for c in ordered if c not in cosine]))
    records: dict = library.chunks(ordered) if need_relevance else {}
    hits: list[Hit] = []
    pages: set[tuple[str, int]] = set()
    below = 0
    for cid, record in _in_order(library, ordered, records, k):
        if record is None:  # a chunk of a report still being written, or removed meanwhile
            continue
        rel = cosine.get(cid) if need_relevance else None
        if floor is not None and (rel is None or rel < floor):
            below += 1
            continue
        if one_per_page and (record.report_id, record.page) in pages:
            continue
        pages.add((record.report_id, record.page))
        r = record.report
        hits.append(Hit(r.report_id, r.source, r.title, r.broker, r.date, record.page, scores[cid], record.text,
                        cid, vector_rank.get(cid), keyword_rank.get(cid), rel))
        if len(hits) == k:
            break
    if sort == "date":  # the k most relevant, newest first; undated last, ties keep relevance order
        hits.sort(key=lambda h: -(int(h.date.replace("-", "")) if h.date else 0))
    known = [cosine[c] for c in ordered if c in cosine and c in records] if need_relevance else []
    return SearchResult(hits, floor, below, max(known) if known else None)
