"""Sample fund fixtures: fund list, managers, holdings over six consecutive quarters, NAV,
announcements, and the per-stock attributes style metrics need (valuation, growth). Invented numbers.

Holdings are consistent with prices: 持仓市值 = 持股数 × the quarter-end price in stock_value_em, and
占净值比例 = 持仓市值 / net assets. The stable fund keeps the same share counts all along, so any
change in its weights is pure price drift.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import sample_fixture_data as D
from sample_fixture_kit import QUARTER_ENDS, QUARTERS, REPORT_DATES, Writer, bridge, days, name_of, price_path, rng

START_ASSETS = {"990001": 800000.0, "990002": 300000.0, "990003": 500000.0, "990006": 200000.0, "990007": 400000.0}
EQUITY_SHARE = 0.88  # the part of net assets that moves with the stock book


def books(plan: str, code: str) -> list[list[str]]:
    """The stock book held at each of the six quarter ends."""
    if plan == "rotate_gv":
        return [D.GROWTH_BOOK, D.VALUE_BOOK] * 3
    if plan == "rotate_size":
        return [D.LARGE_BOOK, D.LARGE_BOOK, D.SMALL_BOOK, D.SMALL_BOOK, D.LARGE_BOOK, D.LARGE_BOOK]
    if plan == "stable":
        return [D.STABLE_VALUE_BOOK] * 6
    book = D.PHARMA_BOOK if code == "990006" else D.BALANCED_BOOK
    swapped = [c if c != "601088" else "300274" for c in book]  # the balanced fund swaps one name mid-way
    return [book, book, book] + [swapped if code == "990007" else book] * 3


def holdings(code: str, plan: str) -> tuple[list[pd.DataFrame], list[float]]:
    """Per quarter: (股票代码, 股票名称, 占净值比例, 持股数, 持仓市值); and net assets (万元) at each of the
    seven quarter ends (the first, end-2023, backed out from the first book's return over 2024Q1)."""
    prices = {c: price_path(c) for c in D.STOCKS}
    gen, assets, shares, frames = rng("hold", code), [START_ASSETS[code]], {}, []
    for q, book in enumerate(books(plan, code), start=1):
        if shares:  # net assets move with last quarter's book
            held = sum(s * prices[c][q - 1] for c, s in shares.items())
            now = sum(s * prices[c][q] for c, s in shares.items())
            assets.append(assets[-1] * (1 + EQUITY_SHARE * (now / held - 1)))
        if plan == "stable" and shares:
            pass  # same shares: weights drift with prices only
        elif plan == "tilt" and shares and set(book) == set(shares):
            shares = {c: s * (1 + gen.uniform(-0.08, 0.08)) for c, s in shares.items()}
        else:
            weights = np.array(D.TARGET_WEIGHTS) + gen.normal(0, 0.25, len(book))
            shares = {c: w / 100 * assets[-1] / prices[c][q] for c, w in zip(book, weights)}
        rows = [(c, name_of(c), s * prices[c][q] / assets[-1] * 100, s, s * prices[c][q]) for c, s in shares.items()]
        frames.append(pd.DataFrame(rows, columns=["股票代码", "股票名称", "占净值比例", "持股数", "持仓市值"])
                      .sort_values("持仓市值", ascending=False))
    first = frames[0]
    back = sum(s * prices[c][0] for c, s in zip(first["股票代码"], first["持股数"]))
    opening = assets[0] / (1 + EQUITY_SHARE * (first["持仓市值"].sum() / back - 1))
    return frames, [opening, *assets]


def holdings_file(frames: list[pd.DataFrame], year: int) -> pd.DataFrame:
    parts = []
    for frame, (y, q) in zip(frames, QUARTERS):
        if y == year:
            parts.append(frame.assign(季度=f"{y}年{q}季度股票投资明细"))
    out = pd.concat(parts, ignore_index=True).round({"占净值比例": 2, "持股数": 2, "持仓市值": 2})
    out.insert(0, "序号", range(1, len(out) + 1))
    return out


def nav_frame(code: str, plan: str, assets: list[float]) -> pd.DataFrame:
    dates = days(QUARTER_ENDS[0], QUARTER_ENDS[-1])
    ends = [dates.get_indexer([pd.Timestamp(d)])[0] for d in QUARTER_ENDS]
    start = 1.0 + rng("nav0", code).uniform(0.2, 1.5)
    if plan == "none":  # bond fund creeps up; the FOF moves a little
        growth = 1.008 if code == "990004" else 1.015
        anchors, sigma = [start * growth ** i for i in range(len(ends))], 0.0006 if code == "990004" else 0.004
    else:
        anchors, sigma = [start * a / assets[0] for a in assets], 0.012
    nav = bridge(anchors, list(np.diff(ends)), sigma, ("nav", code))
    nav = np.round(nav, 4)
    growth_pct = np.concatenate([[0.0], np.round((nav[1:] / nav[:-1] - 1) * 100, 2)])
    return pd.DataFrame({"净值日期": dates.strftime("%Y-%m-%d"), "单位净值": nav, "日增长率": growth_pct})


def announcements(code: str, name: str) -> pd.DataFrame:
    long_name = (name.rstrip("AC").replace("混合", "混合型").replace("股票", "股票型").replace("债券", "债券型")
                 .replace("FOF", "基金中基金(FOF)")) + "证券投资基金"
    items = [("2024年第1季度报告", "2024-04-22"), ("2024年第2季度报告", "2024-07-19"), ("2024年中期报告", "2024-08-30"),
             ("2024年第3季度报告", "2024-10-25"), ("2024年第4季度报告", "2025-01-22"), ("2024年年度报告", "2025-03-31"),
             ("2025年第1季度报告", "2025-04-22")]
    return pd.DataFrame([{"基金代码": code, "公告标题": f"{long_name}{title}", "基金名称": name, "公告日期": date,
                          "报告ID": f"SAMPLE{code}{date.replace('-', '')}"} for title, date in items])


def stock_attributes(w: Writer, codes: set[str]) -> None:
    for code in sorted(codes):
        name, group, base, shares, pe, pb, growth, _ = D.STOCKS[code]
        gen, rows = rng("value", code), []
        for date, price in zip(QUARTER_ENDS, price_path(code)):
            pe_now = pe * price / base if pe == pe else float("nan")
            rows.append({"数据日期": date, "当日收盘价": price, "当日涨跌幅": round(gen.normal(0, 1.5), 2),
                         "总市值": round(price * shares * 1e8), "流通市值": round(price * shares * 0.9e8),
                         "总股本": round(shares * 1e8), "流通股本": round(shares * 0.9e8), "PE(TTM)": round(pe_now, 2),
                         "PE(静)": round(pe_now * 1.05, 2), "市净率": round(pb * price / base, 2),
                         "PEG值": round(pe_now / growth, 2) if growth > 0 else float("nan"),
                         "市现率": round(pe_now * 0.8, 2), "市销率": round(pe_now * 0.15, 2)})
        w("stock_valuation", "stock_value_em", pd.DataFrame(rows), symbol=code)
    for date in REPORT_DATES:
        gen, rows, part = rng("yjbb", date), [], {"03": 0.25, "06": 0.5, "09": 0.75, "12": 1.0}[date[4:6]]
        for i, code in enumerate(sorted(D.STOCKS), 1):
            name, group, base, shares, pe, pb, growth, industry = D.STOCKS[code]
            profit = base * shares * 1e8 / (pe if pe == pe else -80) * part
            rows.append({"序号": i, "股票代码": code, "股票简称": name, "每股收益": round(profit / (shares * 1e8), 4),
                         "营业总收入-营业总收入": round(abs(profit) * 8), "营业总收入-同比增长": round(growth * 0.5 + gen.normal(5, 6), 2),
                         "营业总收入-季度环比增长": round(gen.normal(2, 8), 2), "净利润-净利润": round(profit),
                         "净利润-同比增长": round(growth + gen.normal(0, 8), 2), "净利润-季度环比增长": round(gen.normal(0, 15), 2),
                         "每股净资产": round(base / pb, 2), "净资产收益率": round(100 * profit / (base * shares * 1e8 / pb), 2),
                         "每股经营现金流量": round(profit / (shares * 1e8) * 1.1, 4), "销售毛利率": round(gen.uniform(12, 60), 2),
                         "所处行业": industry, "最新公告日期": str((pd.Timestamp(date) + pd.Timedelta(days=60)).date())})
        w("stock_financials", "stock_yjbb_em", pd.DataFrame(rows), report_date=date)


def write_funds(w: Writer) -> None:
    held: set[str] = set()
    for code, (name, kind, abbr, manager, company, plan) in D.FUNDS.items():
        if plan == "none":
            empty = pd.DataFrame(columns=["序号", "股票代码", "股票名称", "占净值比例", "持股数", "持仓市值", "季度"])
            for year in (2024, 2025):
                w("fund_holdings", "fund_portfolio_hold_em", empty, code=code, year=str(year))
            assets = []
        else:
            frames, assets = holdings(code, plan)
            held.update(c for frame in frames for c in frame["股票代码"])
            for year in (2024, 2025):
                w("fund_holdings", "fund_portfolio_hold_em", holdings_file(frames, year), code=code, year=str(year))
        w("fund_nav", "fund_open_fund_info_em", nav_frame(code, plan, assets), code=code)
        w("fund_announcements", "fund_announcement_report_em", announcements(code, name), code=code)
    funds = [{"基金代码": c, "拼音缩写": f[2], "基金简称": f[0], "基金类型": f[1], "拼音全称": ""} for c, f in D.FUNDS.items()]
    funds += [{"基金代码": c, "拼音缩写": abbr, "基金简称": full, "基金类型": "指数型-股票", "拼音全称": ""}
              for c, _, full, abbr, _, _ in D.ETFS]
    w("fund_list", "fund_name_em", pd.DataFrame(funds))
    rows, gen = [], rng("managers")
    for code, (name, kind, abbr, manager, company, plan) in D.FUNDS.items():
        rows.append({"序号": len(rows) + 1, "姓名": manager, "所属公司": company, "现任基金代码": code, "现任基金": name,
                     "累计从业时间": int(gen.integers(800, 4000)), "现任基金资产总规模": round(gen.uniform(20, 150), 2),
                     "现任基金最佳回报": round(gen.uniform(-10, 120), 2)})
    w("fund_managers", "fund_manager_em", pd.DataFrame(rows))
    stock_attributes(w, held)
