"""compare.may_tie is symmetric, so the consensus asks it once per pair of claims (claim_views.meaning_ties)."""

import numpy as np

from agents.consensus import claim_views
from tools.claims.compare import may_tie
from tools.claims.extract import claim_from_text
from tools.claims.facets import own_metric

TEXTS = ["我们预计2026年公司吨净利约800元。", "预计2026年公司每吨利润有望达到1,000元。", "预计2027年公司每吨利润有望达到1,000元。",
         "我们预计2026年公司毛利率约为25%。", "预计2026年储能业务毛利率约为18%。", "预计2025年下半年公司出货量环比增长20%。",
         "我们预计2025年公司储能电池出货量约125GWh。", "预计公司净利率有望提升至12%。"]


def test_may_tie_reads_the_same_both_ways():
    claims = [claim_from_text(t, 1, 2025) for t in TEXTS]
    mains = [own_metric(c) for c in claims]
    answers = [may_tie(a, b, ma, mb) for a, ma in zip(claims, mains) for b, mb in zip(claims, mains)]
    assert any(answers) and not all(answers)
    n = len(claims)
    assert all(answers[i * n + j] == answers[j * n + i] for i in range(n) for j in range(n))


def test_meaning_ties_asks_may_tie_once_per_pair(monkeypatch):
    asked = []
    monkeypatch.setattr(claim_views, "may_tie", lambda a, b, ma, mb: asked.append((a.text, b.text)) or True)
    claims = [("甲", "r1", claim_from_text(TEXTS[0], 1, 2025)), ("乙", "r2", claim_from_text(TEXTS[1], 1, 2025)),
              ("乙", "r2", claim_from_text(TEXTS[3], 1, 2025))]
    encode = lambda texts: np.eye(len(texts), 4, dtype=np.float32)  # noqa: E731
    claim_views.meaning_ties(claims, encode)
    assert sorted(asked) == sorted({(claims[0][2].text, c.text) for _, _, c in claims[1:]})
