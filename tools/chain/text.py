"""Page text prepared so that layout does not change what is read.

The same report can arrive as a TXT file (a paragraph per line), a one-column PDF (lines of ~40
characters) or a narrow two-column PDF (lines of ~20): line breaks inside a paragraph are an accident
of the page width. `flatten` therefore removes every line break next to a Chinese character (a wrap
never means a space in Chinese) and turns the others into one space, so the flat text of a page is
the same in every layout. Sentences are cut at sentence punctuation and bullets only.

A table row reads the same however the layout set it: a TXT row separates its cells by spaces or
tabs, a laid-out PDF gives the rows of a table it recognised as Markdown (`| a | b |`, see
tools/layout/pdf_pages.py); the cell borders are whitespace here and a header separator row is nothing.

Headings are the one thing a line break tells reliably: a numbered heading (二、…, （三）…) or a
level heading (上游：…) starts a line in every layout, whatever its length. They are found by their
form, never by how long a line is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.layout.boilerplate import is_disclaimer_heading

_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u2018-\u201d\u2026\u2014\u25a0-\u25ff\u2022"
_WIDE = re.compile(f"[{_CJK}]")
_SPACE_RUN = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[。！？；!?;◆●■•▪►➢]")
# 二、… （三）… 1、… 2. … 1.7 …: never a bare number (a page number "3 / 4", "12 个月" wrapped to a line start).
_NUMBERED = re.compile(r"^\s*(?:第?[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]|"
                       r"\d{1,2}[、．]|\d{1,2}\.(?!\d)|\d{1,2}(?:\.\d{1,2}){1,2}\s)\s*(\S.*)$")
_LEVEL_HEAD = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）])?\s*"
                         r"(上游|中游|下游)([\u4e00-\u9fffA-Za-z]{0,6})\s*[：:]\s*(.*)$")
_MARKDOWN_SEPARATOR = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+$")


@dataclass(frozen=True)
class Heading:
    start: int  # offset in the flat text where the heading line begins
    text: str  # the heading line, flattened
    numbered: bool
    level_word: str | None  # 上游 / 中游 / 下游 when it is a level heading
    after_colon: str  # what follows the first colon ("" when none)


@dataclass(frozen=True)
class FlatPage:
    """The flat text of a page, or of a whole report (`join_pages`: a sentence may run over a page break,
    as a column runs on in a two-column report; `page_at` tells which page an offset is on)."""

    report_id: str
    page: int
    text: str
    headings: tuple[Heading, ...]
    disclaimer_from: int | None  # flat offset where a disclaimer section starts (nothing after it counts)
    page_starts: tuple[tuple[int, int], ...] = ()  # (offset, page number) of each joined page
    line_starts: tuple[int, ...] = ()  # flat offsets where a line of the source text began

    def page_at(self, offset: int) -> int:
        page = self.page
        for start, number in self.page_starts:
            if start <= offset:
                page = number
        return page

    def lines_in(self, span: tuple[int, int]) -> tuple[int, ...]:
        """Line starts inside `span`, relative to its start."""
        return tuple(s - span[0] for s in self.line_starts if span[0] <= s < span[1])

    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) spans of sentences: cut after 。！？；, at bullets and where a heading line starts."""
        cuts = sorted({(m.end() if m.group() in "。！？；!?;" else m.start(), m.end())
                       for m in _SENTENCE_END.finditer(self.text)} | {(h.start, h.start) for h in self.headings})
        spans, start = [], 0
        for end, resume in cuts:
            if end > start:
                spans.append((start, end))
            start = max(start, resume)
        if start < len(self.text):
            spans.append((start, len(self.text)))
        return [(a, b) for a, b in spans if self.text[a:b].strip()]


def _join(left: str, right: str) -> str:
    """What a whitespace run between two characters becomes: nothing next to Chinese, else one space."""
    if not left or not right or _WIDE.match(left) or _WIDE.match(right):
        return ""
    return " "


def _cells_as_spaces(line: str) -> str:
    """A Markdown table row as its cells separated by whitespace (the form a TXT table row has)."""
    row = line.strip()
    if len(row) < 2 or not (row.startswith("|") and row.endswith("|")):
        return line
    if _MARKDOWN_SEPARATOR.match(row.replace(" ", "")):
        return ""
    return "  ".join(cell.strip() for cell in row[1:-1].split("|"))


def flatten_lines(text: str) -> tuple[str, list[int]]:
    """The flat text and the flat offset at which each input line starts."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").split("\n")
    lines = [_cells_as_spaces(line) for line in raw]
    out: list[str] = []
    starts: list[int] = []
    length = 0
    for line in lines:
        line = line.strip(" \u3000\xa0\f")
        if not line:
            starts.append(length)
            continue
        parts = _SPACE_RUN.split(line)
        piece = parts[0]
        for part in parts[1:]:
            piece += _join(piece[-1:], part[:1]) + part
        sep = _join(out[-1][-1:] if out else "", piece[:1]) if out else ""
        starts.append(length + len(sep))
        out.append(sep + piece)
        length += len(sep) + len(piece)
    return "".join(out), starts


def flatten(text: str) -> str:
    return flatten_lines(text)[0]


def flat_page(report_id: str, page: int, text: str) -> FlatPage:
    flat, starts = flatten_lines(text)
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    headings = []
    disclaimer = None
    for raw, start in zip(raw_lines, starts):
        line = flatten(raw)
        if not line:
            continue
        if disclaimer is None and is_disclaimer_heading(line):
            disclaimer = start
        level = _LEVEL_HEAD.match(line)
        numbered = _NUMBERED.match(line)
        if not (level or numbered):
            continue
        body = numbered.group(1) if numbered else line
        colon = re.split(r"[：:]", body, maxsplit=1)
        headings.append(Heading(start, line, bool(numbered), level.group(1) if level else None,
                                level.group(3) if level else (colon[1] if len(colon) == 2 else "")))
    return FlatPage(report_id, page, flat, tuple(headings), disclaimer, line_starts=tuple(sorted(set(starts))))


def join_pages(report_id: str, pages: list[FlatPage]) -> FlatPage:
    """A report's pages as one flat text: what a page break cut apart reads as one sentence again."""
    text, headings, starts, disclaimer, lines = "", [], [], None, []
    for page in pages:
        offset = len(text)
        starts.append((offset, page.page))
        lines += [s + offset for s in page.line_starts]
        headings += [Heading(h.start + offset, h.text, h.numbered, h.level_word, h.after_colon) for h in page.headings]
        if disclaimer is None and page.disclaimer_from is not None:
            disclaimer = page.disclaimer_from + offset
        text += page.text
    return FlatPage(report_id, pages[0].page if pages else 0, text, tuple(headings), disclaimer, tuple(starts),
                    tuple(lines))


def clause_bounds(text: str, position: int, lo: int, hi: int) -> tuple[int, int]:
    """The clause (between commas and sentence ends) around `position`, inside [lo, hi)."""
    left = max(text.rfind(c, lo, position) for c in "，,：:") + 1
    rights = [i for i in (text.find(c, position, hi) for c in "，,") if i >= 0]
    return max(left, lo), min(rights) if rights else hi
