"""Issue 13's structural requirements of the offline engine, on every written report of the labelled
aggregation set (real-looking covers and bodies written blind to this code): no sentence in two sections of a
draft, and a ranked 摘要 within ±30 % of its budget. The ROUGE comparison lives in
benchmarks/extractive_rouge.py (numbers in benchmarks/results/extractive_rouge.json)."""

from __future__ import annotations

from benchmarks.extractive_rouge import draft_checks
from evals.labelled.schema import load_aggregation
from evals.thresholds import load_extractive_gates


def test_drafts_never_repeat_a_sentence_and_ranked_summaries_keep_their_budget():
    docs = [(f"{case.id}/{r.id}", [(p.page, p.text) for p in r.pages])
            for case in load_aggregation() for r in case.reports if r.pages is not None]
    assert len(docs) >= 100
    checks = draft_checks(docs, load_extractive_gates())
    assert checks["repeated_sentences"] == 0
    assert checks["cover_summaries"] >= 90  # the covers name their summary many ways (or not at all)
    assert checks["ranked_within_budget"] == checks["ranked"]
