"""Positive/negative swaps in general broker wording (issue 13, invented13): a worry that eases, a loss that
narrows or grows, a cost pushed down or spread over more output, a view or a
predicate denied, a lower-is-better level set against peers, 转负/下探 as falls. Made-up companies and figures,
phrased as sell-side notes phrase them; none is a labelled case's sentence nor a row of
evals/stance/invented13.jsonl. Each reads against the report's rating, so the rating cannot lend the answer."""

from __future__ import annotations

import pytest

from tools.claims.extract import claim_from_text
from tools.claims.stance_kept import with_outlook


def _kept(text: str, outlook: str) -> str:
    """The stance of `text` read as one kept claim in a report whose rating argues `outlook`."""
    return with_outlook(claim_from_text(text, 0, 2025, outlook), outlook).stance


@pytest.mark.parametrize("text", [
    "投资者对公司海外渠道调整的担忧已明显缓解",  # a worry that eases
    "公司财务费用中的汇兑损失较去年同期明显收窄",  # a loss that narrows
    "上游铜价回落压低了公司的原料采购成本",  # a verb that pushes a cost down
    "随着产量爬坡，公司吨产品折旧成本得到有效摊薄",  # a cost spread over more output
    "公司吨铝完全成本显著低于行业平均水平",  # a lower-is-better level below peers
    "公司平均负债成本为2.1%，较同业低约20bp",  # the level elided after the clause that states it
])
def test_good_news_in_lower_is_better_or_relief_wording_is_positive_under_a_hold(text):
    assert _kept(text, "neutral") == "positive"


@pytest.mark.parametrize("text", [
    "公司新品牌收入快速增长，但亏损仍在扩大",  # a loss that grows (亏损 and 扩大 cancel as cues)
    "我们并不认为公司订单的高增长可以延续",  # a view denied
    "公司零售业务的复苏势头难言强劲",  # a predicate denied: 复苏 names its subject
    "公司四季度单季经营利润转负",  # 转负, the fall of 转正
    "公司单位销售费用较主要竞争对手高约15%",  # a lower-is-better level above peers
])
def test_bad_news_in_relief_or_denial_wording_is_negative_under_a_buy(text):
    assert _kept(text, "positive") == "negative"


@pytest.mark.parametrize("text", [
    "公司研发费用率约15%，高于行业平均",  # R&D spend above peers is investment, not waste
    "公司单位固定成本摊薄效应减弱",  # the effect of spreading weakens: bad news
    "光伏玻璃行业亏损面扩大后减产将加速，价格底部已现",  # 亏损面 is the industry's, a premise of the rebound
])
def test_guards_keep_their_reading(text):
    assert _kept(text, "neutral") == {"公司研发费用率约15%，高于行业平均": "positive",
                                       "公司单位固定成本摊薄效应减弱": "negative"}.get(text, "positive")


@pytest.mark.parametrize("text, stance", [
    ("公司本季度净亏损同比下降40%", "positive"),  # a loss that falls
    ("公司上半年实现减亏", "positive"),  # 减亏 / 增亏
    ("公司上半年增亏明显", "negative"),
    ("公司财务费用同比压降12%", "positive"),  # 压降 of a cost
    ("公司新签订单缩量明显", "negative"),  # 缩量, the antonym of 放量
    ("公司主营产品报价持续走软", "negative"),  # 走软, the antonym of 走强
    ("公司营收增速趋缓", "negative"),
    ("公司广告费用率抬升0.8个百分点", "negative"),  # 抬升 after a lower-is-better quantity
    ("公司不良率未见明显抬升，资产质量保持稳健", "positive"),  # denied (a guard: passes on main too)
    ("公司管理费用同比增长25%，明显快于收入增长", "negative"),  # a cost outgrowing revenue
    ("公司营业成本增速低于营收增速", "positive"),  # a guard: passes on main too
])
def test_broker_vocabulary_of_moves_and_costs_reads_against_the_rating(text, stance):
    assert _kept(text, "negative" if stance == "positive" else "positive") == stance


@pytest.mark.parametrize("text, stance", [
    ("投资者担忧的渠道压货问题并未出现，公司终端动销保持平稳", "positive"),  # the market's feared X, as a noun, denied
    ("公司费用管控能力优于同行", "positive"),  # a capability, not a cost, set against peers (a guard)
    ("公司成本控制能力强于同行", "positive"),  # 强于 is no worth word: the capability's head decides
    ("公司渠道库存去化接近尾声", "positive"),  # destocking near its end
    ("公司对单一客户的依赖度过高", "negative"),  # 过高: too high
])
def test_nouns_heads_and_ends_read_against_the_rating(text, stance):
    assert _kept(text, "negative" if stance == "positive" else "positive") == stance


@pytest.mark.parametrize("text, stance", [
    ("公司下调全年收入指引至同比增长5%-8%", "negative"),  # guidance cut is news, not a figure restated
    ("管理层上调全年交付指引至30万辆", "positive"),
    ("公司关注类贷款占比较年初抬升8BP", "negative"),  # 抬升 some words after a lower-is-better quantity
])
def test_guidance_revised_and_costs_lifted_take_a_side(text, stance):
    assert _kept(text, "neutral") == stance
