"""The dataset catalog: for each dataset, the akshare function behind it, its cache lifetime, its
arguments, and how akshare's Chinese column names map to our stable English snake_case names.

Each column lists the name akshare returns now first, then names it has used before or that a
neighbouring function uses (aliases absorb renames). Matching ignores whitespace and full/half-width
differences, so '占净值 比例' and '持股数 （万股）' need no alias of their own.
Kinds: str, name (NFKC, spaces removed), stock (canonical code 600519.SH), code6 (zero-padded),
float, pct ('3.2%' -> 3.2), int, date, datetime, month ('2022年10月份' -> 2022-10-01).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

SCHEMA_VERSION = 2  # bump when any normalized schema changes: cached frames of other versions are ignored


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    sources: tuple[str, ...]
    required: bool = True


def col(name: str, kind: str, *sources: str, required: bool = True) -> Column:
    return Column(name, kind, sources, required)


def opt(name: str, kind: str, *sources: str) -> Column:
    return Column(name, kind, sources, False)


@dataclass(frozen=True)
class DatedColumns:
    """Columns whose names carry a year or a date that moves (2025-盈利预测-收益, 营业收入同比增长(09-30)).

    `order="year"`: sorted by the year in the name, oldest first -> targets[0] (fy1 = current year).
    `order="position"`: in the order akshare returns them (its first is the latest period).
    """

    pattern: re.Pattern
    targets: tuple[str, ...]
    order: Literal["year", "position"]
    kind: str = "float"
    year_column: str | None = None  # order="year": a column holding the year of targets[0]


@dataclass(frozen=True)
class Dataset:
    name: str
    function: str  # the akshare function (for metadata and messages)
    ttl: str  # a key of cache.TTL
    args: tuple[str, ...]
    columns: tuple[Column, ...]
    dated: tuple[DatedColumns, ...] = ()
    sort_by: tuple[str, ...] = ()


_BOARD_LIST = (
    opt("rank", "int", "排名"), col("name", "str", "板块名称", "名称"), col("board_code", "str", "板块代码", "代码"),
    opt("price", "float", "最新价"), opt("change", "float", "涨跌额"), opt("change_pct", "float", "涨跌幅"),
    opt("market_cap", "float", "总市值"), opt("turnover_pct", "float", "换手率"),
    opt("advancers", "int", "上涨家数"), opt("decliners", "int", "下跌家数"),
    opt("leader", "str", "领涨股票"), opt("leader_change_pct", "float", "领涨股票-涨跌幅"),
)
_BOARD_CONS = (
    col("code", "stock", "代码", "股票代码"), col("name", "name", "名称", "股票名称"),
    opt("price", "float", "最新价"), opt("change_pct", "float", "涨跌幅"), opt("change", "float", "涨跌额"),
    opt("volume", "float", "成交量"), opt("amount", "float", "成交额"), opt("amplitude_pct", "float", "振幅"),
    opt("high", "float", "最高"), opt("low", "float", "最低"), opt("open", "float", "今开"),
    opt("prev_close", "float", "昨收"), opt("turnover_pct", "float", "换手率"),
    opt("pe_dynamic", "float", "市盈率-动态", "市盈率动态", "动态市盈率"), opt("pb", "float", "市净率"),
)
_OHLC = (
    col("open", "float", "开盘", "open"), col("close", "float", "收盘", "close"),
    col("high", "float", "最高", "high"), col("low", "float", "最低", "low"),
    opt("volume", "float", "成交量", "volume"), opt("amount", "float", "成交额", "amount"),
)
_OHLC_EXTRA = (
    opt("amplitude_pct", "float", "振幅"), opt("change_pct", "float", "涨跌幅"),
    opt("change", "float", "涨跌额"), opt("turnover_pct", "float", "换手率"),
)
_MONTH = col("month", "month", "月份", "统计时间")

DATASETS: dict[str, Dataset] = {d.name: d for d in (
    Dataset("stock_master", "stock_info_sh_name_code/sz/bj (+ _delist)", "master", (), (
        col("code", "stock", "code", "证券代码", "A股代码"), col("name", "name", "name", "证券简称", "A股简称"),
        opt("name_raw", "str", "name", "证券简称", "A股简称"), opt("exchange", "str", "exchange", "交易所"),
        opt("former_names", "str", "former_names", "曾用名"), opt("list_date", "date", "list_date", "上市日期"),
        opt("status", "str", "status"))),
    Dataset("hk_listings", "stock_hk_spot_em", "master", (), (
        col("code", "stock", "代码"), col("name", "str", "名称"))),
    Dataset("us_listings", "stock_us_spot_em", "master", (), (
        col("code", "str", "代码"), col("name", "str", "名称"))),
    Dataset("concept_boards", "stock_board_concept_name_em", "boards", (), _BOARD_LIST),
    Dataset("concept_constituents", "stock_board_concept_cons_em", "boards", ("board",), _BOARD_CONS),
    Dataset("industry_boards_em", "stock_board_industry_name_em", "boards", (), _BOARD_LIST),
    Dataset("industry_constituents_em", "stock_board_industry_cons_em", "boards", ("board",), _BOARD_CONS),
    Dataset("industry_boards_sw", "sw_index_third_info", "boards", (), (
        col("board_code", "str", "行业代码"), col("name", "str", "行业名称"), opt("parent", "str", "上级行业"),
        opt("constituents", "int", "成份个数"), opt("pe_static", "float", "静态市盈率"),
        opt("pe_ttm", "float", "TTM(滚动)市盈率"), opt("pb", "float", "市净率"),
        opt("dividend_yield_pct", "float", "静态股息率"))),
    Dataset("sw_index_components", "index_component_sw", "boards", ("code",), (
        col("code", "stock", "证券代码"), col("name", "name", "证券名称"),
        opt("weight_pct", "float", "最新权重"), opt("included_on", "date", "计入日期"))),
    Dataset("sw_third_constituents", "sw_index_third_cons", "boards", ("code",), (
        col("code", "stock", "股票代码"), col("name", "name", "股票简称"), opt("included_on", "date", "纳入时间"),
        opt("sw_l1", "str", "申万1级"), opt("sw_l2", "str", "申万2级"), opt("sw_l3", "str", "申万3级"),
        opt("price", "float", "价格"), opt("pe", "float", "市盈率"), opt("pe_ttm", "float", "市盈率ttm"),
        opt("pb", "float", "市净率"), opt("dividend_yield_pct", "pct", "股息率"),
        opt("market_cap_100m", "float", "市值", "市值（亿元）", "市值(亿)")),
        dated=(DatedColumns(re.compile(r"^归母净利润同比增长\((\d{2}-\d{2})\)$"),
                            ("net_profit_yoy_pct_latest", "net_profit_yoy_pct_prev"), "position", "pct"),
               DatedColumns(re.compile(r"^营业收入同比增长\((\d{2}-\d{2})\)$"),
                            ("revenue_yoy_pct_latest", "revenue_yoy_pct_prev"), "position", "pct"))),
    Dataset("index_weights", "index_stock_cons_weight_csindex", "boards", ("index_code",), (
        col("date", "date", "日期"), col("index_code", "code6", "指数代码"), opt("index_name", "str", "指数名称"),
        opt("index_name_en", "str", "指数英文名称"), col("code", "stock", "成分券代码"),
        col("name", "name", "成分券名称"), opt("name_en", "str", "成分券英文名称"),
        opt("exchange", "str", "交易所"), opt("exchange_en", "str", "交易所英文名称"),
        col("weight_pct", "float", "权重"))),
    Dataset("research_reports", "stock_research_report_em", "reports", ("symbol",), (
        col("code", "stock", "股票代码"), col("name", "name", "股票简称"), col("title", "str", "报告名称"),
        opt("rating", "str", "东财评级"), col("broker", "str", "机构"),
        opt("reports_last_month", "int", "近一月个股研报数"), opt("industry", "str", "行业"),
        col("date", "date", "日期"), opt("pdf_url", "str", "报告PDF链接")),
        dated=(DatedColumns(re.compile(r"^(\d{4})-盈利预测-收益$"), ("eps_fy1", "eps_fy2", "eps_fy3"), "year",
                            year_column="fy1_year"),
               DatedColumns(re.compile(r"^(\d{4})-盈利预测-市盈率$"), ("pe_fy1", "pe_fy2", "pe_fy3"), "year")),
        sort_by=("date",)),
    Dataset("profit_forecast", "stock_profit_forecast_ths", "reports", ("symbol",), (
        col("year", "str", "年度"), col("brokers", "int", "预测机构数"), col("eps_min", "float", "最小值"),
        col("eps_mean", "float", "均值"), col("eps_max", "float", "最大值"), opt("industry_eps_mean", "float", "行业平均数")),
        sort_by=("year",)),
    Dataset("fund_list", "fund_name_em", "master", (), (
        col("code", "code6", "基金代码"), opt("pinyin_abbr", "str", "拼音缩写"), col("name", "str", "基金简称"),
        col("fund_type", "str", "基金类型"), opt("pinyin", "str", "拼音全称"))),
    Dataset("fund_managers", "fund_manager_em", "master", (), (
        col("manager", "str", "姓名"), col("company", "str", "所属公司"), col("fund_code", "code6", "现任基金代码"),
        col("fund_name", "str", "现任基金"), opt("tenure_days", "int", "累计从业时间"),
        opt("aum_100m", "float", "现任基金资产总规模"), opt("best_return_pct", "pct", "现任基金最佳回报"))),
    Dataset("fund_holdings", "fund_portfolio_hold_em", "fund_holdings", ("code", "year"), (
        col("code", "stock", "股票代码"), col("name", "name", "股票名称"),
        col("weight_pct", "pct", "占净值比例", "占净值比例(%)"),
        opt("shares_10k", "float", "持股数", "持股数（万股）"),
        opt("value_10k", "float", "持仓市值", "持仓市值（万元）", "持仓市值（万元人民币）"),
        col("quarter_label", "str", "季度"))),
    Dataset("fund_nav", "fund_open_fund_info_em", "prices", ("code",), (
        col("date", "date", "净值日期"), col("nav", "float", "单位净值"), opt("daily_return_pct", "float", "日增长率")),
        sort_by=("date",)),
    Dataset("fund_announcements", "fund_announcement_report_em", "reports", ("code",), (
        col("fund_code", "code6", "基金代码"), col("title", "str", "公告标题"), opt("fund_name", "str", "基金名称"),
        col("date", "date", "公告日期"), opt("report_id", "str", "报告ID")), sort_by=("date",)),
    Dataset("etf_list", "fund_etf_spot_em", "boards", (), (
        col("code", "code6", "代码"), col("name", "str", "名称"), opt("price", "float", "最新价"),
        opt("iopv", "float", "IOPV实时估值"), opt("discount_pct", "float", "基金折价率"),
        opt("change", "float", "涨跌额"), opt("change_pct", "float", "涨跌幅"), opt("volume", "float", "成交量"),
        opt("amount", "float", "成交额"), opt("open", "float", "开盘价"), opt("high", "float", "最高价"),
        opt("low", "float", "最低价"), opt("prev_close", "float", "昨收"), opt("turnover_pct", "float", "换手率"),
        opt("shares", "float", "最新份额"), opt("float_market_cap", "float", "流通市值"),
        opt("market_cap", "float", "总市值"), opt("main_net_inflow", "float", "主力净流入-净额"),
        opt("data_date", "date", "数据日期"))),
    Dataset("etf_history", "fund_etf_hist_em", "prices", ("code",),
            (col("date", "date", "日期", "date"), *_OHLC, *_OHLC_EXTRA), sort_by=("date",)),
    Dataset("index_history", "stock_zh_index_daily_em", "prices", ("symbol",),
            (col("date", "date", "date", "日期"), *_OHLC), sort_by=("date",)),
    Dataset("stock_history", "stock_zh_a_hist (fallback stock_zh_a_hist_tx)", "prices", ("symbol",),
            (col("date", "date", "日期", "date"), opt("code", "stock", "股票代码"), *_OHLC, *_OHLC_EXTRA),
            sort_by=("date",)),
    Dataset("stock_valuation", "stock_value_em", "prices", ("symbol",), (
        col("date", "date", "数据日期"), col("close", "float", "当日收盘价"), opt("change_pct", "float", "当日涨跌幅"),
        col("market_cap", "float", "总市值"), opt("float_market_cap", "float", "流通市值"),
        opt("total_shares", "float", "总股本"), opt("float_shares", "float", "流通股本"),
        col("pe_ttm", "float", "PE(TTM)"), opt("pe_static", "float", "PE(静)"), col("pb", "float", "市净率"),
        opt("peg", "float", "PEG值"), opt("pcf", "float", "市现率"), opt("ps", "float", "市销率")),
        sort_by=("date",)),
    Dataset("stock_financials", "stock_yjbb_em", "fund_holdings", ("report_date",), (
        col("code", "stock", "股票代码"), col("name", "name", "股票简称"), opt("eps", "float", "每股收益"),
        opt("revenue", "float", "营业总收入-营业总收入"), col("revenue_yoy_pct", "float", "营业总收入-同比增长"),
        opt("revenue_qoq_pct", "float", "营业总收入-季度环比增长"), opt("net_profit", "float", "净利润-净利润"),
        col("net_profit_yoy_pct", "float", "净利润-同比增长"), opt("net_profit_qoq_pct", "float", "净利润-季度环比增长"),
        opt("bps", "float", "每股净资产"), opt("roe_pct", "float", "净资产收益率"),
        opt("ocf_per_share", "float", "每股经营现金流量"), opt("gross_margin_pct", "float", "销售毛利率"),
        opt("industry", "str", "所处行业"), opt("announced_on", "date", "最新公告日期"))),
    Dataset("money_supply", "macro_china_money_supply", "macro", (), (
        _MONTH, col("m2", "float", "货币和准货币(M2)-数量(亿元)"), col("m2_yoy", "float", "货币和准货币(M2)-同比增长"),
        opt("m2_mom", "float", "货币和准货币(M2)-环比增长"), col("m1", "float", "货币(M1)-数量(亿元)"),
        col("m1_yoy", "float", "货币(M1)-同比增长"), opt("m1_mom", "float", "货币(M1)-环比增长"),
        opt("m0", "float", "流通中的现金(M0)-数量(亿元)"), opt("m0_yoy", "float", "流通中的现金(M0)-同比增长"),
        opt("m0_mom", "float", "流通中的现金(M0)-环比增长")), sort_by=("month",)),
    Dataset("pmi", "macro_china_pmi", "macro", (), (
        _MONTH, col("manufacturing", "float", "制造业-指数"), opt("manufacturing_yoy", "float", "制造业-同比增长"),
        opt("non_manufacturing", "float", "非制造业-指数"),
        opt("non_manufacturing_yoy", "float", "非制造业-同比增长")), sort_by=("month",)),
    Dataset("cpi", "macro_china_cpi", "macro", (), (
        _MONTH, col("cpi", "float", "全国-当月"), col("cpi_yoy", "float", "全国-同比增长"),
        opt("cpi_mom", "float", "全国-环比增长"), opt("cpi_ytd", "float", "全国-累计")), sort_by=("month",)),
    Dataset("ppi", "macro_china_ppi", "macro", (), (
        _MONTH, col("ppi", "float", "当月"), col("ppi_yoy", "float", "当月同比增长"), opt("ppi_ytd", "float", "累计")),
        sort_by=("month",)),
    Dataset("treasury_yields", "bond_zh_us_rate", "prices", (), (
        col("date", "date", "日期"), opt("cn_2y", "float", "中国国债收益率2年"),
        opt("cn_5y", "float", "中国国债收益率5年"), opt("cn_10y", "float", "中国国债收益率10年"),
        opt("cn_30y", "float", "中国国债收益率30年"), opt("cn_10y_2y", "float", "中国国债收益率10年-2年"),
        opt("us_2y", "float", "美国国债收益率2年"), opt("us_5y", "float", "美国国债收益率5年"),
        col("us_10y", "float", "美国国债收益率10年"), opt("us_30y", "float", "美国国债收益率30年"),
        opt("us_10y_2y", "float", "美国国债收益率10年-2年")), sort_by=("date",)),
    Dataset("stock_news", "stock_news_em", "news", ("keyword",), (
        opt("keyword", "str", "关键词"), col("title", "str", "新闻标题"), opt("content", "str", "新闻内容"),
        col("published_at", "datetime", "发布时间"), opt("source", "str", "文章来源"),
        col("url", "str", "新闻链接")), sort_by=("published_at",)),
)}
