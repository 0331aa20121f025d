"""Fit tools/data/metric_model.json, the weights of tools.claims.metric_model, on the dev half (issue 13).

Examples: the cross-report pairs of matched claims of a dev eval run (scripts/metric_pairs.py), gold-positive
when the two share a labelled metric. Logistic regression (numpy, L2), evaluated leave-one-case-out and
leave-one-group-out (a group: one labelling wave of case ids, scripts/metric_pairs.GROUPS); the threshold is
the one that maximises F1 over the leave-one-case-out predictions. The fitted weights use every dev case.

    .venv/bin/python scripts/fit_metric_model.py /tmp/13p-main            # report only
    .venv/bin/python scripts/fit_metric_model.py /tmp/13p-main --write    # and write the JSON
    .venv/bin/python scripts/fit_metric_model.py /tmp/13p-main --divergences  # and the eval's divergence counts
                                                                            # with each case's weights fitted without it
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from metric_pairs import Pair, group_of, pairs_of_run, report  # noqa: E402
from tools.claims.metric_model import FEATURES, WEIGHTS, pair_features  # noqa: E402

L2 = 1.0
STEPS, RATE = 3000, 0.5
THRESHOLDS = np.round(np.arange(0.20, 0.81, 0.05), 2)
VETOES = np.round(np.arange(0.05, 0.51, 0.05), 2)
VETO_SLACK = 0.005  # F1 on 3,342 pairs: 0.005 is about two pairs
RULE, FIRM = FEATURES.index("rule"), FEATURES.index("firm_tie")


def design(pairs: list[Pair]) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([pair_features(p.a, p.b, company_report=p.company_report) for p in pairs], dtype=float)
    return x, np.array([p.gold_same for p in pairs], dtype=float)


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Weights then bias, by gradient descent on the mean log loss plus L2 / n (the bias unpenalised)."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-xb @ w))
        w -= RATE * (xb.T @ (p - y) + L2 * np.r_[w[:-1], 0.0]) / len(y)
    return w


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(x @ w[:-1] + w[-1])))


def held_out(x: np.ndarray, y: np.ndarray, folds: list[str]) -> np.ndarray:
    """Each example's probability from weights fitted without its fold."""
    folds_arr, out = np.array(folds), np.zeros(len(y))
    for fold in sorted(set(folds)):
        inside = folds_arr == fold
        out[inside] = predict(fit(x[~inside], y[~inside]), x[inside])
    return out


def f1_at(prob: np.ndarray, y: np.ndarray, threshold: float) -> float:
    guess = prob >= threshold
    tp = float((guess & (y == 1)).sum())
    return 2 * tp / (guess.sum() + y.sum()) if guess.sum() + y.sum() else 0.0


def best_threshold(prob: np.ndarray, y: np.ndarray) -> float:
    return float(max(THRESHOLDS, key=lambda t: (f1_at(prob, y, t), -abs(t - 0.5))))


def vetoed(prob: np.ndarray, x: np.ndarray, veto: float) -> np.ndarray:
    """The decision shipped (tools.claims.compare): the rules' tie, unless it is a loose one (tools.claims.
    metric_identity.quantity_tie) that the model scores under `veto`."""
    return (x[:, FIRM] == 1) | ((x[:, RULE] == 1) & (prob >= veto))


def best_veto(prob: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    """The smallest veto whose shipped decision is within VETO_SLACK of the best F1: a veto overrides the rules,
    so at F1 that differ by a pair or two the one overriding fewest is taken."""
    f1 = {t: f1_at(vetoed(prob, x, t).astype(float), y, 0.5) for t in VETOES}
    return float(min(t for t in VETOES if f1[t] >= max(f1.values()) - VETO_SLACK))


def held_out_divergences(run: Path, pairs: list[Pair], x: np.ndarray, y: np.ndarray) -> tuple[int, int, int]:
    """The eval's divergence tp / fp / fn over the run's dev cases, each case's consensus rebuilt from its stored
    summaries by the metric rules alone (fit_claim_worth.divergences without heads) with the weights fitted
    without it (the shipped veto and threshold kept)."""
    import tools.claims.metric_model as metric_model
    from fit_claim_worth import divergences
    from metric_pairs import case_number

    shipped, cases = metric_model.weights(), np.array([p.case for p in pairs])

    def held_out_weights(case_id: str) -> None:
        w = fit(x[cases != case_id], y[cases != case_id])
        model = dict(shipped, weights=dict(zip(FEATURES, map(float, w[:-1]))), bias=float(w[-1]))
        metric_model.weights = lambda model=model: model  # read by compare.conflict and metric_model.score
        metric_model._cached.cache_clear()

    rows = [json.loads(line) for line in (run / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    return divergences([r for r in rows if case_number(r["id"]) % 2], None, held_out_weights)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run", type=Path, help="a dev eval run's --out folder")
    parser.add_argument("--divergences", action="store_true", help="the eval's divergence counts, weights held out")
    parser.add_argument("--write", action="store_true", help=f"write {WEIGHTS.relative_to(WEIGHTS.parents[2])}")
    args = parser.parse_args()
    pairs = pairs_of_run(args.run)
    x, y = design(pairs)
    by_case = held_out(x, y, [p.case for p in pairs])
    threshold = best_threshold(by_case, y)
    print(f"{len(pairs)} pairs, {int(y.sum())} on one gold metric; threshold {threshold:.2f} (best F1 of the "
          f"leave-one-case-out predictions; F1 by threshold: "
          + ", ".join(f"{t:.2f}: {f1_at(by_case, y, t):.3f}" for t in THRESHOLDS) + ")")
    report(pairs, list(by_case >= threshold), "model, leave-one-case-out")
    by_group = held_out(x, y, [group_of(p.case) for p in pairs])
    report(pairs, list(by_group >= threshold), "model, leave-one-group-out (one labelling wave held out)")
    veto = best_veto(by_case, x, y)
    print("rules vetoed under the model's leave-one-case-out probability, F1 by veto: "
          + ", ".join(f"{t:.2f}: {f1_at(vetoed(by_case, x, t).astype(float), y, 0.5):.3f}" for t in VETOES))
    report(pairs, list(vetoed(by_case, x, veto)), f"rules vetoed under {veto:.2f}, leave-one-case-out")
    report(pairs, list(vetoed(by_group, x, veto)), f"rules vetoed under {veto:.2f}, leave-one-group-out")
    if args.divergences:
        tp, fp, fn = held_out_divergences(args.run, pairs, x, y)
        print(f"divergences, each case's weights fitted without it: tp {tp} fp {fp} fn {fn} F1 "
              f"{2 * tp / (2 * tp + fp + fn):.3f}")
    w = fit(x, y)
    print("weights: " + ", ".join(f"{n} {v:+.2f}" for n, v in zip([*FEATURES, "bias"], w)))
    if args.write:
        model = {"features": list(FEATURES), "weights": {n: round(float(v), 4) for n, v in zip(FEATURES, w)},
                 "bias": round(float(w[-1]), 4), "threshold": threshold, "veto": veto,
                 "fitted_on": f"dev half of evals/labelled/aggregation (odd ids): {len(pairs)} cross-report pairs "
                              f"of matched claims, {int(y.sum())} sharing a gold metric; L2 {L2}",
                 "leave_one_case_out_f1": round(f1_at(by_case, y, threshold), 4),
                 "vetoed_rules_leave_one_case_out_f1": round(f1_at(vetoed(by_case, x, veto).astype(float), y, 0.5), 4)}
        WEIGHTS.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS}")


if __name__ == "__main__":
    main()
