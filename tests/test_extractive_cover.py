"""The cover's own summary (tools/extractive/cover.py): under a heading, or after an inline label down to
the next label — the reference the extractive benchmark scores against, and the 摘要 the command uses."""

from __future__ import annotations

from tools.extractive.cover import cover_summary, risk_section

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
