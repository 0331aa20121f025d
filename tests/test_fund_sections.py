"""Cutting the commentary out of fund reports (tools/fund_sections.py) and reading eastmoney's report titles
(tools/fund_reports.py): the layouts real reports use, on page texts as a parser hands them over."""

from __future__ import annotations

import pytest

from tools.fund_reports import kind_and_period
from tools.fund_sections import OUTLOOK, STRATEGY, cut_sections

HEADER, FOOTER = "南方成长先锋混合型证券投资基金2024年年度报告", "第 {n} 页 共 58 页"


def pages(*bodies: str) -> list[str]:
    """Page texts with the running header and footer a text-only parser leaves in."""
    return [f"{HEADER}\n{body}\n{FOOTER.format(n=i + 10)}" for i, body in enumerate(bodies)]


@pytest.mark.parametrize("title,expected", [
    ("华夏成长混合型证券投资基金2024年第3季度报告", ("季报", "2024Q3")),
    ("华夏成长混合型证券投资基金2024年第三季度报告", ("季报", "2024Q3")),
    ("华夏成长混合型证券投资基金2024年中期报告", ("中报", "2024Q2")),
    ("华夏成长混合型证券投资基金2024年半年度报告", ("中报", "2024Q2")),
    ("华夏成长混合型证券投资基金2023年年度报告", ("年报", "2023Q4")),
    ("华夏成长混合型证券投资基金2023年年度报告摘要", None),
    ("华夏成长混合型证券投资基金2024年中期报告(英文版)", None),
    ("关于旗下基金2024年第3季度报告的提示性公告", None),
    ("华夏成长混合型证券投资基金招募说明书(更新)", None),
    ("华夏成长混合型证券投资基金基金产品资料概要", None),
])
def test_kind_and_period_from_titles(title, expected):
    assert kind_and_period(title) == expected


def test_numbered_sections_over_a_page_break_with_furniture_and_a_table_of_contents():
    found = cut_sections(pages(
        "目录\n4.4.1 报告期内基金投资策略和运作分析 ......... 12\n"
        "4.5 管理人对宏观经济、证券市场及行业走势的简要展望 ...... 13",
        "4.4 管理人对报告期内基金的投资策略和业绩表现的说明\n4.4.1 报告期内基金投资策略和运作分析\n"
        "2024年A股市场先抑后扬，全年沪深300上涨14.7%。本基金年初\n维持较高仓位，",
        "3.5万亿元的成交额说明市场情绪修复。\n1、上半年我们增配了红利资产。\n（二）下半年转向科技成长。\n"
        "4.4.2 报告期内基金的业绩表现\n本报告期基金份额净值增长率为8.21%。\n"
        "4.5 管理人对宏观经济、证券市场及行业走势的简要展望\n展望2025年，我们对权益市场保持乐观。",
        "4.6 管理人对报告期内基金估值程序等事项的说明\n本基金管理人设有估值委员会。"))
    strategy = found[STRATEGY].text
    assert strategy.startswith("2024年A股市场先抑后扬") and "年初维持较高仓位，3.5万亿元的成交额" in strategy
    assert "（二）下半年转向科技成长。" in strategy and "业绩表现" not in strategy and "8.21%" not in strategy
    assert HEADER not in strategy and "58 页" not in strategy
    assert found[STRATEGY].page == 1 and found[OUTLOOK].text == "展望2025年，我们对权益市场保持乐观。"
    assert found[OUTLOOK].page == 2


def test_section_signs_heading_glued_to_its_text_and_unnumbered_next_heading():
    found = cut_sections([
        "§4 管理人报告\n4.4报告期内基金的投资策略和运作分析：报告期内本基金继续坚持均衡配置，\n适度提高了港股仓位。",
        "报告期内基金的业绩表现\n截至本报告期末本基金份额净值为1.0832元。\n§5 投资组合报告"])
    assert found[STRATEGY].text == "报告期内本基金继续坚持均衡配置，适度提高了港股仓位。"
    assert OUTLOOK not in found


def test_a_report_without_the_sections_gives_nothing():
    assert cut_sections(pages("基金产品概况\n基金简称 华夏成长", "主要财务指标\n本期已实现收益 1,234.56")) == {}
    assert cut_sections([]) == {}
