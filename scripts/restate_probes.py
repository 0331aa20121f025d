"""How the restatement rule reads the invented probe pairs (tests/data/restate_probes.jsonl): for each pair, the
verdict of `restatement` on the two claims in page order and whether `unify_topics` files them under one topic.
A "same" pair is right when merged ("same"); a "distinct" pair is wrong when merged. Then the invented reports
(tests/data/restate_report_probes.json) through the whole extraction: each marked restatement merged, under one
topic, under two (a duplicate across topics), or not a claim on one side."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from tools.claims.extract import claim_from_text, extract_claims
from tools.claims.restate import restatement
from tools.claims.topics import unify_topics

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
PROBES = DATA / "restate_probes.jsonl"
REPORTS = DATA / "restate_report_probes.json"
REPORT_YEAR = 2024  # the probes' 明年 is 2025


def read(pair: dict) -> tuple[str | None, bool, bool]:
    """The verdict, one topic as read, and linked: one topic even when the two were read under two topics (in a
    report, each may be pulled towards the topic of the claims around it)."""
    first, second = sorted((pair["a"], pair["b"]), key=lambda side: side[0])
    a, b = (claim_from_text(text, page, REPORT_YEAR) for page, text in (first, second))
    unified = unify_topics([a, b])
    apart = unify_topics([a.model_copy(update={"topic": "甲"}), b.model_copy(update={"topic": "乙"})])
    return restatement(a, b), unified[0].topic == unified[1].topic, apart[0].topic == apart[1].topic


def main() -> None:
    pairs = [json.loads(line) for line in PROBES.read_text(encoding="utf-8").splitlines() if line.strip()]
    tally = {"same": [0, 0, 0, 0], "distinct": [0, 0, 0, 0]}  # merged, one topic, linked, total
    for pair in pairs:
        verdict, one_topic, linked = read(pair)
        row = tally[pair["kind"]]
        row[0] += verdict == "same"
        row[1] += one_topic
        row[2] += linked
        row[3] += 1
        if "-v" in sys.argv:
            print(f"{pair['id']} {pair['kind']:8} {str(verdict):5} one_topic={one_topic} linked={linked}  {pair['shape']}")
    for kind, (merged, one_topic, linked, total) in tally.items():
        print(f"{kind}: merged {merged}/{total}, one topic {one_topic}/{total}, linked {linked}/{total}")


def report_pairs() -> Counter:
    """merged / one topic / two topics / not a claim, over the marked pairs of the invented reports."""
    tally: Counter = Counter()
    for report in json.loads(REPORTS.read_text(encoding="utf-8")):
        pages = list(enumerate(report["pages"]))
        claims = extract_claims(pages, report_year=report["report_year"])
        for one, other in report["pairs"]:
            holding = [next((c for c in claims if part in c.text), None) for part in (one, other)]
            page = [next(i for i, text in pages if part in text) for part in (one, other)]
            if holding[0] is holding[1] is not None or any(
                    c is not None and {page[0], page[1]} <= {c.page, *c.also_pages} for c in holding):
                verdict = "merged"
            elif None in holding:
                verdict = "not a claim"
            else:
                verdict = "one topic" if holding[0].topic == holding[1].topic else "two topics"
            tally[verdict] += 1
            if "-v" in sys.argv:
                print(f"{report['id']} {verdict:11} {one} | {other}")
    return tally


if __name__ == "__main__":
    main()
    print("reports:", dict(report_pairs()))
