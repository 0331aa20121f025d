"""Report files (PDF, TXT, Markdown, HTML) become numbered pages plus metadata.

Page numbers are 0-based, the `[page::N]` convention of the citation format: a summary
sentence cites page N and the checker reads `document.pages[N]`, so numbering must follow
the file (empty PDF pages are kept) and never change between runs.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from tools.report_metadata import canonical_code, extract_tickers, resolve_metadata

__all__ = [
    "SUPPORTED_SUFFIXES", "Page", "Document", "DocumentError", "load_document",
    "iter_document_paths", "page_text", "canonical_code", "normalize_pdf_text",
]

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".pdf", ".txt", ".md", ".markdown", ".html", ".htm"})
_KINDS = {".pdf": "pdf", ".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
# Files without page markers are cut into virtual pages of about this many characters, at
# paragraph ends: citations need page numbers that stay the same every time the file is read.
VIRTUAL_PAGE_CHARS = 2000
_MD_PAGE_MARK = re.compile(r"^[ \t]*<!--\s*page\b[^>]*-->[ \t]*$|\f", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Page:
    number: int  # 0-based
    text: str


@dataclass(frozen=True)
class Document:
    source: Path
    report_id: str  # first 16 hex chars of the file's sha256: same bytes, same id
    kind: str
    title: str
    broker: str | None
    date: str | None
    tickers: tuple[str, ...]
    pages: tuple[Page, ...]

    @property
    def page_count(self) -> int:
        return len(self.pages)


class DocumentError(Exception):
    """One-line, user-facing reason a file cannot be ingested; `.reason` holds it, `.path` the file."""

    def __init__(self, path: str | Path, reason: str):
        self.path = Path(path)
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{self.path}: {self.reason}")


def iter_document_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given, folders searched recursively for supported files (sorted, no hidden ones).

    A file named explicitly is yielded even with an unsupported suffix, so that load_document
    tells the user why it was not ingested instead of skipping it in silence.
    """
    seen: set[Path] = set()
    for given in paths:
        path = Path(given).expanduser()
        if not path.exists():
            raise DocumentError(path, "文件或目录不存在 (no such file or directory)")
        if path.is_dir():
            found = []
            for folder, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found += [Path(folder, f) for f in files
                          if not f.startswith(".") and Path(f).suffix.lower() in SUPPORTED_SUFFIXES]
            candidates = sorted(found)
        else:
            candidates = [path]
        for candidate in candidates:
            resolved = candidate.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield resolved


def page_text(document: Document, number: int) -> str:
    """Text of page `number` (0-based); IndexError naming the valid range otherwise."""
    count = document.page_count
    if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number < count:
        raise IndexError(f"page {number!r} does not exist in {document.source.name}: it has {count} "
                         f"page(s), numbered 0 to {count - 1}")
    return document.pages[number].text


def load_document(path: str | Path) -> Document:
    """Read one report file; every bad input raises DocumentError with a one-line reason."""
    path = Path(path).expanduser().resolve()
    kind = _KINDS.get(path.suffix.lower())
    if kind is None:
        supported = " ".join(sorted(SUPPORTED_SUFFIXES))
        raise DocumentError(path, f"不支持的文件类型 (unsupported file type) '{path.suffix or path.name}'; "
                                  f"supported: {supported}")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(path, "文件不存在 (no such file)") from None
    except IsADirectoryError:
        raise DocumentError(path, "这是目录，不是文件 (is a directory)") from None
    except OSError as exc:
        raise DocumentError(path, f"无法读取文件 (cannot read file): {exc.strerror or exc}") from None
    if not data:
        raise DocumentError(path, "空文件 (empty file, 0 bytes)")

    pdf_info, title_hint = None, None
    if kind == "pdf":
        raw_pages, pdf_info = _read_pdf(path, data)
        texts = [normalize_pdf_text(text) for text in raw_pages]
        if not any(texts):
            raise DocumentError(path, "PDF 没有文字层（扫描件？），不支持 OCR (no text layer (scanned?), OCR not supported)")
    else:
        source = _decode_text(path, data)
        if kind == "html":
            texts, title_hint = _html_pages(source)
        else:
            texts = _marked_pages(source, _MD_PAGE_MARK if kind == "md" else re.compile("\f"))
            title_hint = _markdown_title(texts[0]) if kind == "md" and texts else None
        if not any(texts):
            raise DocumentError(path, "文件没有文字内容 (no text: empty or whitespace only)")

    pages = tuple(Page(number, text) for number, text in enumerate(texts))
    first_page = next((text for text in texts if text), "")
    meta = resolve_metadata(path, first_page, pdf_info, title_hint)
    return Document(
        source=path,
        report_id=hashlib.sha256(data).hexdigest()[:16],
        kind=kind,
        title=meta.title,
        broker=meta.broker,
        date=meta.date,
        tickers=extract_tickers("\n".join(texts)),
        pages=pages,
    )


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


def _brief(exc: BaseException) -> str:
    message = " ".join(str(exc).split())[:120]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _read_pdf(path: Path, data: bytes) -> tuple[list[str], dict[str, str]]:
    """Raw text per page and the info dictionary, from one in-memory reader."""
    import pypdf  # 0.4 s to import: only when a PDF is read
    from pypdf.errors import DependencyError

    quiet = logging.getLogger("pypdf")
    if quiet.level == logging.NOTSET:  # a caller who configured pypdf logging keeps it
        quiet.setLevel(logging.ERROR)  # "EOF marker not found" & co. would flood stderr on a folder
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Broker PDFs are often "encrypted" with an empty user password: they open as usual.
            if not reader.decrypt(""):
                raise DocumentError(path, "PDF 已加密，需要密码才能打开 (encrypted PDF: password required)")
        pages = reader.pages
        if len(pages) == 0:
            raise DocumentError(path, "PDF 没有页面 (PDF has no pages)")
        info = _pdf_info(reader)
        texts, failed = [], []
        for page in pages:
            try:
                texts.append(page.extract_text() or "")
            except DependencyError:  # AES-128 opens with "" but needs AES for every page
                raise
            except Exception as exc:  # one broken page keeps its number, with no text
                texts.append("")
                failed.append(exc)
    except DocumentError:
        raise
    except DependencyError:
        raise DocumentError(path, "PDF 使用 AES 加密，需安装 cryptography 包 (AES-encrypted PDF needs "
                                  "the 'cryptography' package)") from None
    except Exception as exc:  # pypdf raises many kinds (PdfReadError, ValueError, KeyError, struct.error…)
        raise DocumentError(path, f"PDF 文件损坏或无法解析 (corrupt PDF: {_brief(exc)})") from None
    if failed and len(failed) == len(texts):
        raise DocumentError(path, f"PDF 文件损坏，没有一页能读出 (corrupt PDF: {_brief(failed[0])})")
    return texts, info


def _pdf_info(reader) -> dict[str, str]:
    try:
        meta = reader.metadata or {}
        keys = {"title": "/Title", "author": "/Author", "subject": "/Subject", "creation_date": "/CreationDate"}
        return {name: str(meta.get(key) or "") for name, key in keys.items()}
    except Exception:  # a damaged info dictionary costs the metadata, not the document
        return {}


_BINARY_CONTROLS = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")  # \f separates pages in text files


def _decode_text(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, then GB18030 (Chinese Windows files)."""
    encodings = ["utf-16"] if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ["utf-8-sig", "gb18030"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text or len(_BINARY_CONTROLS.findall(text)) > len(text) // 100:
            break  # decodes, but it is binary
        return text
    raise DocumentError(path, "无法识别文本编码，可能是二进制文件 (not UTF-8/GB18030 text; binary file?)")


def _marked_pages(source: str, marker: re.Pattern) -> list[str]:
    parts = marker.split(source)
    if len(parts) == 1:
        return _virtual_pages(tidy_text(source))
    pages = [tidy_text(part) for part in parts]
    while pages and not pages[-1]:  # a marker after the last page (or before the first)
        pages.pop()
    while pages and not pages[0]:
        pages.pop(0)
    return pages


def _virtual_pages(text: str, limit: int = VIRTUAL_PAGE_CHARS) -> list[str]:
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


def _markdown_title(first_page: str) -> str | None:
    match = re.search(r"^#\s+(.+?)\s*#*\s*$", first_page, re.MULTILINE)
    return match.group(1) if match else None


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
        return _virtual_pages(_html_tidy("".join(parser.flat[0]))), _title(parser)
    return [_html_tidy("".join(block)) for block in blocks], _title(parser)


def _title(parser: _HtmlText) -> str | None:
    return " ".join("".join(parser.title).split()) or " ".join("".join(parser.h1).split()) or None


def _html_tidy(text: str) -> str:
    return tidy_text("\n".join(line.strip() for line in text.split("\n")))
