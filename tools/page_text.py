"""Text of report pages: PDF layout artifacts undone, and text files cut into pages.

`normalize_pdf_text` rejoins the lines pypdf breaks inside Chinese sentences. `split_pages`
cuts a decoded TXT/Markdown/HTML file at its page markers (form feeds, `<!-- page -->` lines,
`<section class="page">`), else into virtual pages at paragraph ends, so that page numbers
stay the same every time the file is read.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tools.text_titles import first_heading, front_matter_title, heading_title

__all__ = ["VIRTUAL_PAGE_CHARS", "tidy_text", "normalize_pdf_text", "split_pages", "virtual_pages", "decode_text"]

# Files without page markers are cut into virtual pages of about this many characters, at
# paragraph ends: citations need page numbers that stay the same every time the file is read.
VIRTUAL_PAGE_CHARS = 2000
_MD_PAGE_MARK = re.compile(r"^[ \t]*<!--\s*page\b[^>]*-->[ \t]*$|\f", re.IGNORECASE | re.MULTILINE)


# --- text normalization ------------------------------------------------------------------
# No NFKC: it turns Chinese full-width punctuation (，：（）) into ASCII, which reads wrong.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u2018-\u201d\u2026\u2014"
_IS_CJK = re.compile(f"[{_CJK}]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACED_OUT = re.compile(f"(?:[{_CJK}] ){{3,}}[{_CJK}]")  # 宁 德 时 代: glyphs placed one by one
_SPACE_BEFORE = re.compile(r"[ \t]+(?=[，。、；：！？）】》」』”’])|(?<=[\u4e00-\u9fff])[ \t]+(?=[（【《「『“])")
_SPACE_AFTER = re.compile(r"(?<=[，。、；：！？（【《「『“‘])[ \t]+|(?<=[）】》」』”])[ \t]+(?=[\u4e00-\u9fff])")
_SENTENCE_END = set("。！？；：!?;:…")
_PUNCTUATION = _SENTENCE_END | set("，、,.")
_CLOSERS = "”’」』）)】》"
_NUMBER_CELL = re.compile(r"(?<!\S)[-+(]?\d[\d,.]*%?\)?(?!\S)")
_LIST_ITEM = re.compile(r"^\s*(?:[•●■◆▪□◇\-–—*]|\d{1,2}[、)）]|\d{1,2}[.．](?!\d)|[（(]\d{1,2}[)）]|[一二三四五六七八九十]+、)")


def tidy_text(text: str) -> str:
    """Trailing spaces off each line, runs of blank lines down to one, no outer blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip(" \t\u3000\xa0") for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _width(line: str) -> int:
    return len(line) + len(_IS_CJK.findall(line))  # Chinese glyphs are twice as wide as Latin ones


def _body_width(widths: list[int]) -> int:
    """Width of the widest lines that together hold a quarter of the page's text.

    Table cells extracted one per line are many but short, and a lone full-width footer is
    wide but short of text: neither moves this much, so it finds the width body text wraps at.
    """
    remaining = sum(widths) / 4
    for width in sorted(widths, reverse=True):
        remaining -= width
        if remaining <= 0:
            return width
    return 0


def normalize_pdf_text(text: str) -> str:
    """Undo pypdf's layout artifacts in Chinese text without touching the characters themselves.

    A line break is removed when it falls inside a sentence: the line before does not end in
    sentence punctuation, one side of the break is Chinese, neither line is a list item or a
    table row, the line before is nearly as wide as the page's body lines (Chinese can break
    after any character, so wrapped lines are full; short ones are headings), and the next line
    is full too or ends in punctuation (a paragraph's last line, not a heading after it).
    """
    lines = tidy_text(_CONTROLS.sub("", text)).split("\n")
    lines = [_SPACE_AFTER.sub("", _SPACE_BEFORE.sub("", line)) for line in lines]
    lines = [_SPACED_OUT.sub(lambda m: m.group(0).replace(" ", ""), line) for line in lines]
    body_width = _body_width([_width(line) for line in lines if line.strip()])
    joined: list[str] = []
    previous = ""
    for line in lines:
        glue = _glue(previous, line, body_width) if joined else None
        if glue is None:
            joined.append(line)
        else:
            joined[-1] += glue + line.strip()
        previous = line
    return tidy_text("\n".join(joined))


def _glue(previous: str, line: str, body_width: int) -> str | None:
    """What replaces the line break between two lines: "" or " " to join them, None to keep it."""
    before, after = previous.rstrip(), line.lstrip()
    if not before or not after or _LIST_ITEM.match(after) or _width(before) < 0.85 * body_width:
        return None
    if (before.rstrip(_CLOSERS)[-1:] or before[-1]) in _SENTENCE_END:
        return None
    if _width(after) < 0.85 * body_width and after.rstrip(_CLOSERS)[-1:] not in _PUNCTUATION:
        return None  # a short line ending mid-phrase is a heading or a label (投资要点), not a sentence's end
    if len(_NUMBER_CELL.findall(before)) >= 3 or len(_NUMBER_CELL.findall(after)) >= 3:
        return None  # a table row: its line breaks are structure
    if _IS_CJK.match(before[-1]) or _IS_CJK.match(after[0]):
        return ""
    if before[-1].isalnum() and after[0].isalnum() and _IS_CJK.search(before):
        return " "  # an English phrase wrapped inside Chinese prose keeps its word space
    return None


# --- page splitting ----------------------------------------------------------------------
def split_pages(source: str, kind: str) -> tuple[list[str], str | None]:
    """Pages of a decoded "txt", "md" or "html" file, and the title its markup names (if any)."""
    if kind == "html":
        return _html_pages(source)
    texts = _marked_pages(source, _MD_PAGE_MARK if kind == "md" else re.compile("\f"))
    if not texts:
        return texts, None
    return texts, front_matter_title(texts[0]) or (first_heading(texts[0]) if kind == "md" else heading_title(texts[0]))


def _marked_pages(source: str, marker: re.Pattern) -> list[str]:
    parts = marker.split(source)
    if len(parts) == 1:
        return virtual_pages(tidy_text(source))
    pages = [tidy_text(part) for part in parts]
    while pages and not pages[-1]:  # a marker after the last page (or before the first)
        pages.pop()
    while pages and not pages[0]:
        pages.pop(0)
    return pages


def virtual_pages(text: str, limit: int = VIRTUAL_PAGE_CHARS) -> list[str]:
    """Greedy pages of at most `limit` characters, cut at paragraphs, else sentences, else hard."""
    pieces: list[tuple[str, str]] = []  # (separator before it, text)
    for paragraph in [p for p in re.split(r"\n\s*\n", text) if p.strip()]:
        sentences = [paragraph] if len(paragraph) <= limit else re.split(r"(?<=[。！？!?；;\n])", paragraph)
        chunks = [s[i:i + limit] for s in sentences for i in range(0, len(s), limit)]
        pieces += [("\n\n" if index == 0 else "", chunk) for index, chunk in enumerate(chunks)]
    pages: list[str] = []
    current = ""
    for separator, piece in pieces:
        if current and len(current) + len(separator) + len(piece) > limit:
            pages.append(current)
            current = ""
        current += (separator if current else "") + piece
    pages.append(current)
    return [page.strip() for page in pages if page.strip()]


_BREAK_TAGS = {"br", "li", "tr", "dt", "dd", "hr"}
_BLOCK_TAGS = {"p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "blockquote",
               "pre", "table", "ul", "ol", "dl", "figure", "figcaption", "caption", "h1", "h2", "h3", "h4",
               "h5", "h6"}
_HIDDEN_TAGS = {"script", "style", "noscript", "template"}  # not "head": html.parser never closes it for us
_SOURCE_WRAP = re.compile(f"(?<=[{_CJK}])[ \\t\\r]*\\n\\s*(?=[{_CJK}])")


class _HtmlText(HTMLParser):
    """Visible text per `<section class="page">` block, and per form feed as a fallback."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title: list[str] = []
        self.h1: list[str] = []
        self.flat: list[list[str]] = [[]]  # pages split at form feeds
        self.sections: list[list[str]] = []  # pages from <section class="page">
        self._section_depth = self._hidden = self._pre = 0
        self._in: str | None = None  # "title" or the first "h1" while inside it

    def _emit(self, text: str) -> None:
        self.flat[-1].append(text)
        if self._section_depth:
            self.sections[-1].append(text)

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in _HIDDEN_TAGS
        self._pre += tag == "pre"
        if tag == "title" or (tag == "h1" and not self.h1):
            self._in = tag
        if tag == "section" and self._section_depth:
            self._section_depth += 1
        elif tag == "section" and "page" in (dict(attrs).get("class") or "").split():
            self._section_depth = 1
            self.sections.append([])
        self._emit("\n" if tag in _BREAK_TAGS else "\n\n" if tag in _BLOCK_TAGS else " " if tag in ("td", "th") else "")

    def handle_endtag(self, tag):
        self._hidden -= tag in _HIDDEN_TAGS and self._hidden > 0
        self._pre -= tag == "pre" and self._pre > 0
        if tag == self._in:
            self._in = None
        self._emit("\n\n" if tag in _BLOCK_TAGS else "")
        if tag == "section" and self._section_depth:
            self._section_depth -= 1

    def handle_data(self, data):
        if self._in:
            (self.title if self._in == "title" else self.h1).append(data)
        if self._hidden or self._in == "title":
            return
        for index, chunk in enumerate(data.split("\f")):
            if index:
                self.flat.append([])
            if not self._pre:  # browsers collapse whitespace; a source line break inside Chinese is no space
                chunk = re.sub(r"[ \t\r\n]+", " ", _SOURCE_WRAP.sub("", chunk))
            self._emit(chunk)


def _html_pages(source: str) -> tuple[list[str], str | None]:
    parser = _HtmlText()
    parser.feed(source)
    parser.close()
    if parser.sections:
        blocks = parser.sections
    elif len(parser.flat) > 1:
        blocks = parser.flat
    else:
        return virtual_pages(_html_tidy("".join(parser.flat[0]))), _title(parser)
    return [_html_tidy("".join(block)) for block in blocks], _title(parser)


def _title(parser: _HtmlText) -> str | None:
    return " ".join("".join(parser.title).split()) or " ".join("".join(parser.h1).split()) or None


def _html_tidy(text: str) -> str:
    return tidy_text("\n".join(line.strip() for line in text.split("\n")))


_BINARY_CONTROLS = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")  # \f separates pages in text files


def decode_text(path, data: bytes, error) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, then GB18030 (Chinese Windows files);
    `error(path, reason)` is raised for binary data."""
    encodings = ["utf-16"] if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ["utf-8-sig", "gb18030"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text or len(_BINARY_CONTROLS.findall(text)) > len(text) // 100:
            break  # decodes, but it is binary
        return text
    raise error(path, "无法识别文本编码，可能是二进制文件 (not UTF-8/GB18030 text; binary file?)")
