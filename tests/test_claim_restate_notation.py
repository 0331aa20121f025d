"""A figure written two ways is one figure, and two periods are two claims (tools/claims/restate.py). Sentences
invented for this test (cement, tyres, cold chain: no labelled case); reports dated 2025."""

from __future__ import annotations

import pytest

from tools.claims.extract import claim_from_text
from tools.claims.restate import figures, restatement, years


def _on(page: int, text: str):
    return claim_from_text(text, page=page, report_year=2025)


def test_a_trailing_zero_is_the_same_figure():
    assert figures("水泥销量同比增长8.0%") == figures("水泥销量同比增长8%")
    cover = _on(0, "我们预计2026年公司水泥销量同比增长8%，量价有望企稳。")
    body = _on(3, "预计2026年公司水泥销量同比增长8.0%，主要受益于区域需求回暖。")
    assert restatement(cover, body) == "same"


def test_an_amount_in_yi_and_in_millions_is_the_same_figure():
    assert figures("轮胎收入达到86亿元") == figures("轮胎收入达到8,600百万元") == figures("轮胎收入达到860,000万元")
    assert figures("市场规模达到1.5万亿元") == figures("市场规模达到15,000亿元")
    cover = _on(0, "我们预计2026年公司轮胎业务收入有望达到86亿元。")
    body = _on(4, "我们预计公司2026年轮胎业务收入约为8,600百万元。")
    assert restatement(cover, body) == "same"


def test_a_two_digit_year_is_a_year_not_a_figure():
    assert years("预计26年冷链收入同比增长12%") == {"2026"}
    assert figures("预计26年冷链收入同比增长12%") == {"12"}
    cover = _on(0, "预计26年冷链收入同比增长12%。")
    body = _on(5, "我们预计2026年公司冷链收入增速为12%。")
    assert restatement(cover, body) == "same"
    assert restatement(cover, _on(5, "我们预计2027年公司冷链收入增速为12%。")) is None


def test_two_quarters_or_a_half_and_the_year_are_two_claims():
    assert restatement(_on(0, "预计三季度水泥销量同比增长6%。"), _on(3, "预计四季度水泥销量同比增长6%。")) is None
    assert restatement(_on(0, "预计上半年轮胎销量增速约9%。"), _on(3, "预计全年轮胎销量增速约9%。")) is None
    assert restatement(_on(0, "我们预计四季度冷链收入环比改善，约为2.1亿元。"),
                       _on(3, "预计Q4冷链收入2.1亿元左右，环比明显改善。")) == "same"


def test_a_yearly_forecast_in_two_list_notations_is_one_forecast():
    cover = _on(0, "维持盈利预测，预计2025-2027年归母净利润分别为9.4、11.2、13.0亿元。")
    body = _on(6, "我们预计公司2025-2027年归母净利润分别为9.40/11.20/13.00亿元。")
    assert restatement(cover, body) == "same"


def test_a_shared_list_of_years_is_no_shared_forecast():
    revenue = _on(0, "预计公司2025/2026/2027年营业收入分别为120/140/165亿元。")
    eps = _on(6, "预计公司2025/2026/2027年EPS分别为0.85/1.02/1.21元。")
    assert restatement(revenue, eps) is None


def test_one_quantity_named_with_or_without_a_bland_word_is_one_claim():
    cover = _on(0, "冷链收入有望在2026年达到4.5亿元。")
    body = _on(4, "我们预计2026年冷链业务收入约为45,000万元。")
    assert restatement(cover, body) == "same"


def test_two_segments_or_the_company_and_its_industry_stay_two_claims_at_one_figure():
    assert restatement(_on(0, "我们预计2026年水泥业务收入约为45亿元。"), _on(4, "我们预计2026年骨料业务收入约为45亿元。")) is None
    assert restatement(_on(0, "我们预计2026年公司轮胎销量有望增长9%。"), _on(4, "我们预计2026年行业轮胎销量有望增长9%。")) is None


def test_a_sentence_that_goes_on_to_another_year_holds_a_second_claim():
    cover = _on(0, "量：全年水泥销量同比增长约3%，2027年销量有望恢复较快增长。")
    body = _on(4, "淡季影响有限，我们预计公司全年水泥销量同比增长约3%。")
    assert restatement(cover, body) != "same"
    # the year the claim is about, named on one side only, is no second claim
    assert restatement(_on(0, "预计2025年水泥收入同比增长6%。"), _on(4, "我们预计全年水泥收入同比增长6%。")) == "same"


def test_net_profit_and_net_profit_to_the_parent_at_one_figure_are_one_forecast():
    cover = _on(0, "预计2026年归母净利润为12.4亿元。")
    body = _on(5, "我们预计公司2026年实现净利润12.4亿元。")
    assert restatement(cover, body) == "same"


def test_a_heading_and_its_paragraph_on_one_page_sit_under_one_topic():
    from tools.claims.topics import unify_topics

    heading = _on(2, "▌海外渠道加速拓展，品牌溢价持续提升").model_copy(update={"topic": "甲"})
    paragraph = _on(2, "公司海外渠道持续加速拓展，我们预计未来品牌溢价仍将持续提升。").model_copy(update={"topic": "乙"})
    first, second = unify_topics([heading, paragraph])
    assert first.topic == second.topic


def test_a_figure_written_coarser_is_the_finer_one_rounded():
    from tools.claims.restate import figure_in_common

    assert figure_in_common("营收约320亿元", "营业收入31,960百万元")
    assert figure_in_common("增长约18%", "增长17.6%")
    assert not figure_in_common("增长约18%", "增长16.4%")
    assert not figure_in_common("营收3.2亿元", "营收3.3亿元")


@pytest.mark.parametrize(("word", "part"), [("三季度", "Q3"), ("Q3", "Q3"), ("上半年", "H1"), ("H2", "H2")])
def test_a_part_of_the_year_reads_alike_here_and_in_the_claims_period(word, part):
    from tools.claims.restate import parts_of_year
    from tools.claims.periods import period_of

    assert parts_of_year(f"公司{word}毛利率有望提升") == {part}
    assert period_of(f"2025年{word}毛利率有望提升") == f"2025{part}"
