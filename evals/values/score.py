"""Score the shipped value comparison (tools.claims.compare.conflict) on invented claim pairs.

Each pair is two brokers' sentences on one stock (report year 2025), read as the pipeline reads a sentence
(tools.claims.extract.claim_from_text) and compared as one company's claims. A pair labelled `divergent` is
right when conflict() names a type; `near_tie`, `agree` and `not_comparable` are right when it names none.
Usage: python evals/values/score.py [FILE] [--list]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from tools.claims.compare import conflict
from tools.claims.extract import claim_from_text

REPORT_YEAR = 2025


def _show(claim) -> str:
    v = claim.value
    figure = f"{v.min}..{v.max} {v.unit}" if v else "-"
    return f"[{claim.metric} | {claim.period} | {figure} | {claim.direction} | {claim.stance}]"


def main(argv: list[str]) -> int:
    path = Path(next((a for a in argv if not a.startswith("-")), Path(__file__).with_name("invented1.jsonl")))
    total, right = Counter(), Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        a, b = claim_from_text(pair["a"], 1, REPORT_YEAR), claim_from_text(pair["b"], 1, REPORT_YEAR)
        types = conflict(a, b, company_report=True)
        ok = bool(types) == (pair["verdict"] == "divergent")
        total[pair["verdict"]] += 1
        right[pair["verdict"]] += ok
        if not ok and "--list" in argv:
            print(f"{pair['id']} {pair['convention']} want {pair['verdict']} got {types}\n  {pair['a']} {_show(a)}\n"
                  f"  {pair['b']} {_show(b)}")
    for verdict in sorted(total):
        print(f"{verdict:15s} {right[verdict]}/{total[verdict]}")
    print(f"{'all':15s} {sum(right.values())}/{sum(total.values())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
