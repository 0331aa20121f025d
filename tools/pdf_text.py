"""The fallback PDF reader (pypdf): plain text per page when PDFium cannot open a file.

No positions, so no layout: pages come out in the producer's stream order with wrapped lines rejoined
(tools.page_text.normalize_pdf_text), and running headers stay in the text.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from tools.file_reading import too_many_pages


def brief(exc: BaseException) -> str:
    message = " ".join(str(exc).split())[:120]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def read_pdf_text(path: Path, data: bytes, error, max_pages: int | None = None) -> tuple[list[str], dict[str, str]]:
    """Raw text per page and the info dictionary; `error(path, reason)` builds the exception to raise."""
    import pypdf  # 0.4 s to import: only when a PDF needs it
    from pypdf.errors import DependencyError

    quiet = logging.getLogger("pypdf")
    if quiet.level == logging.NOTSET:  # a caller who configured pypdf logging keeps it
        quiet.setLevel(logging.ERROR)  # "EOF marker not found" & co. would flood stderr on a folder
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise error(path, "PDF 已加密，需要密码才能打开 (encrypted PDF: password required)")
        pages = reader.pages
        if len(pages) == 0:
            raise error(path, "PDF 没有页面 (PDF has no pages)")
        if max_pages is not None and len(pages) > max_pages:  # refused before any page is extracted
            raise error(path, too_many_pages(len(pages), max_pages))
        info = _pdf_info(reader)
        texts, failed = [], []
        for page in pages:
            try:
                texts.append(page.extract_text() or "")
            except DependencyError:
                raise
            except Exception as exc:  # one broken page keeps its number, with no text
                texts.append("")
                failed.append(exc)
    except DependencyError:
        raise error(path, "PDF 使用 AES 加密，需安装 cryptography 包 (AES-encrypted PDF needs "
                          "the 'cryptography' package)") from None
    except Exception as exc:  # pypdf raises many kinds (PdfReadError, ValueError, KeyError, struct.error…)
        if isinstance(exc, error):
            raise
        raise error(path, f"PDF 文件损坏或无法解析 (corrupt PDF: {brief(exc)})") from None
    if failed and len(failed) == len(texts):
        raise error(path, f"PDF 文件损坏，没有一页能读出 (corrupt PDF: {brief(failed[0])})")
    return texts, info


def _pdf_info(reader) -> dict[str, str]:
    try:
        meta = reader.metadata or {}
        keys = {"title": "/Title", "author": "/Author", "subject": "/Subject", "creation_date": "/CreationDate"}
        return {name: str(meta.get(key) or "") for name, key in keys.items()}
    except Exception:  # a damaged info dictionary costs the metadata, not the document
        return {}
