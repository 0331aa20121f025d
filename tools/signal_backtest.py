"""How each signal rule did historically: its hit rate against the following period's index return.

For every month t with enough data, the rule is re-run on the data up to t (tools.signals looks
back only) and its call is compared with the index return over month t + 1 + RELEASE_LAG_MONTHS:

  equity_timing      long -> hit if 沪深300's return > 0;  flat -> hit if < 0
  size_view          small -> hit if 中证1000 - 沪深300 > 0;  large -> hit if < 0
  growth_value_view  growth -> hit if 国证成长 - 国证价值 > 0;  value -> hit if < 0

RELEASE_LAG_MONTHS = 1: month t's macro data is published during month t+1 (M1 around the 10th–15th),
so the first return the rule could have traded is month t+2. A relative return of exactly 0 is a miss.
Neutral or unknown calls are not counted (reported as `neutral`). A monthly return needs the
month-end closes of both months; a month without data is skipped and listed, never bridged.

hit_rate = hits / n. Worked example: calls small, large, small, neutral at t = 1..4 and relative
returns +1%, +2%, -1%, +3% at t+2 -> hits 1 of n = 3 (neutral excluded) -> 0.3333.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

import pandas as pd

from tools.errors import first_line
from tools.signals import LOOKBACK_MONTHS, SIGNAL_RULES, MacroInputs, monthly

RELEASE_LAG_MONTHS = 1
# signal -> (long-side index, short-side index or None for an absolute return, comparison label, up call, down call)
COMPARISONS = {
    "equity_timing": ("sh000300", None, "沪深300 收益", "long", "flat"),
    "size_view": ("sh000852", "sh000300", "中证1000 − 沪深300 收益", "small", "large"),
    "growth_value_view": ("sz399370", "sz399371", "国证成长 − 国证价值 收益", "growth", "value"),
}


@dataclass(frozen=True)
class HitRate:
    signal: str
    comparison: str
    n: int  # calls counted (up or down)
    hits: int
    hit_rate: float | None  # hits / n, None when n == 0
    period: tuple[str, str] | None  # first and last return month evaluated
    neutral: int = 0  # neutral/unknown calls, not counted
    skipped_months: tuple[str, ...] = ()  # return months without index data
    release_lag_months: int = RELEASE_LAG_MONTHS
    sample_data: bool = False  # the index or macro data were bundled samples, not market data
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return asdict(self)


def monthly_returns(daily: pd.DataFrame, column: str = "close") -> pd.Series:
    """Month-on-month return of month-end closes; a month whose previous month has no data gets none."""
    closes = monthly(daily, column, "date")
    previous = closes.index - 1
    known = previous.isin(closes.index)
    out = pd.Series(closes[known].to_numpy() / closes.reindex(previous[known]).to_numpy() - 1,
                    index=closes.index[known])
    return out.round(10)


def hit_rate(signal: str, comparison: str, calls: pd.Series, returns: pd.Series, up: str, down: str,
             lag: int = RELEASE_LAG_MONTHS) -> HitRate:
    """Score `calls` (PeriodIndex -> direction) against `returns` (PeriodIndex -> relative return)."""
    hits = n = neutral = 0
    evaluated: list[pd.Period] = []
    skipped: list[str] = []
    for month, call in calls.items():
        target = month + 1 + lag
        if call not in (up, down):
            neutral += 1
            continue
        if target not in returns.index or pd.isna(returns[target]):
            skipped.append(str(target))
            continue
        n += 1
        evaluated.append(target)
        r = float(returns[target])
        hits += int(r > 0 if call == up else r < 0)
    period = (str(min(evaluated)), str(max(evaluated))) if evaluated else None
    # Calls on the last months have no return yet: that is the end of the data, not a gap.
    last_return = returns.index.max() if len(returns) else None
    gaps = tuple(m for m in skipped if last_return is None or pd.Period(m, freq="M") <= last_return)
    return HitRate(signal, comparison, n, hits, round(hits / n, 4) if n else None, period, neutral, gaps, lag)


def signal_calls(inputs: MacroInputs, signal: str, months: list[pd.Period]) -> pd.Series:
    """The rule's direction at each month, computed from data up to that month only."""
    rule = SIGNAL_RULES[signal]
    return pd.Series({m: rule(inputs, m).direction for m in months}, dtype=object)


def backtest_signals(inputs: MacroInputs, index_daily: dict[str, pd.DataFrame], lag: int = RELEASE_LAG_MONTHS,
                     until: pd.Period | str | None = None) -> list[HitRate]:
    """One HitRate per signal; `index_daily` maps index symbols (sh000300…) to daily bars.

    `until` (a month): only returns up to that month count, i.e. what was known at that time."""
    first = min((s.index.min() for s in inputs.series.values() if len(s)), default=None)
    last = pd.Period(until, freq="M") if until is not None else inputs.latest_month()
    if first is None or last is None:
        return [HitRate(name, spec[2], 0, 0, None, None, notes=("没有宏观数据",)) for name, spec in COMPARISONS.items()]
    months = list(pd.period_range(first + LOOKBACK_MONTHS, last, freq="M"))
    macro_sample = any(p.get("sample") for p in inputs.provenance.values())
    results = []
    for name, (long_index, short_index, label, up, down) in COMPARISONS.items():
        needed = [i for i in (long_index, short_index) if i]
        absent = [i for i in needed if i not in index_daily]
        if absent:
            results.append(HitRate(name, label, 0, 0, None, None, notes=(f"缺少指数行情：{'、'.join(absent)}",)))
            continue
        returns = monthly_returns(index_daily[long_index])
        if short_index:
            other = monthly_returns(index_daily[short_index])
            common = returns.index.intersection(other.index)
            returns = returns[common] - other[common]
        returns = returns[returns.index <= last]
        # Score only months whose return falls inside the price history.
        start = returns.index.min() - 1 - lag if len(returns) else first
        calls = signal_calls(inputs, name, [m for m in months if m >= start])
        result = hit_rate(name, label, calls, returns, up, down, lag)
        sample = macro_sample or any(index_daily[i].attrs.get("provenance", {}).get("sample") for i in needed)
        results.append(replace(result, sample_data=bool(sample)))
    return results


def load_index_history(market, symbols: list[str] | None = None) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Daily bars of the indexes COMPARISONS needs; an index that cannot be read is left out with a note."""
    from tools.market_data import MarketDataError

    wanted = symbols or sorted({i for spec in COMPARISONS.values() for i in spec[:2] if i})
    frames, notes = {}, []
    for symbol in wanted:
        try:
            frames[symbol] = market.index_history(symbol)
        except MarketDataError as exc:
            notes.append(f"无法读取指数 {symbol}：{first_line(exc)}")
    return frames, notes
