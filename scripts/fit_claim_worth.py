"""Fit agents/consensus/claim_worth.json, the head that keeps non-claims out of divergences, on the dev half (issue 13).

Examples: every verified program claim of a dev eval run (scripts/metric_pairs.verified_claims), positive when it
matches a gold claim (the labellers count it as a claim). Features: agents.consensus.claim_worth.design (general rule
features and the USE vector). Logistic regression (numpy, L2, Newton steps), evaluated 5-fold by case: AUC of the
rules alone, the vector alone and both, the precision and recall of "not a claim" at each cut-off, and the eval's
divergence counts with each fold's cases run through build_consensus under a head fitted on the other folds. The
cut-off is the fold estimate's best divergence F1 among those that lose at most MAX_TP_LOSS true divergences; the
written weights use every dev case (so a dev eval with them is in-sample, optimistic).

    .venv/bin/python scripts/fit_claim_worth.py /tmp/13q-base            # report only
    .venv/bin/python scripts/fit_claim_worth.py /tmp/13q-base --write    # and write the JSON
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agents.consensus.claim_similarity import ENCODER, sentence_vectors  # noqa: E402
from agents.consensus.claim_worth import HEAD, RULE_FEATURES, design  # noqa: E402
from metric_pairs import GROUPS, dev_case, group_of, verified_claims  # noqa: E402

L2 = 0.003  # per example; 5-fold AUC on dev: 0.1 → 0.849, 0.01 → 0.869, 0.003 → 0.876, 0.001 → 0.880
FOLDS = 5
CUTOFFS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
MAX_TP_LOSS = 2  # "tp barely falls": a head may drop at most two true divergences of the fold estimate


def examples(run: Path) -> tuple[list[dict], list[str], list, np.ndarray, np.ndarray]:
    """The run's dev rows, and per verified claim: its case, the claim, the design row, matched (1) or not (0)."""
    rows, cases, claims, labels = [], [], [], []
    for row, case, found in verified_claims(run):
        rows.append(row)
        for _, claim, ids in found:
            cases.append(case.id)
            claims.append(claim)
            labels.append(float(bool(ids)))
    x = design(claims, sentence_vectors([c.text for c in claims]))
    return rows, cases, claims, x, np.array(labels)


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 25) -> np.ndarray:
    """Weights then bias: Newton steps on the mean log loss plus l2/2·|w|² (the bias unpenalised)."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w, reg = np.zeros(xb.shape[1]), np.r_[np.full(x.shape[1], l2), 1e-8]
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-xb @ w))
        hessian = (xb * (p * (1 - p))[:, None]).T @ xb / len(y) + np.diag(reg)
        w -= np.linalg.solve(hessian, xb.T @ (p - y) / len(y) + reg * w)
    return w


def head(w: np.ndarray, cutoff: float) -> dict:
    n = len(RULE_FEATURES)
    return {"encoder": ENCODER, "features": list(RULE_FEATURES), "rules": [round(float(v), 5) for v in w[:n]],
            "vector": [round(float(v), 5) for v in w[n:-1]], "bias": round(float(w[-1]), 5), "cutoff": cutoff}


def fold_of(cases: list[str], by_group: bool = False) -> np.ndarray:
    """5 folds of cases, or with `by_group` one fold per labelling wave (metric_pairs.GROUPS: a harder transfer)."""
    order = sorted(set(cases))
    if by_group:
        names = [name for _, _, name in GROUPS]
        return np.array([names.index(group_of(c)) for c in cases])
    return np.array([order.index(c) % FOLDS for c in cases])


def auc(score: np.ndarray, y: np.ndarray) -> float:
    pos, neg = score[y == 1], score[y == 0]
    return float(np.mean(pos[:, None] > neg[None, :]) + 0.5 * np.mean(pos[:, None] == neg[None, :]))


def held_out(x: np.ndarray, y: np.ndarray, folds: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Each claim's probability from weights fitted without its fold, and each fold's weights."""
    out, weights = np.zeros(len(y)), []
    for k in range(int(folds.max()) + 1):
        inside = folds == k
        weights.append(w := fit(x[~inside], y[~inside]) if inside.any() else np.zeros(x.shape[1] + 1))
        out[inside] = 1.0 / (1.0 + np.exp(-(x[inside] @ w[:-1] + w[-1])))
    return out, weights


def divergences(rows: list[dict], heads: dict[str, dict | None] | None,
                prepare: Callable[[str], None] | None = None) -> tuple[int, int, int]:
    """The eval's divergence tp, fp, fn over `rows` (dev cases), each case's consensus rebuilt from its stored
    summaries: with the encoder and the case's claim-worth head from `heads`, or, when `heads` is None, without the
    encoder (the metric rules alone: no tie by meaning, no pair veto, no claim-worth head). `prepare(case id)` runs
    before each case is built (fit_metric_model sets the weights fitted without it)."""
    from agents.consensus.aggregate import build_consensus
    from agents.summarize.models import ReportSummary
    from evals.solvers.aggregation_labelled import score

    total = [0, 0, 0]
    for row in rows:
        if prepare is not None:
            prepare(row["id"])
        case = dev_case(row["id"])
        summaries = [ReportSummary.model_validate(s) for s in row["output"]["summaries"]]
        built = {} if heads is None else {"encode": sentence_vectors, "worth_head": heads[row["id"]]}
        result = build_consensus(summaries, ticker=case.subject.get("code"),
                                 subject=case.subject.get("name") or case.subject.get("topic"), **built)
        scores = score(SimpleNamespace(reference={"case": row["id"]}), {"consensus": result.model_dump(mode="json")},
                       None).scores
        total = [t + int(scores[f"divergence_{k}"]) for t, k in zip(total, ("tp", "fp", "fn"))]
    return total[0], total[1], total[2]


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run", type=Path, help="a dev eval run's --out folder")
    parser.add_argument("--by-group", action="store_true", help="hold out one labelling wave at a time, not 5 folds")
    parser.add_argument("--write", action="store_true", help=f"write {HEAD.relative_to(HEAD.parents[2])}")
    args = parser.parse_args()
    rows, cases, _, x, y = examples(args.run)
    folds, n = fold_of(cases, args.by_group), len(RULE_FEATURES)
    print(f"{len(y)} verified claims in {len(rows)} dev cases, {int(len(y) - y.sum())} match no gold claim")
    for name, part in (("rules", x[:, :n]), ("vector", x[:, n:]), ("rules+vector", x)):
        print(f"AUC, {'by wave' if args.by_group else f'{FOLDS}-fold by case'}, {name}: {auc(held_out(part, y, folds)[0], y):.3f}")
    score, weights = held_out(x, y, folds)
    for cutoff in CUTOFFS[1:]:
        below = score < cutoff
        caught = int((below & (y == 0)).sum())
        print(f"  cut-off {cutoff:.2f}: {int(below.sum())} below, precision of 'not a claim' "
              f"{caught / max(int(below.sum()), 1):.3f}, recall {caught / max(int((y == 0).sum()), 1):.3f}")
    fold_by_case = dict(zip(cases, folds))
    # the rules' features alone, for comparison: their weights with the vector's set to zero
    rules_only = [np.r_[w[:n], np.zeros(x.shape[1] - n), w[-1]] for w in held_out(x[:, :n], y, folds)[1]]
    estimates = {}
    for cutoff in CUTOFFS:
        for name, fitted in (("rules+vector", weights), ("rules alone", rules_only)):
            heads = {r["id"]: head(fitted[fold_by_case[r["id"]]], cutoff) if cutoff else None for r in rows}
            tp, fp, fn = divergences(rows, heads)
            print(f"divergences, {name} heads fitted on the other folds, cut-off {cutoff:.2f}: "
                  f"F1 {f1(tp, fp, fn):.3f} (tp {tp} fp {fp} fn {fn})")
            if name == "rules+vector":
                estimates[cutoff] = tp, fp, fn
            if not cutoff:
                break
    base_tp = estimates[0.0][0]
    cutoff = max((c for c in CUTOFFS if estimates[c][0] >= base_tp - MAX_TP_LOSS), key=lambda c: (f1(*estimates[c]), -c))
    print(f"chosen cut-off {cutoff:.2f}")
    if args.write and cutoff and not args.by_group:
        HEAD.write_text(json.dumps(head(fit(x, y), cutoff), ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {HEAD}")


if __name__ == "__main__":
    main()
