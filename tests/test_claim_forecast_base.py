"""A bare forecast figure read against the report's own prior year (tools/claims/forecast_base.py).
Invented reports: a cover with a rating and a forecast sentence, and a forecast table with the last actual."""

from tools.claims.extract import extract_claims
from tools.claims.forecast_base import prior_year_move
from tools.report_fields import EpsRow

TABLE = """盈利预测与估值
| 指标 | 2024A | 2025E | 2026E | 2027E |
| --- | --- | --- | --- | --- |
| 营业收入（百万元） | 52,300 | 49,800 | 55,100 | 60,400 |
| 归母净利润（百万元） | 4,610 | 3,870 | 4,420 | 5,050 |
"""


def _report(rating: str, sentence: str, table: str = TABLE) -> list[tuple[int, str]]:
    return [(0, f"示例化工（600999）\n投资评级：{rating}（维持）\n{sentence}\n"), (1, table)]


def _claim(pages, figure: str):
    return next(c for c in extract_claims(pages, report_year=2025) if figure in c.text)


def test_profit_forecast_below_last_actual_is_a_fall_whatever_the_rating():
    claim = _claim(_report("买入", "我们预计公司2025-2027年归母净利润分别为38.7/44.2/50.5亿元，维持买入评级。"), "38.7")
    assert (claim.direction, claim.stance) == ("down", "negative")


def test_units_converted_between_sentence_and_table():
    claim = _claim(_report("增持", "我们预计公司2025-2027年营业收入分别为49,800/55,100/60,400百万元。"), "49,800")
    assert (claim.direction, claim.stance) == ("down", "negative")


def test_forecast_above_last_actual_keeps_the_positive_outlook():
    table = TABLE.replace("3,870", "5,120")
    claim = _claim(_report("买入", "我们预计公司2025-2027年归母净利润分别为51.2/58.0/64.3亿元。", table), "51.2")
    assert (claim.direction, claim.stance) == ("up", "positive")


def test_neutral_rating_keeps_its_figures_neutral():
    claim = _claim(_report("中性", "我们预计公司2025-2027年归母净利润分别为38.7/44.2/50.5亿元。"), "38.7")
    assert (claim.direction, claim.stance) == ("down", "neutral")


def test_a_quoted_consensus_figure_is_not_the_reports_own():
    rows = [EpsRow(year="2024A", net_profit=46.1), EpsRow(year="2025E", net_profit=38.7)]
    assert prior_year_move("我们预计2025年归母净利润为38.7亿元", "归母净利润", 0, rows) == "down"
    assert prior_year_move("Wind一致预期2025年归母净利润为38.7亿元", "归母净利润", 0, rows) is None
    # a figure the report's own table does not stand behind for that year (a scenario, another basis)
    assert prior_year_move("我们预计2025年归母净利润为41.9亿元", "归母净利润", 0, rows) is None


def test_near_tie_segment_line_and_no_prior_year_read_no_move():
    rows = [EpsRow(year="2024A", net_profit=46.1, revenue=523.0), EpsRow(year="2025E", net_profit=46.3)]
    assert prior_year_move("我们预计2025年归母净利润为46.3亿元", "归母净利润", 0, rows) is None  # within 1%
    assert prior_year_move("我们预计2025年储能业务收入为12.0亿元", "储能业务收入", 0, rows) is None
    assert prior_year_move("我们预计2026年归母净利润为52.0亿元", "归母净利润", 0, rows[:1]) is None


def test_a_new_year_brought_in_reads_against_the_year_already_forecast():
    rows = [EpsRow(year="2025E", net_profit=210.4), EpsRow(year="2026E", net_profit=176.9)]
    assert prior_year_move("我们维持2025年引入2026年归母净利润预测176.9亿元", "归母净利润", 0, rows) == "down"


def test_a_stated_movement_is_left_to_the_words():
    pages = _report("买入", "我们预计公司2025年归母净利润同比增长12%至38.7亿元。")
    claim = _claim(pages, "38.7")
    assert claim.direction == "up"


def test_a_level_carries_its_growth_over_the_reports_own_prior_year():
    claim = _claim(_report("买入", "我们预计公司2025-2027年营业收入分别为588.3/620.0/660.0亿元。",
                           TABLE.replace("49,800", "58,830")), "588.3")
    assert claim.value.growth == 12.49  # 58,830 over the 2024A 52,300


def test_a_growth_rate_meets_the_growth_another_reports_level_implies():
    from tools.claims.compare import conflict
    from tools.claims.extract import claim_from_text

    level = _claim(_report("买入", "我们预计公司2025-2027年营业收入分别为588.3/620.0/660.0亿元。",
                           TABLE.replace("49,800", "58,830")), "588.3")
    assert "value" in conflict(claim_from_text("我们预计公司2025年营业收入同比增长5%左右。", 1, 2025), level,
                               company_report=True)  # +5 % against +12.5 %
    assert conflict(claim_from_text("我们预计公司2025年营业收入同比增长12%。", 1, 2025), level,
                    company_report=True) == []  # 0.5 points apart: a near tie
