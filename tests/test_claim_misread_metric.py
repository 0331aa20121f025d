"""A claim's metric is a noun phrase naming a quantity, never the clause's grammar (issue 13: misread metrics)."""

from tools.claims.extract import claim_from_text, metric_of
from tools.claims.metric_span import subject_before_move
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


def test_a_copula_is_not_part_of_the_subject():
    assert metric_of("价格下跌并非需求坍塌，而是新增产能集中释放所致。") == "新增产能"


def test_the_reports_voice_is_no_subject():
    assert subject_before_move("我们2026年预测下调至70亿元。", 0) == ""
    assert subject_before_move("我们预测2026年利息收入下调至70亿元。", 0) == "利息收入"


def test_a_demonstrative_is_not_a_qualifier():
    assert metric_of("公司个险新单中分红险占比已超过四成，这一比例明年仍将上升。") == "比例"
    assert metric_of("这一增量主要来自新材料产品。") == "增量"


def test_a_listed_point_opens_on_its_ordinal_not_its_subject():
    assert metric_of("二是高端车型月销稳定在3万辆以上。") == "高端车型月销"


def test_a_claim_on_a_level_takes_the_subject_the_level_is_stated_of():
    assert metric_of("对应明年一季度生猪供给仍较充足；") == "生猪供给"
    assert metric_of("我们测算2026年动力煤供需转为宽松。") == "动力煤供需"
    assert metric_of("公司转基因品种储备充足。") == "转基因品种储备"


def test_a_bullets_short_label_names_the_subject_when_the_body_names_none():
    assert metric_of("股东增持：控股股东持续提供低息借款，降低了短期违约概率。") == "股东增持"
    assert metric_of("我们的点评：控股股东持续提供低息借款。") == ""


def test_an_aspect_particle_or_a_verb_taking_the_quantity_as_object_ends_its_qualifier():
    assert metric_of("新一代快充电池巩固了高端车型配套份额。") == "高端车型配套份额"
    assert metric_of("储能产品受制于购置成本，放量节奏偏慢。") == "购置成本"


def test_a_nominalised_move_after_de_leaves_the_quantity_before_it():
    # the seeds (real reports) write 随着对国外算力依赖度的降低 / 随着算力水平的提升: the quantity is before 的
    assert subject_before_move("随着对进口设备依赖度的降低，国产设备或将迎来机遇。", 0) == "进口设备依赖度"
    assert subject_before_move("随着产线自动化水平的提升，单位人工成本有望下降。", 0) == "产线自动化水平"


def test_procurement_and_imports_are_quantities():
    assert metric_of("我们判断国内医疗设备招采将于2025年四季度迎来拐点。") == "国内医疗设备招标"
    assert metric_of("我们预计2025年蒙古焦煤进口量约8,500万吨，通关车数保持高位。") == "蒙古焦煤进口量"


def test_an_amount_named_by_what_it_pays_for_is_a_quantity():
    # 签约金额 (a developer's contracted sales written short), not the premise's 推盘节奏
    claim = claim_from_text("考虑到四季度推盘节奏，我们预计全年签约金额有望达到2,900亿元左右。", 1, 2025)
    assert claim.metric == "签约金额"
    assert metric_of("我们预计2025年公司投资金额约50亿元。").endswith("投资金额")
