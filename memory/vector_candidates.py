"""The vector side of a search, with its filters applied exactly and without slowing the common query.

chromadb applies a `where` filter by walking its SQLite metadata before the HNSW search: at 100,000
chunks the default filter alone (no disclaimers, `boilerplate != true`) took 0.6–1.4 s per query, a
broker filter 0.1–0.2 s, against ~5 ms for the same query unfiltered (chromadb 1.5.9, measured with
benchmarks/query_latency.py's library). So a broad filter (the default, a date range) is applied after
an unfiltered search: the nearest `OVERFETCH[i] × depth` chunks are fetched and the catalog keeps those
that pass, with the keyword side's SQL condition. When at least `depth` pass, they are exactly the
`depth` nearest passing chunks of the index's ranking (every passing chunk ranked above them was
fetched); when fewer pass, the filtered search inside chromadb runs instead.
A narrow filter (one broker, ticker or report list) is sized by its reports' share of the library's chunks:
one round fetching twice its share of the depth, when that stays under MAX_FETCH; narrower filters go
to chromadb's filter directly.
"""

from __future__ import annotations

from memory.filters import SearchFilters

# Candidates fetched per wanted one, round by round: disclaimers are a minority of a report's chunks, so
# twice the depth almost always holds enough; a date range that keeps about half the library needs the
# second round. Unfiltered queries of 100 and 400 cost ~7 and ~15 ms at 100k chunks.
OVERFETCH = (2, 8)
# The most candidates one unfiltered round may fetch (~40 ms at 100k chunks); a filter narrower than that
# allows goes to chromadb's own filter.
MAX_FETCH = 2000


def _rounds(library, depth: int, filters: SearchFilters) -> tuple[int, ...]:
    """How many candidates to fetch, round by round; () to filter inside chromadb at once."""
    if not filters.narrow:
        return tuple(depth * factor for factor in OVERFETCH)
    # One broker's reports are a tenth of a library, one report a few hundredths of a percent: ask the
    # catalog how many pass, and over-fetch to twice that share of the depth when it stays affordable.
    passing, total = library.catalog.chunk_share(filters)
    fetch = -(-2 * depth * total // passing) if passing else MAX_FETCH + 1
    return (fetch,) if fetch <= MAX_FETCH else ()


def vector_candidates(library, query_vector, depth: int, filters: SearchFilters) -> list[tuple[str, float]]:
    """The `depth` nearest chunks passing `filters`: (chunk_id, cosine similarity), best first."""
    for fetch in _rounds(library, depth, filters):
        hits = library.vectors.search(query_vector, fetch, None)
        passing = library.catalog.matching_chunks([cid for cid, _ in hits], filters)
        kept = [(cid, score) for cid, score in hits if cid in passing]
        if len(kept) >= depth:
            return kept[:depth]
        if len(hits) < fetch:  # the whole (small) library came back: no bigger round can help
            break
    # Too few passed: the filtered search inside chromadb.
    return library.vectors.search(query_vector, depth, filters)
