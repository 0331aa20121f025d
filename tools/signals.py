"""Macro signals for the strategy proposal (seed 004 §3.2–3.3), computed in pandas from monthly series.

All three signals look at one month `t` (the as-of month) and at `t-3` (LOOKBACK_MONTHS): a series is
"rising" when value(t) - value(t-3) > 0. A quarter-on-quarter change of a monthly series is the
direction a researcher reads off a chart; a single month is too noisy.

**Equity timing (宏观择时, §3.2 method one).** Two signal strengths, each the share of its macro
events that are on at `t` (an event whose inputs are missing is left out of the share, not counted off):
  growth    = mean of [PMI(t) > 50, PMI rising, PPI YoY rising]
  liquidity = mean of [M1 YoY rising, M2 YoY rising, M1-M2 spread rising, China 10y month-end yield falling]
"Exceeds 30%" means max(growth, liquidity) > 0.30: position 1 (long), else 0 (flat). So one growth
event of three (33%) opens the position, while one liquidity event of four (25%) does not.
Worked example: PMI 49.7 (t-3: 50.5), PPI YoY -3.6 (-2.5) -> growth 0/3; M1 YoY 4.6 (1.6), M2 YoY 8.3 (7.0),
spread -3.7 (-5.4), 10y 1.66 (1.80) -> liquidity 4/4 = 1.0 -> value 1.0 > 0.30 -> long.

**Size (大小盘, §3.3).** d = M1 YoY(t) - M1 YoY(t-3) in percentage points: d > 0 -> small caps
(资金活化，小盘占优), d < 0 -> large caps, d == 0 -> neutral. Example: 4.6 - 1.6 = +3.0 -> small.

**Growth/value (成长价值, §3.3).** score = sign(change of the M1-M2 spread) - sign(change of the US 10y
month-end yield), in -2..2: > 0 -> growth (spread widening and/or US yield falling), < 0 -> value,
0 -> neutral. Example: spread +1.7, US 10y +0.05 -> 1 - 1 = 0 -> neutral.

Missing months are never interpolated: every month of the window [t-3, t] absent from an input is
listed in `missing_months` and the signal is `partial`; a change whose end point is missing is None.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from tools.errors import first_line

LOOKBACK_MONTHS = 3
TIMING_THRESHOLD = 0.30
PMI_EXPANSION = 50.0

SERIES_LABELS = {"pmi": "制造业PMI", "ppi_yoy": "PPI同比", "m1_yoy": "M1同比", "m2_yoy": "M2同比",
                 "cn_10y": "中国10年期国债收益率", "us_10y": "美国10年期国债收益率"}


@dataclass(frozen=True)
class Signal:
    name: str  # equity_timing | size_view | growth_value_view
    label: str  # 宏观择时 | 大小盘 | 成长价值
    value: float | None  # timing: max strength 0..1; size: M1 YoY change (pp); growth/value: score -2..2
    direction: str  # long/flat, small/large/neutral, growth/value/neutral; unknown when nothing was computable
    as_of: str | None  # YYYY-MM
    window: tuple[str, str] | None  # first and last month read
    rule: str  # the rule in words (Chinese, shown to users)
    components: dict[str, float | None] = field(default_factory=dict)
    events: dict[str, bool | None] = field(default_factory=dict)
    missing_months: tuple[str, ...] = ()
    partial: bool = False
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return asdict(self)


def monthly(frame: pd.DataFrame, column: str, date_column: str = "month") -> pd.Series:
    """A monthly series (PeriodIndex 'M', NaN rows dropped, the last value of a month kept).

    Daily data (yields) becomes its month-end value: the last observation of each month."""
    data = frame[[date_column, column]].dropna().sort_values(date_column)
    series = pd.Series(data[column].astype(float).to_numpy(),
                       index=pd.PeriodIndex(data[date_column], freq="M"), name=column)
    return series[~series.index.duplicated(keep="last")]


@dataclass(frozen=True)
class MacroInputs:
    """The monthly series the signals read; a missing series is an empty one."""

    series: dict[str, pd.Series]
    provenance: dict[str, dict] = field(default_factory=dict)

    def get(self, key: str) -> pd.Series:
        return self.series.get(key, pd.Series(dtype=float, index=pd.PeriodIndex([], freq="M")))

    def latest_month(self) -> pd.Period | None:
        ends = [s.index.max() for s in self.series.values() if len(s)]
        return max(ends) if ends else None

    @classmethod
    def from_frames(cls, money: pd.DataFrame | None = None, pmi: pd.DataFrame | None = None,
                    ppi: pd.DataFrame | None = None, yields: pd.DataFrame | None = None) -> MacroInputs:
        """From normalized MarketData frames (money_supply, pmi, ppi, treasury_yields)."""
        series: dict[str, pd.Series] = {}
        provenance: dict[str, dict] = {}
        for name, frame, columns, date_column in (
                ("money_supply", money, ("m1_yoy", "m2_yoy"), "month"), ("pmi", pmi, ("manufacturing",), "month"),
                ("ppi", ppi, ("ppi_yoy",), "month"), ("treasury_yields", yields, ("cn_10y", "us_10y"), "date")):
            if frame is None:
                continue
            provenance[name] = dict(frame.attrs.get("provenance", {}))
            for column in columns:
                if column in frame.columns:
                    key = "pmi" if column == "manufacturing" else column
                    series[key] = monthly(frame, column, date_column)
        return cls(series, provenance)


def load_macro(market) -> tuple[MacroInputs, list[str]]:
    """The inputs from a MarketData; a dataset that cannot be read is left out with a note."""
    from tools.market_data import MarketDataError

    frames, notes = {}, []
    for key, method in (("money", "money_supply"), ("pmi", "pmi"), ("ppi", "ppi"), ("yields", "treasury_yields")):
        try:
            frames[key] = getattr(market, method)()
        except MarketDataError as exc:
            notes.append(f"无法读取 {method}：{first_line(exc)}")
    return MacroInputs.from_frames(**frames), notes


def _months(as_of: pd.Period, lookback: int) -> list[pd.Period]:
    return [as_of - k for k in range(lookback, -1, -1)]


def _missing(series: pd.Series, months: list[pd.Period]) -> list[pd.Period]:
    return [m for m in months if m not in series.index]


def change(series: pd.Series, as_of: pd.Period, lookback: int = LOOKBACK_MONTHS) -> float | None:
    """value(as_of) - value(as_of - lookback), or None when either end is missing."""
    start, end = as_of - lookback, as_of
    if start not in series.index or end not in series.index:
        return None
    return round(float(series[end]) - float(series[start]), 6)


def _value(series: pd.Series, month: pd.Period) -> float | None:
    return float(series[month]) if month in series.index else None


def spread(inputs: MacroInputs) -> pd.Series:
    """M1 YoY - M2 YoY on the months where both are known."""
    m1, m2 = inputs.get("m1_yoy"), inputs.get("m2_yoy")
    both = m1.index.intersection(m2.index)
    return (m1[both] - m2[both]).round(6)


class _Reader:
    """Collects the missing months of every series a signal reads."""

    def __init__(self, inputs: MacroInputs, as_of: pd.Period, lookback: int = LOOKBACK_MONTHS):
        self.inputs, self.as_of, self.lookback = inputs, as_of, lookback
        self.months = _months(as_of, lookback)
        self.missing: dict[str, list[pd.Period]] = {}

    def series(self, key: str) -> pd.Series:
        series = spread(self.inputs) if key == "m1_m2_spread" else self.inputs.get(key)
        for key_read in (("m1_yoy", "m2_yoy") if key == "m1_m2_spread" else (key,)):
            gaps = _missing(self.inputs.get(key_read), self.months)
            if gaps:
                self.missing[key_read] = gaps
        return series

    def change(self, key: str) -> float | None:
        return change(self.series(key), self.as_of, self.lookback)

    def finish(self, **kw) -> dict:
        months = sorted({m for gaps in self.missing.values() for m in gaps})
        notes = [f"{SERIES_LABELS.get(k, k)}缺少 {'、'.join(str(m) for m in gaps)} 的数据（未插值）"
                 for k, gaps in sorted(self.missing.items())]
        return dict(as_of=str(self.as_of), window=(str(self.months[0]), str(self.months[-1])),
                    missing_months=tuple(str(m) for m in months), partial=bool(months), notes=tuple(notes), **kw)


def _sign(x: float | None) -> int | None:
    return None if x is None else (x > 0) - (x < 0)


def _share(events: dict[str, bool | None]) -> float | None:
    known = [v for v in events.values() if v is not None]
    return round(sum(known) / len(known), 6) if known else None


def equity_timing(inputs: MacroInputs, as_of: pd.Period) -> Signal:
    r = _Reader(inputs, as_of)
    pmi = r.series("pmi")
    pmi_now, d_pmi, d_ppi = _value(pmi, as_of), r.change("pmi"), r.change("ppi_yoy")
    growth = {"pmi_expansion": None if pmi_now is None else pmi_now > PMI_EXPANSION,
              "pmi_rising": None if d_pmi is None else d_pmi > 0,
              "ppi_yoy_rising": None if d_ppi is None else d_ppi > 0}
    d_m1, d_m2, d_spread, d_cn = r.change("m1_yoy"), r.change("m2_yoy"), r.change("m1_m2_spread"), r.change("cn_10y")
    liquidity = {"m1_yoy_rising": None if d_m1 is None else d_m1 > 0,
                 "m2_yoy_rising": None if d_m2 is None else d_m2 > 0,
                 "m1_m2_spread_rising": None if d_spread is None else d_spread > 0,
                 "cn_10y_falling": None if d_cn is None else d_cn < 0}
    g, lq = _share(growth), _share(liquidity)
    value = max((s for s in (g, lq) if s is not None), default=None)
    direction = "unknown" if value is None else ("long" if value > TIMING_THRESHOLD else "flat")
    return Signal("equity_timing", "宏观择时", value, direction,
                  rule="经济增长信号与流动性信号强度（各自成立的宏观事件占比）的较大者 > 30% 时仓位为 1，否则为 0",
                  components={"growth_strength": g, "liquidity_strength": lq, "pmi": pmi_now, "pmi_change": d_pmi,
                              "ppi_yoy_change": d_ppi, "m1_yoy_change": d_m1, "m2_yoy_change": d_m2,
                              "m1_m2_spread_change": d_spread, "cn_10y_change": d_cn},
                  events={**growth, **liquidity}, **r.finish())


def size_view(inputs: MacroInputs, as_of: pd.Period) -> Signal:
    r = _Reader(inputs, as_of)
    m1 = r.series("m1_yoy")
    d = r.change("m1_yoy")
    direction = {None: "unknown", 1: "small", -1: "large", 0: "neutral"}[_sign(d)]
    return Signal("size_view", "大小盘", d, direction,
                  rule="M1同比较三个月前回升 → 小盘占优；回落 → 大盘占优",
                  components={"m1_yoy": _value(m1, as_of), "m1_yoy_3m_ago": _value(m1, as_of - LOOKBACK_MONTHS),
                              "m1_yoy_change": d}, **r.finish())


def growth_value_view(inputs: MacroInputs, as_of: pd.Period) -> Signal:
    r = _Reader(inputs, as_of)
    s = r.series("m1_m2_spread")
    d_spread, d_us = r.change("m1_m2_spread"), r.change("us_10y")
    parts = [_sign(d_spread), None if d_us is None else -_sign(d_us)]
    known = [p for p in parts if p is not None]
    score = float(sum(known)) if known else None
    direction = "unknown" if score is None else ("growth" if score > 0 else "value" if score < 0 else "neutral")
    return Signal("growth_value_view", "成长价值", score, direction,
                  rule="M1-M2剪刀差回升、美国10年期国债收益率下行 → 成长占优；反之 → 价值占优；二者相反 → 中性",
                  components={"m1_m2_spread": _value(s, as_of), "m1_m2_spread_change": d_spread,
                              "us_10y": _value(inputs.get("us_10y"), as_of), "us_10y_change": d_us},
                  **r.finish())


SIGNAL_RULES = {"equity_timing": equity_timing, "size_view": size_view, "growth_value_view": growth_value_view}


def compute_signals(inputs: MacroInputs, as_of: pd.Period | str | None = None) -> list[Signal]:
    """The three signals at `as_of` (default: the latest month any input reaches)."""
    month = pd.Period(as_of, freq="M") if as_of is not None else inputs.latest_month()
    if month is None:
        return [Signal(name, label, None, "unknown", None, None, rule="", partial=True, notes=("没有宏观数据",))
                for name, label in (("equity_timing", "宏观择时"), ("size_view", "大小盘"),
                                    ("growth_value_view", "成长价值"))]
    return [rule(inputs, month) for rule in SIGNAL_RULES.values()]
