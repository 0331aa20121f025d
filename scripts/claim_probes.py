"""Score the claim rules on invented broker sentences (tests/data/claim_probes.jsonl), labelled by hand before the
code ran on them: whether a sentence is a claim (and its quantity word, period, figure, self-declared flag), and
whether two brokers' sentences diverge. A measurement of how the rules transfer, not a test: it prints every miss.

Usage: python scripts/claim_probes.py [--all]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tools.claims.compare import conflict
from tools.claims.extract import extract_claims

PROBES = Path(__file__).resolve().parent.parent / "tests" / "data" / "claim_probes.jsonl"
REPORT_YEAR = 2025


def _claims(text: str):
    return extract_claims([(1, text)], report_year=REPORT_YEAR)


def _claim_misses(probe: dict) -> list[str]:
    found = _claims(probe["text"])
    if bool(found) != probe["claim"]:
        return [f"claim={bool(found)}"]
    if not found:
        return []
    first, misses = found[0], []
    if "head" in probe and probe["head"] not in first.metric:
        misses.append(f"metric={first.metric}")
    if "period" in probe and first.period != probe["period"]:
        misses.append(f"period={first.period}")
    if "value_min" in probe and (first.value is None or first.value.min != probe["value_min"]):
        misses.append(f"value={first.value.text if first.value else None}")
    if "self_declared" in probe and any(c.self_declared for c in found) != probe["self_declared"]:
        misses.append(f"self_declared={not probe['self_declared']}")
    return misses


def _pair_misses(probe: dict) -> list[str]:
    left, right = _claims(probe["a"]), _claims(probe["b"])
    types = [t for a in left for b in right for t in conflict(a, b, company_report=True)]
    return [] if bool(types) == probe["diverge"] else [f"diverge={bool(types)} {sorted(set(types))}"]


def main() -> None:
    probes = [json.loads(line) for line in PROBES.read_text(encoding="utf-8").splitlines() if line.strip()]
    right = {"claim": 0, "pair": 0}
    total = {"claim": 0, "pair": 0}
    for probe in probes:
        misses = _claim_misses(probe) if probe["kind"] == "claim" else _pair_misses(probe)
        total[probe["kind"]] += 1
        right[probe["kind"]] += not misses
        if misses or "--all" in sys.argv:
            print(f"{probe['id']} {probe['class']:15} {'MISS ' + '; '.join(misses) if misses else 'ok'}  ({probe['why']})")
    print(f"sentences {right['claim']}/{total['claim']}  pairs {right['pair']}/{total['pair']}  "
          f"all {right['claim'] + right['pair']}/{total['claim'] + total['pair']}")


if __name__ == "__main__":
    main()
