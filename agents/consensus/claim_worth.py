"""Which claims may take part in a divergence: the sentences a researcher would set against another broker's.

The extractive rules keep some sentences the labellers do not count as claims (context, a fact, a restated market
view, forecast-table prose); paired with another broker's claim they make false divergences, most of them on text
the rules were not written against (issue 13: 25 of 83 false divergences on the held-out half, 10 of 23 on dev).
A logistic head scores how likely a claim is one the labellers count: the sentence's vector from the shipped
encoder (USE, trained on other text, claim_similarity.sentence_vectors) and a few features of how brokers write a
view in general — the report's own forecast frame (我们认为/预计/有望…), a figure, a period, a direction, the cover
page (投资要点), the sentence's length. A claim scored under the head's cut-off is still summarised and listed under its
topic; it is only not paired against another broker's claim.

Weights: agents/consensus/claim_worth.json, fitted by scripts/fit_claim_worth.py on the dev half of the labelled set
(the cut-off chosen on fold estimates there). No encoder, or no weights file: every claim may diverge (the rules alone).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from agents.consensus.claim_similarity import ENCODER, Encode
from tools.claims.model import Claim

if TYPE_CHECKING:
    import numpy as np

HEAD = Path(__file__).with_name("claim_worth.json")
# The report's own forward view, however a broker frames it (not a word list of one case).
OWN_FRAME = re.compile(r"我们认为|我们预计|我们判断|我们看好|预计|预测|有望|看好|判断")
RULE_FEATURES = ("frame", "figure", "period", "direction", "value", "cover", "length", "stance", "self_declared")

Head = Mapping[str, object]  # {"encoder", "rules": [...], "vector": [...], "bias", "cutoff"}


def rule_features(claim: Claim) -> list[float]:
    """The general features, in RULE_FEATURES order (length: log of characters, /5 to sit near 1)."""
    return [float(bool(OWN_FRAME.search(claim.text))), float(bool(re.search(r"\d", claim.text))),
            float(claim.period is not None), float(claim.direction is not None), float(claim.value is not None),
            float(claim.page == 0), math.log(max(len(claim.text), 1)) / 5, float(claim.stance != "neutral"),
            float(claim.self_declared)]


def design(claims: Sequence[Claim], vectors: "np.ndarray") -> "np.ndarray":
    """Rows of [rule features, sentence vector] for the head."""
    import numpy as np

    rules = np.array([rule_features(c) for c in claims], dtype=np.float64).reshape(len(claims), len(RULE_FEATURES))
    return np.hstack([rules, np.asarray(vectors, dtype=np.float64).reshape(len(claims), -1)])


@lru_cache(maxsize=4)
def _load(path: Path) -> Head | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def head_of(head: Head | Path | None) -> Head | None:
    """A head given as weights, as the path of its JSON (read once), or None."""
    return _load(head) if isinstance(head, Path) else head


def scores(claims: Sequence[Claim], vectors: "np.ndarray", head: Head) -> "np.ndarray":
    """Each claim's probability of being a claim the labellers count."""
    import numpy as np

    weights = np.array([*head["rules"], *head["vector"]], dtype=np.float64)
    return 1.0 / (1.0 + np.exp(-(design(claims, vectors) @ weights + float(head["bias"]))))


def may_diverge(claims: Sequence[Claim], encode: Encode | None, head: Head | Path | None = HEAD) -> list[bool]:
    """Whether each claim may form a divergence: its score reaches the head's cut-off; all True without an
    encoder or a head (the rules alone)."""
    weights = head_of(head)
    if encode is None or weights is None or not claims:
        return [True] * len(claims)
    if weights.get("encoder") != ENCODER:
        raise ValueError(f"claim_worth head fitted on {weights.get('encoder')} vectors, encoder is {ENCODER}")
    return [bool(s >= float(weights["cutoff"])) for s in scores(claims, encode([c.text for c in claims]), weights)]
