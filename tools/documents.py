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
from pathlib import Path

from tools.page_text import normalize_pdf_text, split_pages
from tools.report_metadata import extract_tickers, resolve_metadata

__all__ = [
    "SUPPORTED_SUFFIXES", "Page", "Document", "DocumentError", "load_document",
    "iter_document_paths", "collect_paths", "page_text", "normalize_pdf_text",
]

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".pdf", ".txt", ".md", ".markdown", ".html", ".htm"})
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


def collect_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Every document under `paths`, and (path, reason) for each path that cannot be read at all."""
    files, failures = [], []
    for path in paths:
        try:
            files.extend(iter_document_paths([path]))
        except DocumentError as exc:
            failures.append((str(path), exc.reason))
    return files, failures


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
        texts, title_hint = split_pages(_decode_text(path, data), kind)
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
