"""Claims in report-length text (session 6, from the blind-written long cases' dev half, in paraphrase):
reported results without a forward word, attributed views up to the report's own turn, settings,
scenarios and concessions, prices of different goods, yearly figure lists, index points, stance words of
longer reports."""

from __future__ import annotations

import pytest

from tools.claims.compare import conflict
from tools.claims.extract import claim_from_text, extract_claims, metric_of
from tools.claims.facets import facets
from tools.claims.clauses import direction_of, unquoted
from tools.claims.stance import self_declared, stance_of
from tools.claims.periods import period_of


def _claim(text: str, year: int = 2025):
    return claim_from_text(text, 0, year)

def test_a_reported_figure_without_a_period_meets_no_forecast():
    # "上半年业绩…。归母净利润8.0亿元，同比增长34.9%。": the half is named in the sentence before
    reported = _claim("归母净利润8.0亿元，同比增长34.9%。")
    assert "value" not in conflict(reported, _claim("我们预计2025年归母净利润28.6亿元。"))
    # a forward-looking figure with no period still speaks of the forecast year
    assert "value" in conflict(_claim("储能毛利率有望保持在25%以上。"), _claim("我们预计2025年储能毛利率约22%。"))


def test_an_attributed_view_runs_to_the_reports_own_turn():
    text = "市场普遍担忧库存高企，叠加新增产能投放，下半年面板价格将持续下跌，我们认为供给收缩将逐步显现。"
    assert "下跌" not in unquoted(text) and "供给收缩" in unquoted(text)
    assert "反弹" not in unquoted("市场上有观点认为，限产将在四季度带来价格快速反弹，但我们认为传导需要时间。")
    # without a turn of its own the view ends with its clause
    assert "我们预计" in unquoted("部分投资者担心需求转弱，我们预计二季度出货量环比增长10%。")


def test_hog_output_is_a_volume_and_its_weight_is_not():
    a = _claim("我们预计全年出栏1,900万头左右，较2024年的1,750万头增长约9%")
    b = _claim("我们将2025年出栏预期由1,850万头下调至1,600万头，同比下降约5%")
    assert (a.metric, a.period) == ("出栏量", "2025E")  # 全年 is the report's year, 2024 only the base
    assert "value" in conflict(a, b)
    assert metric_of("公司将适度降低出栏均重") != "出栏量"


def test_an_attributed_sentence_without_a_rebuttal_is_the_markets_to_its_end():
    text = "市场普遍担忧存栏仍处高位，叠加集中出栏，下半年猪价将持续下行。"
    assert "下行" not in unquoted(text)
    kept = unquoted("与市场预期的产能出清不同，二线厂商依靠地方产业基金支持继续扩产")
    assert "继续扩产" in kept and "出清" not in kept


def test_a_setting_is_not_what_the_claim_asserts():
    text = "在煤价中枢下移的环境中，成本差距决定了周期底部的生存能力，公司有望继续提升市场份额。"
    assert "下移" not in unquoted(text) and stance_of(text) == "positive"


def test_a_conceded_clause_is_not_compared():
    conceded = _claim("虽然锂价下行压力较大，但公司成本优势依然显著。")
    assert all(f.metric != "锂价格" for f in facets(conceded))
    assert conflict(_claim("我们预计四季度锂价有望企稳回升。"), conceded) == []


def test_prices_of_different_goods_and_the_share_price_do_not_meet():
    assert conflict(_claim("我们预计下半年锂价企稳回升。"), _claim("我们预计下半年煤价继续下行。")) == []
    assert metric_of("以当前股价测算，股息率约6%") != "当前股价格"


@pytest.mark.parametrize("text, gone", [
    ("按行业平均成本14元/kg计算，猪价跌破13元/kg意味着行业亏损", "平均成本"),  # an assumption
    ("从历史数据看，存栏变化领先出栏约10个月", "历史数据"),  # a lens
])
def test_assumptions_and_lenses_are_not_asserted(text, gone):
    assert gone not in unquoted(text)


def test_a_growth_to_a_level_is_not_a_range():
    from tools.claims.values import main_value, parse_values

    assert [v.value.text for v in parse_values("我们预计出货量增长20%至120万台")] == ["20%", "120万台"]
    assert main_value("我们预计出货量增长20%至120万台").value.min == 1_200_000


@pytest.mark.parametrize("text, stance", [
    ("下半年行业供给仍较充足", "negative"),  # plenty of supply is bad news for its sellers
    ("叠加成品库存处于高位，旺季需求的拉动作用可能弱于往年", "negative"),
    ("居民消费总量增长乏力，经销商补库情绪谨慎", "negative"),
    ("我们认为公司产能扩张空间受限", "negative"),
    ("出口国消费税上调对公司海外销量构成压力", "negative"),  # a tax is an expense
    ("我们预计全年海南免税销售额同比下滑10%以上", "negative"),  # 免税 is no tax
    ("尽管新业务增长迅速，但回收周期较长，短期对利润的贡献偏弱", "negative"),
    ("尽管主品牌销量保持增长，但高端车型价格下探压缩了利润空间", "negative"),
    ("我们认为医美终端需求疲软，下半年需求难有明显改善", "negative"),
    ("当前股价对应股息率具有吸引力", "positive"),
    ("我们预计2025年公司毛利率约93.8%，基本保持稳定", "neutral"),  # a level held
])
def test_stance_words_of_longer_reports(text, stance):
    assert stance_of(text) == stance


def test_a_level_forecast_is_neutral_and_the_outlook_falls_back_to_a_stated_rating():
    assert _claim("我们预计2025年海外销量约46万辆，与2024年基本持平").stance == "neutral"
    page = [(0, "某某证券 | 公司研究\n我们预计2025年公司总销量126万辆。"), (1, "我们维持中性评级。")]
    assert [c.stance for c in extract_claims(page, report_year=2025)] == ["neutral"]


def test_a_quarter_written_1q25():
    assert period_of("公司公布1Q25业绩：营业收入40,020百万元", report_year=2025) == "2025Q1"
    assert period_of("公司1H25实现营收1,090.6亿元", report_year=2025) == "2025H1"


def test_a_yearly_figure_list_speaks_for_its_first_year_clause_by_clause():
    a = _claim("盈利预测与投资建议：预计公司2025-2027年归母净利润为141.0/165.0/183.2亿元，对应EPS为1.65/1.93/2.14元")
    b = _claim("考虑到单车盈利下滑，我们下调2025/2026年盈利预测，预计2025年归母净利润同比下降15.3%至10,750百万元。")
    assert "value" in conflict(a, b)
    assert all(not f.metric.startswith("考虑到") for f in facets(b))


def test_index_points_are_a_unit():
    assert "value" in conflict(_claim("我们预计2025年集运运价中枢下移，SCFI全年均值约1,650点"),
                               _claim("我们判断2025年集运运价明显回落，SCFI全年均值约1,400点"))


def test_a_clause_with_a_subject_of_its_own_does_not_inherit_the_quantity_before_it():
    claim = _claim("我们预计2025年养殖完全成本下降0.4元/kg，PSY与全程成活率同比均有提升。")
    assert [(f.metric, f.direction) for f in facets(claim)] == [("养殖完全成本", "down")]
    kept = _claim("原奶价格仍处下行周期，全年均价同比下降约5%。")  # 均价 with no qualifier: the milk's
    assert any(f.metric == "原奶价格" and f.direction == "down" for f in facets(kept))


def test_a_scenario_and_a_process_setting_are_not_asserted():
    assert "推迟" not in unquoted("若限产执行不及预期，价格回升的时点可能推迟至2026年上半年。")
    assert "跌价风险" in unquoted("公司存货已超过500亿元，若下游需求变化，存在一定的存货跌价风险")  # only its clause
    assert "集中度" not in unquoted("在行业集中度提升的过程中，龙头企业有望扩大份额。")


@pytest.mark.parametrize("text, stance", [
    ("虽然新船交付仍多，但绕航吸收了有效运力，供需格局并未明显恶化", "positive"),
    ("我们认为终端需求不会大幅下滑", "positive"),
])
def test_a_negator_reaches_its_cue_through_an_adverb_of_degree(text, stance):
    assert stance_of(text) == stance


@pytest.mark.parametrize("text, direction", [
    ("海外业务有望保持15%以上增长", "up"),  # keeping a move going is the move
    ("价格维持下行趋势", "down"),
    ("毛利率维持在25%以上", "flat"),  # a level held
    ("产品价格保持稳定", "flat"),
])
def test_keeping_a_move_is_the_move(text, direction):
    assert direction_of(text) == direction


@pytest.mark.parametrize("text, direction", [
    ("单吨折旧随开工率提升而摊薄", "down"),  # 提升 drives; the depreciation is diluted
    ("单位人工成本随着订单规模扩大而下降", "down"),
    ("随着新产线投产，单位成本将明显提高", "up"),  # a 随着 clause of its own: the move after it is the subject's
])
def test_the_move_inside_sui_er_is_the_drivers(text, direction):
    assert direction_of(text) == direction


def test_a_conceded_move_is_not_the_claims_direction():
    held = _claim("尽管钢材价格仍在下行，但公司的成本优势依然明显。")
    rising = _claim("我们预计公司单位成本将上升0.2元。")
    assert [f.direction for f in facets(held)] == [None]
    assert "direction" not in conflict(held, rising)


@pytest.mark.parametrize("text, stance", [
    ("管理费用率有望同比下降", "positive"),  # 有望 does not stand between the expense and its fall
    ("受新品推广影响，我们预计销售费用率仍将保持在30%以上，难以明显下降", "negative"),  # subjectless clause
    ("我们预计毛利率将有所回落，难以明显提升", "negative"),
])
def test_an_expense_reaches_its_move_across_hedges_and_a_subjectless_clause(text, stance):
    assert stance_of(text) == stance



def test_a_bullet_of_its_own_does_not_continue_the_bullet_before_it():
    page = ("投资要点：\n●出货稳步增长：全年出货量预计达120万台，产能利用率持续提升。\n"
            "●品牌口碑突出，售后投诉显著减少。\n")
    claims = extract_claims([(0, page)], report_year=2025)
    assert [c.topic for c in claims if "口碑" in c.text] == ["其他"]


def test_a_cover_bullet_and_a_body_paragraph_opening_on_one_subject_share_a_topic():
    cover = "投资要点：\n●渠道改革成效显现，经销商信心明显回升。\n"
    body = "渠道改革方面，公司推行扁平化管理，我们预计下半年经销商订单有望恢复增长。\n"
    claims = extract_claims([(0, cover), (1, body)], report_year=2025)
    assert len(claims) == 2 and len({c.topic for c in claims}) == 1
    frames = extract_claims([(1, "随着新品放量，收入有望提升。\n随着降本推进，毛利率有望改善。\n")], report_year=2025)
    assert len({c.topic for c in frames}) == 2  # a frame (随着…) is no subject


def test_the_sentence_after_a_rebuttal_concludes_it():
    page = ("三、渠道：库存压力可控\n市场普遍认为经销商库存偏高将压制发货，但从终端动销看，渠道库存已明显改善。"
            "我们预计下半年批价有望企稳回升至900元以上。\n")
    claims = extract_claims([(1, page)], report_year=2025)
    assert len(claims) == 2 and len({c.topic for c in claims}) == 1


@pytest.mark.parametrize("text, kept", [
    ("需要指出的是，销量下调主要源于海外渠道的库存调整。", False),  # the cause of a change stated elsewhere
    ("按行业平均加工费800元/吨计算，产品价格跌破9000元/吨意味着行业普遍亏损。", False),  # a computation
    ("按最新股本计算，我们预计公司2025年EPS为2.10元。", True),  # looking ahead: the forecast stays
    ("我们预计收入增长主要来自海外市场的放量。", True),
])
def test_a_change_explained_or_computed_is_not_a_view(text, kept):
    assert bool(extract_claims([(1, text)], report_year=2025)) is kept


def test_what_a_concession_grants_ties_no_subject_for_a_stance():
    growth = _claim("我们预计下半年数据中心收入环比增长超过20%。")
    granted = _claim("尽管公司数据中心收入高增的确定性较强，但客户集中度高，短期利润弹性有限。")
    assert conflict(growth, granted) == []


def test_a_revision_of_assumptions_without_a_figure_is_not_a_view():
    assert extract_claims([(1, "具体而言，我们下调了2025年钢材均价与发货量假设。")], report_year=2025) == []


@pytest.mark.parametrize("text, kept", [
    ("当前碳酸锂价格已由年初的约9万元/吨回落至7万元/吨附近，上游开工意愿随之减弱。", False),
    ("公司库存已较年初下降约15%，渠道压力明显缓解。", False),
    ("我们预计碳酸锂价格将由当前的7万元/吨回升至8.5万元/吨。", True),  # looking ahead
])
def test_a_move_measured_from_a_past_point_is_a_result(text, kept):
    assert bool(extract_claims([(1, text)], report_year=2025)) is kept


@pytest.mark.parametrize("text, stance", [
    ("我们预计巴拿马运河通行恢复后，绕行占用的运力将重新释放。", "negative"),  # supply back on the market
    ("我们认为原材料涨价与渠道费用投放将使2025年单位净利回落至0.5元左右。", "negative"),  # 使: the profit falls
    ("管理费用将明显下降，带动净利率回升。", "positive"),
])
def test_supply_released_and_a_move_after_a_causative(text, stance):
    assert stance_of(text) == stance


@pytest.mark.parametrize("text, declared", [
    ("我们对公司海外业务的盈利能力更为谨慎。", True),
    ("盈利预测：更为谨慎，我们预计2025年收入增长8%。", True),
    ("经销商对新品的备货也更加谨慎，倾向于小批量进货。", False),  # a third party's caution, not the report's
])
def test_only_the_reports_own_caution_is_self_declared(text, declared):
    assert self_declared(text) is declared
