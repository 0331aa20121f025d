"""Rules that follow how brokers write in general, each checked on invented sentences (not the labelled cases):
a premise before the report's conclusion, a growth rate's move against a level's, scenarios and sensitivities,
track-record lenses, other speakers, the present state."""

from __future__ import annotations

import pytest

from tools.claims.compare import conflict
from tools.claims.extract import claim_from_text, extract_claims


def _claim(text: str, year: int = 2025):
    return claim_from_text(text, 0, year)


def _claims(text: str, year: int = 2025):
    return extract_claims([(1, text)], report_year=year)


@pytest.mark.parametrize("text, head, value, period", [
    ("考虑到下游需求同比增长20%，我们预计公司2026年收入增长12%", "收入", 12.0, "2026E"),
    ("基于海外订单同比增长40%的判断，我们预计公司2026年出口收入增长25%", "收入", 25.0, "2026E"),
    ("鉴于2025年毛利率已升至31%，我们预计2026年毛利率维持在30%左右", "毛利率", 30.0, "2026E"),
])
def test_a_premise_lends_the_claim_no_fields(text, head, value, period):
    claim = _claim(text)
    assert head in claim.metric
    assert claim.value.min == value
    assert claim.period == period


def test_a_slowing_growth_rate_is_no_fall_of_the_level():
    slows = _claim("我们预计2026年公司收入增速放缓至15%")
    grows = _claim("我们预计2026年公司收入增长约25%")
    types = conflict(slows, grows, company_report=True)
    assert "value" in types and "direction" not in types
    both_rates = conflict(slows, _claim("我们预计2026年公司收入增速回升至25%"), company_report=True)
    assert "direction" in both_rates


@pytest.mark.parametrize("text", [
    "在悲观情形下，公司2026年收入或下滑5%。",  # a scenario bracketing the forecast
    "乐观情景下，我们预计2026年公司归母净利润可达30亿元。",
    "敏感性分析显示，猪价上涨1元/公斤，公司年化净利润增加约20亿元。",  # a sensitivity without 每
    "从历史经验看，每轮猪周期上行阶段持续约18个月。",  # a track record, not a forecast
    "行业人士预计明年钢材需求将继续收缩。",  # another speaker
    "产业链专家判断2026年面板价格将维持底部震荡。",
])
def test_not_the_reports_own_forecast(text):
    assert _claims(text) == []


@pytest.mark.parametrize("text", [
    "中性情形下，我们预计2026年公司收入增长12%。",  # the base case is the forecast
    "我们预计公司盈利对煤价的弹性较大，2026年归母净利润有望增长20%。",
    "我们认为行业专家的担忧过度，2026年面板价格有望回升。",
])
def test_still_the_reports_own(text):
    assert _claims(text)


@pytest.mark.parametrize("text, period", [
    ("我们预计2026年动力煤均价约680元/吨，较2025年基本持平", "2026E"),  # 较2025年: the base of the move
    ("我们预计明年公司毛利率相比2025年提升2个百分点", "2026E"),
])
def test_the_year_a_move_is_measured_against_is_no_period(text, period):
    from tools.claims.facets import facets

    assert {f.period for f in facets(_claim(text))} == {period}


def test_the_present_described_is_no_view():
    assert _claims("目前公司单吨净利约800元，处于行业领先水平。") == []
    assert _claims("当前行业库存处于近五年低位，龙头企业开工率维持在七成左右。") == []
    assert _claims("目前行业库存处于低位，我们预计明年价格有望反弹。")  # looks ahead: a view
    assert _claims("当前股价对应2026年15倍PE，估值处于历史低位，具备修复空间。")  # a valuation is judged today


def test_the_year_so_far_is_a_record_not_a_view():
    assert _claims("今年以来碳酸锂价格已下跌约20%。") == []
    lithium = _claims("今年以来碳酸锂价格已下跌约20%，我们预计明年价格将企稳。")[0]
    assert lithium.period == "2026E" and "以来" not in lithium.metric
    falls = _claims("我们预计2026年碳酸锂价格继续下跌10%。")[0]
    assert "direction" in conflict(lithium, falls)  # 2026: a bottom against a further fall; the past -20% is not compared


def test_each_year_of_a_sentence_keeps_its_own_figure():
    both = _claims("我们预计公司2025年收入增长5%左右，2026年增速回升至10%。")[0]
    assert conflict(both, _claims("我们预计2026年公司收入增长约4%。")[0], company_report=True)
    assert not conflict(both, _claims("我们预计2025年公司收入同比增长约5%。")[0], company_report=True)


@pytest.mark.parametrize("theirs, ours, diverge", [
    ("公司指引2026年资本开支约50亿元，同比下降约20%，我们认为公司扩产进入尾声。", "我们预计2026年公司资本开支约70亿元。", False),
    ("根据Wind一致预期，公司2026年归母净利润为28亿元，我们的预测略低于一致预期。", "我们预计2026年公司归母净利润约35亿元。", False),
    ("管理层预计2026年出货量增长30%，我们预计实际增速约20%。", "我们预计2026年公司出货量增长约30%。", True),
])
def test_another_speakers_figure_names_the_subject_but_is_not_compared(theirs, ours, diverge):
    types = [t for a in _claims(theirs) for b in _claims(ours) for t in conflict(a, b, company_report=True)]
    assert bool(types) == diverge


def test_figures_in_another_currency_compare_in_it():
    from tools.claims.values import parse_values

    assert [(v.value.min, v.value.unit) for v in parse_values("铜价将上涨至1万美元/吨，油价约75美元/桶")] == \
        [(10000.0, "美元/吨"), (75.0, "美元/桶")]
    ours = _claims("市场普遍预期2026年铜价将上涨至1万美元/吨，我们认为铜价将维持在9000美元/吨左右。")[0]
    assert "value" in conflict(ours, _claims("我们预计2026年铜价约1万美元/吨。")[0])


def test_the_size_of_a_quantity_is_the_quantity():
    scale = _claims("我们预计2026年公司营收规模突破100亿元，归母净利润约12亿元。")[0]
    assert "value" in conflict(scale, _claims("我们预计2026年公司营业收入约85亿元。")[0], company_report=True)


def test_moves_against_different_bases_both_hold():
    half = _claims("我们预计下半年公司毛利率将环比改善。")[0]
    year = _claims("我们预计2025年公司毛利率同比下降。")[0]
    assert conflict(half, year, company_report=True) == []
    same_base = _claims("我们预计下半年公司毛利率同比下降。")[0]
    assert conflict(_claims("我们预计下半年公司毛利率同比改善。")[0], same_base, company_report=True)


def test_one_cause_named_by_its_move_in_two_wordings_is_one_question():
    small = _claims("我们认为原材料涨价对公司毛利率的影响有限，公司具备较强的成本转嫁能力。")[0]
    large = _claims("我们预计原材料价格上涨将使公司2026年毛利率下降约2个百分点。")[0]
    assert "stance" in conflict(small, large, company_report=True)
    other_cause = _claims("我们认为集采对公司利润影响较大。")[0]
    assert conflict(_claims("我们认为汇率波动对公司利润影响较小。")[0], other_cause, company_report=True) == []


@pytest.mark.parametrize("text, claim", [
    ("根据IEA数据，2030年全球储能累计装机将达到1500GW。", False),  # a source's forecast, introduced as its data
    ("据彭博新能源财经统计，2026年全球储能新增装机有望增长30%。", False),
    ("结合产业链调研数据，我们预计2026年公司出货量将增长30%。", True),  # the report's own, drawn from data
    ("公司10月销量同比增长25%，其中海外销量同比增长60%，延续高增态势。", False),  # a published month
    ("根据农业农村部数据，6月末能繁母猪存栏4,043万头，按10个月左右的传导周期推算，明年一季度生猪供给仍然充足。", True),
])
def test_sources_and_published_months(text, claim):
    assert bool(_claims(text)) == claim


def test_an_effect_judged_without_a_target_meets_the_same_cause_made():
    small = _claims("我们认为新产能投放带来的折旧压力可控。")[0]
    large = _claims("我们预计新产线折旧将拖累公司2026年净利率约1.5个百分点。")[0]
    assert "stance" in conflict(small, large, company_report=True)
    assert conflict(_claims("我们认为关税的冲击有限。")[0], large, company_report=True) == []  # another cause


@pytest.mark.parametrize("text, claim", [
    ("业内普遍预期明年钢价将反弹。", False),  # the industry's expectation
    ("产业链认为2026年面板价格将企稳。", False),
    ("我们认为行业预计将迎来供给出清，2026年价格有望企稳。", True),  # 行业预计将…: the report's own, in passive voice
])
def test_the_industry_as_speaker(text, claim):
    assert bool(_claims(text)) == claim


@pytest.mark.parametrize("text, period", [
    ("我们预计公司26-27年归母净利润为18.6/22.3亿元", "2026E"),  # a short span: its list starts with 2026
    ("2025E-2027E归母净利润为10/12/14亿元", "2025E"),
    ("我们预计公司收入增长25-30%", None),  # a range of figures, not of years
])
def test_a_span_of_years_dates_its_list_from_the_first(text, period):
    from tools.claims.periods import period_of

    assert period_of(text, report_year=2025, slash=True) == period


def test_a_side_named_as_a_lens_is_not_the_quantity():
    from tools.claims.extract import metric_of

    assert metric_of("成本端，我们预计2026年公司单吨能耗下降5%") != "成本"
    lens = _claims("需求端，我们预计2026年下游开工率回升，出口订单占比提高。")[0]
    weak = _claims("我们认为2026年醋酸需求偏弱，价格仍在底部震荡。")[0]
    assert conflict(lens, weak) == []


def test_a_lens_on_what_is_already_published_is_a_record():
    assert _claims("从已公布的2026年集采续约规则看，中选价格普遍较上一轮下降约10%，降幅有所收窄。") == []
    assert _claims("从已披露的订单看，我们预计2026年公司收入有望增长30%。")  # the report's own forecast after the lens
