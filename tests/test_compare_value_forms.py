"""How brokers write figures and periods the value comparison must read alike (session 16, from general broker
usage, checked first on the blind pairs of evals/values/invented1.jsonl): a level the report says will not hold,
year lists with slashes, long words that date no view, moves against different bases, prices with and without
tax, and the period a turned claim's stance speaks for."""

from __future__ import annotations

import pytest

from tools.claims.compare import conflict
from tools.claims.extract import claim_from_text
from tools.claims.periods import period_of
from tools.claims.values import main_value


def _claim(text: str):
    return claim_from_text(text, 1, 2025)


def _diverge(a: str, b: str) -> list[str]:
    return conflict(_claim(a), _claim(b), company_report=True)


def test_a_level_the_report_says_will_not_hold_is_not_its_figure():
    value = main_value("我们认为成交额难以长期维持在2万亿元上方，明年或回落至1.6万亿元左右").value
    assert value.min == 1.6e12
    assert main_value("预计毛利率有望维持在25%以上").value.min == 25.0  # a level that holds is the figure


@pytest.mark.parametrize("text", [
    "我们预计公司2025/2026/2027年营业收入为80/95/110亿元",
    "预计2025E/2026E/2027E归母净利润为31.2/38.5/43.1亿元",
    "预计25/26/27年归母净利润为31.2/38.5/43.1亿元",
])
def test_a_year_list_with_slashes_is_read_as_its_first_year(text):
    v = main_value(text)
    assert period_of(text, v.start, report_year=2025, slash=True) == "2025E"


def test_a_year_list_figure_meets_the_first_years_figure():
    assert "value" in _diverge("我们预计公司2025/2026/2027年营业收入为80/95/110亿元。", "预计公司2025年营业收入为95亿元。")


def test_a_long_word_saying_what_a_move_is_good_for_dates_no_view():
    held = "我们预计2025年旗舰产品收入基本持平，这有利于其价格体系的长期稳定。"
    assert "direction" in _diverge(held, "我们预计2025年旗舰产品收入同比下滑约6%。")
    # a long-run view against a dated one still answers another question
    assert _diverge("长期来看，旗舰产品收入有望恢复增长。", "我们预计2025年旗舰产品收入同比下滑约6%。") == []


def test_a_level_that_cannot_last_long_is_a_dated_view():
    mine = "我们预计2026年日均成交额约2.0万亿元。"
    theirs = "我们认为日均成交额难以长期维持在2万亿元上方，2026年或回落至1.5万亿元左右。"
    assert "value" in _diverge(mine, theirs)


def test_moves_against_different_bases_are_two_figures():
    assert "value" not in _diverge("我们预计四季度销量环比增长10%。", "预计四季度销量同比下降5%。")
    # a ratio's level is no move: 25% against 21% still conflicts whatever base each sentence names
    assert "value" in _diverge("我们预计四季度毛利率环比回升至25%。", "预计四季度毛利率同比下降至21%。")


def test_a_price_with_tax_and_one_without_are_two_bases():
    with_tax = "我们预计2026年长协煤价上调至800元/吨（含税）。"
    assert _diverge(with_tax, "预计2026年长协煤价约700元/吨（不含税）。") == []
    assert "value" in _diverge(with_tax, "预计2026年长协煤价约700元/吨（含税）。")  # one basis: the figures meet


def test_a_stance_speaks_for_the_year_its_own_clause_names():
    turned = "主力产品方面，受竞品影响2025年收入承压，但随着新品上市，我们预计主力产品2026年有望重回增长。"
    falling = "主力产品方面，竞品集中上市，我们预计2025年主力产品收入同比下降约15%。"
    assert conflict(_claim(turned), _claim(falling), company_report=True, tied=True) == []
    # a turn to the same year as the other claim's still meets it
    later = "市场担心价格战持续，但我们判断2026年产品价格有望企稳。"
    assert "stance" in conflict(_claim(later), _claim("我们认为价格竞争仍未结束，2026年产品价格仍将下探。"),
                                company_report=True, tied=True)
