"""Why the shipped "one quantity" decision misses dev pairs on one gold metric (issue 13), first reason that applies.

The pairs and decision of scripts/metric_pairs.py (cross-report pairs of dev claims matched to gold claims; the rules
with the learned veto, or else a tie by meaning). For each pair on one gold metric that the decision leaves apart, the
first of these that holds is its reason:
1. empty at extraction: a claim's `metric` is "" (tools.claims.quantity.metric_of found nothing);
2. blanked by own_metric: a claim has a metric but `facets.own_metric` returns "" — the clause that differs from the
   whole text is named (quotes, another's view, a condition, a turn, a premise, a concession) and whether the metric's
   head is a lexicon word;
3. two common quantity words: both own metrics name different common words (compare._named_apart) — the word pair;
4. periods never meet / units differ: the claims' periods do not meet (even a half in its year) or their figures are
   of two units or kinds — the period or unit pair;
5. one quantity word: the rules judged the qualifiers apart (may_tie leaves those to the rules);
6. left to meaning: nothing above blocks a tie by meaning, and the sentences were not each other's best match.
Only dev cases are read (metric_pairs.dev_case refuses held-out ids).

    .venv/bin/python scripts/metric_miss_reasons.py /tmp/13p-base [--list]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from metric_pairs import Pair, decides_with_meaning, gold_metrics, pairs_of_run  # noqa: E402
from tools.claims.model import Claim  # noqa: E402


def blank_cause(claim: Claim) -> str:
    """Which blanking makes the report's own clause differ from the text, the first that does."""
    from tools.claims.asserted import conceded_blank, others_blank
    from tools.claims.clauses import _OTHERS_VIEW, _CONDITION, own_clause
    from tools.claims.wording import canonical

    text = canonical(claim.text)
    if re.search(r"“[^”]*”|\"[^\"]*\"|「[^」]*」", text):
        return "quote"
    if _OTHERS_VIEW.search(text):
        return "others' view"
    if _CONDITION.search(text):
        return "condition"
    if own_clause(text).strip() != text.strip():
        return "turn"
    if others_blank(text) != text:
        return "premise/named speaker"
    if conceded_blank(text) != text:
        return "concession"
    return "other"


def reason(pair: Pair) -> tuple[str, str]:
    from tools.claims.compare import _named_apart, _periods_meet
    from tools.claims.extract import heads_in
    from tools.claims.facets import own_metric
    from tools.claims.metric_identity import _head_and_qualifier

    claims = (pair.a, pair.b)
    if empty := [c for c in claims if not c.metric]:
        return "1 empty at extraction", f"{len(empty)} claim(s)"
    mains = [own_metric(c) for c in claims]
    if blanked := [c for c, m in zip(claims, mains) if not m]:
        c = blanked[0]
        return "2 blanked by own_metric", f"{blank_cause(c)}, head {'in' if heads_in(c.metric) else 'not in'} lexicon"
    if _named_apart(*mains):
        words = sorted(_head_and_qualifier(m)[0] for m in mains)
        return "3 two common quantity words", " | ".join(words)
    if not _periods_meet(pair.a.period, pair.b.period, nested=True):
        return "4 periods never meet", f"{pair.a.period} | {pair.b.period}"
    va, vb = pair.a.value, pair.b.value
    if va and vb and (va.unit != vb.unit or va.rate != vb.rate):
        units = sorted(f"{v.unit or '-'}{'(rate)' if v.rate else ''}" for v in (va, vb))
        return "4 units differ", " | ".join(units)
    if _head_and_qualifier(mains[0])[0] == _head_and_qualifier(mains[1])[0]:
        return "5 one quantity word, qualifiers apart", _head_and_qualifier(mains[0])[0]
    return "6 left to meaning", " | ".join(sorted(_head_and_qualifier(m)[0] for m in mains))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run", type=Path, help="a dev eval run's --out folder")
    parser.add_argument("--list", action="store_true", help="print every missed pair with its reason")
    args = parser.parse_args()
    pairs = [p for p in pairs_of_run(args.run) if p.gold_same]
    missed = [p for p in pairs if not decides_with_meaning(p)]
    print(f"{len(pairs)} dev pairs on one gold metric, {len(missed)} missed by the shipped decision")
    reasons: Counter = Counter()
    details: dict[str, Counter] = {}
    rows = []
    for p in missed:
        kind, detail = reason(p)
        reasons[kind] += 1
        details.setdefault(kind, Counter())[detail] += 1
        rows.append((p, kind, detail))
    for kind in sorted(reasons):
        print(f"{reasons[kind]:4}  {kind}  (gold periods meet in {sum(p.periods_meet for p, k, _ in rows if k == kind)})")
        for detail, n in details[kind].most_common(12):
            print(f"        {n:3}  {detail}")
    if args.list:
        print("".join(_listed(*row) for row in rows))


def _listed(pair: Pair, kind: str, detail: str) -> str:
    """One missed pair: its reason, gold metrics, and each claim's metric, period and text."""
    claims = "".join(f"\n  {side} {c.metric!r} {c.period} {c.text[:110]}" for side, c in (("A", pair.a), ("B", pair.b)))
    return f"\n[{kind}: {detail}] {pair.case[:8]} gold {gold_metrics(pair)}{claims}\n"


if __name__ == "__main__":
    main()
