"""A pressure or risk judged by its size (下降压力有限, 风险可控 vs 压力难以缓解) is the view, as an impact judged 有限
vs 较大 is: two brokers whose movement words agree (both see costs fall) still disagree on the pressure.

Pairs invented for this test, for company reports dated 2025.
"""

from __future__ import annotations

import pytest

from tools.claims.compare import conflict
from tools.claims.extract import claim_from_text

YEAR = 2025

JUDGED = [
    ("pressure-limited-vs-fall", "渠道结构优化，我们认为公司净利率下降压力有限。",
     "我们预计2026年公司净利率同比下降约1个百分点至约9%。"),
    ("risk-controlled-vs-lasting", "银行：我们认为存款成本下降仍需时间，息差压力短期难以缓解。",
     "我们认为公司存款成本持续下降，息差收窄风险可控。"),
]


@pytest.mark.parametrize(("a", "b"), [pytest.param(a, b, id=i) for i, a, b in JUDGED])
def test_a_pressure_judged_apart_is_a_stance_divergence(a, b):
    assert "stance" in conflict(claim_from_text(a, 0, YEAR), claim_from_text(b, 0, YEAR), company_report=True)
