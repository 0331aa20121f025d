"""How sound the metric strings the program extracts are (issue 13), over dev claims matched to gold claims.

Reads a dev eval run's items.jsonl (`touyan eval run --suite aggregation-labelled-dev --out DIR`); each verified
program claim that matches gold claims (evals.scorers.aggregation_gold.matched_golds, as the scorer matches) is
put in the first class that fits:

    empty        the metric is ""
    function     it holds a function, modal or copula word (仍, 将, 有望, 受制于, 是, 的, 我们, 随着…): a span
                 that ran past the noun phrase into the clause's grammar
    verb         it holds a movement verb outside its quantity words (恢复正, 价格下降; not 扩产, 降价)
    no_shared    no quantity word in common with any of its gold metrics (both have one)
    gold_bare    no quantity word in common, the gold metric having none (动力电池技术领先)
    shared       a quantity word in common (the class a metric should reach; `equal` counts exact matches)

Only the dev half (odd case ids) is loaded. Counts over all dev cases and over the newest (99+).

    .venv/bin/python scripts/metric_quality.py /tmp/13q-base [--examples 20]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from metric_pairs import case_number, matched_claims  # noqa: E402

from tools.claims.extract import HEAD_RE, heads_in  # noqa: E402
from tools.claims.lexicon import DOWN, FLAT, UP  # noqa: E402

CLASSES = ("empty", "function", "verb", "no_shared", "gold_bare", "shared")
FUNCTION = re.compile(r"仍|将|有望|受制于|受益|受到|是|的|了|可能|预计|认为|我们|随着|由于|已经|正在|能否|依然|依旧|也|都|而|但|难以|难有|陆续")
MOVES = re.compile("|".join(sorted(map(re.escape, {*UP, *DOWN, *FLAT}), key=len, reverse=True)))
NEWEST = 99


def class_of(metric: str, gold_metrics: list[str]) -> str:
    if not metric.strip():
        return "empty"
    if FUNCTION.search(metric):
        return "function"
    if MOVES.search(HEAD_RE.sub(lambda m: "□" * len(m[0]), metric)):
        return "verb"
    gold_heads = set().union(*(heads_in(g) for g in gold_metrics))
    if heads_in(metric) & gold_heads:
        return "shared"
    return "no_shared" if gold_heads else "gold_bare"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run", type=Path, help="a dev eval run's --out folder")
    parser.add_argument("--examples", type=int, default=0, help="print up to N examples of each faulty class")
    args = parser.parse_args()
    counts: dict[str, Counter] = {"all": Counter(), f"{NEWEST}+": Counter()}
    examples: dict[str, list[str]] = {c: [] for c in CLASSES}
    for case, matched in matched_claims(args.run):
        gold = {g.id: g.metric for g in case.gold.claims}
        for _, claim, ids in matched:
            golds = sorted(gold[i] for i in ids)
            kind = class_of(claim.metric, golds)
            groups = ["all"] + ([f"{NEWEST}+"] if case_number(case.id) >= NEWEST else [])
            for group in groups:
                counts[group][kind] += 1
                counts[group]["equal"] += claim.metric in golds
            examples[kind].append(f"{case.id[:7]} {claim.metric!r} gold {golds} | {claim.text[:50]}")
    for group, count in counts.items():
        total = sum(count[c] for c in CLASSES)
        cells = "  ".join(f"{c} {count[c]}" for c in CLASSES)
        print(f"{group:5} {total} matched claims: {cells}  (equal to a gold metric {count['equal']})")
    for kind in CLASSES[:-1]:
        for line in examples[kind][:args.examples]:
            print(f"  [{kind}] {line}")


if __name__ == "__main__":
    main()
