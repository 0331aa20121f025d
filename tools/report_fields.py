"""Rating, target price, current price and EPS forecasts of a report, from its own structured fields.

The rating comes from the cover (tools.cover_fields: its labelled boxes, then its own prose); so do the
target and current price, unless the cover has no price box: then the body's own valuation sentence (a
target beside the report's own rating, a current price beside its multiples), never a sentence that speaks
of other institutions or the market, nor an injected line. The forecasts come from the report's
earnings-forecast table (tools.forecast_table, or a table flattened into tokens by a plain-text file,
tools.eps_forecasts), and its own forecast sentences fill what the table lacks (tools.forecast_prose). A field
the report does not state stays None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Sequence

from tools import cover_fields as cf
from tools.eps_forecasts import TO_YI, forecast_values
from tools.forecast_prose import prose_forecasts
from tools.forecast_table import ForecastCell, forecast_cells
from tools.rating_scale import legend_scales

_FIELD_OF = {"EPS": "eps", "PE": "pe", "归母净利润": "net_profit", "营业收入": "revenue"}


@dataclass
class EpsRow:
    year: str  # "2025E", "2024A"
    eps: float | None = None  # 元/股
    net_profit: float | None = None  # 亿元
    revenue: float | None = None  # 亿元
    pe: float | None = None
    page: int | None = None


@dataclass
class ExtractedFields:
    rating: str | None = None  # 买入/增持/中性/减持/卖出
    rating_raw: str | None = None  # the word as written, e.g. 强烈推荐
    rating_page: int | None = None
    rating_action: str | None = None  # 维持/上调/下调/首次覆盖
    target_price: float | None = None  # lower bound when a range is given
    target_price_range: tuple[float, float] | None = None
    target_price_currency: str | None = None
    target_price_page: int | None = None
    current_price: float | None = None
    current_price_page: int | None = None
    eps_forecasts: list[EpsRow] = field(default_factory=list)


def normalize_rating(word: str) -> str | None:
    """Map a broker's rating word to 买入/增持/中性/减持/卖出; None if it is not one."""
    return cf.bucket(word)


def extract_fields(pages: Sequence[tuple[int, str]]) -> ExtractedFields:
    out = ExtractedFields()
    if not pages:
        return out
    number, text = min(pages, key=lambda p: p[0])  # the cover
    lines = cf.cover_lines(text)
    _rating_into(out, lines, number)
    if out.rating is None:
        _body_rating_into(out, pages)
    _own_scale(out, pages)
    target = cf.target_price(lines)
    if target is not None and target.value.low is not None:
        t = target.value
        out.target_price, out.target_price_page, out.target_price_currency = t.low, number, t.currency
        out.target_price_range = (t.low, t.high) if t.high is not None else None
    if (price := cf.current_price(lines)) is not None:
        out.current_price, out.current_price_page = price.value, number
    if target is None or out.current_price is None:
        _valuation_prices_into(out, pages, want_target=target is None)
    out.eps_forecasts = with_prose(eps_rows(forecast_cells(pages)) or _token_rows(pages), pages)
    return out


def with_prose(rows: list[EpsRow], pages: Sequence[tuple[int, str]]) -> list[EpsRow]:
    """The table's rows, plus what the report's forecast sentences state that the table does not (a report
    without a table, or one whose table lacks a metric). A sentence's value goes in a row of its own page,
    so that every number stays checkable on the page it cites."""
    have = {(r.year, name) for r in rows for name in _FIELD_OF.values() if getattr(r, name) is not None}
    extra: dict[tuple[str, int], EpsRow] = {}
    for f in prose_forecasts(pages):
        name = _FIELD_OF[f.metric]
        if (f.year, name) in have or (f.year.replace("E", "A"), name) in have:
            continue
        have.add((f.year, name))
        row = extra.setdefault((f.year, f.page), EpsRow(year=f.year, page=f.page))
        setattr(row, name, f.value)
    return sorted(rows + list(extra.values()), key=lambda r: (r.year, r.page if r.page is not None else -1))


_SENTENCE = re.compile(r"[^。；;!！?？]+")
# Someone else's number: a target or price the report quotes, not its own.
_OTHERS = re.compile(r"机构|同业|市场|一致预期|其他|部分|此前|原目标|曾|若|如果|假设")
_VALUATION = re.compile(r"对应|上行空间|涨幅空间|市盈率|PE|PB|估值|评级")


def _body_sentences(pages: Sequence[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """(page, sentence) of every page after the cover, in page order."""
    cover = min(p[0] for p in pages)
    for number, text in sorted(pages):
        if number != cover:
            for line in cf.cover_lines(text):
                yield from ((number, sentence) for sentence in _SENTENCE.findall(line))


def _valuation_prices_into(out: ExtractedFields, pages: Sequence[tuple[int, str]], want_target: bool) -> None:
    """A cover without a price box: the report's own valuation sentence in the body ("维持跑赢行业评级，维持目标价
    1,900元"; "当前股价24.35元对应…倍市盈率"). A target counts only in a sentence that also gives the report's own
    rating, a current price only in a sentence about valuation; neither in one that speaks of others."""
    for number, sentence in _body_sentences(pages):
        if _OTHERS.search(sentence):
            continue
        if want_target and out.target_price is None and any(p.search(sentence) for p in cf.RATING_PROSE):
            if (t := cf.target_price([sentence])) is not None and t.value.low is not None:
                out.target_price, out.target_price_page, out.target_price_currency = t.value.low, number, t.value.currency
                out.target_price_range = (t.value.low, t.value.high) if t.value.high is not None else None
        if out.current_price is None and _VALUATION.search(sentence):
            if (price := cf.current_price([sentence])) is not None:
                out.current_price, out.current_price_page = price.value, number


_DEFINITION = re.compile(r"说明|标准|定义|是指|为准|涨跌幅|相对")


def _body_rating_into(out: ExtractedFields, pages: Sequence[tuple[int, str]]) -> None:
    """A cover that states no rating: the body's own rating sentence ("维持跑赢行业评级，维持目标价…"), never the
    rating-definition page, a sentence about others, or an injected line."""
    for number, sentence in _body_sentences(pages):
        if _OTHERS.search(sentence) or _DEFINITION.search(sentence):
            continue
        if any(p.search(sentence) for p in cf.RATING_PROSE):
            _rating_into(out, [sentence], number)
            if out.rating is not None:
                return


def _own_scale(out: ExtractedFields, pages: Sequence[tuple[int, str]]) -> None:
    """The bucket the report's own rating legend gives its word, where the legend decides it (西南证券's 持有
    is its second step: 增持, not 中性; tools/rating_scale.py)."""
    if out.rating_raw is None:
        return
    word = out.rating_raw.strip()
    scales = legend_scales(pages)  # read once: the stock scale first, then the industry one
    bucket = scales["stock"].get(word) or scales["industry"].get(word)
    if bucket is not None:
        out.rating = bucket


def _rating_into(out: ExtractedFields, lines: list[str], number: int) -> None:
    word, action = cf.rating(lines)
    if word is not None and (bucket := cf.bucket(str(word.value))):
        out.rating, out.rating_raw, out.rating_page = bucket, str(word.value), number
        out.rating_action = str(action.value) if action is not None else None


def cover_rating(pages: Sequence[tuple[int, str]]) -> ExtractedFields:
    """Only the cover's rating fields (rating, rating_raw, rating_page, rating_action): what a model's rating
    is checked against."""
    out = ExtractedFields()
    if pages:
        number, text = min(pages, key=lambda p: p[0])
        _rating_into(out, cf.cover_lines(text), number)
        if out.rating is None:
            _body_rating_into(out, pages)
        _own_scale(out, pages)
    return out


def eps_rows(cells: Sequence[ForecastCell]) -> list[EpsRow]:
    """Per year: EPS, PE and net profit / revenue in 亿元 (a money row whose unit is unknown is left out)."""
    rows: dict[str, EpsRow] = {}
    for cell in cells:
        name = _FIELD_OF.get(cell.metric)
        if name is None:
            continue
        value = cell.value
        if name in ("net_profit", "revenue"):
            if cell.unit not in TO_YI:
                continue
            value = round(value * TO_YI[cell.unit], 6)
        row = rows.setdefault(cell.year, EpsRow(year=cell.year, page=cell.page))
        if getattr(row, name) is None:
            setattr(row, name, value)
    return sorted(rows.values(), key=lambda r: r.year)


def _token_rows(pages: Sequence[tuple[int, str]]) -> list[EpsRow]:
    """A plain-text file's forecast table flattened into whitespace-separated tokens (no Markdown rows)."""
    for number, text in sorted(pages, key=lambda p: (p[0] != 0, p[0])):
        rows: dict[str, EpsRow] = {}
        for year, name, value in forecast_values(text):
            row = rows.setdefault(year, EpsRow(year=year, page=number))
            if getattr(row, name) is None:
                setattr(row, name, value)
        if rows:
            return sorted(rows.values(), key=lambda r: r.year)
    return []
