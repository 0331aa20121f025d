"""Where a labelled-aggregation run's divergence and stance errors arise, as counts only (issue 13).

Reads an eval run (`touyan eval run --suite aggregation-labelled[-dev] --out DIR`). Each program claim is matched
to gold claims as the scorer does (evals.scorers.aggregation_gold). Missed divergences are split by how many of
their gold claims the program extracted and, for a two-claim miss with both extracted, by whether the program
gave the two the same metric and whether the rules tie them and the comparison (tools.claims.compare) finds their
conflict; false divergences by what their claims are (gold claims of different metrics, a
sentence the gold does not count as a claim, a labelled trap); stance as a confusion matrix over matched claims.
No case text is printed, so a held-out run can be read without reading the held-out cases.

    .venv/bin/python scripts/divergence_errors.py out/eval/agg-dev
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evals.scorers.aggregation_gold import best_gold, gold_hits, matched_golds, neither_right_nor_wrong  # noqa: E402
from evals.solvers.aggregation_labelled import load_case  # noqa: E402

STANCES = ("positive", "neutral", "negative")


def _extracted(item: dict, case) -> dict[str, list[dict]]:
    """Gold claim id → the program claims that match it."""
    found: dict[str, list[dict]] = {}
    for summary in item["output"]["summaries"]:
        for claim in summary["claims"]:
            pages = [claim["page"], *claim.get("also_pages", [])]
            for gid in matched_golds(summary["report_id"], pages, claim["text"], case):
                found.setdefault(gid, []).append(claim)
    return found


def _misses(item: dict, case, found: dict[str, list[dict]], out: Counter) -> None:
    missed = {note.split()[1].split("（")[0] for note in item["notes"] if note.startswith("漏报分歧 ")}
    for d in case.gold.divergences:
        if d.id not in missed:
            continue
        have = sum(c in found for c in d.claims)
        label = f"missed, {'one-sided' if len(d.claims) == 1 else 'pair'}: {have}/{len(d.claims)} gold claims extracted"
        if len(d.claims) == 2 and have == 2:
            same = any(a["metric"] == b["metric"] for a in found[d.claims[0]] for b in found[d.claims[1]])
            label += ", program metrics " + ("equal" if same else "differ") + _compared(found[d.claims[0]],
                                                                                       found[d.claims[1]], case)
        out[label] += 1


def _compared(side_a: list[dict], side_b: list[dict], case) -> str:
    """For a pair whose claims both were extracted: whether the rules tie any two of them (quantity_tie) and, if so,
    whether the comparison (compare.conflict) finds a conflict there, so lost later (veto, pairing), or none."""
    from tools.claims.compare import conflict
    from tools.claims.metric_identity import quantity_tie
    from tools.claims.model import Claim

    company = case.subject["kind"] == "stock" if isinstance(case.subject, dict) else case.subject.kind == "stock"
    pairs = [(Claim(**{k: v for k, v in a.items() if k != "verified"}), Claim(**{k: v for k, v in b.items() if k != "verified"}))
             for a in side_a for b in side_b]
    tied = [(a, b) for a, b in pairs if quantity_tie(a, b, company_report=company)]
    if not tied:
        return ", rules tie none"
    found = any(conflict(a, b, company_report=company) for a, b in tied)
    return ", rules tie, compare " + ("conflicts (lost later)" if found else "finds none")


def _false(item: dict, case, out: Counter) -> None:
    metric = {c.id: c.metric for c in case.gold.claims}
    for d in item["output"]["consensus"].get("claim_divergences", []):
        sides = [matched_golds(c["report_id"], [c["page"], *c["also_pages"]], c["text"], case) for c in d["claims"]]
        if gold_hits(sides, case) or neither_right_nor_wrong(sides, case):
            continue  # right, or what the scorer ignores
        if len(sides) == 1:
            out["false, one-sided: " + ("a gold claim" if sides[0] else "not a gold claim")] += 1
        elif not all(sides):
            out[f"false, pair: {sum(map(bool, sides))}/2 sides gold claims"] += 1
        elif reason := next((n.reason for n in case.gold.non_divergences
                             for a in sides[0] for b in sides[1] if set(n.claims) == {a, b}), None):
            out[f"false, pair: labelled non-divergence ({reason})"] += 1
        elif any(metric[a] == metric[b] for a in sides[0] for b in sides[1]):
            out["false, pair: gold claims of one metric"] += 1
        else:
            out["false, pair: gold claims of different metrics"] += 1


def _stances(item: dict, case, out: Counter) -> None:
    gold = {c.id: c.stance for c in case.gold.claims}
    seen: set[str] = set()
    for topic in item["output"]["consensus"].get("topics", []):
        for point in topic["points"]:
            gid = best_gold(point["report_id"], point["pages"], point["text"], case)
            if gid and gid not in seen:
                seen.add(gid)
                out[(gold[gid], point["stance"])] += 1


def tally(run: Path) -> tuple[Counter, Counter]:
    errors, stances = Counter(), Counter()
    for line in (run / "items.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        case = load_case(item["id"])
        _misses(item, case, _extracted(item, case), errors)
        _false(item, case, errors)
        _stances(item, case, stances)
    return errors, stances


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run", type=Path, help="an eval run's --out folder (dev or held-out: counts only)")
    errors, stances = tally(parser.parse_args(argv).run)
    for label, n in sorted(errors.items(), key=lambda x: (not x[0].startswith("missed"), -x[1], x[0])):
        print(f"{n:4d}  {label}")
    print("stance, gold (rows) × program (columns): " + " ".join(s[:3] for s in STANCES))
    for g in STANCES:
        print(f"  {g:8} " + " ".join(f"{stances[(g, p)]:4d}" for p in STANCES))


if __name__ == "__main__":
    main(sys.argv[1:])
