"""A sentence stating several quantities, each with its own figure, gives one claim per quantity (issue 13).

Sentences invented in the style of broker reports (not copied from the labelled cases)."""

from tools.claims.compare import conflict
from tools.claims.extract import extract_claims


def _claims(*sentences: str):
    return extract_claims([(1, "\n".join(sentences))], report_year=2025)


def test_a_forecast_list_gives_a_claim_per_quantity_and_none_for_eps():
    text = "我们预计公司2025-2027年营业收入分别为86.4/98.1/110.7亿元，归母净利润分别为9.3/11.2/13.5亿元，对应EPS为0.78/0.94/1.13元。"
    claims = _claims(text)
    assert [(c.metric, c.period, c.value.text) for c in claims] == [
        ("公司营业收入", "2025E", "86.4/98.1/110.7亿元"), ("公司归母净利润", "2025E", "9.3/11.2/13.5亿元")]
    assert all(c.text in text for c in claims)  # verbatim: the quote a reader checks on the page
    assert "EPS" in claims[1].text  # what the profit implies per share stays with it, no claim of its own


def test_each_part_keeps_its_own_figure_period_and_direction():
    claims = _claims("我们预计2026年公司电池出货量约45GWh，同比增长30%，单位毛利下降至0.08元/Wh。")
    assert [(c.metric, c.period, c.value.text, c.direction) for c in claims] == [
        ("公司电池出货量", "2026E", "约45GWh", "up"), ("公司单位毛利", "2026E", "0.08元/Wh", "down")]


def test_a_clause_without_a_figure_stays_with_its_part():
    claims = _claims("行业需求仍在筑底，我们预计2025年公司挖机销量约5.2万台，毛利率约27%，盈利能力保持稳定。")
    assert [c.text for c in claims] == ["行业需求仍在筑底，我们预计2025年公司挖机销量约5.2万台", "毛利率约27%，盈利能力保持稳定"]


def test_a_clause_cut_at_a_semicolon_reads_with_the_sentence_before():
    claims = _claims("我们预计公司2025-2027年营业收入分别为52.0/60.5/69.8亿元；", "归母净利润分别为6.1/7.4/8.9亿元。")
    assert [(c.metric, c.period) for c in claims] == [("公司营业收入", "2025E"), ("公司归母净利润", "2025E")]


def test_what_is_not_split():
    one = [
        "考虑到原材料价格回落约5%，我们预计2025年公司毛利率提升至32%。",  # a premise argues for the view
        "虽然2025年收入增长约10%，但毛利率下降至20%左右。",  # a concession and its turn are one view
        "公司指引2025年收入增长25%，我们预计2025年营业收入增长约20%。",  # another's figure names what ours is about
        "我们预计公司2025年营业收入增长8%，2026年增速回升至12%。",  # a bare 增速 is the quantity before's
    ]
    for text in one:
        assert [c.text for c in _claims(text)] == [text], text
    assert _claims("碳酸锂价格每变动1万元/吨，公司毛利率变动约1.2个百分点，归母净利润变动约3亿元。") == []


def test_a_split_quantity_meets_the_other_brokers_claim_on_it():
    ours = _claims("我们预计公司2025-2027年营业收入分别为100.0/120.0/140.0亿元，归母净利润分别为10.0/12.0/14.0亿元。")
    theirs = _claims("我们预计2025年公司归母净利润约8.0亿元。")[0]
    revenue, profit = ours
    assert "value" in conflict(profit, theirs, company_report=True)
    assert conflict(revenue, theirs, company_report=True) == []


def test_a_slash_list_of_quantities_reads_each_with_its_own_figure():
    ours = _claims("我们预计2025年公司毛利率/净利率分别为31.5%/11.8%。")[0]
    assert (ours.metric, ours.value.text) == ("公司毛利率", "31.5%")  # not 净利率 read with the margin's figure
    assert "value" in conflict(ours, _claims("我们预计2025年公司净利率约9.0%。")[0], company_report=True)
    assert conflict(ours, _claims("我们预计2025年公司毛利率约31%。")[0], company_report=True) == []


def test_a_growth_word_ending_a_list_is_every_items():
    from tools.claims.wording import canonical

    assert canonical("我们预计2025年公司营业收入、归母净利润增速分别为12%、30%。") == \
        "我们预计2025年公司营业收入增长12%，归母净利润增长30%。"
    assert canonical("预计2026年营收/净利润增速分别为9%/14%") == "预计2026年营收增长9%，净利润增长14%"


def test_a_gross_profit_per_unit_is_a_quantity_of_its_own():
    claims = _claims("我们预计2026年公司吨钢毛利回升至约300元/吨，铁矿石均价回落至约95美元/吨。")
    assert [c.value.text for c in claims] == ["约300元/吨", "约95美元/吨"]
    assert claims[0].metric.endswith("吨钢毛利") and claims[1].metric.endswith("铁矿石价格")


def test_the_parts_of_one_sentence_share_one_topic():
    # 出货量 and 单位毛利 would each file under its own topic; one sentence is one thread of the report's argument,
    # so the scorer's "each claim once, under one topic" and a reader both see it in one place.
    claims = _claims("我们预计2026年公司电池出货量约45GWh，同比增长30%，单位毛利下降至0.08元/Wh。")
    assert len(claims) == 2 and claims[0].topic == claims[1].topic
