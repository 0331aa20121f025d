"""The relevance floor of search, per embedding model: below it a hit is not shown, and a query with no
hit above it is answered "没有足够相关的内容".

Relevance is the cosine similarity of query and chunk (memory/search.py computes it for every candidate,
whichever list found it). Cosine scales differ between models, so each floor is measured on its own
model by benchmarks/relevance_floor.py: the 55 labelled queries of benchmarks/data/retrieval_queries.jsonl
(relevant) against the 40 of benchmarks/data/offtopic_queries.jsonl (30 about industries and markets the
sample corpus does not cover, 10 not about finance), on the sample corpus, hybrid search.

touyan-use, 0.16: relevant recall@5 0.964 (0.982 with no floor: 1 of 55 queries loses its answering page
  from the top 5), off-topic queries left with no hit 0.475 (19/40), non-finance ones 1.000 (10/10).
  0.15 loses no relevant query but rejects only 0.425 (9/10 non-finance); 0.20 rejects 0.600 at
  recall@5 0.927. The answering hit's relevance: median 0.354; off-topic queries' best: median 0.167,
  max 0.357 — the two overlap, so a floor alone cannot reject every off-topic query that uses the corpus's
  vocabulary (银行、保险、价格 questions still find chunks about prices and margins).
touyan-e5, 0.84: recall@5 0.945 (1.000 with no floor), off-topic rejected 0.200 (8/10 non-finance). e5's
  cosines are compressed (answering hit: min 0.787, median 0.908; off-topic best: median 0.865, max 0.895),
  so its floor separates far less: 0.86 would reject all 10 non-finance queries at recall@5 0.927.
Other embeddings (an OpenAI-compatible endpoint) have no measured floor: no floor is applied, and the
search command says so.
"""

from __future__ import annotations

RELEVANCE_FLOORS: dict[str, float] = {"touyan-use": 0.16, "touyan-e5": 0.84}
NOT_ENOUGH = "没有足够相关的内容"


def floor_for(embedding_name: str) -> float | None:
    return RELEVANCE_FLOORS.get(embedding_name)
