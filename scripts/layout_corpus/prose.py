"""Body sections of company reports, written from a company's fictional view (companies*.py).

Figures, tables and the forecast are abstract here ("figure", "figpair", "datatable",
"forecast_body"); build.py turns them into the house style's captions and sources.
"""
from __future__ import annotations

from .covers import B
from .spec import DocSpec, Section


def yi(value_million: float) -> str:
    return f"{value_million / 100:,.1f}"


def profit_sentence(doc: DocSpec) -> str:
    fc = doc.forecast
    est = [i for i, y in enumerate(fc.years) if y.endswith("E")]
    profits = "、".join(yi(fc.rows["归母净利润"][i]) for i in est)
    eps = "、".join(f"{fc.rows['EPS'][i]:.2f}" for i in est)
    span = f"{fc.years[est[0]][:4]}-{fc.years[est[-1]][:4]}"
    text = f"我们预计公司 {span} 年归母净利润分别为 {profits} 亿元，对应 EPS 分别为 {eps} 元"
    if "PE" in fc.rows:
        pes = "/".join(f"{fc.rows['PE'][i]:.0f}" for i in est)
        text += f"，当前股价对应 PE 分别为 {pes} 倍"
    return text + "。"


def valuation_sentence(doc: DocSpec) -> str:
    action = {"维持": "维持", "首次覆盖": "首次覆盖，给予", "上调": "上调至", "下调": "下调至"}[doc.rating_action]
    if doc.target_price is None:
        return f"考虑到公司所处行业景气与竞争格局，{action}“{doc.rating}”评级，暂不设定目标价。"
    return f"参考可比公司估值，给予目标价 {doc.target_price:.2f} 元，{action}“{doc.rating}”评级。"


def company_points(doc: DocSpec, company: dict) -> list[tuple[str, str]]:
    d1, d2 = company["drivers"]
    return [(d1[0], d1[1]), (d2[0], d2[1]), ("盈利预测与估值", profit_sentence(doc) + valuation_sentence(doc))]


def company_sections(doc: DocSpec, company: dict, deep: bool) -> list[Section]:
    name, fc = company["name"], doc.forecast
    rev = fc.rows["营业收入"]
    intro = (f"{name}是国内{company['business']}领域的龙头企业之一。{fc.years[1][:4]} 年公司实现营业收入 {yi(rev[1])} 亿元，"
             f"同比{'增长' if fc.rows['营收增长率'][1] >= 0 else '下降'} {abs(fc.rows['营收增长率'][1]):.1f}%；"
             f"归母净利润 {yi(fc.rows['归母净利润'][1])} 亿元。以下数字均为虚构测试数据。")
    sections = []
    if deep:
        sections.append(Section(f"公司概况：深耕{company['business']}", [
            B("para", intro),
            B("figpair", pair=((f"{name}营业收入及增速", "Wind"), (f"{name}归母净利润及增速", "Wind"))),
            B("para", "公司治理结构清晰，管理层经营稳健。我们将公司业务拆分为以下板块，并对各板块收入进行预测（单位：亿元）。"),
            B("datatable", "分业务收入预测（亿元）", rows=company["segments"], table={"source": "公司公告", "role": "segments"}),
        ]))
    else:
        sections.append(Section("事件", [B("para", f"公司发布经营数据公告。{intro}")]))
    for i, (heading, p1, p2) in enumerate(company["drivers"]):
        blocks = [B("para", p1), B("para", p2)]
        if deep or i == 0:
            blocks.append(B("figure", f"{heading.split('：')[0]}相关指标变化", table={"source": "Wind、公司公告"}))
        sections.append(Section(heading, blocks))
    val = [B("para", profit_sentence(doc)), B("forecast_body")]
    if deep:
        peers = [["代码", "公司", "2025E PE", "2026E PE"] if company["industry"] != "银行" else ["代码", "公司", "2025E PB", "2026E PB"]]
        val += [B("para", "我们选取同行业可比公司进行估值比较，可比公司估值采用 Wind 一致预期。"),
                B("datatable", "可比公司估值表", rows=peers + company["peers"], table={"source": "Wind 一致预期", "role": "peers"})]
    val.append(B("para", valuation_sentence(doc)))
    sections.append(Section("盈利预测与估值" if deep else "盈利预测与投资建议", val))
    sections.append(Section("风险提示", [B("bullet", f"{r}；" if i + 1 < len(company["risks"]) else f"{r}。")
                                      for i, r in enumerate(company["risks"])]))
    return sections
