"""Two kinds of line the README names as no claim (evals/labelled/README.md, "What is a claim"): the broker's
rating definitions on its legend page, and the items of a 风险提示/风险因素 list. Lines invented for this test in
the formats brokers use for them, for reports dated 2025."""

from __future__ import annotations

import pytest

from tools.claims.extract import claim_from_text
from tools.claims.worthy import worthiness

YEAR = 2025

NOT_CLAIMS = [
    ("legend-relative-rise", "推荐——相对上涨10%-20%；"),
    ("legend-expected-fall", "回避——预期跌幅在10%以上。"),
    ("legend-lead", "审慎增持——领先5%-15%；"),
    ("legend-industry", "同步大市——预计行业与整体市场表现大致相当；"),
    ("legend-industry-colon", "看淡：预计行业指数弱于整体市场表现。"),
    ("legend-scale", "买入、增持、中性、减持、卖出"),
    ("risk-item-short", "新品放量不及预期；"),
    ("risk-item-exceeds", "行业价格竞争加剧超预期；"),
    ("risk-item-headed", "某某证券 | 某公司（000000.SZ）深度报告风险因素：海外产能投放不及预期；"),
]

CLAIMS = [
    ("beat-then-view", "公司三季度毛利率超预期，我们上调全年归母净利润预测至12亿元。"),
    ("below-consensus", "我们预计公司2026年收入增速将低于市场预期，约为8%。"),
    ("rating-word-in-view", "行业景气度有望回升，我们看好龙头份额提升。"),
]


@pytest.mark.parametrize("text", [pytest.param(t, id=i) for i, t in NOT_CLAIMS])
def test_legend_lines_and_risk_items_are_no_claims(text):
    verdict = worthiness(text, claim_from_text(text, 0, YEAR), report_year=YEAR)
    assert not verdict.claim, verdict.reason


@pytest.mark.parametrize("text", [pytest.param(t, id=i) for i, t in CLAIMS])
def test_views_that_mention_expectations_or_ratings_stay_claims(text):
    verdict = worthiness(text, claim_from_text(text, 0, YEAR), report_year=YEAR)
    assert verdict.claim, verdict.reason
