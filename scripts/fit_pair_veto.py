"""Fit agents/consensus/pair_veto.json, the learned veto on "one quantity" ties, on the dev half (issue 13).

Examples: every cross-report pair of claims that both match gold claims (as the scorer matches them) in a dev eval
run, the claims taken as build_consensus takes them (latest report per broker, views on the subject, restated
topics); gold-positive when some gold claim of each shares its `metric` string. Features:
agents.consensus.pair_veto.pair_features. Logistic regression (numpy, L2, Newton steps), estimated leave-one-case-out
and with one labelling wave held out (scripts/metric_pairs.GROUPS): pair F1 of the shipped decision with ties scored
under each veto dropped, then the eval's divergence counts with each case's consensus built under a head fitted
without its case (or its wave). The veto is the best leave-one-case-out pair F1, the smallest within VETO_SLACK; the
written weights use every dev case (a dev eval with them is in-sample, optimistic).

    .venv/bin/python scripts/fit_pair_veto.py /tmp/s15pm-base                 # pair estimates only
    .venv/bin/python scripts/fit_pair_veto.py /tmp/s15pm-base --divergences   # and divergence estimates
    .venv/bin/python scripts/fit_pair_veto.py /tmp/s15pm-base --write         # and write the JSON
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agents.consensus import pair_veto  # noqa: E402
from agents.consensus.claim_similarity import ENCODER, sentence_vectors  # noqa: E402
from fit_claim_worth import divergences as worth_divergences  # noqa: E402
from fit_claim_worth import f1, fit  # noqa: E402
from metric_pairs import case_number, dev_case, group_of  # noqa: E402

L2 = 0.001  # per example; leave-one-case-out veto F1 on dev: 0.03 → 0.836, 0.01 → 0.837, 0.001 → 0.841
VETOES = np.round(np.arange(0.10, 0.51, 0.05), 2)
VETO_SLACK = 0.002


def consensus_claims(row: dict) -> tuple[list, bool]:
    """The (broker, report_id, claim) triples build_consensus pairs for a dev row, and whether it reads them as
    one company's (a ticker given or inferred)."""
    from collections import Counter

    from agents.consensus.aggregate import _broker, _latest_per_broker, primary_ticker
    from agents.consensus.restated import restated_topics
    from agents.summarize.models import ReportSummary

    ticker = dev_case(row["id"]).subject.get("code")
    reports = _latest_per_broker([ReportSummary.model_validate(s) for s in row["output"]["summaries"]], [])
    if ticker is None and (common := Counter(t for r in reports if (t := primary_ticker(r))).most_common(1)) and \
            common[0][1] * 2 > len(reports):
        ticker = common[0][0]
    return [(_broker(r), r.report_id, c) for r in reports if not ticker or primary_ticker(r) in (ticker, None)
            for c in restated_topics([c for c in r.claims if c.verified is not False], sentence_vectors)], \
        ticker is not None


def examples(run: Path) -> tuple[list[dict], list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Dev rows; per pair of matched claims: its case, features, gold (one metric), and the shipped decision."""
    from agents.consensus.claim_views import meaning_ties
    from evals.scorers.aggregation_gold import matched_golds

    rows, cases, x, y, shipped = [], [], [], [], []
    for line in (run / "items.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if case_number(row["id"]) % 2 == 0 or not row.get("output"):
            continue
        rows.append(row)
        case = dev_case(row["id"])
        gold = {g.id: g for g in case.gold.claims}
        claims, company_report = consensus_claims(row)
        ids = [matched_golds(r, [c.page, *c.also_pages], c.text, case) for _, r, c in claims]
        if not claims:
            continue
        ctx = pair_veto.context(claims, sentence_vectors, company_report)
        similar = meaning_ties(claims, sentence_vectors)
        for i in range(len(claims)):
            for j in range(i + 1, len(claims)):
                if claims[i][1] == claims[j][1] or not ids[i] or not ids[j]:
                    continue
                cases.append(case.id)
                ties = pair_veto.program_ties(ctx, i, j, similar)
                x.append(pair_veto.pair_features(ctx, i, j, similar, ties))
                y.append(any(gold[a].metric == gold[b].metric for a in ids[i] for b in ids[j]))
                shipped.append(ties[1])
    return rows, cases, np.array(x), np.array(y, dtype=float), np.array(shipped)


def held_out(x: np.ndarray, y: np.ndarray, folds: list[str]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Each pair's probability from weights fitted without its fold, and each fold's weights."""
    folds_arr, out, weights = np.array(folds), np.zeros(len(y)), {}
    for fold in sorted(set(folds)):
        inside = folds_arr == fold
        weights[fold] = w = fit(x[~inside], y[~inside], L2)
        out[inside] = 1.0 / (1.0 + np.exp(-np.clip(x[inside] @ w[:-1] + w[-1], -30, 30)))
    return out, weights


def counts(predicted: np.ndarray, y: np.ndarray) -> tuple[int, int, int]:
    return int((predicted & (y == 1)).sum()), int((predicted & (y == 0)).sum()), int((~predicted & (y == 1)).sum())


def head(w: np.ndarray, veto: float) -> dict:
    return {"encoder": ENCODER, "features": list(pair_veto.FEATURES), "weights": [round(float(v), 5) for v in w[:-1]],
            "bias": round(float(w[-1]), 5), "veto": veto}


def divergences(rows: list[dict], heads: dict[str, dict | None]) -> tuple[int, int, int]:
    """The eval's divergence tp, fp, fn over `rows`, each case's consensus built under its head (and the shipped
    claim-worth head: fit_claim_worth.divergences builds and scores it)."""
    from agents.consensus.claim_worth import HEAD as WORTH

    load, total = pair_veto.head_of, [0, 0, 0]
    try:
        for row in rows:
            pair_veto.head_of = lambda head, model=heads[row["id"]]: model
            total = [t + n for t, n in zip(total, worth_divergences([row], {row["id"]: WORTH}))]
    finally:
        pair_veto.head_of = load
    return total[0], total[1], total[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run", type=Path, help="a dev eval run's --out folder")
    parser.add_argument("--divergences", action="store_true", help="the eval's divergence counts, heads held out")
    parser.add_argument("--write", action="store_true", help=f"write {pair_veto.HEAD.name}")
    args = parser.parse_args()
    rows, cases, x, y, shipped = examples(args.run)
    print(f"{len(y)} pairs of matched claims in {len(set(cases))} dev cases, {int(y.sum())} on one gold metric; "
          f"shipped decision F1 {f1(*counts(shipped, y)):.3f} (tp/fp/fn {counts(shipped, y)})")
    estimates = {}
    for name, folds in (("leave-one-case-out", cases), ("one wave held out", [group_of(c) for c in cases])):
        prob, weights = held_out(x, y, folds)
        estimates[name] = prob, weights, dict(zip(cases, folds))
        print(f"{name}, shipped ties dropped under each veto: " + ", ".join(
            f"{t:.2f}: {f1(*counts(shipped & (prob >= t), y)):.3f} {counts(shipped & (prob >= t), y)}" for t in VETOES))
    prob = estimates["leave-one-case-out"][0]
    by_veto = {t: f1(*counts(shipped & (prob >= t), y)) for t in VETOES}
    veto = float(min(t for t in VETOES if by_veto[t] >= max(by_veto.values()) - VETO_SLACK))
    print(f"chosen veto {veto:.2f}")
    if args.divergences:
        tp, fp, fn = divergences(rows, {r["id"]: None for r in rows})
        print(f"divergences without a veto: F1 {f1(tp, fp, fn):.3f} (tp {tp} fp {fp} fn {fn})")
        for name, (_, weights, fold_of) in estimates.items():
            tp, fp, fn = divergences(rows, {r["id"]: head(weights[fold_of[r["id"]]], veto) if r["id"] in fold_of
                                            else None for r in rows})
            print(f"divergences, {name} heads, veto {veto:.2f}: F1 {f1(tp, fp, fn):.3f} (tp {tp} fp {fp} fn {fn})")
    if args.write:
        pair_veto.HEAD.write_text(json.dumps(head(fit(x, y, L2), veto), ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {pair_veto.HEAD}")


if __name__ == "__main__":
    main()
