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
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

SIMILAR = 0.62
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


def similar_by_meaning(texts: Sequence[str], encode: Encode | None) -> Callable[[int, int], bool]:
    """Whether texts i and j are at cosine ≥ SIMILAR; all texts embedded in one call. No encoder: never."""
    if encode is None or not texts:
        return lambda i, j: False
    import numpy as np

    vectors = np.asarray(encode(list(texts)), dtype=np.float32)
    return lambda i, j: float(vectors[i] @ vectors[j]) >= SIMILAR
