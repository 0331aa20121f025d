"""One reader per file kind, each giving tools.documents the same parts: page texts, running headers
and footers, printed page numbers, tables, the cover's sized lines and the file's own metadata."""

from __future__ import annotations

from pathlib import Path

from tools.document_model import DocumentError, Parsed
from tools.file_reading import too_many_pages
from tools.layout.pdf_chars import PdfOpenError
from tools.page_text import decode_text, normalize_pdf_text, split_pages, virtual_pages
from tools.pdf_text import brief, read_pdf_text
from tools.report_metadata import CoverLine

_error = DocumentError
_parsed = Parsed


def read_pdf(path: Path, data: bytes, max_pages: int | None = None):
    """PDFium with our layout step; pypdf's plain text when PDFium cannot open the file. More than
    `max_pages` pages: refused before any page is read."""
    if b"%%EOF" not in data[-4096:]:
        raise _error(path, "PDF 文件不完整（缺少结尾标记，可能下载未完成）(corrupt PDF: truncated, no %%EOF marker)")
    from tools.layout.pdf_pages import lay_out_pdf

    try:
        pages, info = lay_out_pdf(data, max_pages)
    except PdfOpenError as exc:
        if exc.kind == "pages":
            raise _error(path, too_many_pages(int(str(exc)), max_pages or 0)) from None
        if exc.kind == "password":
            raise _error(path, "PDF 已加密，需要密码才能打开 (encrypted PDF: password required)") from None
        texts, info = read_pdf_text(path, data, DocumentError, max_pages)
        texts = [normalize_pdf_text(t) for t in texts]
        parsed = _parsed(texts=texts, headers=[()] * len(texts), footers=[()] * len(texts), labels=[None] * len(texts),
                         tables=[()] * len(texts), info=info)
    except Exception as exc:  # PDFium is a C library: anything else it throws is a broken file
        raise _error(path, f"PDF 文件损坏或无法解析 (corrupt PDF: {brief(exc)})") from None
    else:
        if not pages:
            raise _error(path, "PDF 没有页面 (PDF has no pages)")
        if all(p.failed is not None for p in pages):
            raise _error(path, f"PDF 文件损坏，没有一页能读出 (corrupt PDF: {brief(pages[0].failed)})")
        cover = next((p for p in pages if p.text), pages[0])
        parsed = _parsed(texts=[p.text for p in pages], headers=[p.header for p in pages], footers=[p.footer for p in pages],
                         labels=[p.label for p in pages], tables=[tuple(t.rows for t in p.tables) for p in pages],
                         cover_lines=tuple(CoverLine(ln.text, ln.size) for ln in cover.lines) if cover.number == 0 else (),
                         info=info)
    if not any(t.strip() for t in parsed.texts):
        raise _error(path, "PDF 没有文字层（扫描件？），不支持 OCR (no text layer (scanned?), OCR not supported)")
    return parsed


def read_docx(path: Path, data: bytes):
    from tools.docx_pages import docx_pages

    try:
        texts, headers, footers, title, breaks = docx_pages(data)
    except Exception as exc:  # python-docx raises zipfile, lxml and KeyError kinds on a damaged file
        raise _error(path, f"Word 文件损坏或无法解析 (corrupt .docx: {brief(exc)})") from None
    if not breaks:
        texts = virtual_pages("\n\n".join(texts))
        headers, footers = [headers[0] if headers else ()] * len(texts), [footers[0] if footers else ()] * len(texts)
    if not any(t.strip() for t in texts):
        raise _error(path, "文件没有文字内容 (no text: empty or whitespace only)")
    return _parsed(texts=texts, headers=headers, footers=footers, labels=[None] * len(texts), tables=[()] * len(texts),
                   title_hint=title)


def read_text(path: Path, data: bytes, kind: str):
    texts, title_hint = split_pages(decode_text(path, data, _error), kind)
    if not any(texts):
        raise _error(path, "文件没有文字内容 (no text: empty or whitespace only)")
    return _parsed(texts=texts, headers=[()] * len(texts), footers=[()] * len(texts), labels=[None] * len(texts),
                   tables=[()] * len(texts), title_hint=title_hint)
