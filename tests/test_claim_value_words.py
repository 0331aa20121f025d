"""Figures a broker states in words and figures bound to their own metric (tools/claims/values.py, facets.py).

Sentences are written in the way sell-side notes phrase forecasts (“增速放缓至个位数”, “维持双位数增长”,
“归母净利润分别为…，对应BVPS为…”), with made-up companies and figures."""

from __future__ import annotations

import pytest

from tools.claims.compare import conflict
from tools.claims.extract import claim_from_text
from tools.claims.facets import facets
from tools.claims.values import main_value


def _claim(text: str, year: int = 2025):
    return claim_from_text(text, 0, year)


@pytest.mark.parametrize("text, low, high", [
    ("我们预计2026年门店收入增速放缓至个位数", 0, 9),
    ("三季度收入增速回升至个位数高段", 6, 9),
    ("公司海外业务有望维持双位数增长", 10, 99),
    ("管理层预计明年订单实现高个位数增长", 6, 9),
    ("预计2026年归母净利润有望翻倍", 100, 100),
    ("我们预计明年单店收入个位数下滑", -9, 0),
])
def test_growth_magnitudes_in_words_are_ranges_of_percent(text, low, high):
    v = main_value(text).value
    assert (v.min, v.max, v.unit, v.rate) == (low, high, "%", True)


@pytest.mark.parametrize("text", ["我们预计2026年收入小幅增长", "公司利润有望大幅改善", "订单保持较快增长"])
def test_degree_words_name_no_figure(text):
    assert main_value(text) is None


def test_a_figure_against_a_magnitude_in_words_is_a_value_divergence():
    mine = _claim("我们预计2026年公司门诊量有望增长约12%")
    theirs = _claim("受消费降级影响，我们预计2026年公司门诊量增速放缓至个位数")
    assert "value" in conflict(mine, theirs, company_report=True)
    near = _claim("我们预计2026年公司门诊量有望增长约8%")  # inside 0–9%: no figure gap
    assert "value" not in conflict(near, theirs, company_report=True)


def test_a_list_of_forecasts_binds_the_figures_after_fen_bie_wei():
    text = "我们预计公司2025-2027年归母净利润分别为12,400/14,100/15,900百万元，同比增长21.0%/13.7%/12.8%，对应BVPS为9.6/10.4/11.3元"
    claim = _claim(text)
    assert claim.metric.endswith("归母净利润") and claim.value.unit == "元" and claim.value.min == 12_400e6
    # the clause "对应BVPS为…" is a ratio of its own, not a second profit figure
    assert all(f.value is None or f.value.unit != "元" or f.value.min > 1e6 for f in facets(claim) if "归母净利润" in f.metric)


def test_a_profit_forecast_followed_by_a_ratio_is_a_profit_claim():
    claim = _claim("我们上调盈利预测，预计2026年归母净利润为14,100百万元，同比增长13.7%，ROE提升至11.2%")
    assert claim.metric.endswith("归母净利润") and claim.value.min == 14_100e6
    other = _claim("我们预计2026年公司归母净利润约118亿元，同比增长约4%，ROE约9.8%")
    assert "value" in conflict(claim, other, company_report=True)  # 141 vs 118亿元


def test_a_ratio_implied_by_a_profit_list_does_not_meet_a_profit_figure():
    mine = _claim("我们预计公司2025-2027年归母净利润分别为12,400/14,100/15,900百万元，对应BVPS为9.6/10.4/11.3元")
    theirs = _claim("我们预计2025年全年归母净利润约124亿元")
    assert conflict(mine, theirs, company_report=True) == []


def test_a_year_between_a_segment_and_its_quantity_keeps_the_segment():
    growth = _claim("东南亚玉米种植面积稳步扩大，我们预计2026年东南亚业务收入同比增长约18%")
    slowing = _claim("受当地粮价下跌影响，东南亚业务2026年收入增速放缓至个位数")
    assert "value" in conflict(growth, slowing, company_report=True)
    total = _claim("我们维持2025年归母净利润61.2亿元的预测")  # a verb before the year is no segment
    assert "value" in conflict(total, _claim("我们将公司2025年归母净利润预测下调至52.0亿元"), company_report=True)


def test_a_body_sentence_that_adds_a_figure_is_not_merged_into_the_cover_bullet():
    from tools.claims.restate import restatement

    cover = _claim("我们预计2026年日均股基成交额回落至约1.3万亿元，经纪业务收入随之下滑")
    body = _claim("我们预计2026年日均股基成交额回落至约1.3万亿元，公司经纪业务收入同比下降约6%")
    assert restatement(cover, body) != "same"
    again = _claim("我们预计2026年日均股基成交额将回落至约1.3万亿元")  # the same figures: one claim
    assert restatement(cover, again) == "same"
