"""Sentences that state no view of the broker's own take no side from its rating (tools/claims/stance_context.py),
and judgements of general broker wording (tools/claims/judgements.py): a target hard to reach, an upside lacking its
driver, a place behind peers, a cost passed on or not, more supply for a seller, a constraint, a rebuttal opened
by 我们对此. Made-up companies and figures, phrased as sell-side notes phrase them; none is a labelled case's
sentence nor a row of evals/stance/invented11.jsonl."""

from __future__ import annotations

import pytest

from tools.claims.extract import claim_from_text
from tools.claims.stance_kept import with_outlook


def _kept(text: str, outlook: str = "positive") -> str:
    """The stance of `text` read as one kept claim in a report whose rating argues `outlook`."""
    return with_outlook(claim_from_text(text, 0, 2025, outlook), outlook).stance


@pytest.mark.parametrize("text", [
    "公司轮胎业务收入约占营业收入的八成，其中海外市场约占45%",  # what the whole is made of
    "公司原料采购以长协定价为主，现货采购比例较低",
    "我们假设2026年铜价均价为9,500美元/吨",  # the model's assumption
    "盈利预测基于人民币兑美元汇率7.1的中性假设",
    "新药上市时点取决于临床三期数据读出，目前尚难判断",  # an open question
    "出口订单恢复的持续性存在较大不确定性",
    "公司计划于年内召开股东大会审议分拆上市议案",  # an event reported
])
def test_a_sentence_that_argues_nothing_takes_no_side_from_a_buy_rating(text):
    assert _kept(text, "positive") == "neutral"
    assert _kept(text, "negative") == "neutral"


@pytest.mark.parametrize("text", [
    "丙烯价格每上涨100元/吨，公司年度利润总额约减少1.5亿元",  # a sensitivity line is conditional
    "人民币兑欧元每升值1%，公司出口收入约减少2亿元",
    "一季度指引：管理层指引一季度营业收入环比增长3%-5%",  # the company's figure restated
    "公司指引全年出货量同比增长10%左右",
])
def test_a_sensitivity_line_or_guidance_restated_is_neutral(text):
    assert _kept(text) == "neutral"


@pytest.mark.parametrize("text, stance", [
    ("管理层指引全年出货量增长10%，我们预计实际增速约15%", "positive"),  # the broker's own view again
    ("三季度营收增速低于公司全年指引", "negative"),  # guidance as the benchmark of a verdict
    ("我们预计2026年海外收入占比提升至约40%", "positive"),  # a forecast share moves
])
def test_guidance_or_a_share_in_the_broker_s_own_voice_still_speaks(text, stance):
    assert _kept(text) == stance


@pytest.mark.parametrize("text", [
    "我们预计明年一季度乙二醇价格在4,300-4,600元/吨区间窄幅波动",
    "新增装置投产与下游需求增长大致匹配，全年供需总体平衡",
    "虽然渠道补库带来拉动，但终端需求偏弱，我们预计明年公司吨酒均价与今年相当",
])
def test_a_range_bound_or_balanced_level_is_neutral(text):
    assert _kept(text, "neutral") == "neutral"


@pytest.mark.parametrize("text, stance", [
    ("全年交付目标完成难度较大", "negative"),
    ("前三季度营收增速低于公司年初指引", "negative"),  # the company's early-year guidance as the benchmark
    ("钢材价格短期缺乏上涨动力", "negative"),
    ("公司门店客流恢复明显落后于行业平均水平", "negative"),
    ("公司单店收入提升幅度弱于主要竞争对手", "negative"),
    ("出口管制政策对公司海外订单获取形成制约", "negative"),
    ("原材料涨价带来的成本压力可通过提价顺利传导", "positive"),
    ("纯碱涨价难以完全转嫁给下游客户", "negative"),
    ("包材成本上涨不能转嫁给品牌客户", "negative"),
    ("海外新建矿山陆续投产，明年钾肥供给仍将增加", "negative"),
    ("部分投资者期待纸价在四季度大幅反弹，我们对此持谨慎态度", "negative"),
])
def test_general_broker_judgements(text, stance):
    assert _kept(text, "neutral") == stance
