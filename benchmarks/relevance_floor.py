"""Where should the search relevance floor be? Relevant vs off-topic queries on the sample corpus.

    python -m benchmarks.relevance_floor [--models use e5]

Relevant: the 55 labelled paraphrase queries of benchmarks/data/retrieval_queries.jsonl (each lists the
pages that answer it). Off-topic: the 40 queries of benchmarks/data/offtopic_queries.jsonl, which the
sample reports do not answer (30 about other industries and markets, 10 not about finance at all).
Each query is searched once (hybrid, `memory.search.find(..., relevance=True)`) and the floor is then
applied to its ranked candidates, exactly as `find(floor=...)` filters them. Per floor: the share of
relevant queries that still have an answering page in the top 5 (recall@5) and the share of off-topic
queries left with no hit at all (rejected).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from benchmarks.retrieval_quality import build_library, load_queries

REPO = Path(__file__).resolve().parent.parent
OFFTOPIC = REPO / "benchmarks" / "data" / "offtopic_queries.jsonl"
FLOORS = [round(0.10 + 0.01 * i, 2) for i in range(86)]


def _ranked(library, query: str):
    from memory.search import find

    result = find(library, query, k=100, relevance=True)
    return [((Path(h.source).name, h.page), h.relevance) for h in result.hits], result.best_relevance


def measure(kind: str) -> dict:
    relevant = load_queries()
    offtopic = [json.loads(line) for line in OFFTOPIC.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory(prefix=f"bench-floor-{kind}-") as root:
        library, _ = build_library(kind, Path(root))
        try:
            on_topic = [(q, _ranked(library, q.query)[0]) for q in relevant]
            off_best = [(q["kind"], _ranked(library, q["query"])[1] or 0.0) for q in offtopic]
        finally:
            library.close()
    rows = []
    for floor in FLOORS:
        kept = sum(any(key in q.relevant for key, rel in [h for h in ranked if h[1] >= floor][:5])
                   for q, ranked in on_topic)
        rejected = [kind for kind, best in off_best if best < floor]
        general = sum(kind == "general" for kind, _ in off_best)
        rows.append((floor, kept / len(on_topic), len(rejected) / len(off_best),
                     rejected.count("general") / general))
    answer_rel = sorted(next((rel for key, rel in ranked[:5] if key in q.relevant), 0.0) for q, ranked in on_topic)
    return {"model": kind, "rows": rows, "answer_relevance": answer_rel, "offtopic_best": sorted(b for _, b in off_best)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=["use", "e5"])
    args = parser.parse_args()
    for kind in args.models:
        m = measure(kind)
        a, o = m["answer_relevance"], m["offtopic_best"]
        print(f"## {kind}: relevance of the first answering hit (top 5): min {a[0]:.3f}, 5th {a[4]:.3f}, "
              f"median {a[len(a) // 2]:.3f}; off-topic best relevance: median {o[len(o) // 2]:.3f}, "
              f"95th {o[int(len(o) * 0.95) - 1]:.3f}, max {o[-1]:.3f}")
        print("| floor | relevant recall@5 | off-topic rejected | of which not finance |\n|---:|---:|---:|---:|")
        for floor, kept, rejected, general in m["rows"]:
            print(f"| {floor:.2f} | {kept:.3f} | {rejected:.3f} | {general:.3f} |")


if __name__ == "__main__":
    main()
