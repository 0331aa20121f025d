"""The offline summary engine: budget, antecedents, sections that never repeat, risks only from the risk
section, the cover's own summary; and the files a batch writes for it (agents/summarize/index_files.py)."""

from __future__ import annotations

from agents.consensus.structured import FORECAST_CV_DIVERGENCE, forecast_dispersion, upsides
from agents.summarize.extractive import extractive_draft
from agents.summarize.index_files import _cell, file_stem
from agents.summarize.models import EpsForecast, ReportMeta, ReportSummary, ReportViews
from tools.extractive.select import (NEEDS_ANTECEDENT, Budget, _fill, budget_for, dependent_positions, rank,
                                     select_summary)
from tools.sentence_rank import PageSentence, collect_sentences

BODY = ("一、行业格局\n行业需求持续增长，我们预计2025年全球出货量同比增长30%以上。"
        "上游材料价格企稳，中游厂商盈利能力逐步修复。二是海外市场需求放量。此外，新产品迭代速度加快。"
        "公司在大客户中的份额持续提升，我们认为公司将充分受益于行业集中度提升。"
        "行业竞争格局趋于稳定，头部企业的议价能力增强。"
        "二、盈利预测\n我们预计公司2025年归母净利润同比增长25%，毛利率有望提升1个百分点。")


def test_budget_follows_the_input():
    short = collect_sentences([(1, BODY)]).candidates
    long = collect_sentences([(1, BODY * 8)]).candidates
    budget = Budget(ratio=0.25, floor=40, ceiling=10_000)
    assert budget_for(long, budget) > 3 * budget_for(short, budget)
    assert budget_for(short, Budget(ratio=0.25, floor=500)) == 500


def test_antecedent_comes_with_its_sentence_or_not_at_all():
    pool = [PageSentence("海外需求放量有两个原因。一是欧洲补贴延续", 1, 0), PageSentence("二是美国关税豁免延长", 1, 1),
            PageSentence("公司份额提升", 1, 2)]
    assert NEEDS_ANTECEDENT.match(pool[1].text)
    both = _fill([pool[1], pool[2]], 60, pool, antecedents=True)
    assert [s.position for s in both] == [0, 1, 2]
    neither = _fill([pool[1], pool[2]], 20, pool, antecedents=True)
    assert [s.position for s in neither] == [2]  # no room for the pair: the fragment is skipped


def test_only_a_later_list_item_or_a_broken_sentence_needs_an_antecedent():
    assert not NEEDS_ANTECEDENT.match("1、出海：2024年License-out交易总金额519亿美元。")  # a list's first item
    assert NEEDS_ANTECEDENT.match("第一，就是庞大的资金优势。")  # prose that counts follows its lead-in
    assert not NEEDS_ANTECEDENT.match("第二曲线稳步推进：工业制品与绿色能源业务保持双位数增长。")  # a word, no ordinal
    assert not NEEDS_ANTECEDENT.match("2024 年公司实现营业收入 1,708.8 亿元，同比增长 15.7%；")
    for later in ("2、估值：板块估值仍处历史低位。", "二是海外市场需求放量。", "第二，海外需求放量。", "另一方面，散户居多。",
                  "7,769.9 亿元，同比增长 29.0%；", "82.0、101.5 亿元，对应 EPS 分别为 0.79、1.03 元。"):
        assert NEEDS_ANTECEDENT.match(later), later


def test_a_cover_summary_keeps_its_numbered_items():
    cover = ("某证券 | 行业策略 | 医药生物\n行业评级：推荐（维持）\n核心观点：\n"
             "1、出海：2024年License-out交易总金额519亿美元，ADC与双抗仍是出海交易最活跃的领域。\n"
             "2、估值：板块估值仍处历史低位，公募持仓处于近五年低点。\n3、政策：创新药全链条支持政策持续落地，审评审批提速。")
    draft = extractive_draft([(0, cover), (1, BODY)], ReportMeta(report_id="r", title="医药行业策略"))
    assert [s[:2] for s in draft.summary.split("。") if s] == ["1、", "2、", "3、"]


def test_selection_stays_near_its_budget():
    pages = [(1, BODY * 3)]
    limit = 200
    chosen = select_summary(pages, limit)
    size = sum(len("".join(s.text.split())) for s in chosen)
    assert 0.7 * limit <= size <= limit


def test_three_long_sentences_and_a_small_budget_still_land_within_it():
    """50 + 62 + 58 characters against 80: the preferred 52 alone is short and nothing fits beside it,
    so it gives way to the next preferred sentence that lands within ±30 %."""
    texts = ["份额领先，公司工业机器人出货量连续两年位居国产品牌第一，在锂电、光伏与汽车零部件领域客户基础较强。",
             "盈利预测方面，我们预计公司2025年归母净利润0.9亿元，对应EPS 0.10元，对应当前股价估值偏高，首次覆盖给予中性评级。",
             "价格战侵蚀利润，国内工业机器人价格三年累计下降约25%，公司工业机器人毛利率下滑至30%以下，行业出清信号尚不明确。"]
    order = [PageSentence(t, 0, i) for i, t in enumerate(texts)]
    sizes = [len(t) for t in texts]
    limit = 80
    assert sizes[0] < 0.7 * limit and all(sizes[0] + n > 1.3 * limit for n in sizes[1:])
    chosen = _fill(order, limit)
    assert [s.position for s in chosen] == [1]
    assert 0.7 * limit <= sum(len(s.text) for s in chosen) <= 1.3 * limit


def test_sections_never_repeat_and_risks_come_only_from_the_risk_section():
    meta = ReportMeta(report_id="r", title="测试报告")
    draft = extractive_draft([(0, BODY), (1, BODY.replace("二、", "三、"))], meta)
    assert draft.risks == []  # no 风险提示: no invented risks
    cover = "投资要点\n我们预计公司2025年收入增长20%，盈利能力持续改善。\n风险提示\n原材料价格大幅波动导致毛利率下滑。\n下游需求恢复不及预期的风险。"
    draft = extractive_draft([(0, cover), (1, BODY)], meta)
    assert draft.summary.startswith("我们预计公司2025年收入增长20%")  # the author's own summary first
    assert [p.text for p in draft.risks] == ["原材料价格大幅波动导致毛利率下滑。", "下游需求恢复不及预期的风险。"]
    texts = [draft.summary] + [p.text for p in draft.core_arguments + draft.risks]
    for point in draft.core_arguments + draft.risks:
        assert sum("".join(point.text.split()).rstrip("。") in "".join(t.split()) for t in texts) == 1


def test_company_subject_and_file_names():
    meta = ReportMeta(report_id="ab12", title="宁德时代：储能打开第二曲线", tickers=["300750.SZ"])
    assert extractive_draft([(0, "宁德时代（300750）\n" + BODY)], meta).subject == "宁德时代（300750.SZ）"
    summary = ReportSummary(report_id="ab12cd", source="x.pdf", page_count=3, title="储能/价格战: 再审视?",
                            broker="华泰证券", date="2025-03-26")
    assert file_stem(summary) == "20250326_华泰证券_储能_价格战_再审视_ab12cd"
    assert _cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")" and _cell("12.5") == 12.5


def _report(rid, broker, tp, price, eps):
    return ReportSummary(report_id=rid, source="x", page_count=2, title="t", broker=broker,
                         views=ReportViews(target_price=tp, target_price_page=0, current_price=price, current_price_page=0,
                                           eps_forecasts=[EpsForecast(year="2025E", eps=eps, net_profit=eps * 10, page=1)]))


def test_upside_uses_each_reports_own_price_and_dispersion_flags_spread():
    reports = [_report("a", "甲", 320.0, 262.5, 14.0), _report("b", "乙", 280.0, 258.8, 10.0)]
    ups = upsides(reports, lambda r: r.broker)
    assert [round(u.upside * 100, 2) for u in ups] == [21.9, 8.19]
    stats = forecast_dispersion(reports, lambda r: r.broker)
    eps = stats["EPS"][0]
    assert (eps.min, eps.max, eps.n) == (10.0, 14.0, 2) and eps.cv > FORECAST_CV_DIVERGENCE and eps.divergent
    assert stats["归母净利润"][0].values[0].page == 1


def test_a_paragraph_that_continues_a_broken_sentence_needs_the_one_before():
    long_line = "与鸣石基金类似，九坤投资等头部量化机构早已布局AI基础设施，在数据、算法、算力等领域积累深厚，近年来陆续设立多个实验室。\n"
    text = (long_line * 3 +  # a text export: one line per paragraph, and one paragraph broken in two
            "此外，上海某量化私募人士表示，其他多数头部机构主要还是围绕资产管理维度这一典型应用\n"
            "场景，进行金融垂直类AI大模型的研发。\n销量：新车周期强劲，出海贡献增量\n公司月度销量保持高位，带动终端需求。")
    pool = collect_sentences([(0, text)])
    dependent = dependent_positions(pool)
    texts = {s.text: s.position in dependent for s in pool.candidates}
    assert texts["场景，进行金融垂直类AI大模型的研发。"]  # the rest of the sentence the paragraph before broke off
    assert not texts["公司月度销量保持高位，带动终端需求。"]  # under a topic line, it stands alone
    broken = next(s for s in pool.candidates if s.text.startswith("场景"))
    chosen = _fill([broken], 30, pool.candidates, antecedents=True, dependent=dependent)
    assert chosen == []  # no room for both halves: neither


def test_a_sentence_inside_a_preferred_one_is_not_ranked_again():
    text = ("三、投资建议\n我们维持行业“推荐”评级，建议关注资源储量丰富、产量增长确定性高的黄金开采企业。\n"
            "四、黄金股\n建议关注资源储量丰富、产量增长确定性高的黄金开采企业；金价上涨几乎全部转化为黄金开采企业的利润，业绩弹性显著。")
    order = rank([(1, text)]).order(coverage=True)
    assert sum("建议关注资源储量丰富" in s.text for s in order) == 1
