"""scripts/divergence_errors.py: the counts a run's errors break into, on one dev case and hand-made outputs."""

from __future__ import annotations

import json

import pytest

from evals.solvers.aggregation_labelled import load_case
from scripts.divergence_errors import tally

CASE = "agg-01-catl-storage-margin"


def _run(tmp_path, summaries, divergences, notes):
    item = {"id": CASE, "notes": notes,
            "output": {"summaries": summaries, "consensus": {"claim_divergences": divergences, "topics": []}}}
    (tmp_path / "items.jsonl").write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    return tally(tmp_path)


def _claim(gold, metric):
    return {"text": gold.quote, "page": gold.page, "also_pages": [], "metric": metric, "report_id": gold.report}


def test_a_miss_is_told_by_what_was_extracted(tmp_path):
    case = load_case(CASE)
    pair = next(d for d in case.gold.divergences if len(d.claims) == 2)
    gold = {c.id: c for c in case.gold.claims}
    a, b = (gold[cid] for cid in pair.claims)
    summaries = [{"report_id": a.report, "claims": [_claim(a, "毛利率")]},
                 {"report_id": b.report, "claims": [_claim(b, "储能毛利率")]}]
    errors, _ = _run(tmp_path, summaries, [], [f"漏报分歧 {pair.id}（{pair.topic}）：…"])
    # the rules tie the two margins and the comparison finds 22 % against ≥ 25 %: the pair was lost later
    assert errors == {"missed, pair: 2/2 gold claims extracted, program metrics differ, rules tie, compare conflicts "
                      "(lost later)": 1}
    errors, _ = _run(tmp_path, [], [], [f"漏报分歧 {pair.id}（{pair.topic}）：…"])
    assert errors == {"missed, pair: 0/2 gold claims extracted": 1}


def test_a_false_divergence_on_sentences_the_gold_does_not_count(tmp_path):
    side = {"report_id": "r1", "page": 0, "also_pages": [], "text": "本报告仅供参考，不构成投资建议。"}
    errors, _ = _run(tmp_path, [], [{"claims": [side, dict(side, report_id="r2")]}], [])
    assert errors == {"false, pair: 0/2 sides gold claims": 1}


def test_the_pair_harness_reads_one_half_only():
    from scripts.metric_pairs import dev_case

    assert dev_case("agg-01-catl-storage-margin").id == "agg-01-catl-storage-margin"
    with pytest.raises(ValueError):
        dev_case("agg-01-catl-storage-margin", held_out=True)
    with pytest.raises(ValueError):
        dev_case("agg-02-humanoid-robot-pace")
