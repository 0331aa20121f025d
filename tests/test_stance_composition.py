"""Stance read by composition (tools/claims/polarity.py, judgements.py, stance.py): the sense of what moves times
the direction it moves, reversed by a negator that governs it, weighed by the clause that carries the report's
view. Made-up companies and figures, phrased as sell-side notes phrase them; none is a labelled case's sentence."""

from __future__ import annotations

import pytest

from tools.claims.extract import claim_from_text
from tools.claims.stance import stance_of
from tools.claims.stance_kept import with_outlook


def _kept(text: str) -> str:
    """The stance of `text` read as one kept claim of a 买入 report, as the pipeline reads it."""
    return with_outlook(claim_from_text(text, 0), "positive").stance


@pytest.mark.parametrize("text", [
    "公司凭借成本优势实现份额稳步提升",
    "公司负债端质量持续提升",
])
def test_a_noun_phrase_moves_by_its_head_not_by_the_expense_that_qualifies_it(text):
    assert stance_of(text) == "positive"


@pytest.mark.parametrize("text, stance", [
    ("公司国内份额并未因外资品牌降价而下滑", "positive"),
    ("我们认为新门店难以延续过去两年的高增长", "negative"),
    ("终端消费尚未看到明显复苏", "negative"),
    ("海外产能的释放未必能在今年兑现", "negative"),
    ("毛利率下降未必意味着盈利能力下降", "positive"),
    ("短期内面板价格难言见底", "negative"),
])
def test_a_negator_governs_the_predicate_it_opens(text, stance):
    assert stance_of(text) == stance


def test_a_negated_harm_leaves_what_it_would_harm_standing():  # a guard on the scope above: holds on main too
    assert stance_of("管理层调整不会影响公司海外业务的增长") == "positive"


@pytest.mark.parametrize("text, stance", [
    ("多元化的客户结构使公司业绩波动相对较小", "positive"),
    ("原材料价格的波动风险有所下降", "positive"),
    ("前期计提充分，存货减值风险已基本释放完毕", "positive"),
    ("产品结构调整后利润的不确定性明显下降", "positive"),
])
def test_a_downside_noun_reads_by_its_size_and_direction(text, stance):
    assert stance_of(text) == stance


@pytest.mark.parametrize("text, stance", [
    ("天然气价格回落明显降低了公司的单位能耗成本", "positive"),
    ("渠道扩张将推升公司的销售费用率", "negative"),
    ("锌价上涨将挤压镀锌板业务的利润", "negative"),
    ("三季度主要原材料价格明显回落", "positive"),  # an input's price is the buyer's cost
    ("车险赔付率同比下降2个百分点", "positive"),  # a loss ratio: lower is better
    ("饲料价格已企稳回升", "negative"),
])
def test_a_cost_reads_by_what_moves_it(text, stance):
    assert stance_of(text) == stance


@pytest.mark.parametrize("text, stance", [
    ("我们认为市场对公司渠道库存的担忧过度", "positive"),
    ("我们对行业需求的回升持谨慎态度", "negative"),
    ("经销商库存并非处于高位，终端动销平稳", "positive"),
    ("行业有效供给持续收缩", "positive"),
    ("现有产能已难以满足海外客户的需求", "positive"),  # demand beyond supply, though 难以 negates
    ("新进入者的产能快速增长", "negative"),
    ("线上渠道的快速扩张对公司线下门店形成冲击", "negative"),  # the harm on a target, not the driver's rise
    ("关税上调不会对公司出口形成明显冲击", "positive"),
    ("主要竞争对手的市占率持续下滑", "positive"),
])
def test_judgements_compose_with_their_subject_and_denial(text, stance):
    assert stance_of(text) == stance


@pytest.mark.parametrize("text, stance", [
    ("三季度门店客流降幅小于市场此前预期", "positive"),
    ("我们预计全年收入增速约12%，低于公司指引", "negative"),
    ("我们预计全年门店数量增长8%，低于管理层指引", "negative"),  # a growth set against guidance
    ("四季度同店销售转正的概率较低", "negative"),  # a move with no cue of its own, said unlikely
    ("我们预计明年出货量约80万台，低于部分机构的乐观预期", "negative"),
    ("海外订单增长不及预期的风险较小", "positive"),
    ("医保控费对公司门诊收入的影响小于预期", "positive"),
])
def test_a_result_set_against_a_benchmark_is_a_verdict(text, stance):
    assert stance_of(text) == stance


@pytest.mark.parametrize("text, stance", [
    ("预计下半年纯碱价格仍将维持低位", "negative"),
    ("公司当前估值处于历史低位", "positive"),
    ("上游芯片采购成本高企", "negative"),
])
def test_a_level_reads_by_its_height_times_the_sense_of_what_stands_there(text, stance):
    assert stance_of(text) == stance


@pytest.mark.parametrize("text", [
    "公司中报业绩基本符合市场预期",
    "我们预计全年销售费用与上年相当",
    "预计四季度铝价以区间震荡为主",
])
def test_a_result_in_line_with_a_benchmark_is_neutral_even_in_a_buy_report(text):
    assert _kept(text) == "neutral"


def test_good_news_dated_later_is_bad_news_now():
    assert stance_of("我们判断下游需求的实质性回暖要到2027年") == "negative"


def test_a_level_held_against_a_conceded_threat_is_resilience():
    assert stance_of("虽然行业价格竞争可能加剧，但公司订单规模基本稳定") == "positive"

