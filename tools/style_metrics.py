"""Style metrics of a fund from its stock holdings over consecutive report periods (pure pandas, no LLM).

Inputs (tools/style_exposures.py builds both from market data):

- ``holdings``: one row per (period, code) with ``weight`` = the stock's share of net assets (0–1) and,
  optionally, ``value`` (market value). Periods sort as strings ("2024Q1" < "2024Q2") and consecutive
  entries are taken to be consecutive report periods.
- ``attributes``: one row per (period, code) with ``price`` (close at the period end), per-stock style
  scores ``growth`` and ``size`` (0–1, see style_exposures) and optionally ``industry``. It may hold one
  period more than ``holdings`` (prices only): that is what makes the last rotation return computable.

Formulas (w = stock-book weights normalized to sum 1, from ``value`` when given, else ``weight``):

- exposure(w, s) = Σ w_i s_i / Σ_{s_i known} w_i  — renormalized over stocks whose score is known;
  coverage = Σ_{s_i known} w_i.
- drifted weights (t−1 book held still to t): d_i = w_i (1 + r_i) / Σ_j w_j (1 + r_j),
  r_i = price_t / price_{t−1} − 1 (stocks without a return are left out; drift coverage says how much).
- active change (trading)  = exposure(actual_t, s_t) − exposure(drifted_{t−1}, s_t)
- passive drift (prices)   = exposure(drifted_{t−1}, s_t) − exposure(actual_{t−1}, s_{t−1})
  (both sides of the active change use the period-t scores, so a manager who did nothing shows exactly 0.)
- rotation magnitude = |active growth| + |active size|  (the absolute active rotation of seed 004 §2.3.1,
  summed over the two style dimensions).
- rotation return = Σ w_t,i R_i − Σ d_i R_i, R_i = the stock's return over the next period (t → t+1):
  what the change earned against holding the drifted book still (stocks without R_i are left out of
  both books, each renormalized; the smaller known share is the coverage). A step with turnover below
  0.1 % has none (n/a): nothing was rotated, so there is no rotation to credit or blame.
- turnover ≈ ½ Σ |w_t,i − d_i| over the union of both books (a stock absent on one side counts as 0).
- top-10 weight = Σ of the 10 largest ``weight`` (share of net assets); HHI = Σ w_i².
- industry tilt = fund industry weight − benchmark industry weight, each normalized over known industries.

Worked example (two stocks, V: growth 0 size 1; G: growth 1 size 0):
t−1 holds w = (V 0.5, G 0.5); over the period V returns 0 %, G +50 % → drifted d = (0.5, 0.75)/1.25 =
(0.4, 0.6). Growth exposure: actual_{t−1} 0.5, drifted 0.6 → passive drift +0.1. The manager holds
(0.2, 0.8) at t → active growth 0.8 − 0.6 = +0.2, active size 0.2 − 0.4 = −0.2, magnitude 0.4, turnover
½(|0.2 − 0.4| + |0.8 − 0.6|) = 0.2. If next period V +10 %, G −10 %: rotation return
(0.2·0.1 + 0.8·(−0.1)) − (0.4·0.1 + 0.6·(−0.1)) = −0.06 − (−0.02) = −0.04.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

STYLE_DIMENSIONS = ("growth", "size")
RETURN_EPS = 1e-4  # rotation returns within ±0.01 % are rounding noise (e.g. a book that only drifted)
NO_TRADE_TURNOVER = 1e-3  # below 0.1 % of the book traded the manager did not rotate: no rotation return


class Exposure(BaseModel):
    value: float | None  # None when no stock in the book has the score
    coverage: float  # share of the book's weight whose score is known


class PeriodExposure(BaseModel):
    period: str
    n_stocks: int
    growth: float | None = None
    size: float | None = None
    growth_coverage: float = 0.0
    size_coverage: float = 0.0
    top10_weight: float | None = None  # share of net assets in the 10 largest holdings
    hhi: float = 0.0  # Herfindahl index of the stock book (1/HHI ≈ effective number of stocks)
    industry_tilt: dict[str, float] = Field(default_factory=dict)  # fund − benchmark, by industry


class RotationStep(BaseModel):
    previous: str  # t−1
    period: str  # t
    active_growth: float | None = None
    active_size: float | None = None
    passive_growth: float | None = None
    passive_size: float | None = None
    magnitude: float | None = None  # |active growth| + |active size|
    turnover: float | None = None
    drift_coverage: float = 0.0  # share of the t−1 book with a known price return
    rotation_return: float | None = None  # over t → t+1; None without next-period prices or without trading
    rotation_return_coverage: float | None = None


class StyleMetrics(BaseModel):
    periods: list[PeriodExposure] = Field(default_factory=list)
    steps: list[RotationStep] = Field(default_factory=list)
    mean_magnitude: float | None = None
    max_magnitude: float | None = None
    mean_rotation_return: float | None = None
    positive_rotation_share: float | None = None  # share of steps whose rotation return was > RETURN_EPS
    untraded_steps: list[str] = Field(default_factory=list)  # periods reached without active trading
    partial: bool = False
    notes: list[str] = Field(default_factory=list)


def normalize(weights: pd.Series) -> pd.Series:
    """Weights scaled to sum 1 (non-positive and missing weights dropped)."""
    weights = weights[weights.notna() & (weights > 0)].astype(float)
    total = weights.sum()
    return weights / total if total > 0 else weights


def exposure(weights: pd.Series, scores: pd.Series) -> Exposure:
    """Σ w_i s_i over the stocks whose score is known, renormalized; both Series are indexed by code."""
    w = normalize(weights)
    known = scores.reindex(w.index)
    mask = known.notna()
    coverage = float(w[mask].sum())
    if coverage <= 0:
        return Exposure(value=None, coverage=0.0)
    return Exposure(value=float((w[mask] * known[mask]).sum() / coverage), coverage=coverage)


def drift(weights: pd.Series, returns: pd.Series) -> tuple[pd.Series, float]:
    """(drifted weights, coverage): w_i(1 + r_i) / Σ w_j(1 + r_j) over the stocks with a known return."""
    w = normalize(weights)
    r = returns.reindex(w.index)
    mask = r.notna()
    grown = w[mask] * (1.0 + r[mask])
    total = grown.sum()
    return (grown / total if total > 0 else grown), float(w[mask].sum())


def turnover(actual: pd.Series, drifted: pd.Series) -> float:
    """½ Σ |w_t − d_{t−1}| over the union of both books."""
    union = actual.index.union(drifted.index)
    return float(0.5 * (actual.reindex(union, fill_value=0.0) - drifted.reindex(union, fill_value=0.0)).abs().sum())


def concentration(raw_weights: pd.Series) -> tuple[float, float]:
    """(top-10 share of net assets, HHI of the normalized book)."""
    raw = raw_weights[raw_weights.notna() & (raw_weights > 0)].astype(float)
    return float(raw.nlargest(10).sum()), float((normalize(raw) ** 2).sum())


def industry_tilt(weights: pd.Series, industries: pd.Series, benchmark: pd.Series) -> dict[str, float]:
    """Fund industry weights minus benchmark industry weights (benchmark: industry -> weight)."""
    w = normalize(weights)
    ind = industries.reindex(w.index)
    fund = w[ind.notna()].groupby(ind[ind.notna()]).sum()
    if fund.sum() <= 0 or benchmark.sum() <= 0:
        return {}
    fund, bench = fund / fund.sum(), benchmark / benchmark.sum()
    union = fund.index.union(bench.index)
    diff = fund.reindex(union, fill_value=0.0) - bench.reindex(union, fill_value=0.0)
    return {str(k): round(float(v), 6) for k, v in diff.sort_values(ascending=False).items()}


def _book(holdings: pd.DataFrame, period: str) -> tuple[pd.Series, pd.Series]:
    """(normalized stock-book weights, raw share-of-net-assets weights) of one period."""
    rows = holdings[holdings["period"] == period].groupby("code").sum(numeric_only=True)
    basis = rows["value"] if "value" in rows and rows["value"].notna().all() and (rows["value"] > 0).any() \
        else rows["weight"]
    return normalize(basis), rows["weight"]


def _column(attributes: pd.DataFrame, period: str, name: str) -> pd.Series:
    rows = attributes[attributes["period"] == period]
    if name not in rows:
        return pd.Series(dtype=float if name != "industry" else object)
    return rows.drop_duplicates("code").set_index("code")[name]


def _returns(attributes: pd.DataFrame, start: str, end: str) -> pd.Series:
    p0, p1 = _column(attributes, start, "price"), _column(attributes, end, "price")
    ratio = p1.reindex(p0.index) / p0
    return (ratio - 1.0).replace([np.inf, -np.inf], np.nan)


def _sub(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def period_exposure(holdings: pd.DataFrame, attributes: pd.DataFrame, period: str,
                    benchmark: pd.Series | None = None) -> PeriodExposure:
    w, raw = _book(holdings, period)
    top10, hhi = concentration(raw)
    growth = exposure(w, _column(attributes, period, "growth"))
    size = exposure(w, _column(attributes, period, "size"))
    tilt = {}
    if benchmark is not None and len(benchmark):
        tilt = industry_tilt(w, _column(attributes, period, "industry"), benchmark)
    return PeriodExposure(period=period, n_stocks=len(w), growth=growth.value, size=size.value,
                          growth_coverage=growth.coverage, size_coverage=size.coverage,
                          top10_weight=top10, hhi=hhi, industry_tilt=tilt)


def rotation_step(holdings: pd.DataFrame, attributes: pd.DataFrame, previous: str, period: str,
                  following: str | None) -> RotationStep:
    """Active vs passive style change from `previous` to `period`, and what it earned to `following`."""
    before, _ = _book(holdings, previous)
    after, _ = _book(holdings, period)
    drifted, coverage = drift(before, _returns(attributes, previous, period))
    step = RotationStep(previous=previous, period=period, drift_coverage=coverage)
    if drifted.empty:
        return step
    for dim in STYLE_DIMENSIONS:
        scores_now = _column(attributes, period, dim)
        actual = exposure(after, scores_now).value
        held_still = exposure(drifted, scores_now).value
        last = exposure(before, _column(attributes, previous, dim)).value
        setattr(step, f"active_{dim}", _sub(actual, held_still))
        setattr(step, f"passive_{dim}", _sub(held_still, last))
    if step.active_growth is not None and step.active_size is not None:
        step.magnitude = abs(step.active_growth) + abs(step.active_size)
    step.turnover = turnover(after, drifted)
    if following is not None and step.turnover >= NO_TRADE_TURNOVER:
        ahead = _returns(attributes, period, following)
        known_after = after[ahead.reindex(after.index).notna()]
        known_drift = drifted[ahead.reindex(drifted.index).notna()]
        if known_after.sum() > 0 and known_drift.sum() > 0:
            earned = (normalize(known_after) * ahead.reindex(known_after.index)).sum()
            still = (normalize(known_drift) * ahead.reindex(known_drift.index)).sum()
            step.rotation_return = float(earned - still)
            step.rotation_return_coverage = float(min(known_after.sum(), known_drift.sum()))
    return step


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None and not math.isnan(v)]
    return float(np.mean(known)) if known else None


def style_metrics(holdings: pd.DataFrame, attributes: pd.DataFrame, *,
                  benchmark: pd.Series | None = None, min_coverage: float = 0.8) -> StyleMetrics:
    """Exposures per period, rotation steps between consecutive periods, and their summary."""
    periods = sorted(str(p) for p in holdings["period"].dropna().unique())
    result = StyleMetrics()
    if not periods:
        result.partial = True
        result.notes.append("没有股票持仓：无法计算风格暴露与主动轮动。")
        return result
    result.periods = [period_exposure(holdings, attributes, p, benchmark) for p in periods]
    price_periods = set(attributes.loc[attributes["price"].notna(), "period"].astype(str)) if "price" in attributes \
        else set()
    later = sorted(p for p in price_periods if p > periods[-1])
    for i in range(1, len(periods)):
        following = periods[i + 1] if i + 1 < len(periods) else (later[0] if later else None)
        result.steps.append(rotation_step(holdings, attributes, periods[i - 1], periods[i], following))
    magnitudes = [s.magnitude for s in result.steps]
    result.mean_magnitude = _mean(magnitudes)
    result.max_magnitude = max((m for m in magnitudes if m is not None), default=None)
    returns = [s.rotation_return for s in result.steps if s.rotation_return is not None]
    result.mean_rotation_return = _mean(returns)
    result.positive_rotation_share = (sum(r > RETURN_EPS for r in returns) / len(returns)) if returns else None
    if len(periods) == 1:
        result.partial = True
        result.notes.append(f"只有一个报告期（{periods[0]}）：无法比较前后两期持仓，主动轮动幅度与轮动收益无法计算。")
    elif result.mean_magnitude is None:
        result.partial = True
        result.notes.append("相邻报告期缺少价格或风格属性：主动轮动幅度无法计算。")
    low = [p.period for p in result.periods if min(p.growth_coverage, p.size_coverage) < min_coverage]
    if low:
        result.partial = True
        result.notes.append(f"以下报告期有部分股票缺少风格属性（已按已知权重归一化，覆盖率低于 {min_coverage:.0%}）："
                            + "、".join(low))
    result.untraded_steps = [s.period for s in result.steps
                             if s.turnover is not None and s.turnover < NO_TRADE_TURNOVER]
    if result.untraded_steps:
        result.notes.append(f"以下报告期没有主动调仓（估算换手 < {NO_TRADE_TURNOVER:.1%}），轮动收益无定义（n/a）："
                            + "、".join(result.untraded_steps))
    missing = [s.period for s in result.steps if s.rotation_return is None and s.period not in result.untraded_steps]
    if missing:
        result.notes.append("缺少下一期价格，以下调仓的轮动收益无法计算：" + "、".join(missing))
    return result
