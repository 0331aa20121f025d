"""Report metadata (title, broker, date) and the stock codes a report mentions.

Sources, most trusted first: the file name `YYYYMMDD_券商_标题.ext` (a name someone chose on
purpose), then the PDF's own metadata, then the first page's text. Stock codes are only
normalized here; whether a code exists is checked later against the stock master.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as _date
from pathlib import Path

from tools.tickers.normalize import canonical_code

# Canonical short name → spellings seen in reports (full legal names contain these).
_BROKER_ALIASES: dict[str, tuple[str, ...]] = {
    "中金公司": ("中金公司", "中国国际金融"),
    "银河证券": ("中国银河证券", "银河证券"),
    "中银证券": ("中银国际证券", "中银证券"),
}
_BROKERS = (
    "中信证券", "华泰证券", "国泰君安", "国泰海通", "海通证券", "招商证券", "广发证券", "申万宏源",
    "兴业证券", "东吴证券", "国金证券", "天风证券", "长江证券", "光大证券", "中信建投", "安信证券",
    "国投证券", "开源证券", "民生证券", "方正证券", "浙商证券", "国盛证券", "东方财富证券", "东方证券",
    "西部证券", "财通证券", "德邦证券", "国信证券", "中泰证券", "华西证券", "信达证券", "华创证券",
    "东北证券", "国海证券", "华安证券", "国联证券", "华鑫证券", "东兴证券", "中原证券", "平安证券",
    "华福证券", "国元证券", "太平洋证券", "首创证券", "中邮证券", "万联证券", "山西证券", "华源证券",
)
_BROKER_SPELLINGS = sorted(
    [(alias, name) for name, aliases in _BROKER_ALIASES.items() for alias in aliases]
    + [(name, name) for name in _BROKERS],
    key=lambda pair: -len(pair[0]),
)
_BROKER_LIKE = re.compile(r"(证券|研究所|研究院|研究部|Securities|Research)$", re.IGNORECASE)
_COMPANY_SUFFIX = re.compile(r"(股份有限公司|有限责任公司|有限公司)$")
# PDF titles that producers fill in by themselves, not a report title.
_JUNK_TITLE = re.compile(r"^(untitled|无标题|microsoft (word|powerpoint) - .*|.*\.(docx?|pptx?|wps))$", re.IGNORECASE)

_NAME_DATE = re.compile(r"^(\d{4})[-.]?(\d{2})[-.]?(\d{2})$")
_TEXT_DATES = (
    re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"),
)
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})(\d{2})")


@dataclass(frozen=True)
class ReportMetadata:
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
    found = []
    for pattern in _TEXT_DATES:
        for match in pattern.finditer(text):
            iso = _iso(*match.groups())
            if iso:
                found.append((match.start(), iso))
                break
    return min(found)[1] if found else None


def _first_broker(text: str) -> tuple[int, str, str] | None:
    found = [(text.find(spelling), spelling, name) for spelling, name in _BROKER_SPELLINGS if spelling in text]
    return min(found, key=lambda hit: (hit[0], -len(hit[1]))) if found else None


def find_broker(text: str) -> str | None:
    """The known broker mentioned earliest in the text (the cover names its own broker first)."""
    hit = _first_broker(text)
    return hit[2] if hit else None


def broker_name(text: str) -> str | None:
    """`text` read as a broker's name: 国泰君安证券股份有限公司 → 国泰君安; 某某证券 stays; a title → None."""
    name = _COMPANY_SUFFIX.sub("", text.strip())
    hit = _first_broker(name)
    if hit and len(name) <= len(hit[1]) + 3:  # 国泰君安证券, 中信证券研究部; not 关于中信证券的点评
        return hit[2]
    return name if _BROKER_LIKE.search(name) else None


def parse_file_name(stem: str) -> ReportMetadata | None:
    """`YYYYMMDD_券商_标题`, `YYYY-MM-DD_标题`, `券商_标题`…; None when the name follows no pattern."""
    parts = [part.strip() for part in stem.split("_")]
    date = None
    match = _NAME_DATE.match(parts[0])
    if match:
        date = _iso(*match.groups())
        if date:
            parts = parts[1:]
    broker = None
    # With a date the middle part is the broker by convention; without one it must be a broker's name.
    named = broker_name(parts[0]) if parts and parts[0] else None
    if named or (date and len(parts) > 1 and parts[0]):
        broker = named or parts[0]
        parts = parts[1:]
    if date is None and broker is None:
        return None
    return ReportMetadata(title="_".join(parts).strip(), broker=broker, date=date)


def _pdf_metadata(info: dict[str, str]) -> ReportMetadata:
    title = info.get("title", "").strip()
    if _JUNK_TITLE.match(title):
        title = ""
    broker = broker_name(info.get("author", ""))  # authors are often analysts or "Administrator"
    subject = info.get("subject", "").strip()
    compact = _NAME_DATE.match(subject)  # 20250312
    date = find_date(subject) or (_iso(*compact.groups()) if compact else None)
    if date is None:
        match = _PDF_DATE.match(info.get("creation_date", "").strip())
        date = _iso(*match.groups()) if match else None
    return ReportMetadata(title=title, broker=broker, date=date)


def resolve_metadata(
    path: Path, first_page: str, pdf_info: dict[str, str] | None = None, title_hint: str | None = None
) -> ReportMetadata:
    """Merge file name, PDF metadata (title/author/subject/creation_date keys) and first-page text."""
    from_name = parse_file_name(path.stem)
    from_pdf = _pdf_metadata(pdf_info or {})
    title = (from_name and from_name.title) or from_pdf.title or (title_hint or "").strip() or path.stem
    broker = (from_name and from_name.broker) or from_pdf.broker or find_broker(first_page)
    date = (from_name and from_name.date) or from_pdf.date or find_date(first_page)
    return ReportMetadata(title=title, broker=broker, date=date)


# --- stock codes -------------------------------------------------------------------------

_CJK_OR_LATIN = r"[\u4e00-\u9fffA-Za-z]"
# Each pattern's group 1 is handed to canonical_code; bare six digits only count in code context.
_MENTIONS = (
    re.compile(r"(?<![0-9A-Za-z.])(\d{6}\s?\.(?:SH|SS|SZ|BJ))(?![A-Za-z0-9])", re.IGNORECASE),
    re.compile(r"(?<![0-9A-Za-z])((?:SH|SZ|BJ)\d{6})(?!\d)", re.IGNORECASE),
    re.compile(_CJK_OR_LATIN + r"\s*[（(]\s*(\d{6})\s*(?=[)）,，、;；/])"),
    re.compile(r"代码\s*[:：]?\s*(\d{6})(?![\d.])"),
    re.compile(r"(?<![0-9A-Za-z.])(\d{1,5}\s?\.HK)(?![A-Za-z0-9])", re.IGNORECASE),
    re.compile(r"(?<![0-9A-Za-z.])([A-Z]{1,5}\.(?:O|OQ|N|US))(?![0-9A-Za-z.])"),
)


def extract_tickers(text: str) -> tuple[str, ...]:
    """Canonical codes in order of first mention (the covered company usually comes first)."""
    found: dict[str, int] = {}
    for pattern in _MENTIONS:
        for match in pattern.finditer(text):
            code = canonical_code(match.group(1))
            if code and (code not in found or match.start() < found[code]):
                found[code] = match.start()
    return tuple(sorted(found, key=found.__getitem__))
