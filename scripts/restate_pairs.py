"""The blind restatement set (evals/restate/invented.jsonl): how the program reads each pair of sentences that
one imagined report states on two pages. Usage: restate_pairs.py [--cosine] [--list] [--reports] [SET.jsonl]
(default evals/restate/invented.jsonl; evals/restate/invented2.jsonl is the second blind set), or --gold: the dev
half's gold (odd cases of evals/labelled/aggregation): "same" a claim's quote and its `also_at` quote on another
page, "different" two gold claims of one report on other pages.

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


def gold_pairs() -> list[dict]:
    """The dev half's restatements and other views of one report, as invented pairs (odd case ids only)."""
    pairs = []
    for path in sorted((ROOT / "evals/labelled/aggregation").glob("agg-*.json")):
        if int(path.name.split("-")[1]) % 2 == 0:
            continue  # the held-out half is not read
        claims = json.loads(path.read_text(encoding="utf-8"))["gold"]["claims"]
        for k, c in enumerate(claims):
            pairs += [{"id": f"{path.name[:6]}{c['id']}", "label": "same", "a": c["quote"], "b": o["quote"]}
                      for o in c.get("also_at") or [] if o["page"] != c["page"]]
            pairs += [{"id": f"{path.name[:6]}{c['id']}-{d['id']}", "label": "different", "a": c["quote"], "b": d["quote"]}
                      for d in claims[k + 1:] if d["report"] == c["report"] and d["page"] != c["page"]]
    return pairs


def as_reports(pairs: list[dict]) -> None:
    """--reports: the pairs of one industry read as one report (each a on page 1, each b on page 4), so that a
    restatement must be the nearest of many sentences and stay within PLACES: one topic per label."""
    from collections import defaultdict

    from agents.consensus.claim_similarity import sentence_vectors
    from agents.consensus.restated import restated_topics

    reports, counts = defaultdict(list), defaultdict(lambda: [0, 0, 0])
    for p in pairs:
        reports[p.get("industry", "")].append(p)
    for report in reports.values():
        n = len(report)
        rules = unify_topics([claim_from_text(p["a"], 1) for p in report] + [claim_from_text(p["b"], 4) for p in report])
        after = restated_topics(rules, sentence_vectors)
        for k, p in enumerate(report):
            count = counts[p["label"]]
            count[0] += 1
            count[1] += rules[k].topic == rules[n + k].topic
            count[2] += after[k].topic == after[n + k].topic
    for label, (n, rules_, after_) in counts.items():
        print(f"{label:9} n={n:3}  as reports: one topic by the rules {rules_:3}, after restated_topics {after_:3}")


def main() -> None:
    named = [a for a in sys.argv[1:] if a.endswith(".jsonl")]
    path = Path(named[0]) if named else ROOT / "evals/restate/invented.jsonl"
    pairs = gold_pairs() if "--gold" in sys.argv else [json.loads(line) for line in open(path, encoding="utf-8")]
    if "--reports" in sys.argv:
        return as_reports(pairs)
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
