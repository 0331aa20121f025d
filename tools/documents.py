"""Report files (PDF, Word, TXT, Markdown, HTML) become numbered pages plus metadata.

Page numbers are 0-based, the `[page::N]` convention of the citation format: a summary sentence cites
page N and the checker reads `document.pages[N]`, so numbering must follow the file (empty PDF pages
are kept) and never change between runs. A PDF page's `text` is its body in reading order (columns one
after the other, tables as Markdown rows); its running header, footer and printed page number are kept
apart, and disclaimer material is marked (`boilerplate_from`). Citation-like markers in a document are
neutralized here, so only our verifier ever makes a citation.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from tools.citations import neutralize_markers
from tools.document_model import Document, Page
from tools.document_paths import (KINDS, PARSER_VERSION, SUPPORTED_SUFFIXES, DocumentError, collect_paths,
                                  iter_document_paths)
from tools.document_readers import read_docx, read_pdf, read_text
from tools.forecast_table import forecast_cells
from tools.layout.boilerplate import boilerplate_offsets
from tools.layout.tables import tables_in_text
from tools.normalize import strip_invisible
from tools.page_text import normalize_pdf_text
from tools.report_metadata import MetadataInput, display_title, extract_tickers, report_metadata

__all__ = [
    "SUPPORTED_SUFFIXES", "PARSER_VERSION", "Page", "Document", "DocumentError", "load_document",
    "iter_document_paths", "collect_paths", "page_text", "normalize_pdf_text",
]

def page_text(document: Document, number: int) -> str:
    """Text of page `number` (0-based); IndexError naming the valid range otherwise."""
    count = document.page_count
    if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number < count:
        raise IndexError(f"page {number!r} does not exist in {document.source.name}: it has {count} "
                         f"page(s), numbered 0 to {count - 1}")
    return document.pages[number].text


def _read(path: Path, kind: str) -> bytes:
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
    return data


def load_document(path: str | Path) -> Document:
    """Read one report file; every bad input raises DocumentError with a one-line reason."""
    path = Path(path).expanduser().resolve()
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        supported = " ".join(sorted(SUPPORTED_SUFFIXES))
        raise DocumentError(path, f"不支持的文件类型 (unsupported file type) '{path.suffix or path.name}'; "
                                  f"supported: {supported}")
    data = _read(path, kind)
    parsed = read_pdf(path, data) if kind == "pdf" else read_docx(path, data) if kind == "docx" else read_text(path, data, kind)
    clean = [neutralize_markers(strip_invisible(t)) for t in parsed.texts]
    headers = [tuple(neutralize_markers(strip_invisible(h)) for h in items) for items in parsed.headers]
    footers = [tuple(neutralize_markers(strip_invisible(f)) for f in items) for items in parsed.footers]
    offsets = boilerplate_offsets(clean)
    boilerplate_page = next((i for i, o in enumerate(offsets) if o is not None), None)
    meta = report_metadata(MetadataInput(path, clean, headers, footers, parsed.cover_lines, boilerplate_page,
                                         parsed.info, parsed.title_hint))
    pages = tuple(Page(n, text, headers[n], footers[n], parsed.labels[n], offsets[n],
                       parsed.tables[n] or tuple(tables_in_text(text)))
                  for n, text in enumerate(clean))
    return Document(
        source=path,
        report_id=hashlib.sha256(data).hexdigest()[:16],
        kind=kind,
        title=display_title(meta, path, parsed.info),
        broker=meta.broker.value,
        date=meta.date.value,
        tickers=extract_tickers("\n".join(clean)),
        pages=pages,
        metadata=meta,
        forecasts=tuple(forecast_cells([(p.number, p.content) for p in pages])),
    )
