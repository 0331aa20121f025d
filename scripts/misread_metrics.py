"""How many claims' metrics are misread, by class, and how many of those sit in missed gold pairs (issue 13).

Reads a dev eval run (`touyan eval run --suite aggregation-labelled-dev --out DIR`). Every verified program claim
is put in the first class that fits:

    empty      the metric is ""
    frame      the span is the clause's grammar, not a noun phrase: it opens or ends on a pronoun, frame or copula
               word (我们, 公司, 是, 为, 将, 的, 预计…), or holds a predicate word (有望, 仍将, 认为, 受益…)
    cut        the claim's text names a compound cost or ratio word (销售费用, 管理费用率, 销售量…) that the metric
               cuts: it holds the compound's first part but not the compound (销售费用 → 销售)
    ok         none of these

Counted over all verified claims, over those matched to gold claims, and over the matched claims that are a side of
a missed pair (gold one metric, the shipped decision none: scripts/metric_pair_errors.py). Only dev cases are read.

    .venv/bin/python scripts/misread_metrics.py /tmp/13w-base [--examples 10]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from metric_pair_errors import by_meaning  # noqa: E402
from metric_pairs import decides, pairs_of_run, verified_claims  # noqa: E402

CLASSES = ("empty", "frame", "cut", "ok")
_EDGE = r"我们|是|为|将|的|预计|认为|判断|随着|由于|其|这|该|也|仍|或|已"
FRAME = re.compile(rf"^(?:{_EDGE})|(?:{_EDGE}|公司)$|有望|仍将|或将|可能|认为|判断|受益|受制|得益|意味着|带来|导致|成为|属于")
COMPOUND = re.compile(r"(销售|管理|研发|财务|期间)费用率?|(销售)量")


def class_of(metric: str, text: str) -> str:
    if not metric.strip():
        return "empty"
    if FRAME.search(metric):
        return "frame"
    if any((m[1] or m[2]) in metric and m[0] not in metric for m in COMPOUND.finditer(text)):
        return "cut"
    return "ok"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run", type=Path, help="a dev eval run's --out folder")
    parser.add_argument("--examples", type=int, default=0, help="print up to N examples of each misread class")
    args = parser.parse_args()
    pairs = pairs_of_run(args.run)
    shipped = [r or m for r, m in zip((decides(p.a, p.b, p.company_report) for p in pairs), by_meaning(pairs))]
    missed_texts = {(p.case, c.text) for p, s in zip(pairs, shipped) if p.gold_same and not s for c in (p.a, p.b)}
    counts = {"verified": Counter(), "matched": Counter(), "in missed pair": Counter()}
    examples: dict[str, list[str]] = {c: [] for c in CLASSES}
    for row, _, claims in verified_claims(args.run):
        for _, claim, ids in claims:
            kind = class_of(claim.metric, claim.text)
            counts["verified"][kind] += 1
            counts["matched"][kind] += bool(ids)
            missed = (row["id"], claim.text) in missed_texts
            counts["in missed pair"][kind] += missed
            examples[kind].append(f"{row['id'][:7]}{' M' if missed else '  '} {claim.metric!r} | {claim.text[:60]}")
    print(f"{len(pairs)} pairs, missed {sum(p.gold_same and not s for p, s in zip(pairs, shipped))}")
    for group, count in counts.items():
        print(f"{group:15} {sum(count.values()):4}: " + "  ".join(f"{c} {count[c]}" for c in CLASSES))
    for kind in CLASSES[:-1]:
        for line in examples[kind][:args.examples]:
            print(f"  [{kind}] {line}")


if __name__ == "__main__":
    main()
