"""The engine's order of preference (tools/extractive/signals.py, select.rank(...).order): topic sentences,
judgements and the valuation section before central filler; with `coverage` (the 核心观点), a sentence from
every section before a second from any; nothing from the risk section; no rating scale; and a fill that stays
within ±30 % of its budget."""

from __future__ import annotations

from tools.extractive.select import LENGTH_TOLERANCE, _fill, rank, select_summary
from tools.extractive.signals import signal_counts
from tools.sentence_rank import PageSentence, collect_sentences
from tools.text import squash

BODY = ("一、储能：价格战压制盈利\n储能电芯价格年内下降约30%，行业盈利承压。" +
        "头部企业具备较强的议价能力，行业竞争格局相对稳定。中小企业的议价能力较弱，行业竞争格局趋于分化。"
        "我们认为价格战将持续到2025年底。\n"
        "二、海外：份额继续提升\n公司海外收入占比升至35%，欧洲工厂投产。头部企业的成本优势与议价能力继续扩大。\n"
        "三、盈利预测与投资建议\n参考可比公司估值，给予目标价320元，维持“买入”评级。公司当前估值处于历史低位。\n"
        "四、风险提示\n我们认为原材料价格大幅上涨将压制盈利。")


def test_topic_sentences_and_judgements_come_before_central_filler():
    pool = collect_sentences([(1, BODY)])
    counts = dict(zip((s.text for s in pool.candidates), signal_counts(pool)))
    assert counts["储能电芯价格年内下降约30%，行业盈利承压。"] == 1  # the section's topic sentence
    assert counts["我们认为价格战将持续到2025年底。"] == 1  # a judgement
    assert counts["参考可比公司估值，给予目标价320元，维持“买入”评级。"] == 2.5  # topic + judgement + valuation section
    assert counts["公司当前估值处于历史低位。"] == 0.5  # the valuation section alone counts half
    assert counts["头部企业具备较强的议价能力，行业竞争格局相对稳定。"] == 0
    order = rank([(1, BODY)]).order(coverage=False)
    texts = [s.text for s in order]
    assert texts[0] == "参考可比公司估值，给予目标价320元，维持“买入”评级。"
    # a topic sentence or judgement elsewhere, then the valuation section's other sentences, then filler
    assert texts.index("储能电芯价格年内下降约30%，行业盈利承压。") < texts.index("公司当前估值处于历史低位。") \
        < texts.index("头部企业具备较强的议价能力，行业竞争格局相对稳定。")
    assert texts.index("我们认为价格战将持续到2025年底。") < texts.index("公司当前估值处于历史低位。")


def test_with_coverage_every_section_gets_a_sentence_before_any_gets_a_second_and_risks_are_left_out():
    ranking = rank([(1, BODY)])
    order, pool = ranking.order(coverage=True), ranking.pool.candidates
    sections = dict(zip((s.position for s in pool), collect_sentences([(1, BODY)]).sections))
    first_three = {sections[s.position] for s in order[:3]}
    assert len(first_three) == 3
    assert not any("原材料价格" in s.text for s in order)  # risks have their own section
    assert not any("原材料价格" in s.text for s in select_summary([(1, BODY)], 400))


def test_the_rating_scale_at_a_reports_end_is_no_candidate():
    scale = ("投资建议：黄金股调整空间有限\n我们维持行业“中性”评级，建议关注成本优势突出、分红稳定的黄金企业。\n"
             "投资建议的评级标准：报告中投资建议所涉及的评级分为股票评级和行业评级。\n"
             "行业评级：推荐：相对表现优于同期相关证券市场代表性指数；中性：相对表现与同期相关证券市场代表性指数持平；\n"
             "股票评级：买入：相对同期相关证券市场代表性指数涨幅大于15%；\n"
             "股票投资评级——优于大市：股价表现优于市场代表性指数10%以上；\n投资评级的评价期为报告发布后6到12个月。\n"
             "年初以来板块涨幅跑赢沪深300指数5个百分点，机构持仓比例回升。\n"
             "wangyutong@cmschina.com.cn S1090519070030\n研究员 陈思远 SAC No. S0570519010001，联系电话待定")
    texts = [s.text for s in collect_sentences([(1, scale)]).candidates]
    assert texts == ["我们维持行业“中性”评级，建议关注成本优势突出、分红稳定的黄金企业。",
                     "年初以来板块涨幅跑赢沪深300指数5个百分点，机构持仓比例回升。"]


def test_a_short_input_is_filled_to_within_the_tolerance_of_its_budget():
    pool = [PageSentence("收入预测：我们预计公司2025年营业收入约389.4亿元，同比增长约30.5%；", 0, 0),  # 40 characters
            PageSentence("利润预测：我们预计公司2025年归母净利润76.9亿元，毛利率与2024年基本持平。", 0, 1)]  # 42
    chosen = _fill(pool, 80, pool)  # 40 alone is half the budget: the second is taken though it runs over
    size = sum(len(squash(s.text)) for s in chosen)
    assert len(chosen) == 2 and 80 < size <= (1 + LENGTH_TOLERANCE) * 80
    assert len(_fill(pool, 55, pool)) == 1  # 40 of 55 is within the tolerance already: nothing runs over


def test_captions_and_contents_lines_are_not_candidates_and_open_no_section():
    pages = [(1, "二、盈利预测与投资建议\n我们预计公司2025年归母净利润506.4亿元，同比增长25%。\n"
                 "表1：盈利预测与估值\n参考可比公司估值，给予目标价460.00元，维持“买入”评级。\n"
                 "图表 55:\t各主流宽基指数公募指增超额收益率中位数统计\t26\n投资决策生成.....10\n")]
    pool = collect_sentences(pages)
    assert not any("图表" in s.text or "....." in s.text for s in pool.candidates)
    assert any(s.reason == "caption" and "图表 55" in s.text for s in pool.skipped)
    counts = dict(zip((s.text for s in pool.candidates), signal_counts(pool)))
    # under the table title, still the valuation section, and not its topic sentence
    assert counts["参考可比公司估值，给予目标价460.00元，维持“买入”评级。"] == 1.5
