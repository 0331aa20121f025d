"""The blind restatement set (evals/restate/invented.jsonl): how the program reads each pair of sentences that
one imagined report states on two pages. Usage: restate_pairs.py [--cosine] [--list] [SET.jsonl]
(default evals/restate/invented.jsonl; evals/restate/invented2.jsonl is the second blind set)

Per pair: `restatement()` of the two claims (sentence a on page 1, b on page 4), whether the report's topic
linking (`unify_topics`) files them under one topic, and with --cosine the USE cosine of the two sentences and
what `agents.consensus.restated` does with the pair (one topic or not)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.claims.extract import claim_from_text  # noqa: E402
from tools.claims.restate import restatement  # noqa: E402
from tools.claims.topics import unify_topics  # noqa: E402


def main() -> None:
    named = [a for a in sys.argv[1:] if a.endswith(".jsonl")]
    path = Path(named[0]) if named else ROOT / "evals/restate/invented.jsonl"
    pairs = [json.loads(line) for line in open(path, encoding="utf-8")]
    cosine = "--cosine" in sys.argv
    if cosine:
        from agents.consensus.claim_similarity import sentence_vectors
        from agents.consensus.restated import restated_pairs
    rows = []
    for p in pairs:
        a, b = claim_from_text(p["a"], 1), claim_from_text(p["b"], 4)
        same = restatement(a, b) == "same"
        one_topic = len({c.topic for c in unify_topics([a, b])}) == 1
        row = {"id": p["id"], "label": p["label"], "merged": same, "one_topic": one_topic}
        if cosine:
            vectors = sentence_vectors([p["a"], p["b"]])
            row["cos"] = float(vectors[0] @ vectors[1])
            row["linked"] = bool(restated_pairs([a, b], sentence_vectors))
            row["one_topic_after"] = one_topic or row["linked"]
        rows.append(row)
        if "--list" in sys.argv:
            print(row, a.topic, b.topic, a.metric, b.metric)
    for label in ("same", "different"):
        part = [r for r in rows if r["label"] == label]
        line = f"{label:9} n={len(part):3}  restatement same {sum(r['merged'] for r in part):3}  " \
               f"one topic {sum(r['one_topic'] for r in part):3}"
        if cosine:
            cos = sorted(r["cos"] for r in part)
            q = [cos[int(k * (len(cos) - 1))] for k in (0, 0.1, 0.25, 0.5, 0.75, 0.9, 1)]
            line += f"  linked {sum(r['linked'] for r in part):3}  one topic after {sum(r['one_topic_after'] for r in part):3}" \
                    f"  cos min/p10/p25/p50/p75/p90/max " + "/".join(f"{x:.2f}" for x in q)
        print(line)


if __name__ == "__main__":
    main()
