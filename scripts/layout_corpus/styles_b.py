"""House styles after 国金证券, 东吴证券 and 广发证券 (layout conventions only; all content is fictional)."""
from __future__ import annotations

from .covers import B, analyst_blocks, basic_data, date_text, fiction, forecast_blocks, money, points
from .model import TextStyle
from .style_base import HouseStyle, PageCtx, footer_y, header_y, right_x, text_styles


# -- 国金证券: analysts listed under the title (执业 S1130…, @gjzq.com.cn), right sidebar with the rating;
#    header names 国金证券研究所 on every page; page numbers as "- n -".
def gjzq_furniture(style: HouseStyle):
    def furniture(ctx: PageCtx):
        left = style.margins[0]
        header = [(left, header_y(style), ctx.doc.type_label, 8, "left"),
                  (right_x(style), header_y(style), "国金证券研究所", 8, "right")]
        label = str(ctx.index + 1)
        footer = [(left, footer_y(style), "敬请参阅最后一页特别声明", 7, "left"),
                  ((left + right_x(style)) / 2, footer_y(style), f"- {label} -", 8, "center")]
        return header, footer, label
    return furniture


def gjzq_cover(style: HouseStyle, doc):
    main = [B("note", f"{doc.type_label}  证券研究报告")]
    if doc.date:
        main.append(B("note", date_text(doc)))
    if doc.extra.get("team"):
        main.append(B("note", doc.extra["team"]))
    main += analyst_blocks(doc, "gjzq")
    main.append(B("title", doc.title))
    if doc.subtitle:
        main.append(B("subtitle", doc.subtitle))
    main.append(fiction(doc))
    main += doc.extra.get("cover_blocks") or points(doc)
    main += forecast_blocks(style, doc, "short", "公司基本情况（人民币）", source="来源：公司年报、国金证券研究所")
    side = []
    if doc.rating:
        action = {"维持": "维持评级", "首次覆盖": "首次评级", "上调": "上调评级", "下调": "下调评级"}[doc.rating_action]
        side += [B("kvhead", "投资评级"), B("rating", f"{doc.rating}（{action}）")]
    if doc.stock_code:
        side.append(B("kv", f"{doc.stock_name} ({doc.stock_code})"))
    if doc.current_price is not None:
        side.append(B("kv", f"市价（人民币）：{money(doc.current_price)}元"))
    if doc.target_price is not None:
        side.append(B("kv", f"目标价格（人民币）：{money(doc.target_price)}元"))
    side += basic_data(doc, "市场数据（人民币）")
    if doc.related:
        side += [B("kvhead", "相关报告")] + [B("kv", f"{i}.《{r}》") for i, r in enumerate(doc.related, 1)]
    return main, {"sidebar": side}


def gjzq() -> HouseStyle:
    accent = "#A6192E"
    style = HouseStyle("gjzq", "国金证券", "gjzq.com.cn", "1130", "国金证券研究所", accent,
                       text_styles(accent, analystline=TextStyle(size=7.8, leading=12, after=1, color="#333333")),
                       furniture=None, cover=gjzq_cover, sidebar="right", sidebar_width=140, table_grid="three_line",
                       caption_prefix="图表{n}：", table_prefix="图表{n}：", source_prefix="来源：", bullet="")
    style.furniture = gjzq_furniture(style)
    return style


# -- 东吴证券: the broker is named only in the footer (东吴证券研究所) and the e-mail domain; disclaimers
#    say 本公司; date on the cover as 2025年03月18日; pages "n / N"; disclaimers start on the same page
#    as the end of the body.
def dwzq_furniture(style: HouseStyle):
    def furniture(ctx: PageCtx):
        doc, left = ctx.doc, style.margins[0]
        what = "·".join(x for x in ("证券研究报告", doc.type_label, doc.industry) if x)
        header = [(left, header_y(style), what, 8, "left")]
        label = str(ctx.index + 1)
        footer = [(left, footer_y(style), "东吴证券研究所", 7.5, "left"),
                  ((left + right_x(style)) / 2, footer_y(style), "请务必阅读正文之后的免责声明部分", 7, "center"),
                  (right_x(style), footer_y(style), f"{label} / {ctx.count}", 8, "right")]
        return header, footer, label
    return furniture


def dwzq_cover(style: HouseStyle, doc):
    main = []
    if doc.date:
        main.append(B("note", date_text(doc)))
    main.append(B("title", doc.title))
    if doc.subtitle:
        main.append(B("subtitle", doc.subtitle))
    main += [fiction(doc), B("heading", "投资要点")] + points(doc, "■ ", "lead")
    main += forecast_blocks(style, doc, "cn", "盈利预测与估值", source="数据来源：Wind，东吴证券研究所")
    side = [B("kvhead", f"{doc.stock_name}（{doc.code6}）")] if doc.stock_code else []
    if doc.rating:
        side += [B("rating", f"{doc.rating}（{doc.rating_action if doc.rating_action != '首次覆盖' else '首次'}）")]
    side += [B("kvhead", "证券分析师")] + analyst_blocks(doc, "dwzq")
    if doc.current_price is not None:
        side.append(B("kv", f"收盘价(元)：{money(doc.current_price)}"))
    if doc.target_price is not None:
        side.append(B("kv", f"目标价(元)：{money(doc.target_price)}"))
    side += basic_data(doc, "市场数据")
    return main, {"sidebar": side}


def dwzq() -> HouseStyle:
    accent = "#0E5C3A"
    style = HouseStyle("dwzq", "东吴证券", "dwzq.com.cn", "0600", "东吴证券研究所", accent, text_styles(accent),
                       furniture=None, cover=dwzq_cover, sidebar="right", sidebar_width=145, table_grid="grid",
                       source_prefix="数据来源：", disclaimer_same_page=True, footer_rule=True, bullet="■")
    style.furniture = dwzq_furniture(style)
    return style


# -- 广发证券: no sidebar; a boxed table under the title carries 公司评级/前次评级/当前价格/合理价值
#    (广发 calls the target price 合理价值); two-column body; pages "n / N".
def gf_furniture(style: HouseStyle):
    def furniture(ctx: PageCtx):
        doc, left = ctx.doc, style.margins[0]
        header = [(left, header_y(style), "识别风险，发现价值", 8, "left"),
                  (right_x(style), header_y(style), f"{doc.type_label}|{doc.industry or ''}".rstrip("|"), 8, "right")]
        label = str(ctx.index + 1)
        footer = [(left, footer_y(style), "请务必阅读末页的免责声明", 7, "left"),
                  (right_x(style), footer_y(style), f"{label} / {ctx.count}", 8, "right")]
        return header, footer, label
    return furniture


def gf_cover(style: HouseStyle, doc):
    main = [B("banner", f"证券研究报告  {doc.type_label}", style="banner")]
    if doc.stock_code:
        main.append(B("subtitle", f"{doc.stock_name}（{doc.code6}.{doc.exchange}）", style="stockline"))
    main.append(B("title", doc.title))
    if doc.subtitle:
        main.append(B("subtitle", doc.subtitle))
    box = []
    if doc.stock_code:
        box.append(["公司评级" if doc.stock_code else "行业评级", doc.rating or "-", "前次评级", doc.previous_rating or "-"])
        box.append(["当前价格", f"{money(doc.current_price)}元", "合理价值", f"{money(doc.target_price)}元"])
    elif doc.rating:
        box.append(["行业评级", doc.rating, "前次评级", doc.previous_rating or "-"])
    if doc.date:
        box.append(["报告日期", date_text(doc), "", ""])
    if box:
        main.append(B("table", rows=box, table={"role": "cover_box", "grid": "grid", "header_rows": 0}))
    main += [fiction(doc), B("heading", "核心观点")] + points(doc, "● ")
    main += forecast_blocks(style, doc, "yi" if style.forecast_unit == "亿元" else "cn", "盈利预测：",
                            source="数据来源：Wind，广发证券发展研究中心")
    main += [B("kvhead", "分析师")] + analyst_blocks(doc, "gf")
    return main, {}


def gf() -> HouseStyle:
    accent = "#B8860B"
    style = HouseStyle("gf", "广发证券", "gf.com.cn", "0260", "广发证券发展研究中心", accent,
                       text_styles(accent, banner=TextStyle(size=8.5, leading=13, after=6, color="#FFFFFF", fill=accent),
                                   stockline=TextStyle(size=11, leading=17, after=2, color="#333333", bold=True)),
                       furniture=None, cover=gf_cover, sidebar=None, columns=2, gap=18, table_grid="zebra",
                       caption_prefix="图{n}：", table_prefix="表{n}：", source_prefix="数据来源：", bullet="●")
    style.furniture = gf_furniture(style)
    return style


STYLES_B = {"gjzq": gjzq, "dwzq": dwzq, "gf": gf}
