"""Sample time series and lists: index, ETF and stock history, ETF spot list, macro (M1/M2, PMI, CPI,
PPI), China/US yields, news and broker-report rows. Invented numbers shaped as akshare returns them
(macro newest first, as eastmoney serves it)."""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

import sample_fixture_data as D
from sample_fixture_kit import MONTHS, QUARTER_ENDS, Writer, bars, bridge, days, name_of, price_path, rng

ETF_INDEX = {"510300": ("sh000300", 1000.0), "512100": ("sh000852", 2700.0), "512050": ("sh000510", None)}


def index_levels() -> dict[str, pd.Series]:
    dates = days("2022-01-04", "2025-06-30")
    ends = [0] + [dates.get_indexer([dates[dates.year == y][-1]])[0] for y in (2022, 2023, 2024, 2025)]
    out = {}
    for symbol, (level, drifts) in D.INDEX_PATHS.items():
        anchors = [level]
        for drift in drifts:
            anchors.append(anchors[-1] * (1 + drift))
        sigma = 0.014 if symbol in ("sh000852", "sz399370") else 0.011
        out[symbol] = pd.Series(bridge(anchors, list(np.diff(ends)), sigma, symbol), index=dates)
    return out


def em_bars(closes: pd.Series, seed: object, volume_base: float, code: str | None = None) -> pd.DataFrame:
    b = bars(closes.to_numpy(), seed, volume_base).round(3)
    frame = pd.DataFrame({"日期": closes.index.strftime("%Y-%m-%d")})
    if code:
        frame["股票代码"] = code
    frame = frame.assign(开盘=b["open"], 收盘=b["close"], 最高=b["high"], 最低=b["low"], 成交量=b["volume"],
                         成交额=b["amount"].round(), 振幅=((b["high"] - b["low"]) / b["prev"] * 100).round(2),
                         涨跌幅=((b["close"] / b["prev"] - 1) * 100).round(2), 涨跌额=(b["close"] - b["prev"]).round(3),
                         换手率=np.round(rng("turn", seed).uniform(0.3, 3.0, len(b)), 2))
    return frame


def write_prices(w: Writer) -> None:
    levels = index_levels()
    for symbol, closes in levels.items():
        b = bars(closes.to_numpy(), symbol, 2.5e8).round(2)
        w("index_history", "stock_zh_index_daily_em", pd.DataFrame(
            {"date": closes.index.strftime("%Y-%m-%d"), "open": b["open"], "close": b["close"], "high": b["high"],
             "low": b["low"], "volume": b["volume"], "amount": (b["volume"] * 1200.0).round()}), symbol=symbol)
    spot = {c: p for c, _, _, _, p, _ in D.ETFS}
    for code in D.ETF_HISTORY:
        start = D.A500_LISTED if code in ("512050", "159352") else "2024-01-02"
        source, scale = ETF_INDEX.get(code, (None, None))
        if source:
            closes = levels[source][start:]
            closes = closes / (scale or closes.iloc[0])
        else:
            dates = days(start, "2025-06-30")
            closes = pd.Series(bridge([spot[code] * 0.95, spot[code]], [len(dates) - 1], 0.016, code), index=dates)
        w("etf_history", "fund_etf_hist_em", em_bars(closes, code, 3e6), code=code)
    for code in ("300308", "600519"):
        dates = days(QUARTER_ENDS[0], QUARTER_ENDS[-1])
        ends = [dates.get_indexer([pd.Timestamp(d)])[0] for d in QUARTER_ENDS]
        closes = pd.Series(bridge(price_path(code), list(np.diff(ends)), 0.018, code), index=dates)
        w("stock_history", "stock_zh_a_hist", em_bars(closes, code, 2e5, code), symbol=code)
    gen, rows = rng("etf_spot"), []
    for code, name, _, _, price, size in D.ETFS:
        pct = round(gen.normal(0.2, 1.2), 2)
        prev, volume = round(price / (1 + pct / 100), 3), round(gen.uniform(1e5, 5e6))
        inflow = round(gen.normal(0, 5e7))
        rows.append({"代码": code, "名称": name, "最新价": price, "IOPV实时估值": round(price * 1.0003, 4),
                     "基金折价率": -0.03, "涨跌额": round(price - prev, 3), "涨跌幅": pct, "成交量": volume,
                     "成交额": round(volume * price * 100), "开盘价": prev, "最高价": round(max(price, prev) * 1.005, 3),
                     "最低价": round(min(price, prev) * 0.995, 3), "昨收": prev, "振幅": round(abs(pct) + 0.4, 2),
                     "换手率": round(gen.uniform(0.5, 6), 2), "量比": round(gen.uniform(0.6, 1.8), 2), "委比": 0.0,
                     "外盘": round(volume * 0.52), "内盘": round(volume * 0.48), "主力净流入-净额": inflow,
                     "主力净流入-净占比": round(inflow / (volume * price * 100) * 100, 2), "超大单净流入-净额": 0,
                     "超大单净流入-净占比": 0.0, "大单净流入-净额": 0, "大单净流入-净占比": 0.0, "中单净流入-净额": 0,
                     "中单净流入-净占比": 0.0, "小单净流入-净额": 0, "小单净流入-净占比": 0.0, "现手": 100,
                     "买一": price, "卖一": round(price + 0.001, 3), "最新份额": round(size / price),
                     "流通市值": round(size), "总市值": round(size), "数据日期": "2025-06-30",
                     "更新时间": "2025-06-30 15:00:00+08:00"})
    w("etf_list", "fund_etf_spot_em", pd.DataFrame(rows))


def ytd_mean(values: list[float]) -> list[float]:
    out = []
    for i, month in enumerate(MONTHS):
        start = i - (month.month - 1)
        out.append(round(float(np.mean(values[start: i + 1])), 2))
    return out


def levels_from_yoy(yoy: list[float], first_prior: float, monthly: float) -> list[float]:
    prior = [first_prior * (1 + monthly) ** i for i in range(12)]  # the 12 months before the first
    levels = prior[:]
    for i, rate in enumerate(yoy):
        levels.append(levels[i] * (1 + rate / 100))
    return levels[12:]


def write_macro(w: Writer) -> None:
    label = [f"{m.year}年{m.month:02d}月份" for m in MONTHS]
    m2 = levels_from_yoy(D.M2_YOY, 1_976_000.0, 0.008)
    m1 = levels_from_yoy(D.M1_YOY, 545_500.0, 0.006)
    m0_yoy = [round(6 + 4 * np.sin(i / 5), 1) for i in range(len(MONTHS))]
    m0 = levels_from_yoy(m0_yoy, 93_000.0, 0.004)
    mom = lambda s: [float("nan")] + [round((b / a - 1) * 100, 2) for a, b in zip(s, s[1:])]  # noqa: E731
    money = pd.DataFrame({"月份": label, "货币和准货币(M2)-数量(亿元)": np.round(m2, 2),
                          "货币和准货币(M2)-同比增长": D.M2_YOY, "货币和准货币(M2)-环比增长": mom(m2),
                          "货币(M1)-数量(亿元)": np.round(m1, 2), "货币(M1)-同比增长": D.M1_YOY, "货币(M1)-环比增长": mom(m1),
                          "流通中的现金(M0)-数量(亿元)": np.round(m0, 2), "流通中的现金(M0)-同比增长": m0_yoy,
                          "流通中的现金(M0)-环比增长": mom(m0)})
    w("money_supply", "macro_china_money_supply", money.iloc[::-1])
    yoy12 = lambda s: [float("nan")] * 12 + [round((b / a - 1) * 100, 2) for a, b in zip(s, s[12:])]  # noqa: E731
    w("pmi", "macro_china_pmi", pd.DataFrame({"月份": label, "制造业-指数": D.PMI_MAKE, "制造业-同比增长": yoy12(D.PMI_MAKE),
                                               "非制造业-指数": D.PMI_NON_MAKE,
                                               "非制造业-同比增长": yoy12(D.PMI_NON_MAKE)}).iloc[::-1])
    gen = rng("cpi")
    cpi = pd.DataFrame({"月份": label})
    for area, shift in (("全国", 0.0), ("城市", 0.1), ("农村", -0.1)):
        yoy = [round(v + shift, 1) for v in D.CPI_YOY]
        cpi[f"{area}-当月"] = [round(100 + v, 1) for v in yoy]
        cpi[f"{area}-同比增长"] = yoy
        cpi[f"{area}-环比增长"] = np.round(gen.normal(0.1, 0.4, len(yoy)), 1)
        cpi[f"{area}-累计"] = [round(100 + v, 1) for v in ytd_mean(yoy)]
    w("cpi", "macro_china_cpi", cpi.iloc[::-1])
    w("ppi", "macro_china_ppi", pd.DataFrame({"月份": label, "当月": [round(100 + v, 1) for v in D.PPI_YOY],
                                               "当月同比增长": D.PPI_YOY,
                                               "累计": [round(100 + v, 1) for v in ytd_mean(D.PPI_YOY)]}).iloc[::-1])
    dates = days(D.YIELD_ANCHORS[0][0], D.YIELD_ANCHORS[-1][0])
    at = pd.to_datetime([a[0] for a in D.YIELD_ANCHORS]).map(lambda d: dates.get_indexer([d])[0])
    curve = lambda k: np.interp(np.arange(len(dates)), at, [a[k] for a in D.YIELD_ANCHORS])  # noqa: E731
    gen = rng("yields")
    us10 = np.round(curve(1) + gen.normal(0, 0.03, len(dates)), 4)
    cn10 = np.round(curve(2) + gen.normal(0, 0.01, len(dates)), 4)
    spread = np.round(curve(3), 4)
    yields = pd.DataFrame({"日期": dates.strftime("%Y-%m-%d"), "中国国债收益率2年": np.round(cn10 - 0.45, 4),
                           "中国国债收益率5年": np.round(cn10 - 0.2, 4), "中国国债收益率10年": cn10,
                           "中国国债收益率30年": np.round(cn10 + 0.3, 4), "中国国债收益率10年-2年": 0.45,
                           "中国GDP年增率": float("nan"), "美国国债收益率2年": np.round(us10 - spread, 4),
                           "美国国债收益率5年": np.round(us10 - spread / 2, 4), "美国国债收益率10年": us10,
                           "美国国债收益率30年": np.round(us10 + 0.2, 4), "美国国债收益率10年-2年": spread,
                           "美国GDP年增率": float("nan")})
    w("treasury_yields", "bond_zh_us_rate", yields.iloc[::-1])


def write_text_lists(w: Writer) -> None:
    for keyword, items in D.NEWS.items():
        w("stock_news", "stock_news_em", pd.DataFrame(
            [{"关键词": keyword, "新闻标题": f"【样例】{title}", "新闻内容": f"【样例新闻，非真实报道】{content}",
              "发布时间": f"2025-03-{10 + i:02d} 09:{30 + i:02d}:00", "文章来源": "样例财经",
              "新闻链接": f"https://example.com/sample-news/{zlib.crc32(keyword.encode()) % 10000:04d}-{i}.html"}
             for i, (title, content) in enumerate(items, 1)]), keyword=keyword)
    for symbol, reports in D.REPORTS.items():
        rows = []
        for i, (date, title, rating, industry, eps, pe) in enumerate(reports, 1):
            row = {"序号": i, "股票代码": symbol, "股票简称": name_of(symbol), "报告名称": f"样例：{title}",
                   "东财评级": rating, "机构": "样例证券", "近一月个股研报数": 3}
            for year, e, p in zip((2025, 2026, 2027), eps, pe):
                row[f"{year}-盈利预测-收益"], row[f"{year}-盈利预测-市盈率"] = e, p
            row.update({"行业": industry, "日期": date,
                        "报告PDF链接": f"https://example.com/sample-report/{symbol}-{date}.pdf"})
            rows.append(row)
        w("research_reports", "stock_research_report_em", pd.DataFrame(rows), symbol=symbol)


def write_series(w: Writer) -> None:
    write_prices(w)
    write_macro(w)
    write_text_lists(w)
