"""Sentences that state several quantities, and what the program makes of them (issue 13), on the dev half.

A broker sentence often carries several forecasts ("预计2025-2027年营业收入分别为…，归母净利润分别为…", "实现营收X亿元，
同比+Y%；归母净利润Z亿元…"); the gold counts each quantity stated with its own figure as its own claim. Two gold
claims share a sentence when they are of one report and page, carry different metrics, and their quotes lie in one
sentence of the page (no 。！？ between them, nor a line break in a written report; whitespace removed) or overlap.
For each gold claim that shares a sentence so, the program's verified claims (a dev eval run's items.jsonl, matched as the scorer matches:
evals.scorers.aggregation_gold.matched_golds) put it in one class:

    own        a program claim matches it and no other gold claim of its sentence
    shared     only program claims that also match another gold claim of its sentence (one claim for several
               quantities); `shared_mine` counts those whose metric shares a quantity word with this gold claim's
    none       no program claim matches it

and each pair of such gold claims is counted as: both own, one program claim for both, one matched alone, none.
`misvalued`: program claims matching gold claims of a shared sentence whose metric names one gold quantity
(shares its quantity word) while its value's text lies only in the quote of another gold claim of the sentence
(metric 归母净利润, value the 营业收入 figure). Only odd (dev) case ids are read.

    .venv/bin/python scripts/sentence_claims.py /tmp/13r-base [--examples 10]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from metric_pairs import case_number, verified_claims  # noqa: E402

from evals.solvers.aggregation_labelled import report_pages  # noqa: E402
from tools.claims.extract import heads_in  # noqa: E402
from tools.text import squash  # noqa: E402

NEWEST = 83
_SENTENCE_END = re.compile(r"[。！？!?]")


def shared_sentences(case) -> list[tuple[str, str]]:
    """Pairs of gold claim ids (one report, one page, different metrics) whose quotes lie in one sentence."""
    # a line of a written report is a paragraph (a PDF sample breaks lines inside sentences)
    pages = {(r.id, page): squash(text.replace("\n", "。") if r.pages else text)
             for r in case.reports for page, text in report_pages(r)}
    golds = case.gold.claims
    pairs = []
    for i, a in enumerate(golds):
        for b in golds[i + 1:]:
            if a.report != b.report or a.page != b.page or a.metric == b.metric:
                continue
            text = pages.get((a.report, a.page), "")
            qa, qb = squash(a.quote), squash(b.quote)
            at_a, at_b = text.find(qa), text.find(qb)
            if at_a < 0 or at_b < 0:
                continue
            first, second = sorted([(at_a, at_a + len(qa)), (at_b, at_b + len(qb))])
            if second[0] < first[1] or not _SENTENCE_END.search(text[first[1]:second[0]]):
                pairs.append((a.id, b.id))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run", type=Path, help="a dev eval run's --out folder")
    parser.add_argument("--examples", type=int, default=0, help="print up to N examples of each faulty class")
    args = parser.parse_args()
    counts = {"all": Counter(), f"{NEWEST}+": Counter()}
    examples: dict[str, list[str]] = {}
    for _, case, verified in verified_claims(args.run):
        gold = {g.id: g for g in case.gold.claims}
        pairs = shared_sentences(case)
        partners: dict[str, set[str]] = {}
        for a, b in pairs:
            partners.setdefault(a, set()).add(b)
            partners.setdefault(b, set()).add(a)
        claims = [(claim, ids) for _, claim, ids in verified]
        groups = ["all"] + ([f"{NEWEST}+"] if case_number(case.id) >= NEWEST else [])
        for group in groups:
            counts[group]["gold claims (any)"] += len(gold)

        def add(key: str, note: str = "") -> None:
            for group in groups:
                counts[group][key] += 1
            if note:
                examples.setdefault(key, []).append(f"{case.id[:7]} {note}")

        def kind(gid: str) -> str:
            hits = [(c, ids) for c, ids in claims if gid in ids]
            if any(not ids & partners[gid] for _, ids in hits):
                return "own"
            return "shared" if hits else "none"

        for gid in partners:
            k = kind(gid)
            add(f"gold {k}")
            if k == "shared":
                mine = any(heads_in(c.metric) & heads_in(gold[gid].metric) for c, ids in claims if gid in ids)
                add("gold shared_mine" if mine else "gold shared_other",
                    "" if mine else f"{gold[gid].metric!r}: {gold[gid].quote[:40]}")
            elif k == "none":
                add("gold none", f"{gold[gid].metric!r}: {gold[gid].quote[:50]}")
        for a, b in pairs:
            ka, kb = kind(a), kind(b)
            together = any({a, b} <= ids for _, ids in claims)
            label = ("both own" if ka == kb == "own" else "one claim for both" if together and "own" not in (ka, kb)
                     else "none" if ka == kb == "none" else "one matched alone")
            add(f"pair {label}")
        for claim, ids in claims:
            in_sentence = ids & set(partners)
            if not in_sentence or claim.value is None:
                continue
            add("program claims in shared sentences")
            value = squash(claim.value.text)
            named = {g for g in in_sentence if heads_in(claim.metric) & heads_in(gold[g].metric)}
            holds = {g for g in in_sentence if value and value in squash(gold[g].quote)}
            if named and holds and not named & holds:
                add("misvalued", f"{claim.metric!r} value {claim.value.text!r} | {claim.text[:60]}")
    for group, count in counts.items():
        print(f"[{group}]")
        for key in sorted(count):
            print(f"  {key:36} {count[key]}")
    for key, lines in examples.items():
        for note in lines[:args.examples]:
            print(f"  [{key}] {note}")


if __name__ == "__main__":
    main()
