"""Two brokers' sentences that speak of one quantity by their meaning, where the metric rules see two.

The rules (tools.claims.metric_identity) tie two claims by the words of their metrics, and they were written
against the labelled dev cases: on held-out cases they tie fewer of the pairs the labellers put on one metric
(pair F1 0.685 against 0.805 on dev, scripts/metric_pairs.py). A sentence encoder trained on other text
(multilingual USE, shipped inside its PyPI package, the library's default embedding) is not fitted to these
cases: two claims whose sentences it places at cosine ≥ SIMILAR are compared as one quantity too
(tools.claims.compare.conflict's `tied`), each claim's own metric standing for the other's.

SIMILAR was chosen on the dev pairs alone (the best "rules or similar" pair F1 there, 0.806 → 0.827); at it the
held-out pairs went 0.685 → 0.729, and the held-out divergence F1 0.553 → 0.582 while dev fell 0.824 → 0.815
(docs/consensus.md, session 12). Without an encoder (`encode=None`) the consensus is the rules' alone.

A fixed cosine is brittle across wordings, so a tie is also relative (session 14): among the claims of two reports,
a claim's counterpart is its best match by meaning in the other report; two claims that are each other's counterpart,
clearly ahead of the next candidate (MARGIN) and at ≥ COUNTERPART, are tied too. Candidates are the claims the rules
let it tie (tools.claims.compare.may_tie: one period, one unit and kind, not two quantity words the rules know apart,
nor one word whose qualifiers they judged apart). Both constants were chosen on the dev pairs and cases alone:
dev pair F1 0.814 → 0.818, dev divergence F1 0.836 → 0.838 (docs/consensus.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

SIMILAR = 0.62
COUNTERPART = 0.50  # floor of a tie between mutual best matches (`ties_by_meaning`)
MARGIN = 0.10  # how far a counterpart is ahead of the claim's next candidate in that report
ENCODER = "use"  # SIMILAR is a cosine of this model's vectors: another model needs its own measurement

Encode = Callable[[list[str]], Any]  # texts → (n, d) unit vectors


CACHED = 20_000  # vectors kept per process: a report's claims are embedded once, not on every consensus turn
_vectors: dict[str, "np.ndarray"] = {}


def sentence_vectors(texts: list[str]) -> "np.ndarray":
    """Unit vectors of the texts from the local USE model (loaded once per process, on first call)."""
    import numpy as np

    from memory.embeddings import embed_local

    distinct = list(dict.fromkeys(texts))
    known = {t: v for t in distinct if (v := _vectors.get(t)) is not None}
    missing = [t for t in distinct if t not in known]
    if missing:
        known.update(zip(missing, embed_local(ENCODER, missing)))
        if len(_vectors) + len(missing) > CACHED:
            _vectors.clear()
        _vectors.update((t, known[t]) for t in missing)
    return np.stack([known[t] for t in texts]) if texts else np.empty((0, 0), dtype=np.float32)


def ties_by_meaning(texts: Sequence[str], reports: Sequence[str], encode: Encode | None,
                    compatible: Callable[[int, int], bool]) -> Callable[[int, int], bool]:
    """Whether texts i and j (of two reports) speak of one quantity by meaning: at cosine ≥ SIMILAR, or each is
    the other's clear best match in the other's report (among the claims `compatible` with it: ahead of the next
    by ≥ MARGIN) at ≥ COUNTERPART."""
    if encode is None or not texts:
        return lambda i, j: False
    import numpy as np

    vectors = np.asarray(encode(list(texts)), dtype=np.float32)
    cosine = vectors @ vectors.T
    ranked: dict[tuple[int, str], list[tuple[float, int]]] = {}  # (claim, other report) → its compatible matches
    for i in range(len(texts)):
        for j in range(len(texts)):
            if reports[i] != reports[j] and compatible(i, j):
                ranked.setdefault((i, reports[j]), []).append((float(cosine[i, j]), j))
    best = {}
    for key, scores in ranked.items():
        scores.sort(reverse=True)
        if len(scores) == 1 or scores[0][0] - scores[1][0] >= MARGIN:
            best[key] = scores[0][1]
    return lambda i, j: float(cosine[i, j]) >= SIMILAR or float(cosine[i, j]) >= COUNTERPART and \
        best.get((i, reports[j])) == j and best.get((j, reports[i])) == i
