"""A learned veto on the program's "one quantity" ties between two brokers' claims, read with the whole consensus.

The rules (tools.claims.metric_identity, with metric_model's veto on loose ties) and the ties by meaning
(claim_similarity) judge each pair alone. A reader also asks whether the two sentences are each other's counterpart:
two reports on one subject cover the same few quantities, so the claim of the other report that speaks of the same
quantity is usually the one closest in meaning to it, and a tie between two claims that each have a clearly closer
sentence in the other report is often two quantities named with one word (a segment's margin against the group's).
The veto is a logistic score over metric_model's rule features, the sentences' cosine (the shipped encoder), how the
program tied the pair, and these relative features (is each the other's best match, the margin to the next); a tie
of any kind scored under `veto` is dropped (claim_views.claim_divergences forms no divergence from it).

Weights: agents/consensus/pair_veto.json, fitted by scripts/fit_pair_veto.py on the dev half of the labelled
aggregation set (the veto chosen on leave-one-case-out predictions there). No encoder, or no weights file: no veto.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agents.consensus.claim_similarity import ENCODER, Encode
from agents.consensus.claim_worth import head_of
from tools.claims.metric_model import FEATURES as RULE_FEATURES
from tools.claims.model import Claim

if TYPE_CHECKING:
    import numpy as np

HEAD = Path(__file__).with_name("pair_veto.json")
RELATIVE = ("best_of_a", "best_of_b", "mutual_best", "min_margin", "max_margin", "mutual_best_compatible",
            "inverse_rank")
TIES = ("cosine", "shipped", "by_meaning", "addable", "may_tie")
FEATURES = (*RULE_FEATURES, *TIES, *RELATIVE)

Head = Mapping[str, Any]  # {"encoder", "features", "weights", "bias", "veto"}


@dataclass
class PairContext:
    """What the features of one pair read from the whole consensus: every claim, its report, its own metric, and
    the cosine of every two claims' sentences."""
    claims: Sequence[Claim]
    reports: Sequence[str]
    mains: Sequence[str]
    cosine: "np.ndarray"
    company_report: bool = False

    def _row(self, x: int, y: int) -> tuple[int, float, int]:
        """Where y stands among x's matches in y's report: its rank, its margin over the next, and its rank among
        the claims the rules let x tie (compare.may_tie)."""
        from tools.claims.compare import may_tie

        others = [k for k, rep in enumerate(self.reports) if rep == self.reports[y]]
        here = self.cosine[x, y]
        rank = sum(1 for k in others if self.cosine[x, k] > here)
        margin = float(here - max((self.cosine[x, k] for k in others if k != y), default=-1.0))
        compatible = sum(1 for k in others if self.cosine[x, k] > here and
                         may_tie(self.claims[x], self.claims[k], self.mains[x], self.mains[k]))
        return rank, margin, compatible

    def relative(self, i: int, j: int) -> list[float]:
        (rank_a, margin_a, comp_a), (rank_b, margin_b, comp_b) = self._row(i, j), self._row(j, i)
        return [float(rank_a == 0), float(rank_b == 0), float(rank_a == 0 and rank_b == 0), min(margin_a, margin_b),
                max(margin_a, margin_b), float(comp_a == 0 and comp_b == 0), 1.0 / (1 + rank_a + rank_b)]


def program_ties(ctx: PairContext, i: int, j: int, similar: Callable[[int, int], bool]) -> tuple[str, bool, bool, bool]:
    """How the program ties claims i and j: the rules' tie ("firm", "loose", ""), whether the pair is tied at all
    (compare.conflict's gate), whether by meaning alone, and whether a tie by meaning could apply (no rule tie, two
    own metrics not named apart)."""
    from tools.claims.compare import _named_apart
    from tools.claims.metric_identity import quantity_tie
    from tools.claims.metric_model import one_quantity, weights

    a, b = ctx.claims[i], ctx.claims[j]
    rules = quantity_tie(a, b, company_report=ctx.company_report)
    kept = rules == "firm" or rules == "loose" and \
        one_quantity(a, b, company_report=ctx.company_report) >= weights()["veto"]
    addable = not rules and bool(ctx.mains[i] and ctx.mains[j]) and not _named_apart(ctx.mains[i], ctx.mains[j])
    by_meaning = addable and similar(i, j)
    return rules, kept or by_meaning, by_meaning, addable


def pair_features(ctx: PairContext, i: int, j: int, similar: Callable[[int, int], bool],
                  ties: tuple[str, bool, bool, bool] | None = None) -> list[float]:
    """metric_model's rule features, then TIES, then RELATIVE, for claims i and j of two reports; `ties`: their
    `program_ties`, when the caller has read them."""
    from tools.claims.compare import may_tie
    from tools.claims.metric_model import pair_features as rule_features

    a, b = ctx.claims[i], ctx.claims[j]
    _, shipped, by_meaning, addable = ties or program_ties(ctx, i, j, similar)
    ties = [float(ctx.cosine[i, j]), float(shipped), float(by_meaning), float(addable),
            float(may_tie(a, b, ctx.mains[i], ctx.mains[j]))]
    return [*rule_features(a, b, company_report=ctx.company_report), *ties, *ctx.relative(i, j)]


def context(claims: Sequence[tuple[str, str, Claim]], encode: Encode, company_report: bool) -> PairContext:
    import numpy as np

    from tools.claims.facets import own_metric

    vectors = np.asarray(encode([c.text for _, _, c in claims]), dtype=np.float64)
    return PairContext([c for _, _, c in claims], [r for _, r, _ in claims], [own_metric(c) for _, _, c in claims],
                       vectors @ vectors.T, company_report)


def score(features: Sequence[float], head: Head) -> float:
    z = head["bias"] + sum(w * x for w, x in zip(head["weights"], features))
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def vetoes(claims: Sequence[tuple[str, str, Claim]], encode: Encode | None, similar: Callable[[int, int], bool], *,
           company_report: bool = False, head: Head | Path | None = HEAD,
           rules: dict[tuple[int, int], str] | None = None) -> Callable[[int, int], bool]:
    """Whether the program's tie of claims i and j (of two reports) is dropped: it is tied (rules or meaning) and
    the head scores it under its veto. No encoder or no head: nothing is vetoed. `rules` is filled with each asked
    pair's quantity_tie, so that compare.conflict need not read it again."""
    model = head_of(head)
    if encode is None or model is None or not claims:
        return lambda i, j: False
    if model.get("encoder") != ENCODER or list(model.get("features", ())) != list(FEATURES):
        raise ValueError(f"pair_veto head fitted on other features or {model.get('encoder')} vectors ({ENCODER} here)")
    ctx = context(claims, encode, company_report)

    def vetoed(i: int, j: int) -> bool:
        ties = program_ties(ctx, i, j, similar)
        if rules is not None:
            rules[(i, j)] = ties[0]
        return ties[1] and score(pair_features(ctx, i, j, similar, ties), model) < model["veto"]
    return vetoed
