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
import os
from pathlib import Path

from tools.citations import neutralize_markers
from tools.document_model import KINDS, PARSER_VERSION, SUPPORTED_SUFFIXES, Document, DocumentError, Page
from tools.document_paths import collect_paths, iter_document_paths
from tools.document_readers import read_docx, read_pdf, read_text
from tools.file_reading import FileLimits, name_problem, read_regular_file, too_many_pages
from tools.forecast_table import forecast_cells
from tools.layout.boilerplate import boilerplate_offsets
from tools.layout.tables import tables_in_text
from tools.normalize import strip_invisible
from tools.page_text import normalize_pdf_text
from tools.report_metadata import MetadataInput, display_title, extract_tickers, report_metadata

__all__ = [
    "SUPPORTED_SUFFIXES", "PARSER_VERSION", "Page", "Document", "DocumentError", "FileLimits", "load_document",
    "iter_document_paths", "collect_paths", "page_text", "normalize_pdf_text",
]


def page_text(document: Document, number: int) -> str:
    """Text of page `number` (0-based); IndexError naming the valid range otherwise."""
    count = document.page_count
    if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number < count:
        raise IndexError(f"page {number!r} does not exist in {document.source.name}: it has {count} "
                         f"page(s), numbered 0 to {count - 1}")
    return document.pages[number].text


def load_document(path: str | Path, limits: FileLimits | None = None) -> Document:
    """Read one report file; every bad input raises DocumentError with a one-line reason. Only regular
    files are opened, and files past the caps of `limits` are refused before they are parsed."""
    limits = limits or FileLimits()
    path = Path(os.path.realpath(Path(path).expanduser()))  # realpath: a symlink loop is the read's to report
    if problem := name_problem(path):  # the catalog stores UTF-8 text only
        raise DocumentError(path, problem)
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        supported = " ".join(sorted(SUPPORTED_SUFFIXES))
        raise DocumentError(path, f"不支持的文件类型 (unsupported file type) '{path.suffix or path.name}'; "
                                  f"supported: {supported}")
    text_kind = kind in ("txt", "md", "html")  # decoded whole: a lower cap than compressed PDF and Word files
    data = read_regular_file(path, min(limits.max_bytes, limits.max_text_bytes) if text_kind else limits.max_bytes)
    if not data:
        raise DocumentError(path, "空文件 (empty file, 0 bytes)")
    parsed = (read_pdf(path, data, limits.max_pages) if kind == "pdf" else read_docx(path, data) if kind == "docx"
              else read_text(path, data, kind))
    if len(parsed.texts) > limits.max_pages:  # text and Word pages are known only once split
        raise DocumentError(path, too_many_pages(len(parsed.texts), limits.max_pages))
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
