"""Stance by general broker grammar (tools/claims/polarity.py, judgements.py, stance.py): a verdict against what
the market expected or feared, a fall that eases or deepens, a harm verb with the subject's result as its object,
a recovery short of its mark, a target not met. Made-up companies and figures, phrased as sell-side notes phrase
them; none is a labelled case's sentence nor a row of evals/stance/invented6.jsonl."""

from __future__ import annotations

import pytest

from tools.claims.extract import claim_from_text
from tools.claims.stance_kept import with_outlook


def _kept(text: str, outlook: str = "positive") -> str:
    """The stance of `text` read as one kept claim, as the pipeline reads it."""
    return with_outlook(claim_from_text(text, 0, 2025, outlook), outlook).stance


@pytest.mark.parametrize("text, stance", [
    ("三季度吨钢毛利环比下降约40元，降幅小于此前市场预期", "positive"),  # 此前 before whose expectation
    ("公司四季度客座率环比回落3个百分点，回落幅度大于此前市场预期", "negative"),
    ("关税上调对公司北美业务的影响小于市场担忧", "positive"),  # what was feared is the benchmark
    ("海外工厂投产对国内毛利率的拖累大于市场担心", "negative"),
])
def test_a_verdict_against_what_the_market_expected_or_feared(text, stance):
    assert _kept(text, "neutral") == stance


@pytest.mark.parametrize("text, stance", [
    ("前三季度门店销售额同比下降幅度较上半年明显收窄", "positive"),
    ("三季度单季出口量同比降幅扩大至15%", "negative"),
    ("11月新签合同额同比下滑幅度进一步加大", "negative"),
])
def test_a_fall_that_eases_or_deepens(text, stance):
    assert _kept(text) == stance


@pytest.mark.parametrize("text", [
    "辅料价格下跌拖累公司整体毛利率",  # what moved is not the subject's news: the harm to its margin is
    "去年同期的一次性收益抬高基数，拉低全年利润增速",
    "产品结构变化压低了公司当期毛利",
])
def test_a_harm_verb_with_the_subjects_result_as_object_is_negative(text):
    assert _kept(text) == "negative"


def test_a_harm_judged_limited_stays_positive():  # a guard: holds before the change too
    assert _kept("原料价格上涨对公司毛利率的拖累有限") == "positive"


@pytest.mark.parametrize("text", [
    "公司出境游业务量恢复至2019年同期的80%，尚未回到疫情前水平",
    "新产线良率爬坡未能如期完成，年内交付计划恐难实现",
    "受海外需求拖累，公司全年降本目标难以达成",
])
def test_a_recovery_short_of_its_mark_or_a_target_not_met_is_negative(text):
    assert _kept(text) == "negative"


@pytest.mark.parametrize("text, stance", [
    ("公司短期有息负债持续攀升", "negative"),  # 攀升 is a rise: of a liability, bad news
    ("今年以来公司产品出口订单持续攀升", "positive"),
    ("四季度公司出口均价环比下挫约6%", "negative"),
    ("受人民币贬值影响，公司汇兑损失同比扩大", "negative"),  # a loss is an expense
    ("公司个险渠道退保率较年初明显上升", "negative"),  # a lapse rate: lower is better
])
def test_moves_and_lower_is_better_quantities_brokers_name_often(text, stance):
    assert _kept(text) == stance


@pytest.mark.parametrize("text", [
    "我们暂不考虑定增募投项目对公司利润的贡献",  # a note on the model's scope argues nothing
    "全年出货量与管理层年初指引基本一致",  # a result in line with guidance is a level
])
def test_a_note_on_the_models_scope_or_a_result_in_line_with_guidance_is_neutral(text):
    assert _kept(text) == "neutral"


def test_a_fuel_unit_price_reads_for_the_power_producer_that_buys_it():
    from tools.claims.subject_costs import for_industry

    with for_industry("公用事业"):
        assert _kept("三季度公司入炉标煤单价同比下降约8%", "neutral") == "positive"


@pytest.mark.parametrize("text", [
    "四季度出货量环比下降并非下游需求走弱所致，主要是公司主动去化渠道库存",  # the bad cause denied
    "毛利率下滑并不是由于竞争加剧导致，而是一次性的产品结构变化",
])
def test_a_move_explained_away_by_a_denied_cause_is_positive(text):
    assert _kept(text, "neutral") == "positive"


@pytest.mark.parametrize("text, stance", [
    ("若海外关税进一步提高，公司出口业务或将明显承压", "negative"),  # the scenario's downside: a flagged risk
    ("如果铝价持续走高，公司全年毛利率可能下滑", "negative"),
])
def test_a_scenario_reads_as_what_follows_from_it(text, stance):
    assert _kept(text, "neutral") == stance


@pytest.mark.parametrize("text, stance", [
    ("公司三季度净息差环比收窄5bp至1.61%", "negative"),  # a spread earned is a margin
    ("受原料价格下行带动，公司产品价差明显走阔", "positive"),
    ("上半年公司存贷利差同比缩小约12bp", "negative"),
])
def test_a_spread_earned_narrows_or_widens_like_a_margin(text, stance):
    assert _kept(text) == stance


@pytest.mark.parametrize("text, stance", [
    ("受钢材涨价影响，公司制造成本端明显承压", "negative"),  # pressure is bad news whatever is pressed
    ("公司新一代产品的市场反馈并不理想", "negative"),
    ("新品首发销售表现理想", "positive"),
])
def test_words_that_judge_worth_are_not_turned_by_an_expense(text, stance):
    assert _kept(text, "neutral") == stance


def test_a_note_that_an_event_leaves_the_forecast_unchanged_is_neutral():
    assert _kept("此次股权激励费用摊销不影响我们的盈利预测") == "neutral"


@pytest.mark.parametrize("text, stance", [
    ("营业收入同比增长9%，不过销售费用率上升至12%，经营利润率收缩", "negative"),  # moves, no cue
    ("行业销量同比下滑，但公司原材料采购成本同比降低10%", "positive"),
])
def test_the_own_clauses_moves_speak_before_the_conceded_clause(text, stance):
    assert _kept(text, "neutral") == stance


@pytest.mark.parametrize("text", [
    "我们认为明年上半年PVC价格仍将在5000元/吨附近筑底",  # still forming a bottom: a level, not a recovery
    "我们判断短期内碳酸锂现货价格仍在磨底",
])
def test_a_bottom_still_being_formed_is_a_level(text):
    assert _kept(text) == "neutral"


def test_a_bottom_reached_is_still_good_news():  # a guard: holds before the change too
    assert _kept("公司单季毛利率已触底回升", "neutral") == "positive"


@pytest.mark.parametrize("text, stance", [
    ("我们认为行业集中投产将抵消海外需求带来的增量", "negative"),  # an upside offset is lost
    ("新产品导入将对冲原材料涨价带来的压力", "positive"),  # a guard: a downside offset stays good news
    ("公司应收账款周转天数同比拉长15天", "negative"),  # a collection period: lower is better
    ("公司回款周期较上年明显缩短", "positive"),
    ("渠道库存去化进度慢于预期", "negative"),  # a cost's reduction set against expectations
])
def test_offsets_collection_periods_and_a_costs_reduction_against_expectations(text, stance):
    assert _kept(text, "neutral") == stance


def test_imports_held_high_are_ample_supply_for_the_seller_and_cheap_input_for_the_buyer():
    from tools.claims.subject_costs import for_industry

    with for_industry("煤炭"):
        assert _kept("进口煤维持高位，叠加水电出力增长", "neutral") == "negative"  # more coal on the market
    with for_industry("钢铁"):
        assert _kept("进口铁矿石到港量维持高位，叠加国内矿山复产增长", "neutral") == "positive"  # ore a steel maker buys


@pytest.mark.parametrize("text", [
    "我们预计公司2025-2027年归母净利润分别为-3.2/-0.8/1.1亿元",  # a loss forecast, whatever the trend
    "预计2025年公司EPS为-0.45元",
])
def test_a_profit_forecast_below_zero_is_a_loss(text):
    assert _kept(text) == "negative"


def test_a_profit_forecast_above_zero_keeps_the_reports_outlook():  # a guard: holds before the change too
    assert _kept("我们预计公司2025-2027年归母净利润分别为3.2/4.0/4.9亿元") == "positive"


@pytest.mark.parametrize("text, stance", [
    ("下游需求疲弱", "negative"),  # common broker words the lexicon lacked: read neutral, they took the outlook
    ("四季度销量骤降", "negative"),
    ("净利润同比腰斩", "negative"),
    ("市场份额持续流失", "negative"),
    ("当前估值偏高", "negative"),
    ("三季度公司业绩靓丽", "positive"),
    ("海外订单激增", "positive"),
    ("原材料价格暴跌", "positive"),  # a sharp fall of an input is good news for the buyer
])
def test_common_broker_words_take_a_side(text, stance):
    assert _kept(text, "neutral") == stance


@pytest.mark.parametrize("text, stance", [
    ("公司存货较年初下降18%", "positive"),  # lower-is-better quantities brokers name often
    ("公司杠杆率同比上升3个百分点", "negative"),
    ("写字楼空置率同比下降2个百分点", "positive"),
    ("公司单位能耗同比上升5%", "negative"),
    ("公司存货周转率同比提升", "positive"),  # a turnover is the head: higher is better
])
def test_more_lower_is_better_quantities(text, stance):
    assert _kept(text, "neutral") == stance


def test_a_record_high_or_low_is_a_move_signed_for_the_subject():
    from tools.claims.subject_costs import for_industry

    assert _kept("公司单月出货量创历史新高", "neutral") == "positive"
    assert _kept("产品出厂价跌至近十年新低", "neutral") == "negative"
    with for_industry("家用电器"):
        assert _kept("铝价创近两年新高", "neutral") == "negative"  # an input at a record: the buyer's cost
