"""Score the claim rules on invented broker text, labelled by hand before the code ran on it: sentences
(tests/data/claim_probes.jsonl: whether a sentence is a claim, its quantity word, period, figure, self-declared flag;
whether two brokers' sentences diverge) and short two-broker cases (tests/data/claim_probe_cases.jsonl: the
divergences, scored as the labelled set is, micro tp/fp/fn). A measurement of how the rules transfer, not a test:
it prints every miss.

Usage: python scripts/claim_probes.py [--all]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from agents.consensus.claim_views import claim_divergences
from tools.claims.compare import conflict
from tools.claims.extract import extract_claims

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
PROBES, CASES = DATA / "claim_probes.jsonl", DATA / "claim_probe_cases.jsonl"
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


def _case_counts(case: dict) -> tuple[int, int, int]:
    """(tp, fp, fn) of one case's divergences; a found pair matches a gold pair when each claim holds its quote."""
    claims = [(f"券商{i}", f"r{i}", c) for i, report in enumerate(case["reports"])
              for c in extract_claims(list(enumerate([report] if isinstance(report, str) else report)),
                                      report_year=REPORT_YEAR)]
    gold = [((i, a), (j, b)) for i, a, j, b in case["divergences"]] + [((i, a),) for i, a in case["one_sided"]]
    ambiguous = [((i, a), (j, b)) for i, a, j, b in case.get("ambiguous", [])]  # scored neither way
    left, tp, fp = list(gold), 0, 0
    for found in claim_divergences(claims, company_report=True):
        sides = [(int(ref.report_id[1:]), ref.text) for ref in found.claims]

        def matches(g: tuple) -> bool:
            return len(g) == len(sides) and all(any(r == i and quote in text for r, text in sides) for i, quote in g)
        hit = next((g for g in left if matches(g)), None)
        if hit is None and any(matches(g) for g in ambiguous):
            continue
        if hit is None:
            fp += 1
            print(f"{case['id']} FP {found.types} " + " <> ".join(t[:60] for _, t in sides))
        else:
            left.remove(hit)
            tp += 1
    for g in left:
        print(f"{case['id']} FN " + " <> ".join(q for _, q in g))
    return tp, fp, len(left)


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
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]
    tp, fp, fn = (sum(counts) for counts in zip(*(_case_counts(case) for case in cases)))
    print(f"cases {len(cases)}  divergence F1 {2 * tp / max(2 * tp + fp + fn, 1):.3f} (tp{tp} fp{fp} fn{fn})")


if __name__ == "__main__":
    main()
