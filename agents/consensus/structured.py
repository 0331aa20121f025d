"""Structured views across brokers: implied upside and forecast dispersion, computed in code, each value
cited to its report and page.

- Upside is each report's own target over its own current price, minus 1: brokers write on different days,
  so one market price for all would credit or blame them for moves after they wrote.
- Forecasts (EPS in 元/股; 营业收入 and 归母净利润 in 亿元) are compared per year. Dispersion is min, max,
  mean, sample std (n − 1: brokers are a sample of opinions) and cv = std / |mean|.
- A forecast year is flagged divergent when cv > FORECAST_CV_DIVERGENCE (10 %): for two brokers that is
  a spread of about 14 % of the mean, twice what consensus forecasts on large caps usually differ by a
  year ahead. A target-price spread (max / min − 1) above TARGET_SPREAD_DIVERGENCE (20 %) is flagged the
  same way in the report's notes.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from agents.consensus.models import BrokerValue, EpsYearStats, Upside
from agents.summarize.models import ReportSummary

FORECAST_CV_DIVERGENCE = 0.10
TARGET_SPREAD_DIVERGENCE = 0.20
METRICS = (("eps", "EPS"), ("revenue", "营业收入"), ("net_profit", "归母净利润"))


def value_stats(values: list[BrokerValue]) -> dict:
    nums = [v.value for v in values]
    mean = statistics.fmean(nums)
    std = statistics.stdev(nums) if len(nums) > 1 else None
    return dict(n=len(nums), mean=mean, median=statistics.median(nums), min=min(nums), max=max(nums),
                std=std, cv=std / abs(mean) if std is not None and mean else None, values=values)


def forecast_year(year: str) -> str:
    m = re.fullmatch(r"(?:20)?(\d{2})\s*([AEFaef])?", year.strip())
    return f"20{m[1]}{(m[2] or 'E').upper().replace('F', 'E')}" if m else year.strip()


def forecast_dispersion(reports: Sequence[ReportSummary], broker_of) -> dict[str, list[EpsYearStats]]:
    """Per metric (EPS, 营业收入, 归母净利润), the statistics of each year's forecasts."""
    out: dict[str, list[EpsYearStats]] = {}
    for field, label in METRICS:
        by_year: dict[str, list[BrokerValue]] = {}
        for r in reports:
            for f in r.views.eps_forecasts:
                if (value := getattr(f, field)) is not None:
                    by_year.setdefault(forecast_year(f.year), []).append(
                        BrokerValue(broker=broker_of(r), report_id=r.report_id, value=value, page=f.page))
        stats = []
        for year, values in sorted(by_year.items()):
            s = value_stats(values)
            stats.append(EpsYearStats(year=year, metric=label, divergent=s["cv"] is not None and s["cv"] > FORECAST_CV_DIVERGENCE,
                                      **s))
        out[label] = stats
    return out


def upsides(reports: Sequence[ReportSummary], broker_of) -> list[Upside]:
    out = []
    for r in reports:
        v = r.views
        if v.target_price is not None and v.current_price:
            out.append(Upside(broker=broker_of(r), report_id=r.report_id, target_price=v.target_price,
                              current_price=v.current_price, upside=v.target_price / v.current_price - 1,
                              target_page=v.target_price_page, current_page=v.current_price_page))
    return out
