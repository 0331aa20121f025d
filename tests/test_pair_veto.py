"""The learned veto on "one quantity" ties read with the whole consensus (agents.consensus.pair_veto)."""

import numpy as np
import pytest

from agents.consensus import pair_veto
from agents.consensus.claim_views import claim_divergences, meaning_ties
from tools.claims.extract import claim_from_text

# One broker's segment margin, another's two margins: the segment's and the group's.
SEGMENT = "我们预计2026年公司储能业务毛利率约25%。"
OTHER_SEGMENT = "预计2026年公司储能业务毛利率将回落至18%。"
GROUP = "预计2026年公司综合毛利率约为20%。"
UNRELATED = "公司董事长增持股份，彰显长期发展信心。"


def _fixed(vectors: dict[str, list[float]]):
    def encode(texts: list[str]) -> np.ndarray:
        rows = np.array([vectors[t] for t in texts], dtype=np.float64)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)
    return encode


def _claims(*texts_by_report: tuple[str, str]) -> list:
    return [(f"券商{report}", report, claim_from_text(text, 1, 2025)) for report, text in texts_by_report]


def _head(**weights: float) -> dict:
    """A head that reads only the named features (the others weigh nothing)."""
    return {"encoder": pair_veto.ENCODER, "features": list(pair_veto.FEATURES),
            "weights": [weights.get(name, 0.0) for name in pair_veto.FEATURES], "bias": weights.get("bias", 0.0),
            "veto": 0.5}


# r1's segment margin is closest to r2's other sentence, not to r2's segment margin
CROSSED = _fixed({SEGMENT: [1.0, 0.0, 0.0], OTHER_SEGMENT: [0.6, 0.8, 0.0], GROUP: [0.9, 0.0, 0.44],
                  UNRELATED: [0.0, 0.0, 1.0]})


def test_relative_features_say_who_is_whose_best_match():
    claims = _claims(("r1", SEGMENT), ("r2", OTHER_SEGMENT), ("r2", GROUP))
    ctx = pair_veto.context(claims, CROSSED, company_report=True)
    best_a, best_b, mutual, low, high, _, _ = ctx.relative(0, 1)
    assert (best_a, best_b, mutual) == (0.0, 1.0, 0.0)  # r2's segment sentence has only r1's; r1's prefers GROUP
    assert low == pytest.approx(0.6 - 0.9, abs=0.01)
    assert ctx.relative(0, 2)[:3] == [1.0, 1.0, 1.0]


def test_a_tie_that_is_not_the_counterpart_is_vetoed():
    head = _head(mutual_best=4.0, bias=-2.0)
    crossed = _claims(("r1", SEGMENT), ("r2", OTHER_SEGMENT), ("r2", GROUP))
    similar = meaning_ties(crossed, CROSSED)
    assert pair_veto.program_ties(pair_veto.context(crossed, CROSSED, True), 0, 1, similar)[1]  # the rules tie it
    assert pair_veto.vetoes(crossed, CROSSED, similar, company_report=True, head=head)(0, 1)
    # each the other's best match in its report: kept
    claims = _claims(("r1", SEGMENT), ("r2", OTHER_SEGMENT), ("r2", UNRELATED))
    assert pair_veto.vetoes(claims, CROSSED, meaning_ties(claims, CROSSED), company_report=True, head=head)(0, 1) is False


def test_an_untied_pair_is_never_vetoed():
    claims = _claims(("r1", SEGMENT), ("r2", UNRELATED))
    head = _head(bias=-10.0)  # scores every pair under the veto
    assert pair_veto.vetoes(claims, CROSSED, meaning_ties(claims, CROSSED), company_report=True, head=head)(0, 1) is False


def test_no_encoder_or_no_head_vetoes_nothing(tmp_path):
    claims = _claims(("r1", SEGMENT), ("r2", OTHER_SEGMENT))
    assert pair_veto.vetoes(claims, None, lambda i, j: False, head=_head(bias=-10.0))(0, 1) is False
    assert pair_veto.vetoes(claims, CROSSED, lambda i, j: False, head=tmp_path / "none.json")(0, 1) is False


def test_a_head_for_other_features_is_refused():
    claims = _claims(("r1", SEGMENT), ("r2", OTHER_SEGMENT))
    with pytest.raises(ValueError):
        pair_veto.vetoes(claims, CROSSED, lambda i, j: False, head=dict(_head(), features=["cosine"]))


def test_claim_divergences_drop_a_vetoed_tie(monkeypatch):
    claims = _claims(("r1", SEGMENT), ("r2", OTHER_SEGMENT), ("r2", GROUP))
    monkeypatch.setattr(pair_veto, "head_of", lambda head: None)  # no head: the tie stands
    assert any({c.report_id for c in d.claims} == {"r1", "r2"} and d.claims[1].text == OTHER_SEGMENT
               for d in claim_divergences(claims, company_report=True, encode=CROSSED))
    monkeypatch.setattr(pair_veto, "head_of", lambda head: _head(mutual_best=4.0, bias=-2.0))
    assert not any(d.claims[1].text == OTHER_SEGMENT
                   for d in claim_divergences(claims, company_report=True, encode=CROSSED))
