"""Rating, target price, current price and EPS forecasts read from a report's page texts.

Deterministic regex/table extraction for the offline engine and for checking LLM output.
Pages are searched cover first (page 0), then in order; the first match wins and a field
that is not found stays None. PDF text extraction flattens tables into whitespace- or
line-separated cells, so tables are parsed from the token stream, not from line layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from tools.sentence_rank import injection_spans

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

# Atomic, so a regex never backtracks into a number (no quadratic blow-up on long digit runs).
_NUM = r"(?>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_NUM_END = r"(?![\d.])(?!\s{0,3}(?:年|%|倍|个月|月|日|亿|万))"
_GAP = r"[ \t\u3000]{0,4}\n?[ \t\u3000]{0,4}"  # a label and its value may sit in neighbouring cells
_CURRENCY = r"港元|港币|美元|人民币元|元|HKD|USD|RMB|CNY"
_TARGET_CHANGE = re.compile(rf"目标(?:股)?价(?:格|位)?由\s*(?:{_NUM})\s*(?:{_CURRENCY})?\s*(?:上调|下调|调整|上修|下修|提升|提高|降低)至"
                            rf"\s*(?P<lo>{_NUM}){_NUM_END}\s*(?P<cur>{_CURRENCY})?")
_TARGET = re.compile(rf"目标(?:股)?价(?:格|位)?(?:\s*[（(](?:{_CURRENCY})[)）])?\s*(?:[:：为是至]|(?:上调|下调|调整|上修|下修)至)?{_GAP}"
                     rf"(?P<lo>{_NUM}){_NUM_END}(?:\s*(?P<cur1>{_CURRENCY}))?"
                     rf"(?:\s*[-~～至到—–]\s*(?P<hi>{_NUM}){_NUM_END})?\s*(?P<cur>{_CURRENCY})?")
_PRICE = re.compile(rf"(?<!目标)(?:当前股价|最新股价|最新收盘价|收盘价|现价|当前价格|股价)(?:\s*[（(](?:{_CURRENCY})[)）])?"
                    rf"\s*[:：为是]?{_GAP}(?P<v>{_NUM}){_NUM_END}\s*(?P<cur>{_CURRENCY})?")

# EPS table and prose.
_YEAR_TOKEN = re.compile(r"^((?:19|20)\d\d)\s*([AEFaef]|年[AEFaef]|[AEFaef]?)$")
_VALUE_TOKEN = re.compile(rf"^[(（]?-?(?:{_NUM})[)）]?%?$|^[-—–]+$|^(?:N/?A|NA|NM|n\.?a\.?)$")
_FIELD_LABELS = [
    ("eps", re.compile(r"EPS|每股收益|每股盈利", re.I)),
    ("pe", re.compile(r"^P/?E|市盈率|\bPE\b", re.I)),
    ("net_profit", re.compile(r"归母净利|归属(?:于)?母公司.*净利|净利润")),
    ("revenue", re.compile(r"营业(?:总)?收入|营收|收入")),
]
_NOT_LEVEL = re.compile(r"增长|增速|同比|环比|yoy|毛利|净利率|利润率|收益率|ROE|ROA|%|PEG|PB|扣非|每股净资产|BPS|EBIT|EV", re.I)
_UNIT = re.compile(r"(亿元|百万元|万元|千元|元)")
_TO_YI = {"亿元": 1.0, "百万元": 0.01, "万元": 1e-4, "千元": 1e-5, "元": 1e-8}
_YEAR_RANGE = re.compile(r"((?:19|20)\d\d)\s*[-–—~～至到]\s*((?:19|20)?\d\d)\s*年")
_YEAR_SINGLE = re.compile(r"((?:19|20)\d\d)\s*年")
_YEAR_LIST = re.compile(r"((?:19|20)\d\d(?:\s*[/、，,和及与]\s*(?:19|20)\d\d)+)\s*年")
_PROSE_METRIC = re.compile(
    r"(?<![A-Za-z])(?P<label>EPS|每股收益|归母净利润|归属(?:于)?母公司(?:股东)?的?净利润|净利润|营业(?:总)?收入|营收|PE|P/E|市盈率)"
    r"(?P<gap>[^0-9。；;]{0,8}?)(?:分别|依次)?\s*(?:为|是|达到?|至|约)?\s*"
    rf"(?P<nums>-?(?:{_NUM})(?:\s*(?:{_UNIT.pattern}|倍|x|X)?\s*[/、，,和及与]\s*-?(?:{_NUM}))*)(?![\d.])(?!\s*[%％年])\s*"
    r"(?P<unit>亿元|百万元|万元|千元|元|倍|x|X)?", re.I)


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
            lo = _num(m["lo"])
            hi = _num(m["hi"]) if "hi" in m.groupdict() and m["hi"] else None
            out.target_price, out.target_price_page = lo, page
            out.target_price_range = (lo, hi) if hi is not None and hi > lo else None
            out.target_price_currency = _currency(m["cur"] or m.groupdict().get("cur1"))
        if out.current_price is None and (m := _PRICE.search(text)):
            out.current_price, out.current_price_page = _num(m["v"]), page
        for year, name, value in _table_values(text) + _prose_values(text):
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


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def _currency(text: str | None) -> str:
    if not text or text in ("元", "人民币元", "RMB", "CNY"):
        return "元"
    return "港元" if text in ("港元", "港币", "HKD") else "美元"


def _has_value(row: EpsRow) -> bool:
    return any(v is not None for v in (row.eps, row.net_profit, row.revenue, row.pe))


def _year_label(token_year: str, suffix: str) -> str:
    suffix = suffix.replace("年", "").upper().replace("F", "E")
    return token_year + suffix


def _field_of(label: str) -> str | None:
    if _NOT_LEVEL.search(label):
        return None
    for name, pattern in _FIELD_LABELS:
        if pattern.search(label):
            return name
    return None


def _scale(name: str, label: str, page_unit: str | None) -> float | None:
    """Factor to 亿元 for money rows; None when the unit cannot be known (then the value is not kept)."""
    if name in ("eps", "pe"):
        return 1.0
    m = _UNIT.search(label)
    unit = m.group(1) if m else page_unit
    return _TO_YI.get(unit) if unit else None


def _table_values(text: str) -> list[tuple[str, str, float]]:
    """(year, field, value) from tables flattened to tokens: a run of year headers, then label + one value per year."""
    page_unit = m.group(1) if (m := re.search(r"单位\s*[:：]\s*(亿元|百万元|万元|千元|元)", text)) else None
    tokens = _merge_split_years(text.split())
    out: list[tuple[str, str, float]] = []
    i = 0
    while i < len(tokens):
        years = _year_run(tokens, i)
        if len(years) < 2 or not any(y[-1] in "AE" for y in years):
            i += 1
            continue
        i += len(years)
        label: list[str] = []
        while i < len(tokens) and not _year_header_at(tokens, i) and not tokens[i].startswith("资料来源"):
            if not _VALUE_TOKEN.match(tokens[i]):
                label.append(tokens[i])
                i += 1
                if len("".join(label)) > 30:
                    break  # prose, not a row label: the table has ended
                continue
            values = []
            while i < len(tokens) and _VALUE_TOKEN.match(tokens[i]):
                values.append(tokens[i])
                i += 1
            name = _field_of("".join(label))
            factor = _scale(name, "".join(label), page_unit) if name else None
            if name and factor is not None and len(values) == len(years):
                out += [(y, name, round(v * factor, 6)) for y, v in zip(years, map(_cell_value, values)) if v is not None]
            label = []
    return out


def _merge_split_years(tokens: list[str]) -> list[str]:
    """pypdf may break a header cell "2025E" into "2025" and "E"; join them back."""
    merged: list[str] = []
    for tok in tokens:
        if merged and tok in ("A", "E", "F") and re.fullmatch(r"(?:19|20)\d\d", merged[-1]):
            merged[-1] += tok
        else:
            merged.append(tok)
    return merged


def _year_run(tokens: list[str], i: int) -> list[str]:
    years = []
    while i < len(tokens) and (m := _YEAR_TOKEN.match(tokens[i])):
        years.append(_year_label(m.group(1), m.group(2)))
        i += 1
    return years


def _year_header_at(tokens: list[str], i: int) -> bool:
    return i + 1 < len(tokens) and bool(_YEAR_TOKEN.match(tokens[i]) and _YEAR_TOKEN.match(tokens[i + 1]))


def _cell_value(cell: str) -> float | None:
    cell = cell.strip("%")
    if not re.search(r"\d", cell):
        return None  # "-", "N/A": no value, not zero
    negative = cell.startswith(("(", "（")) or cell.startswith("-")
    value = _num(cell.strip("()（）-"))
    return -value if negative else value


def _prose_values(text: str) -> list[tuple[str, str, float]]:
    """(year, field, value) from sentences like "预计2025-2027年EPS分别为11.8/13.6/15.9元"."""
    out: list[tuple[str, str, float]] = []
    flat = re.sub(r"\s*\n\s*", "", text)  # prose wraps mid-number in PDF text ("2026\n年")
    for sentence in re.split(r"[。！？\n]", flat):
        for m in _PROSE_METRIC.finditer(sentence):
            years = _years_before(sentence[: m.start()])
            values = [_num(v) for v in re.findall(rf"-?(?:{_NUM})", re.sub(_UNIT.pattern + r"|倍|x|X", "", m["nums"]))]
            name = None if _NOT_LEVEL.search(m["gap"]) else _field_of(m["label"])
            if not years or len(values) != len(years) or name is None:
                continue  # never guess which year a number belongs to
            unit = m["unit"] or (u.group(1) if (u := _UNIT.search(m["nums"])) else None)
            factor = 1.0 if name in ("eps", "pe") else _TO_YI.get(unit or "")
            if factor is None or (name == "eps" and unit not in (None, "元")):
                continue
            out += [(y, name, round(v * factor, 6)) for y, v in zip(years, values)]
    return out


def _years_before(prefix: str) -> list[str]:
    """The last year range or list stated before a metric in the same sentence, as forecast years."""
    best: tuple[int, list[int]] | None = None
    for m in _YEAR_RANGE.finditer(prefix):
        start, end = int(m.group(1)), int(m.group(2))
        end = end + 2000 if end < 100 else end
        if 0 < end - start <= 6 and (best is None or m.start() >= best[0]):
            best = (m.start(), list(range(start, end + 1)))
    for m in _YEAR_LIST.finditer(prefix):
        if best is None or m.start() >= best[0]:
            best = (m.start(), [int(y) for y in re.findall(r"(?:19|20)\d\d", m.group(1))])
    if best is None and re.search(r"预计|预测|预期", prefix) and (single := _YEAR_SINGLE.findall(prefix)):
        best = (0, [int(single[-1])])
    return [f"{y}E" for y in best[1]] if best else []
