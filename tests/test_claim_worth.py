"""Which claims may form a divergence (agents.consensus.claim_worth): the head, its hook, and the shipped weights."""

from pathlib import Path

import numpy as np
import pytest

from agents.consensus.aggregate import build_consensus
from agents.consensus.claim_similarity import sentence_vectors
from agents.consensus.claim_views import claim_divergences
from agents.consensus.claim_worth import HEAD, RULE_FEATURES, head_of, may_diverge, rule_features, scores
from agents.summarize.models import ReportSummary
from tools.claims.extract import claim_from_text

HIGH = "我们预计2025年储能毛利率约25%，盈利能力提升"
LOW = "我们预计2025年储能毛利率约18%，价格战冲击较大"


def _flat(texts: list[str]) -> np.ndarray:
    return np.tile(np.array([[1.0, 0.0]], dtype=np.float32), (len(texts), 1))


def _head(cutoff: float, frame_weight: float = 0.0) -> dict:
    """A two-dimensional head for _flat: probability 0.5 unless the frame feature moves it."""
    rules = [frame_weight if name == "frame" else 0.0 for name in RULE_FEATURES]
    return {"encoder": "use", "rules": rules, "vector": [0.0, 0.0], "bias": 0.0, "cutoff": cutoff}


def _pair():
    return [("甲证券", "r1", claim_from_text(HIGH, 0, 2025)), ("乙证券", "r2", claim_from_text(LOW, 0, 2025))]


def test_a_claim_kept_out_forms_no_divergence():
    claims = _pair()
    assert [d.types for d in claim_divergences(claims)] == [["value", "stance"]]
    assert claim_divergences(claims, may_pair=[True, False]) == []


def test_a_rebuttal_kept_out_is_no_one_sided_divergence():
    claims = [("乙证券", "r2", claim_from_text("与市场不同，我们认为海外订单落地将晚于预期", 0, 2025))]
    assert [d.against for d in claim_divergences(claims)] == ["市场"]
    assert claim_divergences(claims, may_pair=[False]) == []


def test_the_cut_off_decides():
    claims = [c for _, _, c in _pair()]
    assert may_diverge(claims, _flat, _head(0.5)) == [True, True]  # 0.5 reaches 0.5
    assert may_diverge(claims, _flat, _head(0.6)) == [False, False]
    assert may_diverge(claims, _flat, _head(0.6, frame_weight=1.0)) == [True, True]  # 我们预计: the report's own view


def test_no_encoder_or_no_head_is_the_rules_alone(tmp_path: Path):
    claims = [c for _, _, c in _pair()]
    assert may_diverge(claims, None, _head(1.1)) == [True, True]
    assert may_diverge(claims, _flat, None) == [True, True]
    assert may_diverge(claims, _flat, tmp_path / "missing.json") == [True, True]


def test_a_head_of_another_encoder_is_refused():
    with pytest.raises(ValueError):
        may_diverge([claim_from_text(HIGH, 0, 2025)], _flat, dict(_head(0.5), encoder="e5"))


def test_rule_features_read_the_sentence():
    framed = dict(zip(RULE_FEATURES, rule_features(claim_from_text(HIGH, 0, 2025))))
    assert framed["frame"] == framed["figure"] == framed["period"] == framed["cover"] == 1.0
    plain = dict(zip(RULE_FEATURES, rule_features(claim_from_text("公司成立于1998年，总部位于深圳", 3, 2025))))
    assert plain["frame"] == plain["cover"] == plain["period"] == 0.0


def _summary(report_id: str, broker: str, text: str) -> ReportSummary:
    return ReportSummary(report_id=report_id, source=f"{report_id}.pdf", page_count=5, title="储能", broker=broker,
                         claims=[claim_from_text(text, 0, 2025).model_copy(update={"verified": True})])


def test_build_consensus_passes_the_head():
    summaries = [_summary("r1", "甲证券", HIGH), _summary("r2", "乙证券", LOW)]
    assert len(build_consensus(summaries, encode=_flat, worth_head=None).claim_divergences) == 1
    assert build_consensus(summaries, encode=_flat, worth_head=_head(0.9)).claim_divergences == []


def test_shipped_head_keeps_a_forecast_and_drops_company_history():
    head = head_of(HEAD)
    assert head is not None and head["encoder"] == "use" and len(head["rules"]) == len(RULE_FEATURES)
    forecast = claim_from_text(HIGH, 0, 2025)
    history = claim_from_text("公司成立于1998年，总部位于深圳，主要产品包括储能电池。", 3, 2025)
    forecast_score, history_score = scores([forecast, history], sentence_vectors([forecast.text, history.text]), head)
    assert forecast_score >= head["cutoff"] > history_score
    assert may_diverge([forecast, history], sentence_vectors) == [True, False]
