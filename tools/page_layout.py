"""Page text read as it was laid out: running headers, footers and page numbers dropped, wrapped
lines joined back into paragraphs, each paragraph placed under its section heading.

PDF text wraps lines mid-sentence: a line that fills the page width continues on the next line.
Everything from a disclaimer heading (免责声明, 分析师声明…) on is marked, so callers can leave it out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Sequence

from tools.layout.boilerplate import DISCLAIMER_HEADING as _DISCLAIMER_HEADING
from tools.text import squash

_PAGE_NUMBER = re.compile(r"^(?:第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|[-–—]?\s*\d+\s*[-–—]?|page\s*\d+)$", re.I)
_BLOCK_START = re.compile(r"^(?:[◆●•·■□▪►➢✓★◇○]|#{1,6}\s|[-*]\s|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、．）)]"
                          r"|\d+\.\s|[表图]\s*\d|资料来源|数据来源)")
LIST_ITEM = re.compile(r"^(?:[◆●•·■□▪►➢✓★◇○]|[-*]\s|[（(]?\d+[)）]|\d+[、．])")
NUMBERING = re.compile(r"^(?:#{1,6}\s+|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+(?:\.\d+)*(?:[、．\s]|\.(?!\d)))\s*")
# Headings that open a section; unnumbered sub-headings and table cells do not.
_KNOWN_HEADING = re.compile(r"投资要点|核心观点|投资摘要|报告摘要|主要观点|投资建议|核心结论|风险提示|风险因素|主要风险|盈利预测|"
                            r"估值|财务预测|附录|附表")


@dataclass(frozen=True)
class Paragraph:
    text: str
    page: int
    section: str  # the heading it stands under, without whitespace or a trailing colon; "" before the first
    heading: bool  # a single short line without sentence punctuation: a heading or a label, not prose
    in_disclaimer: bool  # at or after a disclaimer heading
    item: bool  # a bullet or numbered list item


def page_paragraphs(pages: Sequence[tuple[int, str]], extra_headings: Sequence[str] = ()) -> Iterator[Paragraph]:
    """Paragraphs in page order. Numbered and well-known headings open a section, and so does a heading
    holding one of `extra_headings` (compared without whitespace)."""
    headers = _repeated_lines(pages)
    section, in_disclaimer = "", False
    for page, text in sorted(pages, key=lambda p: p[0]):
        lines = [ln for ln in text.split("\n") if ln.strip() and ln.strip() not in headers
                 and not _PAGE_NUMBER.match(ln.strip())]
        for paragraph, single_line in _paragraphs(lines):
            in_disclaimer = in_disclaimer or bool(_DISCLAIMER_HEADING.match(paragraph))
            item = bool(LIST_ITEM.match(paragraph))
            heading = single_line and len(paragraph) <= 30 and not item and paragraph[-1] not in "。！？!?；;，,"
            if heading and (NUMBERING.match(paragraph) or _KNOWN_HEADING.search(paragraph)
                            or any(h in squash(paragraph) for h in extra_headings)):
                section = squash(NUMBERING.sub("", paragraph)).rstrip("：:")
            yield Paragraph(paragraph, page, section, heading, in_disclaimer, item)


def _repeated_lines(pages: Sequence[tuple[int, str]]) -> set[str]:
    """Running headers and footers: short lines at a page's top or bottom that recur there on half the pages.
    Only the edges count, so a claim repeated from the cover in the body is not mistaken for a header."""
    seen: dict[str, set[int]] = {}
    for page, text in pages:
        lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        for line in set(lines[:4] + lines[-3:]):
            if len(line) <= 60 and line[-1] not in "。！？!?":
                seen.setdefault(line, set()).add(page)
    n_pages = len({p for p, _ in pages})
    return {ln for ln, on in seen.items() if n_pages >= 2 and len(on) >= max(2, math.ceil(0.6 * n_pages))}


def _width(line: str) -> float:
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in line.strip())


def _paragraphs(lines: list[str]) -> list[tuple[str, bool]]:
    """(paragraph, whether it was a single line): wrapped lines joined back."""
    long_widths = sorted(w for w in map(_width, lines) if w >= 15)
    full = long_widths[int(0.9 * (len(long_widths) - 1))] if long_widths else 0.0
    out: list[tuple[str, bool]] = []
    current: list[str] = []
    for i, line in enumerate(lines):
        current.append(line.strip())
        if i + 1 == len(lines) or not _continues(line, lines[i + 1], full):
            out.append((_join(current), len(current) == 1))
            current = []
    return out


def _continues(line: str, following: str, full: float) -> bool:
    """A line wraps on when it fills the page width, and the next line is no new block and is either
    full too or a paragraph's punctuated last line (a short unpunctuated line is a heading)."""
    if not full or _width(line) < 0.85 * full or line.rstrip()[-1:] in "。！？!?":
        return False
    if following[:1].isspace() or _BLOCK_START.match(following.strip()):
        return False
    return _width(following) >= 0.85 * full or following.rstrip()[-1:] in "。！？!?.；;，,、：:）)”"


def _join(lines: list[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        ascii_seam = text[-1:].isascii() and text[-1:].isalnum() and line[:1].isascii() and line[:1].isalnum()
        text += (" " if ascii_seam else "") + line
    return text
