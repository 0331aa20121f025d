"""What a quantity is measured over (tools/claims/scope.py): the market, the company, or one of its segments.
Sentences are paraphrases written for these tests, not copies of the labelled cases."""

from __future__ import annotations

import pytest

from tools.claims.compare import conflict
from tools.claims.extract import claim_from_text
from tools.claims.scope import scope_of, scopes_differ


def _claim(text: str):
    return claim_from_text(text, page=0, report_year=2025)


@pytest.mark.parametrize("qualifier, market, company, segment", [
    ("行业内", True, False, ""),
    ("全国平均", True, False, ""),  # a statistic names no segment
    ("公司", False, True, ""),
    ("公司储能", False, True, "储能"),
    ("再生类产品", False, False, "再生类"),
    ("当前", False, False, ""),  # a time word names no segment
    ("短期", False, False, ""),
    ("", False, False, ""),
])
def test_scope_of_a_qualifier(qualifier, market, company, segment):
    scope = scope_of(qualifier)
    assert (scope.market, scope.company, scope.segment) == (market, company, segment)


def test_regions_are_scopes_of_their_own():
    assert scopes_differ("海外", "国内")
    assert not scopes_differ("出口", "海外")  # 出口 = 海外
    assert scopes_differ("公司", "海外")  # the company's total is not its overseas line


def test_an_industry_figure_meets_the_companys_own_only_in_an_industry_report():
    mine = _claim("我们预计2025年完全成本有望降至12元/kg")
    industry = _claim("我们预计2025年行业平均完全成本约14元/kg")
    assert conflict(mine, industry, company_report=True) == []
    assert "value" in conflict(mine, industry, company_report=False)  # unmarked is the industry's there


def test_the_company_total_never_meets_one_segment():
    total = _claim("我们预计公司2025年收入同比增长8%")
    segment = _claim("我们预计2025年光模块产品收入同比增长40%")
    assert conflict(total, segment) == []
    other = _claim("我们预计2025年光模块产品收入同比增长15%")
    assert "value" in conflict(segment, other)  # the same segment still compares


def test_a_segment_margin_does_not_answer_the_company_margin():
    segment = _claim("AI服务器毛利率持续承压，议价空间有限")
    company = _claim("我们预计公司2026年毛利率有望回升至7%")
    assert conflict(segment, company, company_report=True) == []


def test_a_time_word_keeps_the_companys_own_quantity():
    now = _claim("我们预计公司2025年毛利率约22%")
    later = _claim("我们预计2025年当前毛利率将回升至26%")
    assert "value" in conflict(now, later, company_report=True)


def test_a_quantity_named_only_in_what_the_report_concedes_is_not_its_subject():
    conceded = _claim("供需并未明显恶化：虽然新增产能仍多，但老旧装置退出持续消化供给。")
    stated = _claim("我们预计2025年新增产能约300万吨，供给压力仍然较大。")
    assert conflict(conceded, stated) == []
    rebutted = _claim("市场普遍把运费视为利润的最大变量，但我们认为航线恢复后有效供给将重新释放。")
    assert facets_of(rebutted) == ()


def test_a_quantity_in_the_reports_own_clause_stays_its_subject():
    own = _claim("虽然原料价格有所反弹，但公司毛利率有望保持在30%以上。")
    assert facets_of(own)
    other = _claim("我们预计公司毛利率将回落至25%左右。")
    assert "value" in conflict(own, other)


def facets_of(claim):
    from tools.claims.facets import facets

    return facets(claim)


def test_a_premise_is_not_compared_again_in_the_conclusion_leaning_on_it():
    view = _claim("吨盈利改善：产品结构升级，我们预计全年吨净利提升至300元以上。")
    revision = _claim("考虑到吨盈利下滑，我们下调盈利预测，预计2025年归母净利润同比下降10%至50亿元。")
    assert conflict(view, revision) == []
    stated = _claim("吨盈利承压：我们预计全年吨净利回落至220元左右。")
    assert "value" in conflict(view, stated)  # where the report states it, it is compared


def test_an_increment_is_not_the_level_it_adds_to():
    level = _claim("我们预计2025年公司销量将稳步增长，有望达到120万辆。")
    increment = _claim("我们预计2025年销量增量将逐步减少。")
    assert conflict(level, increment) == []  # growth slowing is not volume falling
    faster = _claim("我们预计2025年销量增量将明显扩大。")
    assert "direction" in conflict(increment, faster)


def test_an_unqualified_total_in_a_company_report_is_the_whole_company():
    total = _claim("我们预计2025年收入同比增长8%")
    segment = _claim("我们预计2025年游戏业务收入同比增长30%")
    assert conflict(total, segment, company_report=True) == []
    assert "value" in conflict(total, segment, company_report=False)  # an industry report: left to the words
    ratio = _claim("我们预计2025年费用率将下降至18%")
    component = _claim("我们预计2025年销售费用率将提升至25%")
    assert conflict(ratio, component, company_report=True) == []


def test_an_unqualified_price_speaks_of_the_good_the_sentence_is_about():
    bare = _claim("我们预计2025年均价同比上涨5%")
    named = _claim("我们预计2025年高端型号价格同比下降3%")
    assert "direction" in conflict(bare, named, company_report=True)


@pytest.mark.parametrize("qualifier, segment", [
    ("一是储能电芯", "储能电芯"),  # a list marker names nothing
    ("主要受开发", "开发"),  # a cause word names nothing
    ("平均销售", "销售"),
])
def test_words_in_front_of_a_segment_that_name_none(qualifier, segment):
    assert scope_of(qualifier).segment == segment


def test_other_firms_quantities_are_theirs_in_a_company_report():
    rivals = _claim("我们预计2025年二线厂商价格将继续下降5%以上")
    mine = _claim("我们预计2025年价格同比提升3%")
    assert conflict(rivals, mine, company_report=True) == []
    assert scope_of("竞争对手").others and not scope_of("竞争对手").segment


def test_an_index_is_a_quantity_its_figures_compare():
    a = _claim("我们预计2025年CCFI综合指数全年均值约1,200点，同比下降约20%")
    b = _claim("全年CCFI综合指数均值约1,000点，较2024年下降超过30%")
    assert a.metric == b.metric == "CCFI综合指数"
    assert "value" in conflict(a, b)


def test_a_stance_lent_by_the_rating_does_not_argue_against_a_view():
    headline = claim_from_text("我们预计公司2025-2027年归母净利润分别为52.0/60.5/70.1亿元", 0, 2025, "positive")
    assert headline.stance == "positive"  # the rating's case, lent to the bare figures
    worried = _claim("费用高企拖累利润，我们预计2025年三季度归母净利润同比下滑")
    assert worried.stance == "negative"
    assert conflict(headline, worried, company_report=True) == []
    lower = claim_from_text("我们预计公司2025-2027年归母净利润分别为44.0/50.2/57.9亿元", 0, 2025, "positive")
    assert "value" in conflict(headline, lower)  # its figures still compare


@pytest.mark.parametrize("industry", [
    "行业层面，需求仍然疲软，我们预计2025年价格同比下降5%",
    "从行业看，我们预计2025年价格同比下降5%",
    "行业需求仍然疲软，我们预计2025年价格同比下降5%",  # the clause before names the scope
])
def test_a_sentence_framed_as_the_industrys_speaks_of_the_industry(industry):
    mine = _claim("我们预计2025年价格同比提升3%")
    assert conflict(_claim(industry), mine, company_report=True) == []
    assert "direction" in conflict(_claim(industry), mine, company_report=False)


@pytest.mark.parametrize("text, metric", [
    ("新架构显著降低算力成本", "算力成本"),  # the verb takes the quantity as its object
    ("虽然新增产能仍多，供需并未恶化", "新增产能"),
    ("部分产品线年初上调代工价格", "代工价格"),
])
def test_a_qualifier_holds_no_verb_or_connective(text, metric):
    from tools.claims.extract import metric_of

    assert metric_of(text) == metric


def test_a_sentence_pointing_back_stays_in_the_thread_before_it():
    from tools.claims.extract import extract_claims

    page = "我们预计2025年公司海外收入同比增长30%。这将带动公司毛利率提升约2个百分点。\n另起一段：我们预计2025年毛利率约25%。"
    claims = extract_claims([(0, page)], report_year=2025)
    topics = {c.text[:4]: c.topic for c in claims}
    assert topics["这将带动"] == topics["我们预计"]  # "这" points back to the sentence before it
    assert topics["另起一段"] == "盈利能力"  # a paragraph of its own keeps its own topic


# Session 8: the qualifier chain (paraphrases of the wave-2 dev cases' phenomena).
def test_a_period_inside_the_chain_does_not_cut_it():
    from tools.claims.extract import metric_of

    assert metric_of("副品牌全年销量同比下降约2%") == "副品牌出货量"
    assert metric_of("我们预计二季度公司高端系列产品收入增长约8%") == "公司高端系列产品收入"
    assert "年度" in metric_of("我们预计明年省内年度长协电价同比下降约3%")  # 年度 qualifies, it is no date


def test_a_further_qualifier_nearer_the_quantity_is_a_part_of_the_segment():
    assert scopes_differ("主品牌高端", "主品牌")  # the brand's upper line is not the brand
    assert not scopes_differ("海南免税", "免税")  # a word put in front often restates the place
    brand = _claim("主品牌全年销量同比下降约2%。")
    upper = _claim("我们预计主品牌高端系列销量同比增长约4%。")
    assert conflict(brand, upper, company_report=True) == []


def test_a_company_total_is_not_one_channel_or_line():
    channel = _claim("个险渠道NBV仍为正增长。")
    total = _claim("我们预计全年NBV同比下降约5%。")
    assert conflict(channel, total, company_report=True) == []
    motor = _claim("车险综合成本率有望维持在96%左右。")
    pc = _claim("财险综合成本率或升至99%左右。")
    assert conflict(motor, pc, company_report=True) == []  # one line of the P&C book against the whole
    assert "direction" in conflict(_claim("财险综合成本率有望降至97%左右。"), pc, company_report=True)


def test_a_participating_policy_is_not_a_dividend():
    from tools.claims.extract import metric_of

    assert metric_of("分红险在新单中的占比已超过四成").endswith("占比")
    assert metric_of("我们预计每股分红稳步提升").endswith("分红")
