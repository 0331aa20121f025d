"""Two brokers who name one quantity differently (营收 / 营业总收入 / 收入, NIM / 净息差, 开工率 / 产能利用率) are
compared; two quantities with alike names (扣非净利润 / 归母净利润, 总投资收益率 / 净投资收益率) are not.

Pairs invented for this test (company reports dated 2025), each with figures that clash if the two are one quantity.
"""

from __future__ import annotations

import pytest

from tools.claims.compare import conflict
from tools.claims.extract import claim_from_text
from tools.claims.quantity_names import one_name

YEAR = 2025

ONE_QUANTITY = [
    ("total-revenue", "我们预计公司2026年营业总收入为320亿元。", "我们预计2026年公司营收为260亿元。"),
    ("revenue-company", "我们预计2026年公司收入同比增长25%。", "我们预计公司2026年营业收入同比增长8%。"),
    ("utilisation", "我们预计2026年行业开工率约为60%。", "我们预计2026年行业产能利用率回升至75%。"),
    ("per-ton", "我们预计2026年吨钢毛利约为150元/吨。", "我们预计2026年公司单吨毛利约为300元/吨。"),
    ("dps", "我们预计公司2026年每股股息为0.50元。", "我们预计公司2026年每股分红为0.80元。"),
    ("shipments", "我们预计公司2026年发货量为30万台。", "我们预计公司2026年出货量为45万台。"),
    ("per-ton-profit", "我们预计2026年公司吨净利约800元。", "预计2026年公司单吨盈利有望达到1,000元。"),
    ("per-hog-profit", "我们预计2026年公司头均盈利约200元。", "我们预计2026年公司单头盈利约350元。"),
    ("per-ton-cost", "我们预计2026年公司吨钢成本约3,000元。", "我们预计2026年公司单吨钢成本约3,600元。"),
    ("product-line", "我们预计2026年嗨体系列收入同比增长30%。", "我们预计2026年嗨体收入同比增长10%。"),
    ("contracted-sales", "我们预计2026年公司全口径签约销售额约2,500亿元。", "我们预计2026年公司全口径销售额约3,200亿元。"),
    ("premium", "我们预计2026年公司保费收入同比增长3%。", "我们预计2026年公司保费同比增长9%。"),
]

TWO_QUANTITIES = [
    ("recurring-vs-reported", "我们预计公司2026年扣非归母净利润为20亿元。", "我们预计公司2026年归母净利润为30亿元。"),
    ("total-vs-net-yield", "我们预计2026年公司总投资收益率约为5.0%。", "我们预计2026年公司净投资收益率约为3.2%。"),
    ("segment-revenue", "我们预计2026年公司海外收入同比增长40%。", "我们预计公司2026年营业收入同比增长10%。"),
    ("margin-not-amount", "我们预计2026年公司毛利率约为30%。", "我们预计2026年公司毛利额约为25亿元。"),
]


@pytest.mark.parametrize(("a", "b"), [pytest.param(a, b, id=i) for i, a, b in ONE_QUANTITY])
def test_two_names_of_one_quantity_are_compared(a, b):
    assert "value" in conflict(claim_from_text(a, 0, YEAR), claim_from_text(b, 0, YEAR), company_report=True)


@pytest.mark.parametrize(("a", "b"), [pytest.param(a, b, id=i) for i, a, b in TWO_QUANTITIES])
def test_alike_names_of_two_quantities_are_not(a, b):
    assert conflict(claim_from_text(a, 0, YEAR), claim_from_text(b, 0, YEAR), company_report=True) == []


def test_one_name_rewrites_whole_names_only():
    assert one_name("公司营业总收入") == "公司营业收入"
    assert one_name("储能业务毛利率") == "储能业务毛利率"  # 毛利 inside 毛利率 is not the amount
    assert one_name("吨钢毛利") == "钢单位毛利"


def test_a_premise_names_no_subject_to_compare_with():
    view = claim_from_text("吨盈利改善：产品结构升级，我们预计全年吨净利提升至300元以上。", 0, YEAR)
    revision = claim_from_text("考虑到吨盈利下滑，我们下调盈利预测，预计2025年归母净利润同比下降10%至50亿元。", 0, YEAR)
    assert conflict(view, revision, company_report=True) == []


def test_nim_and_net_interest_margin_are_one_quantity():
    a = claim_from_text("我们预计2026年公司NIM将继续下行。", 0, YEAR)
    b = claim_from_text("我们预计2026年公司净息差有望企稳回升。", 0, YEAR)
    assert "direction" in conflict(a, b, company_report=True)


def test_a_leaders_profit_is_no_profit_per_head():
    assert one_name("龙头盈利") == "龙头盈利"


def test_contracted_sales_written_short_are_a_developers_sales():
    assert one_name("公司签约金额") == one_name("公司签约销售金额") == "公司销售额"


def test_the_cached_quantities_of_a_text_cannot_be_changed_by_a_caller():
    """metrics_in is read for every pair a consensus compares, so it is cached: each caller gets its own list."""
    from tools.claims.quantity import metrics_in

    first = metrics_in("预计2025年公司毛利率提升至25%，营业收入同比增长20%")
    first.append("篡改")
    assert "篡改" not in metrics_in("预计2025年公司毛利率提升至25%，营业收入同比增长20%") and first[:-1]
