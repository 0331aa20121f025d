"""House styles after 华泰证券, 中信证券 and 中金公司 (layout conventions only; all content is fictional)."""
from __future__ import annotations

from .covers import B, analyst_blocks, basic_data, chart_with_source, date_text, fiction, forecast_blocks, money, points, subject
from .model import TextStyle
from .style_base import HouseStyle, PageCtx, footer_y, header_y, right_x, text_styles


# -- 华泰证券: right sidebar with rating, analysts (SAC No.), basic data and a price chart; one column;
#    footer carries the disclosure line and a bare page number; broker named as "华泰研究".
def htsc_furniture(style: HouseStyle):
    def furniture(ctx: PageCtx):
        doc, left = ctx.doc, style.margins[0]
        if ctx.template == "cover":
            header = [(left, header_y(style), "证券研究报告", 10, "left")]
        else:
            code = f"{doc.stock_name} ({doc.code6} CH)" if doc.stock_code else subject(doc)
            header = [(left, header_y(style), "华泰研究", 8, "left"), (right_x(style), header_y(style), code, 8, "right")]
        label = str(ctx.index + 1)
        footer = [(left, footer_y(style), "免责声明和披露以及分析师声明是报告的一部分，请务必一起阅读。", 7, "left"),
                  (right_x(style), footer_y(style), label, 8, "right")]
        return header, footer, label
    return furniture


def htsc_cover(style: HouseStyle, doc):
    line = f"华泰研究 | {date_text(doc)} │ 中国内地 | {doc.type_label}" if doc.date else f"华泰研究 | {doc.type_label}"
    main = [B("note", line), B("title", doc.title)]
    if doc.subtitle:
        main.append(B("subtitle", doc.subtitle))
    main += [fiction(doc)] + points(doc)
    main += forecast_blocks(style, doc, "htsc", "经营预测指标与估值", source="资料来源：公司公告、华泰研究预测")
    side = []
    if doc.stock_code:
        side.append(B("kvhead", f"{doc.stock_name} ({doc.code6} CH)"))
    if doc.rating:
        action = {"维持": "维持", "首次覆盖": "首次", "上调": "上调", "下调": "下调"}[doc.rating_action]
        side += [B("kv", f"投资评级({action})："), B("rating", doc.rating)]
    if doc.target_price is not None:
        side.append(B("kv", f"目标价(人民币)：{money(doc.target_price)}"))
    side += analyst_blocks(doc, "htsc")
    if doc.current_price is not None:
        side += [B("kvhead", "基本数据"), B("kv", f"收盘价 (人民币)：{money(doc.current_price)}")]
    side += basic_data(doc, None if doc.current_price is not None else "基本数据")
    if doc.stock_code:
        side += chart_with_source("股价走势图", "资料来源：Wind", 60)
    return main, {"sidebar": side}


def htsc() -> HouseStyle:
    accent = "#1B3F7A"
    style = HouseStyle("htsc", "华泰证券", "htsc.com", "0570", "华泰研究", accent, text_styles(accent),
                       furniture=None, cover=htsc_cover, sidebar="right", sidebar_width=150, table_grid="three_line",
                       caption_prefix="图表{n}：", table_prefix="图表{n}：", forecast_unit="百万元")
    style.furniture = htsc_furniture(style)
    return style


# -- 中信证券: left sidebar (rating, prices, analysts with 执业证书编号); the date appears only in the
#    running header (2025.3.18); footer 免责条款 line + page number; full-grid tables.
def citics_furniture(style: HouseStyle):
    def furniture(ctx: PageCtx):
        doc, left = ctx.doc, style.margins[0]
        what = f"{doc.stock_name}（{doc.code6}.{doc.exchange}）" if doc.stock_code else subject(doc)
        header = [(left, header_y(style), f"{what}{doc.type_label}", 8, "left")]
        if doc.date:
            header.append((right_x(style), header_y(style), date_text(doc, "dot1"), 8, "right"))
        label = str(ctx.index + 1)
        footer = [(left, footer_y(style), "请务必阅读正文之后的免责条款和声明", 7, "left"),
                  (right_x(style), footer_y(style), label, 8, "right")]
        return header, footer, label
    return furniture


def citics_cover(style: HouseStyle, doc):
    main = [B("banner", "中信证券研究部  证券研究报告")]
    if doc.stock_code:
        main.append(B("subtitle", f"{doc.stock_name}（{doc.code6}.{doc.exchange}）", style="stockline"))
    main.append(B("title", doc.title))
    if doc.subtitle:
        main.append(B("subtitle", doc.subtitle))
    main += [fiction(doc), B("heading", "核心观点")] + points(doc)
    main += forecast_blocks(style, doc, "cn", "盈利预测与估值", source="资料来源：Wind，中信证券研究部预测")
    side = []
    if doc.rating:
        action = {"维持": "维持", "首次覆盖": "首次", "上调": "上调", "下调": "下调"}[doc.rating_action]
        side += [B("kvhead", "评级"), B("rating", f"{doc.rating}（{action}）")]
    if doc.current_price is not None:
        side.append(B("kv", f"当前价：{money(doc.current_price, comma=True)}元"))
    if doc.target_price is not None:
        side.append(B("kv", f"目标价：{money(doc.target_price, comma=True)}元"))
    side += basic_data(doc, "基本数据")
    side += [B("kvhead", "分析师")] + analyst_blocks(doc, "stacked")
    return main, {"sidebar": side}


def citics() -> HouseStyle:
    accent = "#C00000"
    text = text_styles(accent, stockline=TextStyle(size=11, leading=17, after=2, color="#333333", bold=True))
    style = HouseStyle("citics", "中信证券", "citics.com", "1010", "中信证券研究部", accent, text, furniture=None,
                       cover=citics_cover, sidebar="left", sidebar_width=135, table_grid="grid", heading_numbers="arabic")
    style.furniture = citics_furniture(style)
    return style


# -- 中金公司: date on top of the cover (2025.03.18), right sidebar with 股票代码/评级/最新收盘价/目标价 and
#    分析员 entries; footer 重要法律声明 + 第 n 页 共 N 页; side-by-side figures in the body.
def cicc_furniture(style: HouseStyle):
    def furniture(ctx: PageCtx):
        doc, left = ctx.doc, style.margins[0]
        header = [(left, header_y(style), "中金公司研究部", 8, "left"),
                  (right_x(style), header_y(style), f"{doc.type_label}", 8, "right")]
        label = str(ctx.index + 1)
        footer = [(left, footer_y(style), "请仔细阅读在本报告尾部的重要法律声明", 7, "left"),
                  (right_x(style), footer_y(style), f"第 {label} 页 共 {ctx.count} 页", 7.5, "right")]
        return header, footer, label
    return furniture


def cicc_cover(style: HouseStyle, doc):
    main = []
    if doc.date:
        main.append(B("note", date_text(doc)))
    if doc.stock_code:
        main.append(B("subtitle", f"{doc.stock_name} ({doc.stock_code})", style="stockline"))
    main.append(B("title", doc.title))
    if doc.subtitle:
        main.append(B("subtitle", doc.subtitle))
    main += [fiction(doc), B("heading", "投资亮点")] + points(doc)
    main += forecast_blocks(style, doc, "yi", "财务数据与估值", unit="亿元", source="资料来源：万得资讯，公司公告，中金公司研究部")
    side = []
    if doc.stock_code:
        side += [B("kv", f"股票代码  {doc.stock_code}")]
    if doc.rating:
        side += [B("kv", f"评级  {doc.rating}"), B("kv", f"评级变动  {doc.rating_action}")]
    if doc.current_price is not None:
        side.append(B("kv", f"最新收盘价  {money(doc.current_price)}"))
    if doc.target_price is not None:
        side.append(B("kv", f"目标价  {money(doc.target_price)}"))
    side += basic_data(doc, "基本数据")
    side += [B("kvhead", "分析员")] + analyst_blocks(doc, "cicc")
    return main, {"sidebar": side}


def cicc() -> HouseStyle:
    accent = "#8B1A1A"
    text = text_styles(accent, stockline=TextStyle(size=11, leading=17, after=2, color=accent))
    style = HouseStyle("cicc", "中金公司", "cicc.com.cn", "0080", "中金公司研究部", accent, text, furniture=None,
                       cover=cicc_cover, sidebar="right", sidebar_width=155, table_grid="zebra", forecast_unit="亿元",
                       caption_prefix="图表{n}：", table_prefix="图表{n}：", source_prefix="资料来源：",
                       stream_order="sidebar_first", extra={"figpairs": True})
    style.furniture = cicc_furniture(style)
    return style


STYLES_A = {"htsc": htsc, "citics": citics, "cicc": cicc}
