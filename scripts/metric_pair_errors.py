"""Where the program's "one quantity" decision (scripts/metric_pairs.py) goes wrong on a dev run, by cause.

The pairs of scripts/metric_pairs.py (cross-report pairs of dev claims matched to gold claims). The decision scored
is the shipped one: the rules with the learned veto (metric_pairs.decides), or else a tie by meaning (the sentence
encoder of agents.consensus.claim_similarity at cosine ≥ SIMILAR, both claims naming a metric whose quantity words
are not two different common ones: tools.claims.compare's `tied` path). Misses (gold one metric, program none) and
false ties (program one, gold two) are grouped by cause, read off the quantity words each claim's facets give
(tools.claims.metric_identity._head_and_qualifier):
- no metric: a claim with no facet quantity (nothing to compare);
- same word: one quantity word on both sides, the qualifiers or scopes judged apart (misses) or alike (false ties);
- different words: no quantity word in common; the word pairs are counted, so an alias the table lacks shows as a
  frequent pair (营业收入 | 收入);
- tied by meaning / loose tie: the false ties made by the encoder, or by a family word or a named subject.
Only dev cases are read (metric_pairs.dev_case refuses held-out ids).

    .venv/bin/python scripts/metric_pair_errors.py /tmp/13v-base            # counts by cause, frequent word pairs
    .venv/bin/python scripts/metric_pair_errors.py /tmp/13v-base --list     # and every pair's gold metric strings
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from metric_pairs import Counts, Pair, decides, gold_metrics, pairs_of_run  # noqa: E402
from tools.claims.metric_identity import _head_and_qualifier, quantity_tie  # noqa: E402
from tools.claims.model import Claim  # noqa: E402


def heads(claim: Claim) -> set[tuple[str, str]]:
    from tools.claims.facets import facets

    return {_head_and_qualifier(f.metric) for f in facets(claim) if f.metric}


def by_meaning(pairs: list[Pair]) -> list[bool]:
    """The tie by meaning as compare.conflict applies it where the rules tie nothing."""
    from agents.consensus.claim_similarity import SIMILAR, sentence_vectors
    from tools.claims.compare import _named_apart
    from tools.claims.facets import own_metric

    texts = list(dict.fromkeys(t for p in pairs for t in (p.a.text, p.b.text)))
    index = {t: i for i, t in enumerate(texts)}
    vectors = sentence_vectors(texts)
    out = []
    for p in pairs:
        mains = own_metric(p.a), own_metric(p.b)
        similar = float(vectors[index[p.a.text]] @ vectors[index[p.b.text]]) >= SIMILAR
        out.append(similar and all(mains) and not _named_apart(*mains))
    return out


def cause(pair: Pair, rules: bool, meaning: bool) -> tuple[str, str]:
    """(cause, the quantity words behind it) of a wrong decision."""
    ha, hb = heads(pair.a), heads(pair.b)
    if not ha or not hb:
        return "no metric", ""
    common = {h for h, _ in ha} & {h for h, _ in hb}
    words = " | ".join(sorted({"/".join(sorted({h for h, _ in ha})), "/".join(sorted({h for h, _ in hb}))}))
    if pair.gold_same:
        return ("same word, qualifiers apart", "/".join(sorted(common))) if common else ("different words", words)
    if not rules and meaning:
        return "tied by meaning", words
    if quantity_tie(pair.a, pair.b, company_report=pair.company_report) == "loose":
        return "loose tie (family / named subject)", words
    return ("same word", "/".join(sorted(common))) if common else ("different words", words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run", type=Path, help="a dev eval run's --out folder")
    parser.add_argument("--list", action="store_true", help="print every wrong pair with its gold metric strings")
    args = parser.parse_args()
    pairs = pairs_of_run(args.run)
    rules = [decides(p.a, p.b, p.company_report) for p in pairs]
    meaning = by_meaning(pairs)
    shipped = Counts()
    misses: Counter = Counter()
    false_ties: Counter = Counter()
    words: dict[str, Counter] = {"miss": Counter(), "false": Counter()}
    rows = []
    for p, r, m in zip(pairs, rules, meaning):
        guess = r or m
        shipped.add(guess, p.gold_same)
        if guess == p.gold_same:
            continue
        kind, behind = cause(p, r, m)
        (misses if p.gold_same else false_ties)[kind] += 1
        words["miss" if p.gold_same else "false"][f"{kind}: {behind}"] += 1
        rows.append((p, kind, behind))
    print(f"{len(pairs)} pairs; shipped decision (rules with veto, or tied by meaning): {shipped.line()}")
    for title, counts, key in (("misses", misses, "miss"), ("false ties", false_ties, "false")):
        print(f"{title}: {sum(counts.values())}")
        for kind, n in counts.most_common():
            print(f"  {n:4}  {kind}")
        print(f"  most frequent quantity words ({title}):")
        for label, n in words[key].most_common(25):
            print(f"    {n:3}  {label}")
    if args.list:
        for p, kind, behind in rows:
            print(f"{'MISS' if p.gold_same else 'FALSE'} {p.case[:8]} [{kind}: {behind}] "
                  f"gold {gold_metrics(p)} | program {p.a.metric!r} ~ {p.b.metric!r}")


if __name__ == "__main__":
    main()
