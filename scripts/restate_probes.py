"""How the restatement rule reads the invented probe pairs (tests/data/restate_probes.jsonl): for each pair, the
verdict of `restatement` on the two claims in page order and whether `unify_topics` files them under one topic.
A "same" pair is right when merged ("same"); a "distinct" pair is wrong when merged."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tools.claims.extract import claim_from_text
from tools.claims.restate import restatement
from tools.claims.topics import unify_topics

PROBES = Path(__file__).resolve().parent.parent / "tests" / "data" / "restate_probes.jsonl"
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


if __name__ == "__main__":
    main()
