"""Signal rules on small hand-made macro series, missing months, and the hit-rate computation."""

from __future__ import annotations

import pandas as pd
import pytest

from tools.signal_backtest import backtest_signals, hit_rate, monthly_returns
from tools.signals import MacroInputs, compute_signals, equity_timing, growth_value_view, monthly, size_view

MONTHS = ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]


def money(m1: list[float], m2: list[float], months: list[str] = MONTHS) -> pd.DataFrame:
    return pd.DataFrame({"month": pd.to_datetime([f"{m}-01" for m in months]), "m1_yoy": m1, "m2_yoy": m2})


def pmi(values: list[float], months: list[str] = MONTHS) -> pd.DataFrame:
    return pd.DataFrame({"month": pd.to_datetime([f"{m}-01" for m in months]), "manufacturing": values})


def ppi(values: list[float], months: list[str] = MONTHS) -> pd.DataFrame:
    return pd.DataFrame({"month": pd.to_datetime([f"{m}-01" for m in months]), "ppi_yoy": values})


def yields(cn: list[float], us: list[float], months: list[str] = MONTHS) -> pd.DataFrame:
    """Two days a month; the month-end value is the second one."""
    dates, cn_rows, us_rows = [], [], []
    for m, c, u in zip(months, cn, us):
        dates += [pd.Timestamp(f"{m}-10"), pd.Timestamp(f"{m}-20")]
        cn_rows += [c + 9.0, c]  # the mid-month value must not be the one read
        us_rows += [u - 9.0, u]
    return pd.DataFrame({"date": dates, "cn_10y": cn_rows, "us_10y": us_rows})


FLAT6 = [1.0] * 6
JUNE = pd.Period("2024-06", freq="M")


def test_monthly_takes_the_last_observation_of_each_month():
    series = monthly(yields([2.0, 2.1, 2.2, 2.3, 2.4, 2.5], FLAT6), "cn_10y", "date")
    assert list(series.index.astype(str)) == MONTHS
    assert series[JUNE] == pytest.approx(2.5)


@pytest.mark.parametrize("m1,direction,value", [
    ([0, 0, 1.0, 1.5, 2.0, 2.5], "small", 1.5),  # June 2.5 vs March 1.0
    ([0, 0, 3.0, 2.0, 1.0, 0.5], "large", -2.5),
    ([0, 0, 2.0, 5.0, 0.0, 2.0], "neutral", 0.0),  # only the two end points count
])
def test_size_view_follows_m1_yoy_over_three_months(m1, direction, value):
    signal = size_view(MacroInputs.from_frames(money=money(m1, FLAT6)), JUNE)
    assert signal.direction == direction and signal.value == pytest.approx(value)
    assert signal.window == ("2024-03", "2024-06") and not signal.partial and signal.missing_months == ()


@pytest.mark.parametrize("m1,us,score,direction", [
    ([0, 0, -5.0, -4.0, -3.0, -2.0], [4.5, 4.5, 4.5, 4.4, 4.3, 4.2], 2.0, "growth"),  # spread widens, US falls
    ([0, 0, -2.0, -3.0, -4.0, -5.0], [4.0, 4.0, 4.0, 4.1, 4.2, 4.3], -2.0, "value"),
    ([0, 0, -5.0, -4.0, -3.0, -2.0], [4.0, 4.0, 4.0, 4.1, 4.2, 4.3], 0.0, "neutral"),  # they disagree
])
def test_growth_value_view_combines_spread_and_us_yield(m1, us, score, direction):
    inputs = MacroInputs.from_frames(money=money(m1, [7.0] * 6), yields=yields([2.0] * 6, us))
    signal = growth_value_view(inputs, JUNE)
    assert (signal.value, signal.direction) == (score, direction)


def _timing(pmi_values, ppi_values, m1, m2, cn):
    inputs = MacroInputs.from_frames(money=money(m1, m2), pmi=pmi(pmi_values), ppi=ppi(ppi_values),
                                     yields=yields(cn, [4.0] * 6))
    return equity_timing(inputs, JUNE)


def test_timing_opens_on_one_growth_event_of_three():
    # PMI below 50 and falling; PPI YoY rising: growth 1/3 = 33% > 30%. Liquidity 0/4.
    signal = _timing([50, 50, 49.5, 49.4, 49.3, 49.2], [0, 0, -2.0, -1.5, -1.0, -0.5], [0, 0, 2, 2, 2, 1],
                     [0, 0, 8, 8, 8, 7], [0, 0, 2.0, 2.1, 2.2, 2.3])
    assert signal.components["growth_strength"] == pytest.approx(1 / 3, abs=1e-6)
    assert signal.components["liquidity_strength"] == 0.0
    assert signal.events["ppi_yoy_rising"] and not signal.events["pmi_expansion"]
    assert signal.direction == "long" and signal.value == pytest.approx(1 / 3, abs=1e-6)


def test_timing_stays_flat_on_one_liquidity_event_of_four():
    # Only the 10-year yield falls: liquidity 1/4 = 25%, not above 30%. Growth 0/3.
    signal = _timing([50, 50, 49.5, 49.4, 49.3, 49.2], [0, 0, -0.5, -1.0, -1.5, -2.0], [0, 0, 2, 2, 2, 1],
                     [0, 0, 8, 8, 8, 7], [0, 0, 2.3, 2.2, 2.1, 2.0])
    assert signal.components["liquidity_strength"] == 0.25
    assert signal.events["cn_10y_falling"] is True
    assert signal.direction == "flat" and signal.value == 0.25


def test_missing_middle_month_is_listed_not_interpolated():
    months = [m for m in MONTHS if m != "2024-05"]
    inputs = MacroInputs.from_frames(money=money([0, 0, 1.0, 1.5, 2.5], [1.0] * 5, months))
    signal = size_view(inputs, JUNE)
    assert signal.partial and signal.missing_months == ("2024-05",)
    assert signal.value == pytest.approx(1.5) and signal.direction == "small"  # from the two end points
    assert any("2024-05" in n and "未插值" in n for n in signal.notes)


def test_missing_end_point_makes_the_signal_unknown():
    months = [m for m in MONTHS if m != "2024-03"]
    inputs = MacroInputs.from_frames(money=money([0, 0, 1.5, 2.0, 2.5], [1.0] * 5, months))
    signal = size_view(inputs, JUNE)
    assert signal.value is None and signal.direction == "unknown"
    assert signal.partial and signal.missing_months == ("2024-03",)


def test_timing_leaves_unknown_events_out_of_the_share():
    # PPI lacks March: its event is unknown, so growth = 1 of the 2 known events (PMI > 50).
    inputs = MacroInputs.from_frames(pmi=pmi([50, 50, 51.0, 51.0, 51.0, 50.5]),
                                     ppi=ppi([0, 0, -1, -1, -1], [m for m in MONTHS if m != "2024-03"]))
    signal = equity_timing(inputs, JUNE)
    assert signal.events["ppi_yoy_rising"] is None
    assert signal.components["growth_strength"] == 0.5 and signal.components["liquidity_strength"] is None
    assert signal.direction == "long" and "2024-03" in signal.missing_months


def test_latest_month_is_the_default_and_a_lagging_series_is_partial():
    inputs = MacroInputs.from_frames(money=money([0, 0, 1, 1, 1, 2], FLAT6),
                                     pmi=pmi([50] * 5, MONTHS[:5]))  # PMI stops in May
    timing, size, _ = compute_signals(inputs)
    assert timing.as_of == size.as_of == "2024-06"
    assert "2024-06" in timing.missing_months and not size.partial


def test_no_macro_data_at_all():
    signals = compute_signals(MacroInputs({}))
    assert [s.direction for s in signals] == ["unknown"] * 3 and all(s.partial for s in signals)


# -- hit rates ----------------------------------------------------------------------------------
def _daily(closes: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame({"date": pd.to_datetime(list(closes)), "close": list(closes.values())})


def test_monthly_returns_use_month_end_closes_and_never_bridge_a_gap():
    returns = monthly_returns(_daily({"2024-01-15": 90, "2024-01-31": 100, "2024-02-29": 110, "2024-03-29": 99,
                                      "2024-05-31": 120}))  # April missing
    assert returns[pd.Period("2024-02", "M")] == pytest.approx(0.1)
    assert returns[pd.Period("2024-03", "M")] == pytest.approx(-0.1)
    assert pd.Period("2024-05", "M") not in returns.index and len(returns) == 2


def test_hit_rate_worked_example():
    calls = pd.Series({pd.Period(f"2024-0{i}", "M"): c for i, c in enumerate(["small", "large", "small", "neutral"], 1)})
    returns = pd.Series({pd.Period(f"2024-0{i}", "M"): r for i, r in zip(range(3, 7), [0.01, 0.02, -0.01, 0.03])})
    result = hit_rate("size_view", "小减大", calls, returns, "small", "large", lag=1)
    assert (result.n, result.hits, result.neutral) == (3, 1, 1)
    assert result.hit_rate == pytest.approx(0.3333) and result.period == ("2024-03", "2024-05")
    next_month = hit_rate("size_view", "小减大", calls, returns, "small", "large", lag=0)
    assert next_month.period == ("2024-03", "2024-04") and next_month.n == 2  # Jan's call has no Feb return


def test_backtest_scores_size_rule_against_small_minus_large():
    months = [f"2024-{m:02d}" for m in range(1, 13)]
    m1 = [0, 1, 2, 3, 4, 5, 4, 3, 2, 1, 0, -1]  # rising until June, then falling
    inputs = MacroInputs.from_frames(money=money(m1, [1.0] * 12, months))
    ends = pd.date_range("2024-01-31", periods=12, freq="ME")
    small_up = [100 * 1.01 ** i for i in range(12)]  # small caps gain 1% a month on flat large caps
    index_daily = {"sh000852": _daily(dict(zip(ends.astype(str), small_up))),
                   "sh000300": _daily(dict(zip(ends.astype(str), [100.0] * 12)))}
    size = next(h for h in backtest_signals(inputs, index_daily) if h.signal == "size_view")
    # Calls from April (first with a 3-month change) to October score returns June..December.
    assert size.period == ("2024-06", "2024-12") and size.n == 7
    rising_calls = sum(1 for t in range(3, 10) if m1[t] > m1[t - 3])  # small-cap calls are the hits
    assert size.hits == rising_calls and size.hit_rate == pytest.approx(round(rising_calls / 7, 4))
    as_known = next(h for h in backtest_signals(inputs, index_daily, until="2024-09") if h.signal == "size_view")
    assert as_known.period == ("2024-06", "2024-09") and as_known.n == 4  # later returns were not yet known
    growth = next(h for h in backtest_signals(inputs, index_daily) if h.signal == "growth_value_view")
    assert growth.n == 0 and "缺少指数行情" in growth.notes[0]
