"""A PDF laid out: per page the body in reading order (tables as Markdown rows), the running header and
footer, the printed page number, the tables in structured form, and the cover's text lines with their
font sizes (for the title)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median
from typing import Sequence

from tools.layout.furniture import split_furniture
from tools.layout.pdf_chars import PageChars, read_pdf_chars
from tools.layout.reading_order import Item, order_items, prose_gutters
from tools.layout.segments import Segment, page_segments
from tools.layout.tables import Table, find_tables

_LABEL = re.compile(r"^[\u4e00-\u9fffA-Za-z（）() ]{1,12}[:：]")
_BLOCK_START = re.compile(r"^(?:[◆●•·■□▪►➢✓★◇○]|[-*]\s|[（(]?\d{1,2}[)）、.]|[一二三四五六七八九十]+、|[图表]\s*\d|图表\s*\d)")


@dataclass(frozen=True)
class SizedLine:
    text: str
    size: float
    top: float
    x0: float
    x1: float


@dataclass(frozen=True)
class LaidOutPage:
    number: int
    text: str
    header: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()
    label: str | None = None
    tables: tuple[Table, ...] = ()
    lines: tuple[SizedLine, ...] = field(default=(), repr=False)  # body lines with font sizes, in reading order
    failed: BaseException | None = None


def lay_out_pdf(data: bytes, max_pages: int | None = None) -> tuple[list[LaidOutPage], dict[str, str]]:
    pages, info = read_pdf_chars(data, max_pages)
    return lay_out_pages(pages), info


def lay_out_pages(pages: Sequence[PageChars]) -> list[LaidOutPage]:
    segmented = [(p.height, page_segments(p.chars)) for p in pages]
    out = []
    for page, (furniture, body) in zip(pages, split_furniture(segmented)):
        if page.failed is not None:
            out.append(LaidOutPage(page.number, "", failed=page.failed))
            continue
        width = page.width or 595.0
        tables, loose = find_tables(body, width, prose_gutters(body, width))
        ordered = order_items([*tables, *loose])
        lines = _paragraph_lines(ordered)
        out.append(LaidOutPage(page.number, "\n".join(ln.text for ln in lines), furniture.header, furniture.footer,
                               furniture.label, tuple(tables), tuple(lines)))
    return out


def _join(a: str, b: str) -> str:
    seam = a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() and b[:1].isalnum()
    return a + (" " if seam else "") + b


def _paragraph_lines(items: Sequence[Item]) -> list[SizedLine]:
    """Wrapped lines joined into paragraphs: a line that reaches its column's right edge goes on in the
    next line when that one is just below, in the same font, and not indented or a new block."""
    segments = [i for i in items if isinstance(i, Segment)]
    lines: list[SizedLine] = []
    previous: Segment | None = None
    for item in items:
        if isinstance(item, Table):
            lines += [SizedLine(row, item.size, item.top, item.x0, item.x1) for row in item.markdown()]
            previous = None
            continue
        if previous is not None and _continues(previous, item, segments):
            last = lines[-1]
            lines[-1] = SizedLine(_join(last.text, item.text), last.size, last.top, last.x0, max(last.x1, item.x1))
        else:
            lines.append(SizedLine(item.text, item.size, item.top, item.x0, item.x1))
        previous = item
    return lines


def _continues(line: Segment, following: Segment, segments: Sequence[Segment]) -> bool:
    size = max(line.size, 1.0)
    if abs(line.size - following.size) > 0.3 or not 0 <= following.top - line.bottom <= 0.9 * size:
        return False
    if following.x0 > _left_edge(line, segments) + 0.6 * size or _BLOCK_START.match(following.text) \
            or _LABEL.match(following.text):
        return False  # indented: a new paragraph; or a list item, a caption, a "label：value" line
    left, right = _left_edge(line, segments), _right_edge(line, segments)
    if right - left < 12 * size:
        return False  # a narrow box of short lines (a sidebar's key figures), not running text
    return line.x1 >= right - 1.2 * size


def _column_mates(line: Segment, segments: Sequence[Segment]) -> list[Segment]:
    """Segments in the same column: overlapping horizontally and starting within three ems of it."""
    return [s for s in segments if abs(s.x0 - line.x0) <= 3 * max(line.size, 1.0) and abs(s.size - line.size) <= 0.3]


def _right_edge(line: Segment, segments: Sequence[Segment]) -> float:
    ends = sorted(s.x1 for s in _column_mates(line, segments))
    return ends[int(0.9 * (len(ends) - 1))] if ends else line.x1


def _left_edge(line: Segment, segments: Sequence[Segment]) -> float:
    starts = [s.x0 for s in _column_mates(line, segments)]
    return min(starts) if starts else line.x0


def body_size(lines: Sequence[SizedLine]) -> float:
    """The font size most of the page's text is set in (weighted by characters)."""
    weights: dict[float, int] = {}
    for line in lines:
        weights[round(line.size, 1)] = weights.get(round(line.size, 1), 0) + len(line.text)
    return max(weights, key=weights.get) if weights else median([0.0])
