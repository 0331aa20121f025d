"""Stance rules written after evals/stance/invented8.jsonl's first run (issue 13): a scene then the subject, a
benchmark of peers named before its word, the subject's quantity said to be hit, an industry's capacity as market
supply, a rival's edge growing, capacity utilisation, advance receipts. Made-up companies and figures, phrased as
sell-side notes phrase them; none is a labelled case's sentence nor a row of the invented sets."""

from __future__ import annotations

import pytest

from tools.claims.extract import claim_from_text
from tools.claims.stance_kept import with_outlook


def _kept(text: str, outlook: str = "positive") -> str:
    """The stance of `text` read as one kept claim, as the pipeline reads it."""
    return with_outlook(claim_from_text(text, 0, 2025, outlook), outlook).stance


@pytest.mark.parametrize("text, stance", [
    ("萤石价格明显上涨，公司制冷剂生产成本随之上升", "negative"),  # the scene rises, the subject's cost with it
    ("终端需求持续低迷，公司订单却实现两位数增长", "positive"),
    ("天然气价格上涨，公司化肥生产成本明显上升", "negative"),
])
def test_a_scene_then_what_it_means_for_the_subject(text, stance):
    assert _kept(text, "neutral") == stance


def test_a_lead_in_is_no_scene():
    assert _kept("我们认为，公司单位成本已降至行业较低水平", "neutral") == "positive"


@pytest.mark.parametrize("text, stance", [
    ("门店客流增速有所回落，但仍高于商圈平均水平", "positive"),
    ("出货量同比下降8%，降幅小于二三线厂商平均水平", "positive"),
    ("四季度营收同比增长6%，跑输行业约3个百分点", "negative"),
    ("全年收入增速跑赢行业", "positive"),
])
def test_a_comparison_with_peers(text, stance):
    assert _kept(text, "neutral") == stance


@pytest.mark.parametrize("text, stance", [
    ("海外反倾销调查升级，公司北美订单或受影响", "negative"),
    ("短期需求波动，但公司核心业务不受影响", "positive"),
])
def test_the_subjects_quantity_said_to_be_hit(text, stance):
    assert _kept(text, "neutral") == stance


def test_an_industrys_capacity_falling_is_market_supply():
    assert _kept("全行业产能增速持续放缓", "neutral") == "positive"


def test_a_rivals_edge_growing_is_a_loss():
    assert _kept("海外竞品渠道优势增强，公司市占率面临压力", "neutral") == "negative"


def test_utilisation_held_high_is_not_ample_supply():
    assert _kept("在手订单充足，产能利用率保持高位", "neutral") == "positive"


def test_advance_receipts_rising_are_orders():
    assert _kept("下游客户备货积极，合同负债环比增长35%", "neutral") == "positive"


def test_what_the_forecast_has_not_yet_counted_is_neutral():
    assert _kept("我们的盈利预测尚未考虑定增项目投产带来的业绩增厚") == "neutral"
