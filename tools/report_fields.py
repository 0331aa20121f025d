"""Rating, target price, current price and EPS forecasts read from a report's page texts.

Deterministic regex/table extraction for the offline engine and for checking LLM output.
Pages are searched cover first (page 0), then in order; the first match wins and a field
that is not found stays None. EPS forecasts come from `tools.eps_forecasts`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from tools.eps_forecasts import NUMBER, forecast_values, parse_number
from tools.text import injection_spans

# Raw rating words, longest first so 强烈推荐/谨慎推荐 win over 推荐, 审慎增持 over 增持.
_RATING_MAP = {
    "强烈推荐": "买入", "强烈买入": "买入", "强推": "买入", "买入": "买入",
    "谨慎推荐": "增持", "审慎推荐": "增持", "审慎增持": "增持", "谨慎增持": "增持", "推荐": "增持", "增持": "增持",
    "优于大市": "增持", "强于大市": "增持", "跑赢行业": "增持", "跑赢大市": "增持", "跑赢市场": "增持", "超配": "增持",
    "中性": "中性", "持有": "中性", "同步大市": "中性", "标配": "中性", "观望": "中性",
    "审慎减持": "减持", "谨慎减持": "减持", "减持": "减持", "弱于大市": "减持", "跑输行业": "减持", "跑输大市": "减持",
    "低配": "减持", "回避": "减持", "卖出": "卖出",
}
_WORD = "|".join(sorted(_RATING_MAP, key=len, reverse=True))
_QUOTE_OPEN, _QUOTE_CLOSE = "[“\"「『]?", "[”\"」』]?"
_SUFFIX = r"(?:[-－][AB])?"  # 招商 style "强烈推荐-A"
_RATING_PATTERNS = [  # most explicit first
    re.compile(rf"评级\s*(?:[:：]|调整为|上调至|下调至|为|至)?\s*{_QUOTE_OPEN}(?P<w>{_WORD}){_SUFFIX}{_QUOTE_CLOSE}"),
    re.compile(rf"(?:维持|给予|首次覆盖|首次给予|重申|上调至?|下调至?|调升至?|调降至?)[^，。；,;\n]{{0,14}}?"
               rf"{_QUOTE_OPEN}(?P<w>{_WORD}){_QUOTE_CLOSE}\s*(?:投资)?评级"),
    re.compile(rf"(?<![\u4e00-\u9fff])(?P<w>{_WORD}){_SUFFIX}\s*[（(]\s*(?:维持|首次|首次覆盖|上调|下调|调高|调低)\s*[)）]"),
]
# Disclaimers define every rating word ("买入：相对沪深300指数涨幅15%以上"); nothing there is the report's view.
_BOILERPLATE_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|\d+(?:\.\d+)*[、.．]?)?\s*(?:投资)?"
    r"(?:免责声明|免责条款|分析师声明|重要声明|特别声明|法律声明|评级说明|评级标准|评级定义|评级体系)", re.M)
_RATING_DEFINITION = re.compile(rf"(?:{_WORD})\s*[:：]\s*(?:预期|预计|相对|未来|股价|行业|公司)")

_NUM_END = r"(?![\d.])(?!\s{0,3}(?:年|%|倍|个月|月|日|亿|万))"
_GAP = r"[ \t\u3000]{0,4}\n?[ \t\u3000]{0,4}"  # a label and its value may sit in neighbouring cells
_CURRENCY = r"港元|港币|美元|人民币元|元|HKD|USD|RMB|CNY"
_TARGET_CHANGE = re.compile(rf"目标(?:股)?价(?:格|位)?由\s*(?:{NUMBER})\s*(?:{_CURRENCY})?\s*(?:上调|下调|调整|上修|下修|提升|提高|降低)至"
                            rf"\s*(?P<lo>{NUMBER}){_NUM_END}\s*(?P<cur>{_CURRENCY})?")
_TARGET = re.compile(rf"目标(?:股)?价(?:格|位)?(?:\s*[（(](?:{_CURRENCY})[)）])?\s*(?:[:：为是至]|(?:上调|下调|调整|上修|下修)至)?{_GAP}"
                     rf"(?P<lo>{NUMBER}){_NUM_END}(?:\s*(?P<cur1>{_CURRENCY}))?"
                     rf"(?:\s*[-~～至到—–]\s*(?P<hi>{NUMBER}){_NUM_END})?\s*(?P<cur>{_CURRENCY})?")
_PRICE = re.compile(rf"(?<!目标)(?:当前股价|最新股价|最新收盘价|收盘价|现价|当前价格|股价)(?:\s*[（(](?:{_CURRENCY})[)）])?"
                    rf"\s*[:：为是]?{_GAP}(?P<v>{NUMBER}){_NUM_END}\s*(?P<cur>{_CURRENCY})?")


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
    target_price: float | None = None  # lower bound when a range is given
    target_price_range: tuple[float, float] | None = None
    target_price_currency: str | None = None
    target_price_page: int | None = None
    current_price: float | None = None
    current_price_page: int | None = None
    eps_forecasts: list[EpsRow] = field(default_factory=list)


def normalize_rating(word: str) -> str | None:
    """Map a broker's rating word to 买入/增持/中性/减持/卖出; None if it is not one."""
    return _RATING_MAP.get(word.strip())


def extract_fields(pages: Sequence[tuple[int, str]]) -> ExtractedFields:
    out = ExtractedFields()
    rows: dict[str, EpsRow] = {}
    for page, text in _cover_first(pages):
        text = _without_boilerplate(text)
        if out.rating is None and (word := _first_rating(text)):
            out.rating, out.rating_raw, out.rating_page = _RATING_MAP[word], word, page
        if out.target_price is None and (m := _first_target(text)):
            lo = parse_number(m["lo"])
            hi = parse_number(m["hi"]) if "hi" in m.groupdict() and m["hi"] else None
            out.target_price, out.target_price_page = lo, page
            out.target_price_range = (lo, hi) if hi is not None and hi > lo else None
            out.target_price_currency = _currency(m["cur"] or m.groupdict().get("cur1"))
        if out.current_price is None and (m := _PRICE.search(text)):
            out.current_price, out.current_price_page = parse_number(m["v"]), page
        for year, name, value in forecast_values(text):
            row = rows.setdefault(year, EpsRow(year=year, page=page))
            if row.page == page and getattr(row, name) is None:  # a row keeps one page, so its citation holds
                setattr(row, name, value)
    out.eps_forecasts = sorted((r for r in rows.values() if _has_value(r)), key=lambda r: r.year)
    return out


def _cover_first(pages: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    return sorted(pages, key=lambda p: (p[0] != 0, p[0]))


def _without_boilerplate(text: str) -> str:
    """Cut the page at a disclaimer heading, drop injected sentences and lines that define rating words."""
    for start, end in reversed(injection_spans(text)):
        text = text[:start] + text[end:]
    m = _BOILERPLATE_HEADING.search(text)
    text = text[: m.start()] if m else text
    return "\n".join(line for line in text.split("\n") if not _RATING_DEFINITION.search(line))


def _first_target(text: str) -> re.Match | None:
    found = [m for m in (_TARGET_CHANGE.search(text), _TARGET.search(text)) if m]
    return min(found, key=lambda m: m.start()) if found else None


def _first_rating(text: str) -> str | None:
    for pattern in _RATING_PATTERNS:
        if m := pattern.search(text):
            return m["w"]
    return None


def _currency(text: str | None) -> str:
    if not text or text in ("元", "人民币元", "RMB", "CNY"):
        return "元"
    return "港元" if text in ("港元", "港币", "HKD") else "美元"


def _has_value(row: EpsRow) -> bool:
    return any(v is not None for v in (row.eps, row.net_profit, row.revenue, row.pe))
