"""Volumes that commodity and utility reports forecast by name (表观消费量, 售气量/零售气量), the unit spread a gas
distributor earns (单方毛差) and a loss amount (亏损约3亿元) are quantities: two brokers' forecasts for one of them
are compared as figures.

Pairs invented for this test, for industry (commodity) and company (gas utility) reports dated 2025.
"""

from __future__ import annotations

import pytest

from tools.claims.compare import conflict
from tools.claims.extract import claim_from_text

YEAR = 2025

APART = [
    ("apparent-consumption", "我们预计2026年国内电解铝表观消费量同比下降约3%。",
     "铝需求：光伏与汽车轻量化对冲地产，我们预计2026年国内电解铝表观消费量同比增长约2%。", False),
    ("gas-volume", "我们认为2026年公司售气量同比增长约9%。", "工业用户复苏偏慢，2026年公司售气量增速放缓至约4%。", True),
]


@pytest.mark.parametrize(("a", "b", "company"), [pytest.param(a, b, c, id=i) for i, a, b, c in APART])
def test_named_volume_growth_apart_is_a_value_divergence(a, b, company):
    assert "value" in conflict(claim_from_text(a, 0, YEAR), claim_from_text(b, 0, YEAR), company_report=company)


def test_unit_spread_forecasts_apart_are_a_value_divergence():
    # 单方毛差: what a gas distributor earns per cubic metre sold, the quantity its forecasts name
    a = claim_from_text("国际气价回落叠加长协资源到位，我们预计2026年公司单方毛差维持在0.55元/方以上。", 0, YEAR)
    b = claim_from_text("我们认为采购成本下降的同时售价同步下调，2026年公司单方毛差将收窄至约0.40元/方。", 0, YEAR)
    assert "value" in conflict(a, b, company_report=True)


def test_loss_forecasts_apart_are_a_value_divergence():
    # a loss forecast as an amount: its size is the quantity, not the margin of the clause before it
    a = claim_from_text("产能爬坡顺利，我们预计2026年公司毛利率回升至约15%，全年亏损收窄至约1.5亿元。", 0, YEAR)
    b = claim_from_text("我们预计2026年公司仍将亏损约3.0亿元，扭亏或需等到2027年。", 0, YEAR)
    assert "value" in conflict(a, b, company_report=True)
