"""compare.conflict takes the rules' tie of a pair when the pair veto has read it (claim_views.claim_divergences)."""

import numpy as np

from agents.consensus.claim_views import claim_divergences
from tools.claims import compare
from tools.claims.extract import claim_from_text

SEGMENT = "我们预计2026年公司储能业务毛利率约25%。"
OTHER_SEGMENT = "预计2026年公司储能业务毛利率将回落至18%。"
GROUP = "预计2026年公司综合毛利率约为20%。"


def _encode(texts: list[str]) -> np.ndarray:  # every sentence close to every other: the veto reads each pair
    rows = np.array([[1.0, 0.01 * len(t), 0.2] for t in texts])
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _claims() -> list:
    return [("甲", "r1", claim_from_text(SEGMENT, 1, 2025)), ("乙", "r2", claim_from_text(OTHER_SEGMENT, 1, 2025)),
            ("乙", "r2", claim_from_text(GROUP, 1, 2025))]


def test_after_the_veto_conflict_does_not_ask_the_rules_again(monkeypatch):
    expected = claim_divergences(_claims(), company_report=True, encode=_encode)
    assert expected  # the segment margins conflict
    asked = []
    real = compare.quantity_tie
    monkeypatch.setattr(compare, "quantity_tie", lambda a, b, **kw: asked.append((a.text, b.text)) or real(a, b, **kw))
    assert claim_divergences(_claims(), company_report=True, encode=_encode) == expected
    assert asked == []
    assert claim_divergences(_claims(), company_report=True) and asked  # no encoder, no veto: conflict asks itself
