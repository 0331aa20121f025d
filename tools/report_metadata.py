"""Report metadata, each field with the page it stands on and the rule that found it, None when the
report does not say: broker, title, subtitle, publication date, report type, analysts, covered stock,
industry, rating and rating action, target and current price. Also the stock codes a report mentions.

Publication date: printed on the cover or in the running header, else the `YYYYMMDD_…` file name a
user gave the file. A PDF's creation stamp is a producer's date, never the publication date; it is kept
apart as `pdf_creation_date` for display under its own label. Broker: running header/footer, analysts'
e-mail domains, SAC-number prefixes, the cover's masthead line, the disclaimer, then the file name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date as _date
from pathlib import Path
from typing import Sequence

from tools import cover_fields as cf
from tools.brokers import broker_mentions, broker_of_email, broker_of_sac, normalize_broker
from tools.report_tickers import extract_tickers
from tools.text_titles import cover_title
from tools.tickers.normalize import canonical_code

__all__ = ["Field", "ReportMetadata", "MetadataInput", "CoverLine", "report_metadata", "display_title", "find_date",
           "find_broker", "broker_name", "parse_file_name", "extract_tickers"]

_NAME_DATE = re.compile(r"^(\d{4})[-.]?(\d{2})[-.]?(\d{2})$")
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})(\d{2})")
_JUNK_TITLE = re.compile(r"^(untitled|无标题|研究报告|microsoft (word|powerpoint) - .*|.*\.(docx?|pptx?|wps))$", re.IGNORECASE)
_REPORT_WORDS = re.compile(r"证券研究报告|研究报告|公司研究|行业研究|深度研究|深度报告|公司深度|行业深度|公司点评|行业点评|点评报告|"
                           r"研究所|研究部|研究院|研究中心|研究|\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}日?|[|│/\s·]")
_NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|\d+(?:\.\d+)*[、.．\s]|第[一二三四五六七八九十\d]+[章节部分])")
_STOCK_LINE = re.compile(r"^\S{2,12}\s*[（(]\s*\d{4,6}(?:\.[A-Za-z]{2})?(?:\s+CH)?\s*[)）]$")


@dataclass(frozen=True)
class Field:
    value: object = None
    page: int | None = None
    rule: str | None = None  # how it was found, e.g. cover_label, running_header, email_domain, file_name


@dataclass(frozen=True)
class ReportMetadata:
    title: Field = Field()
    subtitle: Field = Field()
    broker: Field = Field()
    date: Field = Field()
    report_type: Field = Field()
    analysts: Field = Field()
    stock_code: Field = Field()
    stock_name: Field = Field()
    industry: Field = Field()
    rating: Field = Field()  # the house's own word (跑赢行业, 强烈推荐…)
    rating_bucket: Field = Field()  # 买入/增持/中性/减持/卖出
    rating_action: Field = Field()  # 维持/上调/下调/首次覆盖
    target_price: Field = Field()
    current_price: Field = Field()
    pdf_creation_date: str | None = None  # the PDF producer's stamp: shown only under this label

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class CoverLine:
    text: str
    size: float


@dataclass(frozen=True)
class MetadataInput:
    """What the metadata rules read: page texts (body, reading order), each page's running header and
    footer, the cover's lines with font sizes (PDF only), where the disclaimer starts, the file."""
    path: Path
    pages: Sequence[str]
    headers: Sequence[Sequence[str]] = ()
    footers: Sequence[Sequence[str]] = ()
    cover_lines: Sequence[CoverLine] = ()
    boilerplate_page: int | None = None
    pdf_info: dict[str, str] = field(default_factory=dict)
    title_hint: str | None = None


@dataclass(frozen=True)
class FileNameMeta:
    title: str
    broker: str | None
    date: str | None


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return _date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> str | None:
    """First valid calendar date written as 2025年3月12日 or 2025-03-12 (also / and .)."""
    m = cf._DATE_ANY.search(text)
    while m:
        if iso := cf._iso(m):
            return iso
        m = cf._DATE_ANY.search(text, m.end())
    return None


def find_broker(text: str) -> str | None:
    """The broker named earliest in the text (full names and distinctive spellings), or the text itself
    read as a broker's name (中金 → 中金公司)."""
    mentions = broker_mentions(text)
    return mentions[0][2] if mentions else normalize_broker(text)


def broker_name(text: str) -> str | None:
    """`text` read as a broker's name: 国泰君安证券股份有限公司 → 国泰君安; 某某证券 stays; a title → None."""
    name = normalize_broker(text)
    if name:
        return name
    stripped = re.sub(r"(股份有限公司|有限责任公司|有限公司)$", "", text.strip())
    return stripped if re.search(r"(证券|研究所|研究院|研究部|Securities|Research)$", stripped, re.I) else None


def parse_file_name(stem: str) -> FileNameMeta | None:
    """`YYYYMMDD_券商_标题`, `YYYY-MM-DD_标题`, `券商_标题`…; None when the name follows no pattern."""
    parts = [part.strip() for part in stem.split("_")]
    date = None
    match = _NAME_DATE.match(parts[0])
    if match:
        date = _iso(*match.groups())
        if date:
            parts = parts[1:]
    broker = None
    named = broker_name(parts[0]) if parts and parts[0] else None
    if named or (date and len(parts) > 1 and parts[0]):
        broker = named or parts[0]
        parts = parts[1:]
    if date is None and broker is None:
        return None
    return FileNameMeta(title="_".join(parts).strip(), broker=broker, date=date)


def _pdf_creation(info: dict[str, str]) -> str | None:
    match = _PDF_DATE.match((info or {}).get("creation_date", "").strip())
    return _iso(*match.groups()) if match else None


def _title(data: MetadataInput, lines: list[str], named: FileNameMeta | None) -> tuple[Field, Field]:
    """Title: the cover's largest type, clearly larger than its body text; subtitle: the line right under
    it in a smaller display size. Text files: markup titles, else a headline (tools/text_titles.py)."""
    sized = [ln for ln in data.cover_lines if ln.text.strip()]
    if sized:
        weights = Counter()
        for ln in sized:
            weights[round(ln.size, 1)] += len(ln.text)
        body = weights.most_common(1)[0][0]
        # the title precedes the running text: the first sentence-length line set in body type
        prose = next((i for i, ln in enumerate(sized) if abs(ln.size - body) < 0.3 and len(ln.text) >= 40
                      and "。" in ln.text), len(sized))
        big = [i for i, ln in enumerate(sized[:prose]) if ln.size >= 1.2 * body and 4 <= len(ln.text) <= 80
               and not _STOCK_LINE.match(ln.text.strip()) and not ln.text.startswith("|") and not _NUMBERED.match(ln.text)]
        if big:
            top = max(sized[i].size for i in big)
            first = next(i for i in big if sized[i].size == top)
            last = first
            while last + 1 < len(sized) and abs(sized[last + 1].size - top) < 0.3 and len(sized[last + 1].text) <= 80:
                last += 1
            title = "".join(sized[i].text.strip() for i in range(first, last + 1))
            subtitle = Field()
            if last + 1 < len(sized):
                nxt = sized[last + 1]
                if body * 1.15 <= nxt.size < top and not _STOCK_LINE.match(nxt.text.strip()) and len(nxt.text) <= 60:
                    subtitle = Field(nxt.text.strip(), 0, "font_size")
            return Field(title, 0, "font_size"), subtitle
    if data.title_hint and data.title_hint.strip():
        return Field(data.title_hint.strip(), 0, "markup"), Field()
    # a title the person wrote into the file name outranks a guess
    plain = cover_title(data.pages[0]) if data.pages and not data.cover_lines and not (named and named.title) else None
    return (Field(plain, 0, "cover_headline") if plain else Field()), Field()


def _broker(data: MetadataInput, lines: list[str], people: list[dict], named: FileNameMeta | None) -> Field:
    furniture = Counter()
    first_page: dict[str, int] = {}
    for page, items in enumerate(list(data.headers) + list(data.footers)):
        for _, _, name in broker_mentions(" ".join(items)):
            furniture[name] += 1
            first_page.setdefault(name, page % max(len(data.headers), 1))
    if furniture:
        name = furniture.most_common(1)[0][0]
        return Field(name, first_page[name], "running_header")
    for kind, reader in (("email", broker_of_email), ("sac", broker_of_sac)):
        found = Counter(b for p in people if p.get(kind) and (b := reader(p[kind])))
        if found:
            return Field(found.most_common(1)[0][0], 0, "email_domain" if kind == "email" else "sac_number")
    for line in lines[:4]:  # the masthead: a short line naming the firm and little else
        mentions = broker_mentions(line)
        if mentions and len(line) <= 40:
            rest = _REPORT_WORDS.sub("", line)
            for _, spelling, _ in mentions:
                rest = rest.replace(spelling.lower(), "")
            if len(rest) <= 8:
                return Field(mentions[0][2], 0, "masthead")
    if data.boilerplate_page is not None:
        found = Counter(name for text in data.pages[data.boilerplate_page:] for _, _, name in broker_mentions(text))
        if found:
            return Field(found.most_common(1)[0][0], data.boilerplate_page, "disclaimer")
    if named and named.broker:
        return Field(normalize_broker(named.broker) or named.broker, None, "file_name")
    author = broker_name((data.pdf_info or {}).get("author", ""))
    return Field(author, None, "pdf_author") if author else Field()


def _publication_date(data: MetadataInput, lines: list[str], named: FileNameMeta | None) -> Field:
    found = cf.publication_date(lines)
    if found and found.rule == "cover_label":
        return Field(found.value, 0, found.rule)
    running = Counter(d for items in list(data.headers) + list(data.footers) for item in items if (d := cf.date_in(item)))
    if found:
        return Field(found.value, 0, found.rule)
    if running:
        return Field(running.most_common(1)[0][0], 0, "running_header")
    if named and named.date:
        return Field(named.date, None, "file_name")
    subject = (data.pdf_info or {}).get("subject", "").strip()
    compact = _NAME_DATE.match(subject)
    date = find_date(subject) or (_iso(*compact.groups()) if compact else None)
    return Field(date, None, "pdf_subject") if date else Field()


def _report_type(lines: list[str], furniture: str, has_stock: bool, has_rating: bool) -> Field:
    text = furniture + " " + " ".join(lines[:12])
    for label, pattern in (("金工", r"金融工程|金工|量化|多因子"), ("宏观", r"宏观"), ("固收", r"固收|固定收益|债券|转债"),
                           ("晨报", r"晨报|早报|晨会")):
        if re.search(pattern, text):
            return Field(label, 0, "cover_words")
    depth = "深度" if re.search(r"深度|首次覆盖", text) else "点评" if re.search(r"点评|跟踪|简评|快评|事件|季报|年报|业绩|月报|周报", text) else None
    if has_stock:
        return Field(f"公司{depth or '点评'}", 0, "cover_words")
    if re.search(r"策略", text) and not has_rating:
        return Field("策略", 0, "cover_words")
    if re.search(r"行业", text) or has_rating:
        return Field(f"行业{depth or '点评'}", 0, "cover_words")
    return Field()


def report_metadata(data: MetadataInput) -> ReportMetadata:
    cover = data.pages[0] if data.pages else ""
    lines = cf.cover_lines(cover)
    named = parse_file_name(data.path.stem)
    title, subtitle = _title(data, lines, named)
    people = cf.analysts(lines)
    word, action = cf.rating(lines)
    items = [item for part in list(data.headers[:2]) + list(data.footers[:2]) for item in part]
    stock = cf.stock(lines, items)
    code = canonical_code(re.sub(r"\s+ch$", "", stock[0])) if stock else None
    furniture = " ".join(items)
    target, price, trade = cf.target_price(lines), cf.current_price(lines), cf.industry(lines, items)
    broker = _broker(data, lines, people, named)

    def at(found, rule=None) -> Field:
        return Field(found.value, 0, rule or found.rule) if found else Field()

    return ReportMetadata(
        title=title, subtitle=subtitle, broker=broker, date=_publication_date(data, lines, named),
        report_type=_report_type(lines, furniture, code is not None, word is not None) if broker.value else Field(),
        analysts=Field(people, 0, "cover_analysts") if people else Field(),
        stock_code=Field(code, 0, stock[3]) if code else Field(),
        stock_name=_stock_name(code, stock),
        industry=at(trade), rating=at(word), rating_bucket=Field(cf.bucket(str(word.value)), 0, word.rule) if word else Field(),
        rating_action=at(action),
        target_price=Field(target.value.low, 0, target.rule) if target and target.value.low is not None else Field(),
        current_price=at(price), pdf_creation_date=_pdf_creation(data.pdf_info),
    )


def _stock_name(code: str | None, stock) -> Field:
    if not code:
        return Field()
    if stock[1]:
        return Field(stock[1].upper() if stock[1].isascii() else stock[1], 0, stock[3])
    from tools.tickers import StockMaster  # the bundled master, read only when a cover gives a bare code

    name = StockMaster.bundled().name_of(code)
    return Field(name, 0, "stock_master") if name else Field()


def display_title(meta: ReportMetadata, path: Path, pdf_info: dict[str, str] | None) -> str:
    """The title to show: the printed one, else the file name's, else the PDF's own (not a producer's
    placeholder), else the file's stem."""
    if meta.title.value:
        return str(meta.title.value)
    named = parse_file_name(path.stem)
    if named and named.title:
        return named.title
    pdf_title = (pdf_info or {}).get("title", "").strip()
    return pdf_title if pdf_title and not _JUNK_TITLE.match(pdf_title) else path.stem
