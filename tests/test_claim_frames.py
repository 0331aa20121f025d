"""Claims whose quantity is set by its sentence's frame: a cause inside a view, a share of a total, the clause
after a turn, a move named by its worth, a rebuttal naming no quantity, a value margin."""

from __future__ import annotations

import pytest

from tools.claims.compare import conflict
from tools.claims.extract import claim_from_text, metric_of
from tools.claims.facets import facets


def test_a_cause_stated_inside_a_view_is_not_compared():
    # "…，但由于出货下滑摊薄了规模效应，…": the fall is the reason argued here, not this claim's forecast of it
    cost = claim_from_text("辅料价格回落，我们预计全年单位成本同比下降约3%，但由于出货下滑摊薄了规模效应，成本红利难以完全兑现。", 0, 2024)
    volume = claim_from_text("我们预计全年出货量同比增长约2%。", 0, 2024)
    assert conflict(cost, volume, company_report=True) == []
    assert all(f.metric != "出货量" for f in facets(cost))


def test_a_weight_in_the_total_is_a_share():
    line = claim_from_text("我们预计高端系列销量同比增长约4%，占总销量的比重提升至约40%。", 0, 2024)
    assert any(f.metric.endswith("占比") and f.value and f.value.min == 40 for f in facets(line))


def test_a_stance_after_a_turn_meets_only_the_quantities_of_its_own_clause():
    # the granted clause (总投资收益率 rises) agrees with the other broker; the view (净投资收益率 falls) is elsewhere
    turned = claim_from_text("投资端：总投资收益率受益于股市上涨明显回升，但净投资收益率仍有下行压力。", 0, 2024)
    other = claim_from_text("股市上涨带动投资收益回升，我们预计全年总投资收益率约5.2%。", 0, 2024)
    assert (turned.stance, other.stance) == ("negative", "positive")
    assert conflict(turned, other, company_report=True) == []
    # the turn's own quantity still meets the other side
    net = claim_from_text("我们预计净投资收益率将企稳回升。", 0, 2024)
    assert "stance" in conflict(turned, net, company_report=True) or "direction" in conflict(turned, net, company_report=True)


@pytest.mark.parametrize(("text", "direction"), [
    ("我们预计全年综合成本率有望改善至96.8%左右。", "down"),  # lower is better: an improvement is a fall
    ("赔付率或有所恶化。", "up"),
    ("我们预计全年毛利率有望改善至31%左右。", "up"),  # higher is better
])
def test_a_move_named_by_its_worth_follows_the_ratio(text, direction):
    assert [f.direction for f in facets(claim_from_text(text, 0, 2024))] == [direction]


def test_an_improving_cost_ratio_conflicts_with_a_rising_one():
    better = claim_from_text("我们预计全年综合成本率有望改善至97%左右。", 0, 2024)
    worse = claim_from_text("我们预计全年综合成本率将升至98%左右，承保利润收窄。", 0, 2024)
    assert "direction" in conflict(better, worse, company_report=True)


def test_a_rebuttal_naming_no_quantity_is_about_the_view_it_rebuts():
    rebuttal = claim_from_text("渠道转型：市场担忧直营转型拉低综合毛利率，我们认为影响有限。", 0, 2024)
    holder = claim_from_text("直营占比快速提升，我们预计明年综合毛利率同比下降约2个百分点。", 0, 2024)
    other = claim_from_text("我们预计明年收入增速放缓至个位数。", 0, 2024)
    assert rebuttal.self_declared and rebuttal.stance == "positive" and holder.stance == "negative"
    assert conflict(rebuttal, holder, company_report=True) == ["stance", "self_declared"]
    assert conflict(rebuttal, other, company_report=True) == []  # another quantity


def test_the_value_margin_is_not_the_value():
    assert metric_of("我们预计2026年新业务价值率同比下降约2个百分点").endswith("新业务价值率")
    assert metric_of("我们预计全年NBV同比增长约20%").endswith("新业务价值")
