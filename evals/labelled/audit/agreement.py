"""Inter-annotator agreement: the audit's blind divergence labels (annotations/) against the aggregation gold.

Matching (the README's claim-matching rule, without the page condition):
- an annotation end ``[report, page, quote]`` matches a gold claim of the same report when its quote and the
  claim's quote or one of its ``also_at`` quotes overlap with all whitespace removed: one contains the other,
  or their longest common substring covers >= 60 % of the shorter;
- a two-sided annotated divergence is a true positive when its two ends match the two claims of a gold
  divergence; a one-sided one (``b == "市场"``) when its end matches the claim of a one-sided gold divergence;
- each gold divergence is credited to at most one annotation (maximum bipartite matching); an annotation
  that matches only gold divergences already credited is a ``duplicate`` (neither tp nor fp);
- an annotation whose pair involves a gold ``ambiguous`` entry, or whose ends match claims of *different*
  gold divergences of the same two reports (the README's "neither" rule), is ``ignored``;
- everything else is a false positive; unmatched gold divergences are false negatives.

Two readings of the annotator's own ``ambiguous`` list are reported: ``strict`` (they are not predictions,
so a gold divergence there is a false negative: the score a program would get for those labels) and
``symmetric`` (a gold divergence the annotator called ambiguous is left out, as gold ambiguous pairs are).

Usage: ``python evals/labelled/audit/agreement.py [--ids 83-98] [--cases] [--json PATH]`` (prints tables; ``--json``
writes them). ``--ids`` picks the annotated cases by id range: 1-58 (the default) is the first audit's 20 cases,
83-98 the second audit's 16, 99-114 the third audit's 16.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

HERE = Path(__file__).resolve().parent
AGG = HERE.parent / "aggregation"
RANGES = (("1-38", 1, 38), ("39-50", 39, 50), ("51-58", 51, 58), ("83-98", 83, 98), ("99-114", 99, 114))


def norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def overlaps(a: str, b: str) -> bool:
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    short = min(len(a), len(b))
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= 0.6 * short


def claim_matches(end: list, claims: list[dict]) -> set[str]:
    report, _page, quote = end
    return {c["id"] for c in claims if c["report"] == report
            and any(overlaps(quote, loc["quote"]) for loc in [c, *c["also_at"]])}


@dataclass
class CaseResult:
    case: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fn_symmetric: int = 0  # gold divergences missed that the annotator did not call ambiguous
    rows: list[dict] = field(default_factory=list)

    @property
    def number(self) -> int:
        return int(self.case.split("-")[1])


def gold_pair_ids(d: dict) -> frozenset:
    return frozenset(d["claims"])


def match_pair(ann: dict, claims: list[dict]) -> tuple[set[str], set[str] | None]:
    a = claim_matches(ann["a"], claims)
    b = None if ann["b"] == "市场" else claim_matches(ann["b"], claims)
    return a, b


def hits(a: set[str], b: set[str] | None, gold_divs: list[dict]) -> list[int]:
    out = []
    for i, d in enumerate(gold_divs):
        ids = d["claims"]
        if b is None:
            if len(ids) == 1 and ids[0] in a:
                out.append(i)
        elif len(ids) == 2 and ((ids[0] in a and ids[1] in b) or (ids[1] in a and ids[0] in b)):
            out.append(i)
    return out


def bipartite(options: list[list[int]]) -> dict[int, int]:
    """Maximum matching annotation -> gold divergence (Kuhn's augmenting paths)."""
    owner: dict[int, int] = {}

    def take(ann: int, seen: set[int]) -> bool:
        for g in options[ann]:
            if g in seen:
                continue
            seen.add(g)
            if g not in owner or take(owner[g], seen):
                owner[g] = ann
                return True
        return False

    for ann in range(len(options)):
        take(ann, set())
    return {ann: g for g, ann in owner.items()}


def ignored_reason(a: set[str], b: set[str] | None, gold: dict, claims: dict) -> str | None:
    ends = a | (b or set())
    for amb in gold["ambiguous"]:
        ids = set(amb["claims"])
        if len(ids) == 1 and ids & ends:
            return "gold ambiguous (single claim)"
        if len(ids) == 2 and b is not None and any(x in a and y in b for x in ids for y in ids if x != y):
            return "gold ambiguous pair"
    if b:
        div_of = {cid: i for i, d in enumerate(gold["divergences"]) for cid in d["claims"]}
        for x in a:
            for y in b:
                if x in div_of and y in div_of and div_of[x] != div_of[y] and claims[x]["report"] != claims[y]["report"]:
                    return "claims of different gold divergences (README neither rule)"
    return None


def score_case(path: Path) -> CaseResult:
    ann = json.loads(path.read_text(encoding="utf-8"))
    gold = json.loads((AGG / f"{ann['case']}.json").read_text(encoding="utf-8"))["gold"]
    claims = {c["id"]: c for c in gold["claims"]}
    gold_divs = gold["divergences"]
    result = CaseResult(ann["case"])
    matched = [match_pair(d, gold["claims"]) for d in ann["divergences"]]
    options = [hits(a, b, gold_divs) for a, b in matched]
    assignment = bipartite(options)
    for i, d in enumerate(ann["divergences"]):
        a, b = matched[i]
        if i in assignment:
            verdict, gold_id = "tp", gold_divs[assignment[i]]["id"]
            result.tp += 1
        elif options[i]:
            verdict, gold_id = "duplicate", ",".join(gold_divs[g]["id"] for g in options[i])
        else:
            reason = ignored_reason(a, b, gold, claims)
            verdict, gold_id = ("ignored: " + reason, None) if reason else ("fp", None)
            result.fp += verdict == "fp"
        result.rows.append({"kind": "annotation", "index": i, "verdict": verdict, "gold": gold_id,
                            "a_claims": sorted(a), "b_claims": "市场" if b is None else sorted(b),
                            "metric": d["metric"], "period": d["period"]})
    credited = set(assignment.values())
    amb_options = [hits(*match_pair(d, gold["claims"]), gold_divs) for d in ann["ambiguous"]]
    annotator_ambiguous = {g for opts in amb_options for g in opts}
    for g, d in enumerate(gold_divs):
        if g in credited:
            continue
        result.fn += 1
        called_ambiguous = g in annotator_ambiguous
        result.fn_symmetric += not called_ambiguous
        result.rows.append({"kind": "gold", "verdict": "fn (annotator: ambiguous)" if called_ambiguous else "fn",
                            "gold": d["id"], "claims": d["claims"], "types": d["types"], "topic": d["topic"]})
    return result


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def groups(results: list[CaseResult]) -> dict[str, list[CaseResult]]:
    out = {"overall": results,
           "dev (odd)": [r for r in results if r.number % 2],
           "held-out (even)": [r for r in results if not r.number % 2]}
    for name, lo, hi in RANGES:
        in_range = [r for r in results if lo <= r.number <= hi]
        if in_range:  # an audit reports only the ranges it sampled
            out[f"ids {name}"] = in_range
    return out


def summary(results: list[CaseResult]) -> dict:
    table = {}
    for name, rs in groups(results).items():
        tp, fp = sum(r.tp for r in rs), sum(r.fp for r in rs)
        table[name] = {"cases": len(rs),
                       "strict": prf(tp, fp, sum(r.fn for r in rs)),
                       "symmetric": prf(tp, fp, sum(r.fn_symmetric for r in rs))}
    return table


def case_number(path: Path) -> int:
    return int(path.name.split("-")[1])


def load(lo: int = 1, hi: int = 58, folder: Path = HERE / "annotations") -> list[CaseResult]:
    return [score_case(p) for p in sorted(folder.glob("agg-*.json")) if lo <= case_number(p) <= hi]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", action="store_true", help="print per-case rows")
    parser.add_argument("--json", type=Path, help="write the summary and rows as JSON")
    parser.add_argument("--ids", default="1-58", help="case id range, LO-HI (1-58: first audit; 83-98: second; 99-114: third)")
    args = parser.parse_args(argv)
    lo, hi = (int(x) for x in args.ids.split("-"))
    results = load(lo, hi)
    table = summary(results)
    print(f"{'group':<18}{'n':>3}  {'tp':>3}{'fp':>4}{'fn':>4}  {'P':>6}{'R':>6}{'F1':>6}   symmetric fn/F1")
    for name, row in table.items():
        s, y = row["strict"], row["symmetric"]
        print(f"{name:<18}{row['cases']:>3}  {s['tp']:>3}{s['fp']:>4}{s['fn']:>4}  "
              f"{s['precision']:>6.3f}{s['recall']:>6.3f}{s['f1']:>6.3f}   {y['fn']:>3} {y['f1']:.3f}")
    if args.cases:
        for r in results:
            print(f"\n{r.case}: tp {r.tp} fp {r.fp} fn {r.fn}")
            for row in r.rows:
                print("  ", json.dumps(row, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps({"summary": table, "cases": {r.case: {"tp": r.tp, "fp": r.fp, "fn": r.fn, "rows": r.rows}
                                                                   for r in results}},
                                        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
