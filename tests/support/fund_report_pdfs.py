"""Fund periodic reports generated as real PDFs in the layouts CSRC's templates give them: a cover, a table of
contents with dot leaders and page numbers, a running header (fund name + report name) and a footer
("第 N 页 共 M 页") on every page, sections numbered §4 / 4.4 / 4.4.1, commentary that runs over a page
break, list items ("1、") inside the commentary, and a financial table after it.

Three layouts: `quarterly` (4.4 运作分析, 4.5 业绩表现, no 展望 — as in most 季报), `annual` (4.4.1 运作分析
inside 4.4, 4.5 展望, as in 中报/年报), `plain` (no numbers on the headings, "的" dropped from one).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

from tests.support.pdfs import BODY, HEADING

FILLER = ("本基金严格遵守基金合同的约定，基金管理人按照相关法律法规的规定履行职责，"
          "基金托管人对本报告中财务指标、净值表现和投资组合报告等内容进行了复核，保证复核内容不存在虚假记载。")


def strategy_text(fund: str, period: str) -> list[str]:
    return [f"{period}，市场风格在成长与价值之间快速切换。{fund}在报告期内根据宏观环境与行业景气度的变化，"
            "对组合进行了较大幅度的行业轮动，降低了消费板块的配置，增加了电子、通信与高端制造的仓位。",
            "1、在半导体设备与算力方向上，我们自下而上精选具备核心竞争力的龙头公司，持仓集中度有所提升。",
            "2、在估值层面，我们坚持以合理价格买入成长，对估值过高的个股进行了减持，整体仓位保持在较高水平。"]


def outlook_text(period: str) -> list[str]:
    return [f"展望{period}之后的市场，我们认为宏观经济有望延续温和复苏，政策面积极因素不断累积。",
            "我们将继续在成长风格中寻找景气度向上的细分行业，同时关注红利资产的防御价值，保持组合的均衡配置。"]


def h(text: str) -> Paragraph:
    return Paragraph(text, HEADING)


def p(text: str) -> Paragraph:
    return Paragraph(text, BODY)


def _sections(layout: str, fund: str, period: str) -> list:
    table = Table([["项目", "本期", "上期"], ["本期已实现收益", "1,234,567.89", "987,654.32"],
                   ["期末基金资产净值", "3,456,789,012.34", "3,210,987,654.32"]])
    if layout == "quarterly":
        story = [h("§4 管理人报告"), h("4.1 基金经理（或基金经理小组）简介"), p(FILLER * 3),
                 h("4.4 报告期内基金的投资策略和运作分析"), *map(p, strategy_text(fund, period)), *[p(FILLER)] * 14,
                 h("4.5 报告期内基金的业绩表现"), p("截至报告期末本基金份额净值为1.2345元，本报告期基金份额净值增长率为3.21%。")]
    elif layout == "annual":
        story = [h("§4 管理人报告"), h("4.4 管理人对报告期内基金的投资策略和业绩表现的说明"),
                 h("4.4.1 报告期内基金投资策略和运作分析"), *map(p, strategy_text(fund, period)), *[p(FILLER)] * 14,
                 h("4.4.2 报告期内基金的业绩表现"), p("本报告期基金份额净值增长率为-5.67%，同期业绩比较基准收益率为-3.45%。"),
                 h("4.5 管理人对宏观经济、证券市场及行业走势的简要展望"), *map(p, outlook_text(period)),
                 h("4.6 管理人对报告期内基金估值程序等事项的说明"), p(FILLER)]
    else:
        story = [h("管理人报告"), h("报告期内基金投资策略和运作分析"), *map(p, strategy_text(fund, period)),
                 *[p(FILLER)] * 14, h("报告期内基金的业绩表现"), p("本报告期基金份额净值增长率为1.23%。"),
                 h("管理人对宏观经济、证券市场及行业走势的简要展望"), *map(p, outlook_text(period)),
                 h("管理人对报告期内基金估值程序等事项的说明"), p(FILLER)]
    return [*story, h("§5 投资组合报告"), table, p(FILLER * 2)]


def make_fund_report(path: Path, layout: str, fund: str, report: str, period: str) -> Path:
    """A periodic report of `fund` ("华夏成长混合型证券投资基金"), titled `report` ("2024年第3季度报告")."""
    title = f"{fund}{report}"

    def furniture(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("STSong-Light", 9)
        canvas.drawString(72, A4[1] - 40, title)
        canvas.drawRightString(A4[0] - 72, 30, f"第 {doc.page} 页 共 6 页")
        canvas.restoreState()

    toc = ["§1 重要提示 ........................................ 2", "§4 管理人报告 ...................................... 3",
           "4.4 报告期内基金的投资策略和运作分析 ................ 3",
           "4.5 管理人对宏观经济、证券市场及行业走势的简要展望 ... 4", "§5 投资组合报告 .................................... 5"]
    story = [Spacer(1, 120), Paragraph(title, HEADING), Paragraph("基金管理人：示例基金管理有限公司", BODY), PageBreak(),
             Paragraph("目录", HEADING), *[Paragraph(line, BODY) for line in toc], PageBreak(),
             Paragraph("§1 重要提示", HEADING), Paragraph(FILLER * 2, BODY), *_sections(layout, fund, period)]
    SimpleDocTemplate(str(path), pagesize=A4, title=title).build(story, onFirstPage=furniture, onLaterPages=furniture)
    return path
