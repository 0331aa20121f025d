"""Concessions and held levels in broker wording (tools/claims/stance.py, values.py): “即使A，B”, “虽然A，但…逻辑并未
改变”, “基本持平于约X亿元”, “企稳于约50%”. Made-up companies and figures, phrased as sell-side notes phrase them."""

from __future__ import annotations

import pytest

from tools.claims.compare import conflict
from tools.claims.extract import claim_from_text
from tools.claims.stance import stance_of
from tools.claims.values import main_value


def _claim(text: str, year: int = 2025):
    return claim_from_text(text, 0, year)


@pytest.mark.parametrize("text, stance", [
    ("虽然短期消费疲弱压制门店客流，但行业长期需求逻辑并未改变", "positive"),
    ("尽管短期降价压制盈利，但公司成本领先的优势不变", "positive"),
    ("虽然短期订单景气，但行业产能过剩的格局并未改变", "negative"),  # what holds is bad news: the own clause decides
    ("即使权益市场波动加大，公司自营收益也不会出现大幅回落", "positive"),
    ("即便补贴退坡，终端需求仍将承压", "negative"),
])
def test_what_a_concession_leaves_standing_is_the_view(text, stance):
    assert stance_of(text) == stance


@pytest.mark.parametrize("text, figure", [
    ("预计2026年公司营业收入基本持平于约61.2亿元，2027年收入有望恢复至两位数增长", "约61.2亿元"),
    ("叠加规模效应，2026年毛利率有望企稳于约38%，2027年回升至40%", "约38%"),
])
def test_a_level_held_at_a_figure_binds_that_figure(text, figure):
    assert main_value(text).value.text == figure


def test_a_held_level_against_a_growth_is_a_direction_divergence():
    flat = _claim("行业采购节奏仍需观察，预计2026年公司营业收入基本持平于约61.2亿元，2027年收入有望恢复至两位数增长")
    growth = _claim("我们预计公司2026年营业收入同比增长约15%，进入恢复性增长通道")
    assert flat.period == "2026E"
    assert "direction" in conflict(flat, growth, company_report=True)


def test_a_decline_against_holding_steady_despite_volatility_diverges():
    down = _claim("高基数下，我们预计2026年公司自营投资收益同比下降约10%")
    steady = _claim("我们认为即使权益市场波动加大，公司自营收益也不会出现大幅回落，预计2026年自营投资收益基本稳定")
    assert steady.stance == "positive"
    assert {"direction", "stance"} <= set(conflict(down, steady, company_report=True))


def test_when_a_recovery_comes_is_a_timing_claim():
    early = _claim("三季度末公司合同负债环比增长超过30%，我们认为行业需求拐点已在2025年三季度出现")
    late = _claim("装备采购规划落地仍需时间，我们判断行业需求的实质性恢复要到2027年")
    assert "value" in conflict(early, late, company_report=True)
    same = _claim("我们判断行业需求的实质性恢复最早在2025年")
    assert "value" not in conflict(early, same, company_report=True)


def test_a_dilution_judged_controllable_is_a_limited_downside_set_against_a_cut():
    cut = _claim("我们测算新并表门店将使2026年公司净利率下降约1.2个百分点")
    controllable = _claim("与部分投资者的担忧不同，我们认为门店并表对公司净利率的摊薄可控")
    assert controllable.stance == "positive"
    assert "stance" in conflict(cut, controllable, company_report=True)  # both fall: the judgement is the view


@pytest.mark.parametrize("text, stance", [
    ("我们认为二季度销量下滑并非终端需求恶化，而是经销商主动调整备货节奏所致", "positive"),
    ("毛利率回落并不是竞争加剧，而是原材料采购的季节性安排", "positive"),
    ("收入增长并非份额提升，而是一次性订单集中确认", "negative"),
])
def test_a_reading_denied_for_a_neutral_cause_is_the_view(text, stance):
    # "X并非A，而是B" with B a bare cause: the report denies the reading A, so the view is A's opposite
    assert stance_of(text) == stance
