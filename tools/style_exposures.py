"""Per-stock style scores and the frames tools/style_metrics.py takes, built from the market-data layer.

Scores are on fixed scales (not cross-sectional ranks), so a stock's score does not depend on which
other stocks happen to be loaded, and every number can be checked by hand:

- size = clip((log10(market cap / 1e8) − 1) / 3, 0, 1): 10亿 → 0, 100亿 → 1/3, 1000亿 → 2/3, 1万亿 → 1.
  Example: 中际旭创 at 1188亿 → (log10 1188 − 1)/3 = (3.075 − 1)/3 = 0.692.
- growth = the mean of the components that are known, each clipped to [0, 1]:
  valuation PE(TTM) on a log scale, (ln PE − ln 10)/(ln 60 − ln 10) (PE ≤ 0 or missing: left out);
  valuation PB on a log scale, (ln PB − ln 1)/(ln 8 − ln 1);
  growth rate, (mean of net-profit and revenue YoY % − 0)/40.
  1 = priced and growing like a growth stock (PE 60, PB 8, +40 % YoY), 0 = a deep-value stock
  (PE 10, PB 1, no growth). Example: PE 15, PB 0.9, YoY 5 % →
  ((ln 1.5/ln 6) + 0 + 5/40)/3 = (0.226 + 0 + 0.125)/3 = 0.117.

Holdings: quarterly reports (Q1/Q3) list only the ten largest holdings, semi-annual and annual reports
list all; the loader keeps the top `top_n` (default 10) by weight in every period so consecutive
periods compare like with like. Prices are unadjusted closes at the period end (stock_value_em), so
returns ignore dividends; with share counts unchanged, value = shares × close drifts exactly as modelled.
"""

from __future__ import annotations

import math
from typing import Iterable

import pandas as pd

from tools.errors import first_line
from tools.market_data import MarketDataError

SIZE_FLOOR_LOG10_100M, SIZE_SPAN = 1.0, 3.0  # log10 of market cap in 亿元: 10亿 .. 1万亿
PE_LOW, PE_HIGH = 10.0, 60.0
PB_LOW, PB_HIGH = 1.0, 8.0
GROWTH_HIGH_PCT = 40.0
PRICE_STALE_DAYS = 20  # a close older than this before the period end is not that period's price


def _clip(x: float) -> float:
    return min(1.0, max(0.0, x))


def _known(x: object) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x)) and not pd.isna(x)


def size_score(market_cap_yuan: float | None) -> float | None:
    if not _known(market_cap_yuan) or market_cap_yuan <= 0:
        return None
    return _clip((math.log10(market_cap_yuan / 1e8) - SIZE_FLOOR_LOG10_100M) / SIZE_SPAN)


def growth_score(pe_ttm: float | None, pb: float | None, profit_yoy_pct: float | None,
                 revenue_yoy_pct: float | None) -> float | None:
    parts = []
    if _known(pe_ttm) and pe_ttm > 0:
        parts.append(_clip(math.log(pe_ttm / PE_LOW) / math.log(PE_HIGH / PE_LOW)))
    if _known(pb) and pb > 0:
        parts.append(_clip(math.log(pb / PB_LOW) / math.log(PB_HIGH / PB_LOW)))
    rates = [r for r in (profit_yoy_pct, revenue_yoy_pct) if _known(r)]
    if rates:
        parts.append(_clip(sum(rates) / len(rates) / GROWTH_HIGH_PCT))
    return sum(parts) / len(parts) if parts else None


def quarter_label(ts: pd.Timestamp) -> str:
    return f"{ts.year}Q{(ts.month - 1) // 3 + 1}"


def quarter_end(label: str) -> pd.Timestamp:
    year, q = int(label[:4]), int(label[-1])
    return pd.Timestamp(year=year, month=3 * q, day=1) + pd.offsets.MonthEnd(0)


def next_quarter(label: str) -> str:
    return quarter_label(quarter_end(label) + pd.offsets.QuarterEnd(1))


def load_holdings(market, code: str, years: Iterable[int], top_n: int | None = 10) -> tuple[pd.DataFrame, list[str]]:
    """(period, period_end, code, name, weight (share of net assets), value) over `years`; and notes.
    `attrs["sample"]` is True when any of it came from bundled sample fixtures."""
    frames, notes, sample = [], [], False
    for year in sorted(set(years)):
        try:
            frame = market.fund_holdings(code, year)
        except MarketDataError as exc:
            notes.append(f"{year} 年持仓数据缺失：{first_line(exc)}")
            continue
        sample = sample or bool(frame.attrs.get("provenance", {}).get("sample"))
        if len(frame):
            frames.append(frame)
    if not frames:
        empty = pd.DataFrame(columns=["period", "period_end", "code", "name", "weight", "value"])
        empty.attrs["sample"] = sample
        return empty, notes
    raw = pd.concat(frames, ignore_index=True)
    out = pd.DataFrame({"period": raw["period_end"].map(quarter_label), "period_end": raw["period_end"],
                        "code": raw["code"], "name": raw["name"], "weight": raw["weight_pct"] / 100.0,
                        "value": raw["value_10k"]})
    if top_n:
        out = out.sort_values(["period", "weight"], ascending=[True, False]).groupby("period").head(top_n)
    periods = sorted(out["period"].unique())
    gaps = [f"{a}→{b}" for a, b in zip(periods, periods[1:]) if next_quarter(a) != b]
    if gaps:
        notes.append("持仓报告期不连续（" + "、".join(gaps) + "）：跨越缺口的调仓按相邻两期处理。")
    out = out.reset_index(drop=True)
    out.attrs["sample"] = sample
    return out, notes


def _close_at(valuation: pd.DataFrame, when: pd.Timestamp) -> pd.Series | None:
    rows = valuation[valuation["date"] <= when]
    if rows.empty or (when - rows["date"].iloc[-1]).days > PRICE_STALE_DAYS:
        return None
    return rows.iloc[-1]


def _financials(market, when: pd.Timestamp, cache: dict) -> pd.DataFrame | None:
    """The latest stock_financials report at or before `when` (tries up to four quarter ends back)."""
    latest = pd.offsets.QuarterEnd().rollback(when.normalize())
    for back in range(4):
        report = latest - pd.offsets.QuarterEnd(back) if back else latest
        key = report.strftime("%Y%m%d")
        if key not in cache:
            try:
                cache[key] = market.stock_financials(report).drop_duplicates("code").set_index("code")
            except MarketDataError:
                cache[key] = None
        if cache[key] is not None:
            return cache[key]
    return None


def load_attributes(market, codes: Iterable[str], periods: Iterable[str]) -> tuple[pd.DataFrame, list[str]]:
    """(period, code, price, size, growth, industry) for every code and period; and notes on what is missing.

    `periods` may include one period past the holdings: its prices give the last rotation return."""
    codes, periods = sorted(set(codes)), sorted(set(periods))
    rows, missing_valuation, fin_cache = [], [], {}
    valuations = {}
    for code in codes:
        try:
            valuations[code] = market.stock_valuation(code)
        except MarketDataError:
            missing_valuation.append(code)
    for period in periods:
        end = quarter_end(period)
        fin = _financials(market, end, fin_cache)
        for code in codes:
            row = {"period": period, "code": code, "price": None, "size": None, "growth": None, "industry": None}
            quote = _close_at(valuations[code], end) if code in valuations else None
            f = fin.loc[code] if fin is not None and code in fin.index else None
            if quote is not None:
                row["price"] = float(quote["close"])
                row["size"] = size_score(quote["market_cap"])
            if quote is not None or f is not None:
                row["growth"] = growth_score(quote["pe_ttm"] if quote is not None else None,
                                             quote["pb"] if quote is not None else None,
                                             f["net_profit_yoy_pct"] if f is not None else None,
                                             f["revenue_yoy_pct"] if f is not None else None)
            if f is not None:
                row["industry"] = f["industry"]
            rows.append(row)
    notes = []
    if missing_valuation:
        notes.append("以下股票缺少估值/市值数据（不计入规模与成长价值暴露）：" + "、".join(missing_valuation))
    frame = pd.DataFrame(rows, columns=["period", "code", "price", "size", "growth", "industry"])
    for column in ("price", "size", "growth"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    return frame, notes


def industry_benchmark(market, index_code: str = "000300",
                       when: pd.Timestamp | None = None) -> tuple[pd.Series, str | None]:
    """(industry -> weight of the index, a note when it could not be built or is partial)."""
    try:
        weights = market.index_weights(index_code)
    except MarketDataError as exc:
        return pd.Series(dtype=float), f"无法取得基准 {index_code} 成分权重：{first_line(exc)}"
    when = when or (weights["date"].max() if "date" in weights and weights["date"].notna().any() else None)
    fin = _financials(market, when or pd.Timestamp.today().normalize(), {})
    if fin is None:
        return pd.Series(dtype=float), "缺少行业分类数据，未计算行业偏离。"
    ind = weights["code"].map(lambda c: fin["industry"].get(c))
    known = weights[ind.notna()]
    total = weights["weight_pct"].sum()
    share = known["weight_pct"].sum() / total if total else 0.0
    bench = known.groupby(ind[ind.notna()])["weight_pct"].sum()
    note = None if share >= 0.99 else f"基准 {index_code} 成分股中有行业分类的权重占 {share:.0%}，行业偏离按已知部分计算。"
    return bench, note
