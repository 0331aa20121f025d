"""A bare forecast figure read against the report's own figure for the year before.

"我们预计公司2025-2027年归母净利润为31.2/38.5/43.1亿元" names no movement, but a researcher reads it against the
last year the same report prints: its earnings-forecast table carries the last actual column (2024A) beside the
forecast years (tools.report_fields: 营业收入, 归母净利润), and a sentence that brings in a new year
("引入2026年归母净利润预测248.6亿元") sits beside the year it already forecast. When the claim's first forecast
year is above that prior figure the forecast is a rise, when below a fall, and the claim's stance follows the
move as any movement would (a falling profit is negative whatever the rating).

Only the report's own numbers: the claim's figures are read as tools.forecast_prose reads a forecast sentence
(a forecast cue before the figure, never a consensus or scenario figure), and a claim whose first-year figure
disagrees with the report's own table for that year is left alone (not the figure the table stands behind).
Out of reach: a report with no table and no prose figure for the prior year, a segment line (储能收入), EPS
(a changed share count moves it without the business moving), and a claim whose own words take a side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tools.claims.model import Claim
from tools.claims.clauses import movement
from tools.claims.stance import stance_of
from tools.forecast_prose import prose_forecasts
from tools.report_fields import EpsRow

_FIELD = {"归母净利润": "net_profit", "营业收入": "revenue"}
# The statement line itself, as brokers name it (公司 before it names the subject, not a segment).
_LINE = re.compile(r"^(?:公司)?(?:(?P<np>归母净利润?|归属(?:于)?母公司(?:股东)?的?净利润?|净利润)|(?P<rev>营业(?:总)?收入|营收))$")
_EPS = re.compile(r"^(?:公司)?(?:EPS|每股收益)$")
# 维持…的预测 / 维持盈利预测: the report keeps a forecast (no news in itself; the part that keeps one is left alone)
_KEPT_FORECAST = re.compile(r"(?:维持|保持)[^，。；;]{0,24}?预测")
NEAR_TIE = 0.01  # within 1% of the prior year: no move a researcher would call one
_SAME_FIGURE = 0.02  # the table's own figure for the claim's year, allowing for rounding in the sentence


def _line_of(metric: str) -> str | None:
    """归母净利润 / 营业收入 when the claim's metric is that statement line of the whole company."""
    m = _LINE.match(metric.strip())
    return None if m is None else "归母净利润" if m["np"] else "营业收入"


def _value(rows: Sequence[EpsRow], year: int, field: str, marks: tuple[str, ...]) -> float | None:
    """The rows' figure of `field` for `year`, the first of the year marks given that has one."""
    for mark in marks:
        for row in rows:
            if row.year == f"{year}{mark}" and getattr(row, field) is not None:
                return getattr(row, field)
    return None


def _against_prior(reading: str, metric: str, page: int, rows: Sequence[EpsRow]) -> tuple[float, float] | None:
    """(the first forecast year's figure the sentence gives for a company line, the report's own figure for the
    year before: its actual, else its forecast for that year); None when there is no such pair."""
    line = _line_of(metric) or ("归母净利润" if _EPS.match(metric.strip()) else None)  # 对应EPS: the profit per share
    if line is None or not rows:
        return None
    own = [f for f in prose_forecasts([(page, reading)]) if f.metric == line]
    if not own:
        return None
    first = min(own, key=lambda f: f.year)
    year, field = int(first.year[:4]), _FIELD[line]
    table = _value(rows, year, field, ("E",))
    if table is not None and abs(first.value - table) > _SAME_FIGURE * abs(table):
        return None  # not the figure the report's own table gives for that year
    prior = _value(rows, year - 1, field, ("A", "", "E"))
    return None if prior is None or prior == 0 else (first.value, prior)


def _move(pair: tuple[float, float] | None) -> str | None:
    if pair is None or abs(pair[0] - pair[1]) <= NEAR_TIE * abs(pair[1]):
        return None
    return "up" if pair[0] > pair[1] else "down"


def prior_year_move(reading: str, metric: str, page: int, rows: Sequence[EpsRow]) -> str | None:
    """up / down: the sentence's first forecast year for a company line against the report's own figure for the
    year before; None when no such pair or a near tie."""
    return _move(_against_prior(reading, metric, page, rows))


def _single_figure(claim: Claim) -> bool:
    v = claim.value
    return v is not None and not v.rate and v.min is not None and v.min == v.max


def _with_growth(claim: Claim, pair: tuple[float, float] | None) -> Claim:
    """The claim with its level's growth over the report's own prior-year figure (430亿元 over its 2024A 360亿元:
    +19.4 %), which is how a researcher sets a level against another report's growth rate (同比增长5%)."""
    if pair is None or pair[1] < 0 or not _single_figure(claim):
        return claim
    growth = round((pair[0] / pair[1] - 1) * 100, 2)
    return claim.model_copy(update={"value": claim.value.model_copy(update={"growth": growth})})


def against_prior_year(claim: Claim, reading: str, rows: Sequence[EpsRow], outlook: str = "positive") -> Claim:
    """The claim with its level's growth over the prior year (`_with_growth`) and the direction its figure takes
    against it, when its own words name no movement and take no side. The move decides the stance only where it
    runs against the rating's frame (`report_outlook`): a 买入 report's falling profit is negative, a 卖出 report's
    rising one positive; a move the rating argues with, or a 中性 report's figures, keep the outlook
    (tools.claims.stance_kept)."""
    # the report's prior-year figure is read at most once, and only when the growth or the move needs it
    pair = _against_prior(reading, claim.metric, claim.page, rows) if _single_figure(claim) else None
    claim = _with_growth(claim, pair)
    # "我们维持2025年…的预测，引入2026年…预测248.6亿元": the part brought in reads 维持 from the sentence's frame only
    framed = claim.direction == "flat" and movement(claim.text)[0] is None and _KEPT_FORECAST.search(reading)
    if (claim.direction is not None and not framed) or stance_of(reading, claim.metric) != "neutral":
        return claim
    if not _single_figure(claim):
        pair = _against_prior(reading, claim.metric, claim.page, rows)
    move = _move(pair)
    if move is None:
        return claim
    against = {("positive", "down"): "negative", ("negative", "up"): "positive"}.get((outlook, move))
    return claim.model_copy(update={"direction": move, **({"stance": against} if against else {})})
