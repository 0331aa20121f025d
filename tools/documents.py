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
from dataclasses import dataclass
from pathlib import Path

from tools.document_paths import SUPPORTED_SUFFIXES, collect_paths, iter_document_paths
from tools.file_reading import DocumentError, FileLimits, name_problem, read_regular_file
from tools.page_text import normalize_pdf_text, split_pages
from tools.report_metadata import extract_tickers, resolve_metadata

__all__ = [
    "SUPPORTED_SUFFIXES", "Page", "Document", "DocumentError", "FileLimits", "load_document",
    "iter_document_paths", "collect_paths", "page_text", "normalize_pdf_text",
]

_KINDS = {".pdf": "pdf", ".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


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


def page_text(document: Document, number: int) -> str:
    """Text of page `number` (0-based); IndexError naming the valid range otherwise."""
    count = document.page_count
    if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number < count:
        raise IndexError(f"page {number!r} does not exist in {document.source.name}: it has {count} "
                         f"page(s), numbered 0 to {count - 1}")
    return document.pages[number].text


def load_document(path: str | Path, limits: FileLimits | None = None) -> Document:
    """Read one report file; every bad input raises DocumentError with a one-line reason. Only regular
    files are opened, and files past the caps of `limits` are refused before they are read."""
    limits = limits or FileLimits()
    path = Path(os.path.realpath(Path(path).expanduser()))  # realpath: a symlink loop is read's to report
    kind = _KINDS.get(path.suffix.lower())
    if problem := name_problem(path):  # the catalog stores UTF-8 text only
        raise DocumentError(path, problem)
    if kind is None:
        supported = " ".join(sorted(SUPPORTED_SUFFIXES))
        raise DocumentError(path, f"不支持的文件类型 (unsupported file type) '{path.suffix or path.name}'; "
                                  f"supported: {supported}")
    data = read_regular_file(path, limits.max_bytes if kind == "pdf" else min(limits.max_bytes, limits.max_text_bytes))
    if not data:
        raise DocumentError(path, "空文件 (empty file, 0 bytes)")

    pdf_info, title_hint = None, None
    if kind == "pdf":
        raw_pages, pdf_info = _read_pdf(path, data, limits.max_pages)
        texts = [normalize_pdf_text(text) for text in raw_pages]
        if not any(texts):
            raise DocumentError(path, "PDF 没有文字层（扫描件？），不支持 OCR (no text layer (scanned?), OCR not supported)")
    else:
        texts, title_hint = split_pages(_decode_text(path, data), kind)
        if not any(texts):
            raise DocumentError(path, "文件没有文字内容 (no text: empty or whitespace only)")
        if len(texts) > limits.max_pages:
            raise DocumentError(path, _too_many_pages(len(texts), limits.max_pages))

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


def _brief(exc: BaseException) -> str:
    message = " ".join(str(exc).split())[:120]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _too_many_pages(count: int, limit: int) -> str:
    return f"页数过多：{count} 页，超过上限 {limit} 页（TOUYAN_MAX_PAGES 可调） (too many pages)"


def _read_pdf(path: Path, data: bytes, max_pages: int) -> tuple[list[str], dict[str, str]]:
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
        if len(pages) > max_pages:  # refused before any page is extracted
            raise DocumentError(path, _too_many_pages(len(pages), max_pages))
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
