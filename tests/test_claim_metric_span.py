"""Where a claim's metric starts and stops when no listed quantity word names it (tools.claims.metric_span)."""

from tools.claims.extract import heads_in, metric_of
from tools.claims.metric_span import subject_before_move, tail


def test_a_modal_before_the_movement_ends_the_subject():
    assert metric_of("同时新基地转固后2027年摊销额预计同比增加约5亿元。") == "摊销额"


def test_a_period_and_a_modal_are_not_part_of_the_subject():
    assert metric_of("医美针剂下半年有望恢复正增长。") == "医美针剂"


def test_a_level_held_is_predicated_of_its_subject():
    assert metric_of("开发端，公司坚持量入为出，2026年新开工强度维持在40%左右。") == "新开工强度"


def test_a_movement_with_its_subject_left_out_passes_to_the_next():
    assert subject_before_move("2026年或将回落，公司液压件业务增长承压。", 0) == "液压件业务"


def test_a_bare_abbreviation_is_no_subject():
    assert subject_before_move("OPM维持在30%左右。", 0) == ""


def test_an_inventory_write_down_is_not_a_price():
    assert heads_in("存货跌价准备计提较为充分") == set()


def test_the_quantity_a_forward_modal_judges_is_the_claims_not_the_cause_before_it():
    assert metric_of("原料价格回落叠加渠道费用收缩，公司净利率有望稳步提升。") == "公司净利率"


def test_a_period_and_the_quantitys_own_measure_may_stand_before_the_modal():
    assert metric_of("海外需求走弱，行业开工率2026年有望触底。") == "行业开工率"
    assert metric_of("渠道库存去化，饮料价格中枢或继续上移。") == "饮料价格"


def test_a_modal_after_another_noun_judges_that_noun():
    assert metric_of("监管政策出台后行业供给将收缩。") == "监管政策"


def test_a_market_or_policy_opening_the_clause_sets_the_scene_for_the_quantity():
    assert metric_of("产业政策推动行业集中度提升，龙头受益。") == "行业集中度"
    assert metric_of("海外方面，新兴市场渗透率持续提升。") == "新兴市场渗透率"


def test_a_growth_sized_in_percent_is_the_subjects_growth_rate():
    assert metric_of("我们预计2026年存款同比增长9.5%。") == "存款增速"
    assert metric_of("我们预计2026年存款增长较快。") == "存款"


def test_a_word_of_extent_is_no_subject():
    assert subject_before_move("我们预计实际增长20%左右，低于指引。", 0) == ""


def test_a_cause_and_a_degree_adverb_are_not_part_of_the_subject():
    assert subject_before_move("管理费用因股权激励摊销结束而明显减少", 0) == "管理费用"
    assert subject_before_move("净息差得益于负债成本下行小幅回升", 0) == "净息差"
    assert subject_before_move("季节性因素拖累下销量下降", 0).startswith("季节性因素")  # 因素 is a noun, not a cause


def test_a_long_name_is_cut_between_words_not_inside_a_latin_one():
    assert tail("DeepSeek大模型技术") == "大模型技术"
    assert tail("CUDA底层PTX代码") == "底层PTX代码"
    assert tail("储能毛利率") == "储能毛利率"
