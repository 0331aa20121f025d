"""House styles after 招商证券 and 国泰君安, plus the plain layouts of the news and digest seeds."""
from __future__ import annotations

from .covers import B, analyst_blocks, basic_data, date_text, fiction, forecast_blocks, money, points, subject
from .model import TextStyle
from .style_base import HouseStyle, PageCtx, footer_y, header_y, right_x, text_styles


# -- 招商证券: left sidebar (强烈推荐/增持…, 目标估值 may be NA, 研究员 with mail then SAC); two-column
#    body written line by line across the page (stream order interleaves the columns).
def cms_furniture(style: HouseStyle):
    def furniture(ctx: PageCtx):
        doc, left = ctx.doc, style.margins[0]
        header = [(left, header_y(style), doc.type_label, 8, "left"),
                  (right_x(style), header_y(style), subject(doc), 8, "right")]
        label = str(ctx.index + 1)
        footer = [(left, footer_y(style), "敬请阅读末页的重要说明", 7, "left"),
                  (right_x(style), footer_y(style), label, 8, "right")]
        return header, footer, label
    return furniture


def cms_cover(style: HouseStyle, doc):
    main = [B("note", f"{doc.type_label}  证券研究报告")]
    if doc.stock_code:
        main.append(B("subtitle", f"{doc.stock_name}（{doc.code6}.{doc.exchange}）", style="stockline"))
    main.append(B("title", doc.title))
    if doc.subtitle:
        main.append(B("subtitle", doc.subtitle))
    main += [fiction(doc)] + points(doc)
    main += forecast_blocks(style, doc, "cn", "财务数据与估值", source="资料来源：公司数据、招商证券")
    side = []
    if doc.rating:
        action = {"维持": "维持", "首次覆盖": "首次", "上调": "上调", "下调": "下调"}[doc.rating_action]
        side += [B("rating", f"{doc.rating}（{action}）")]
    if doc.stock_code:
        side.append(B("kv", f"目标估值：{money(doc.target_price)}"))
        side.append(B("kv", f"当前股价：{money(doc.current_price)}"))
    if doc.date:
        side.append(B("kv", date_text(doc)))
    side += basic_data(doc, "基础数据")
    side += [B("kvhead", "研究员")] + analyst_blocks(doc, "cms")
    return main, {"sidebar": side}


def cms() -> HouseStyle:
    accent = "#C8102E"
    text = text_styles(accent, stockline=TextStyle(size=11, leading=17, after=2, color="#333333", bold=True))
    style = HouseStyle("cms", "招商证券", "cmschina.com.cn", "1090", "招商证券", accent, text, furniture=None,
                       cover=cms_cover, sidebar="left", sidebar_width=130, columns=2, gap=16, table_grid="three_line",
                       stream_order="by_row", furniture_first=False, source_prefix="资料来源：")
    style.furniture = cms_furniture(style)
    return style


# -- 国泰君安: no sidebar; a grid box with 评级/上次评级/目标价格/上次预测/当前价格; analysts in one line each
#    (登记编号 S0880…); two-column body; date on the cover as 2025.03.18.
def gtja_furniture(style: HouseStyle):
    def furniture(ctx: PageCtx):
        doc, left = ctx.doc, style.margins[0]
        header = [(left, header_y(style), f"{doc.type_label}", 8, "left"),
                  (right_x(style), header_y(style), subject(doc), 8, "right")]
        footer = [(left, footer_y(style), "请务必阅读正文之后的免责条款部分", 7, "left")]
        if ctx.index == 0:  # the cover carries no page number; numbering still counts it
            return header, footer, None
        label = str(ctx.index + 1)
        return header, footer + [(right_x(style), footer_y(style), label, 8, "right")], label
    return furniture


def gtja_cover(style: HouseStyle, doc):
    main = [B("note", f"{doc.type_label}")]
    if doc.stock_code:
        main.append(B("subtitle", f"{doc.stock_name}（{doc.code6}）", style="stockline"))
    main.append(B("title", doc.title))
    if doc.subtitle:
        main.append(B("subtitle", doc.subtitle))
    main += analyst_blocks(doc, "gtja")
    box = []
    if doc.rating:
        box.append(["评级：", doc.rating, "上次评级：", doc.previous_rating or "-"])
    if doc.stock_code:
        box.append(["目标价格：", money(doc.target_price), "上次预测：", doc.extra.get("previous_target", "-")])
        box.append(["当前价格：", money(doc.current_price), "", date_text(doc, "dot") if doc.date else ""])
    elif doc.date:
        box.append(["报告日期：", date_text(doc, "dot"), "", ""])
    if box:
        main.append(B("table", rows=box, table={"role": "cover_box", "grid": "grid", "header_rows": 0}))
    main += [fiction(doc)] + points(doc, "")
    main += forecast_blocks(style, doc, "cn", "财务摘要（百万元）", source="数据来源：Wind，国泰君安证券研究")
    main += basic_data(doc, "交易数据")
    return main, {}


def gtja() -> HouseStyle:
    accent = "#003A70"
    text = text_styles(accent, stockline=TextStyle(size=11, leading=17, after=2, color=accent, bold=True),
                       analystline=TextStyle(size=7.8, leading=12, after=1, color="#333333"))
    style = HouseStyle("gtja", "国泰君安", "gtjas.com", "0880", "国泰君安证券研究", accent, text, furniture=None,
                       cover=gtja_cover, sidebar=None, columns=2, gap=18, table_grid="grid",
                       source_prefix="数据来源：", heading_numbers="arabic")
    style.furniture = gtja_furniture(style)
    return style


# -- News and digest seeds: no broker furniture, a page number only.
def plain_furniture(style: HouseStyle):
    def furniture(ctx: PageCtx):
        label = str(ctx.index + 1)
        x = (style.margins[0] + right_x(style)) / 2
        return [], [(x, footer_y(style), label, 8, "center")], label
    return furniture


def plain_cover(style: HouseStyle, doc):
    main = [B("title", doc.title)] if doc.title else []
    if doc.subtitle:
        main.append(B("subtitle", doc.subtitle))
    if doc.extra.get("byline"):
        main.append(B("note", doc.extra["byline"]))
    return main + [fiction(doc)], {}


def plain(key: str) -> HouseStyle:
    accent = "#222222"
    text = text_styles(accent, title=TextStyle(size=17, leading=24, after=6, bold=True))
    style = HouseStyle(key, None, None, None, "", accent, text,
                       furniture=None, cover=plain_cover, sidebar=None, header_rule=False, bullet="")
    style.furniture = plain_furniture(style)
    return style


STYLES_C = {"cms": cms, "gtja": gtja, "news": lambda: plain("news"), "digest": lambda: plain("digest")}
