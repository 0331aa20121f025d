"""A claim's metric is a noun phrase naming a quantity, never the clause's grammar (issue 13: misread metrics)."""

from tools.claims.extract import claim_from_text, metric_of
from tools.claims.quantity import split_metric


def test_a_cost_line_of_the_income_statement_is_one_quantity_word():
    assert metric_of("我们预计公司销售费用将继续下降。") == "公司销售费用"
    assert split_metric("销售费用")[0] == "销售费用"
    assert metric_of("管理费用同比减少12%，主要来自股权激励摊销结束。") == "管理费用"
    assert metric_of("受汇兑损失影响，财务费用有望下降。") == "财务费用"


def test_a_cost_lines_ratio_stays_a_ratio():
    assert metric_of("预计2026年销售费用率下降1pct。") == "销售费用率"
    assert split_metric("研发费用率")[0] == "费用率"


def test_a_rising_cost_line_is_bad_news():
    assert claim_from_text("我们预计2026年销售费用同比增长30%。", 1).stance == "negative"


def test_a_sales_volume_is_not_cut_to_its_verb():
    assert metric_of("天然气：2026年天然气销售量增长5%-7%。") == "天然气出货量"
