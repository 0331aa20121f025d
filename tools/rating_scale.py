"""A broker's own rating scale, read from the report's rating legend (投资评级说明).

The same word means different things at different brokers: 西南证券's 持有 is its second step (a 10–20 %
excess return: 增持 elsewhere), most brokers' 持有 is the middle (中性). A report prints its scale at the
end ("持有：未来6个月内，个股相对…指数涨幅介于10%与20%之间"), so the bucket of its rating word is read
from that band when the band decides it, else from the word (tools.cover_fields.RATING_BUCKET):
  a band around 0 → 中性; a bounded positive band (5–15 %) → 增持; an open band from ≥ 15 % up → 买入;
  a bounded negative band → 减持; an open band from ≤ −15 % down → 卖出. An open band that starts
  lower (跑赢行业: > 5 %) does not decide: the word does (a relative 3-step top ≈ 增持, see
  agents/consensus/aggregate.py).
Stock and industry scales are told apart by the legend's own sub-headings (股票/公司 vs 行业).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tools.normalize import for_matching

_NEG = r"(?:弱于|低于|跑输|落后|(?<!涨)跌幅|下跌)"  # 涨跌幅 is either way
_PCT = r"[-－−+]?\d+(?:\.\d+)?"
_WORD = r"[\u4e00-\u9fff]{2,4}"
# 持有（Hold）：…   增持——…   买入: …   — the last such label before a segment's band is the rating word
_ENTRY = re.compile(rf"(?P<w>{_WORD})\s*(?:[（(][A-Za-z \-]+[)）])?\s*(?:[:：]|——|—|－－|--)")
_LEGEND = re.compile(r"评级(?:的)?(?:说明|标准|体系|定义)|(?:股票|公司|行业|证券的?)(?:投资)?评级[:：]")
_NOT_A_WORD = re.compile(r"评级|标准|说明|定义|体系")
_STOCK = re.compile(r"(?:股票|公司|个股|证券的?)(?:投资)?评级")
_INDUSTRY = re.compile(r"行业(?:的)?(?:投资)?评级")


@dataclass(frozen=True)
class Band:
    low: float  # excess return, %; -inf when open
    high: float  # +inf when open


def _band(body: str) -> Band | None:
    """The excess-return band a legend entry states: 介于5%与15%之间, 5—15%, 15%以上, 弱于市场5%以上, ±5%."""
    text = for_matching(body).replace("％", "%").replace("－", "-").replace("−", "-").replace("—", "~")
    text = re.sub(r"(\d)\s*%?\s*[-~～]\s*(?=[-+]?\d+(?:\.\d+)?\s*%)", r"\1%~", text)  # 10%－20%, 5—15%: a range
    numbers = [float(n) for n in re.findall(rf"{_PCT}(?=\s*%|\s*[~至与和到]\s*{_PCT}\s*%)", text)]
    if not numbers:
        return None
    if "±" in text:
        return Band(-abs(numbers[0]), abs(numbers[0]))
    negative = bool(re.search(_NEG, text))  # 弱于市场表现5—15%: the numbers are shortfalls
    signed = [-n if negative and n > 0 else n for n in numbers[:2]]
    if len(signed) == 2:
        return Band(min(signed), max(signed))
    n = signed[0]
    if negative or "以下" in text:  # 跌幅在20%以上, 低于-5%以下, 涨幅在-20%以下
        return Band(-math.inf, n)
    return Band(n, math.inf)  # 涨幅在15%以上, 超出市场表现15%以上


def _decides(band: Band) -> str | None:
    if band.low < 0 < band.high or band.low == 0 or band.high == 0:
        return "中性" if math.isfinite(band.low) and math.isfinite(band.high) else None
    if band.low > 0:
        if math.isinf(band.high):
            return "买入" if band.low >= 15 else None
        return "增持"
    if math.isinf(band.low):
        return "卖出" if band.high <= -15 else None
    return "减持"


def legend_scales(pages: Sequence[tuple[int, str]]) -> dict[str, dict[str, str]]:
    """Rating word → bucket for the words the report's legend defines decisively, per scale ("stock",
    "industry"); a legend with one scale and no sub-heading gives it to both. Empty when the report prints
    no legend."""
    out: dict[str, dict[str, str]] = {"stock": {}, "industry": {}}
    started = False
    for _, text in sorted(pages):
        if not started:  # the legend: from its heading on (评级说明, 投资评级标准…), never the report's prose
            opening = _LEGEND.search(text)
            if opening is None:
                continue
            started, text = True, text[opening.start():]
        scale = None  # the sub-heading in force: "stock" | "industry" | None (a legend with one scale)
        for segment in re.split(r"[；;。\n]", text):
            heads = sorted([(m.end(), "stock") for m in _STOCK.finditer(segment)]
                           + [(m.end(), "industry") for m in _INDUSTRY.finditer(segment)])
            scale = heads[-1][1] if heads else scale
            labels = [m for m in _ENTRY.finditer(segment) if not _NOT_A_WORD.search(m.group("w"))]
            if not labels:
                continue
            band = _band(segment[labels[-1].end():])
            if band is not None and (bucket := _decides(band)) is not None:
                for name in (scale,) if scale else ("stock", "industry"):
                    out[name].setdefault(labels[-1].group("w"), bucket)
    return out
