"""One function per dataset, each calling akshare and returning its frame as akshare shapes it
(normalization is normalize.py's job). akshare is imported inside each call: importing it costs
over a second, and offline sessions must never import it at all.

`fetch(dataset, args)` is the default fetcher of MarketData; tests replace it with fakes that return
frames of the same shape.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import pandas as pd

from tools.market_data.codes import exchange_of

# bond_zh_us_rate pages back from today until it passes this date (~500 rows a page).
TREASURY_START = "20150101"


def _ak():
    import akshare  # noqa: PLC0415 - lazily: import costs over a second

    return akshare


def stock_master() -> pd.DataFrame:
    """code, name, exchange, list_date, status, former_names: the exchanges' own lists (what
    stock_info_a_code_name concatenates, without keeping the exchange or the listing date), the
    companies SSE and SZSE list as delisted, and SZSE's list of short-name changes. ST shows in the name."""
    ak = _ak()
    parts = []
    for board in ("主板A股", "科创板"):
        sh = ak.stock_info_sh_name_code(symbol=board)
        parts.append(pd.DataFrame({"code": sh["证券代码"], "name": sh["证券简称"], "exchange": "SH",
                                   "list_date": sh.get("上市日期")}))
    sz = ak.stock_info_sz_name_code(symbol="A股列表")
    parts.append(pd.DataFrame({"code": sz["A股代码"].astype(str).str.zfill(6), "name": sz["A股简称"], "exchange": "SZ",
                               "list_date": sz.get("A股上市日期")}))
    bj = ak.stock_info_bj_name_code()
    parts.append(pd.DataFrame({"code": bj["证券代码"], "name": bj["证券简称"], "exchange": "BJ",
                               "list_date": bj.get("上市日期")}))
    master = pd.concat(parts, ignore_index=True)
    master["status"] = "listed"
    master = pd.concat([master, _delisted(ak)], ignore_index=True)
    master["code"] = master["code"].astype(str).str.zfill(6)
    master = master.drop_duplicates("code", keep="first")  # a code both listed and delisted (relisted): listed
    master["former_names"] = master["code"].map(_sz_former_names(ak)).fillna("")
    return master


def _delisted(ak) -> pd.DataFrame:
    """Companies the exchanges list as delisted (终止上市), so that an old code resolves and is marked."""
    frames = [pd.DataFrame(columns=["code", "name", "exchange", "list_date"])]
    try:  # optional enrichment, like former names: the listed companies are what a refresh must not lose
        sh = ak.stock_info_sh_delist(symbol="全部")
        frames.append(pd.DataFrame({"code": sh["公司代码"], "name": sh["公司简称"], "exchange": "SH",
                                    "list_date": sh.get("上市日期")}))
        sz = ak.stock_info_sz_delist(symbol="终止上市公司")
        if len(sz.columns):
            frames.append(pd.DataFrame({"code": sz["证券代码"], "name": sz["证券简称"], "exchange": "SZ",
                                        "list_date": sz.get("上市日期")}))
    except Exception:  # noqa: BLE001 - any failure of an optional enrichment
        pass
    out = pd.concat(frames, ignore_index=True)
    out["status"] = "delisted"
    return out


def hk_listings() -> pd.DataFrame:
    """Every Hong Kong listing eastmoney quotes (代码 00700, 名称 腾讯控股)."""
    return _ak().stock_hk_spot_em()


def us_listings() -> pd.DataFrame:
    """Every US listing eastmoney quotes (代码 105.AAPL: market number and ticker; 名称 苹果)."""
    return _ak().stock_us_spot_em()


def _sz_former_names(ak) -> dict[str, str]:
    """Former short names by code ("A|B"), from SZSE's change list; optional enrichment only:
    SSE and BSE publish no bulk list, so a failure here leaves former names empty."""
    try:
        changes = ak.stock_info_sz_change_name(symbol="简称变更")
        before = next(c for c in changes.columns if "变更前" in str(c) and "简称" in str(c))
    except Exception:  # noqa: BLE001 - any failure of an optional enrichment
        return {}
    names: dict[str, list[str]] = {}
    for code, name in zip(changes["证券代码"].astype(str).str.zfill(6), changes[before]):
        if isinstance(name, str) and name.strip() and name.strip() not in names.setdefault(code, []):
            names[code].append(name.strip())
    return {code: "|".join(values) for code, values in names.items()}


def concept_boards() -> pd.DataFrame:
    return _ak().stock_board_concept_name_em()


def concept_constituents(board: str) -> pd.DataFrame:
    return _ak().stock_board_concept_cons_em(symbol=board)


def industry_boards_em() -> pd.DataFrame:
    return _ak().stock_board_industry_name_em()


def industry_constituents_em(board: str) -> pd.DataFrame:
    return _ak().stock_board_industry_cons_em(symbol=board)


def industry_boards_sw() -> pd.DataFrame:
    return _ak().sw_index_third_info()


def sw_index_components(code: str) -> pd.DataFrame:
    return _ak().index_component_sw(symbol=code)


def sw_third_constituents(code: str) -> pd.DataFrame:
    return _ak().sw_index_third_cons(symbol=code)


def index_weights(index_code: str) -> pd.DataFrame:
    return _ak().index_stock_cons_weight_csindex(symbol=index_code)


def research_reports(symbol: str) -> pd.DataFrame:
    try:
        return _ak().stock_research_report_em(symbol=symbol)
    except KeyError as err:  # a stock without reports: akshare indexes a column the empty answer lacks
        if err.args == ("infoCode",):
            return pd.DataFrame()
        raise


def profit_forecast(symbol: str) -> pd.DataFrame:
    """Analysts' consensus EPS per year (10jqka's 预测年报每股收益 table); an empty frame when nobody forecasts."""
    return _ak().stock_profit_forecast_ths(symbol=symbol, indicator="预测年报每股收益")


def fund_list() -> pd.DataFrame:
    return _ak().fund_name_em()


def fund_managers() -> pd.DataFrame:
    return _ak().fund_manager_em()


def fund_holdings(code: str, year: str) -> pd.DataFrame:
    try:
        return _ak().fund_portfolio_hold_em(symbol=code, date=str(year))
    except KeyError:  # older akshare: a fund without stock holdings (bond, money, FOF) raised
        return pd.DataFrame()


def fund_nav(code: str) -> pd.DataFrame:
    return _ak().fund_open_fund_info_em(symbol=code, indicator="单位净值走势", period="成立来")


def fund_announcements(code: str) -> pd.DataFrame:
    return _ak().fund_announcement_report_em(symbol=code)


def etf_list() -> pd.DataFrame:
    return _ak().fund_etf_spot_em()


def etf_history(code: str) -> pd.DataFrame:
    return _ak().fund_etf_hist_em(symbol=code, period="daily", start_date="19700101", end_date="20500101", adjust="")


def index_history(symbol: str) -> pd.DataFrame:
    return _ak().stock_zh_index_daily_em(symbol=symbol, start_date="19900101", end_date="20500101")


def stock_history(symbol: str) -> pd.DataFrame:
    """Unadjusted daily bars from eastmoney; on failure (its IP bans recur) from Tencent, reshaped
    into eastmoney's columns and units (成交量 in lots of 100 shares, 成交额 in yuan)."""
    ak = _ak()
    try:
        frame = ak.stock_zh_a_hist(symbol=symbol, period="daily", start_date="19700101", end_date="20500101",
                                   adjust="", timeout=15)
        if len(frame.columns):
            return frame
    except Exception:  # noqa: BLE001 - any eastmoney failure moves on to the fallback source
        pass
    prefix = {"SH": "sh", "SZ": "sz", "BJ": "bj"}.get(exchange_of(symbol), "sz")
    tx = ak.stock_zh_a_hist_tx(symbol=f"{prefix}{symbol}", start_date="19000101", end_date="20500101",
                               adjust="", timeout=15)
    return pd.DataFrame({"日期": tx["date"], "股票代码": symbol, "开盘": tx["open"], "收盘": tx["close"],
                         "最高": tx["high"], "最低": tx["low"], "成交量": tx["volume"] / 100,
                         "成交额": tx["amount"]})


def stock_valuation(symbol: str) -> pd.DataFrame:
    return _ak().stock_value_em(symbol=symbol)


def stock_financials(report_date: str) -> pd.DataFrame:
    return _ak().stock_yjbb_em(date=report_date)


def money_supply() -> pd.DataFrame:
    return _ak().macro_china_money_supply()


def pmi() -> pd.DataFrame:
    return _ak().macro_china_pmi()


def cpi() -> pd.DataFrame:
    return _ak().macro_china_cpi()


def ppi() -> pd.DataFrame:
    return _ak().macro_china_ppi()


def treasury_yields() -> pd.DataFrame:
    return _ak().bond_zh_us_rate(start_date=TREASURY_START)


def stock_news(keyword: str) -> pd.DataFrame:
    return _ak().stock_news_em(symbol=keyword)


SOURCES: dict[str, Callable[..., pd.DataFrame]] = {
    name: globals()[name] for name in (
        "stock_master", "hk_listings", "us_listings", "concept_boards", "concept_constituents", "industry_boards_em", "industry_constituents_em",
        "industry_boards_sw", "sw_index_components", "sw_third_constituents", "index_weights", "research_reports",
        "profit_forecast",
        "fund_list", "fund_managers", "fund_holdings", "fund_nav", "fund_announcements", "etf_list", "etf_history",
        "index_history", "stock_history", "stock_valuation", "stock_financials", "money_supply", "pmi", "cpi",
        "ppi", "treasury_yields", "stock_news",
    )
}


def fetch(dataset: str, args: Mapping[str, Any]) -> pd.DataFrame:
    """The akshare frame of `dataset` for `args` (the live fetcher)."""
    return SOURCES[dataset](**args)
