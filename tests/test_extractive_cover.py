"""The cover's own summary (tools/extractive/cover.py): under a heading, after an inline label down to the
next label, or — on a report cover with neither — its block of running prose; the reference the extractive
benchmark scores against, and the 摘要 the command uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.extractive.cover import cover_summary, risk_section

SEED_004 = Path("/work/shared/seeds/004_08e7aff3c1c4f8d9.txt")

INLINE = ("某证券 | 公司更新报告 | 银行\n宁波银行：经营稳健\n当前价格 24.50    目标价31.20元\n"
          "投资要点：维持“增持”评级，目标价31.20元。预计2025年归母净利润291.5亿元。\n"
          "信贷增长维持高位：我们预计2025年贷款同比增长14.8%，扩表速度继续领先同业。\n"
          "资产质量稳定：不良率0.76%保持稳定，拨备充足。\n"
          "投资建议：我们预计2025年归母净利润291.5亿元，维持“增持”评级。\n"
          "风险提示：宏观经济下行风险；息差收窄超预期。")


def test_inline_label_covers_the_lines_after_it_until_the_risk_label():
    texts = [s.text for s in cover_summary([(0, INLINE), (1, "一、信贷\n贷款投放节奏前置，对公贷款增长较快。")])]
    assert texts[0] == "维持“增持”评级，目标价31.20元。"
    assert "资产质量稳定：不良率0.76%保持稳定，拨备充足。" in texts
    assert texts[-1] == "我们预计2025年归母净利润291.5亿元，维持“增持”评级。"  # 投资建议： is still the summary
    assert not any("宏观经济" in t or "贷款投放" in t for t in texts)  # risks and body pages are not the summary
    assert [s.text for s in risk_section([(0, INLINE)])] == ["宏观经济下行风险；", "息差收窄超预期。"]


def test_heading_summary_stops_at_the_next_heading_and_a_cover_without_one_gives_nothing():
    cover = ("核心观点\n公司上半年营业收入同比增长34.5%，成本持续下行。\n出栏稳步增长：全年出栏有望达7800万头。\n"
             "●投资建议：维持“买入”评级，目标价65.00元。\n风险提示\n猪价大幅下跌。")
    assert [s.text for s in cover_summary([(0, cover)])] == ["公司上半年营业收入同比增长34.5%，成本持续下行。",
                                                            "出栏稳步增长：全年出栏有望达7800万头。",
                                                            "维持“买入”评级，目标价65.00元。"]
    assert cover_summary([(0, "某证券\n宁波银行：经营稳健\n公司贷款同比增长14.8%，扩表速度领先同业。")]) == []


def test_a_bare_summary_heading_counts_but_a_financial_summary_table_does_not():
    cover = "三七互娱（002555）\n摘要\n公司上半年实现营业收入84.9亿元，归母净利润14.0亿元。\n风险提示：新游流水不及预期。"
    assert [s.text for s in cover_summary([(0, cover)])] == ["公司上半年实现营业收入84.9亿元，归母净利润14.0亿元。"]
    table = "三七互娱（002555）\n财务摘要\n我们预计公司营业收入同比增长12.5%，利润率稳定。"
    assert cover_summary([(0, table)]) == []


# A 华泰-style cover: no summary heading at all, topic lines over paragraphs beside the rating box.
NO_HEADING = ("华泰研究 | 2025年3月18日 │ 中国内地 | 深度研究\n全球龙头再启航，储能打开第二曲线\n宁德时代深度研究\n"
              "动力电池：份额稳固，高端产品放量\n公司动力电池全球装机份额保持领先，快充产品在主流车企平台加速定点。\n"
              "盈利预测与估值\n我们预计公司2025年归母净利润594.6亿元，给予目标价320.00元，维持“买入”评级。\n"
              "| 会计年度 | 2024A | 2025E |\n| EPS (人民币) | 11.51 | 13.51 |\n宁德时代 (300750 CH)\n投资评级(维持)：\n买入\n"
              "目标价(人民币)：320.00\n研究员 陈思远\nSAC No. S0570519010001\nchensiyuan@htsc.com\n基本数据\n收盘价 (人民币)：235.60\n"
              "相关报告\n1.《宁德时代：海外工厂投产，全球份额再提升》2025-01-12")
BODY = (1, "一、动力电池\n公司动力电池全球装机份额连续八年位居第一，海外客户定点持续增加。")


def test_a_cover_without_a_summary_heading_is_read_by_its_structure():
    texts = [s.text for s in cover_summary([(0, NO_HEADING), BODY])]
    assert texts == ["公司动力电池全球装机份额保持领先，快充产品在主流车企平台加速定点。",
                     "我们预计公司2025年归母净利润594.6亿元，给予目标价320.00元，维持“买入”评级。"]


def test_other_summary_headings_marker_lines_and_the_risk_block_by_structure():
    cover = ("国金证券 | 汽车 | 公司点评\n比亚迪2024年报点评：规模与技术双轮驱动，单车盈利有望上行\n"
             "本报告仅供机构投资者参考，不代表任何个人观点，仅用于测试；其余内容亦然。\n"
             "股价365.00元（2025年3月25日）    目标价460元\n"
             "业绩简评：2024年公司新能源汽车销量427万辆，同比+41%；归母净利润402.5亿元，同比+34%。\n经营分析：\n"
             "1）销量再上台阶：新车型周期叠加海外放量，我们预计公司2025年总销量达到600万辆。\n"
             "2）单车盈利上行：规模效应带动单车净利提升至约1.0万元。\n"
             "▶ 风险提示：海外贸易壁垒；价格竞争加剧。\n风险\n全球贸易摩擦加剧，新车型销量不及预期。")
    texts = [s.text for s in cover_summary([(0, cover), BODY])]
    assert texts[0].startswith("业绩简评：2024年公司新能源汽车销量427万辆")
    assert texts[-1] == "2）单车盈利上行：规模效应带动单车净利提升至约1.0万元。"
    assert not any("点评：" in t or "仅供" in t or "其余内容" in t or "风险" in t or "贸易" in t for t in texts)


def test_structure_needs_a_report_cover_and_a_body():
    news = ("量化巨头重金押注AI 机遇与暗礁并存\n● 本报记者 王辉\n"
            "在人工智能技术浪潮与量化投资竞争趋于白热化的双重驱动下，头部量化私募机构正在AI领域加紧布局。\n"
            "3月7日，老牌百亿级量化私募鸣石基金发布的一则招聘公告引发行业关注，公告显示其正面向全球招募AI科学家。")
    assert cover_summary([(0, news), (1, news)]) == []  # a news article's first page is no cover
    assert cover_summary([(0, NO_HEADING)]) == []  # a one-page document has no cover to set aside


@pytest.mark.skipif(not SEED_004.is_file(), reason="the seeds are not on this machine")
def test_a_real_cover_without_a_summary_heading():
    """Seed 004 (国金证券 金融工程年度策略): a real cover whose summary sits under topic lines, with no 投资要点."""
    from tools.documents import load_document

    pages = [(p.number, p.text) for p in load_document(SEED_004).pages]
    texts = [s.text for s in cover_summary(pages)]
    assert texts[0].startswith("展望 2025 年，我们认为交互式多模态大语言模型将会成为主流")
    assert any(t.startswith("在选股方面，我们认为中小盘宽基指数增强产品") for t in texts)
    assert not any("执业" in t or "风险" in t[:4] or "失效" in t or "内容目录" in t for t in texts)
