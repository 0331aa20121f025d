"""Positioned characters of a PDF, read with pypdfium2 (PDFium; Apache-2.0/BSD-3).

Why PDFium: it gives every character's box, baseline and font size at ~3× the speed of
pdfplumber/pdfminer.six on the layout corpus (benchmarks/results/pdf_parsers.md, and the
measurement in docs/parsing.md), and it opens AES and empty-password PDFs by itself. Reading order,
columns, furniture and tables are decided by our own layout step (tools.layout), never by the
library's text order. Coordinates here are top-down: `top` grows from the page's upper edge.
"""

from __future__ import annotations

import ctypes
import functools
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float  # top-down, from the page's upper edge
    bottom: float
    baseline: float
    size: float  # font size in points


@dataclass(frozen=True)
class PageChars:
    number: int
    width: float
    height: float
    chars: tuple[Char, ...]
    failed: BaseException | None = None  # the page could not be read: it keeps its number, with no text


class PdfOpenError(Exception):
    """PDFium could not open the file; `.kind` is password | corrupt | pages (more than the cap; the
    detail is the page count)."""

    def __init__(self, kind: str, detail: str = ""):
        self.kind = kind
        super().__init__(detail or kind)


def read_pdf_chars(data: bytes, max_pages: int | None = None) -> tuple[list[PageChars], dict[str, str]]:
    """Every page's characters (generated spaces and line breaks left out) and the info dictionary; a file
    of more than `max_pages` pages is refused before any page is read."""
    import pypdfium2 as pdfium  # a binary wheel: import only when a PDF is read

    from tools.layout.pdfium_fonts import serve_fonts_from_memory

    serve_fonts_from_memory()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        raise PdfOpenError("password" if "password" in message.lower() else "corrupt", message) from None
    try:
        if max_pages is not None and len(pdf) > max_pages:
            raise PdfOpenError("pages", str(len(pdf)))
        info = _info(pdf)
        pages = [_page_chars(pdf, index) for index in range(len(pdf))]
    finally:
        pdf.close()
    return pages, info


def _page_chars(pdf, index: int) -> PageChars:
    try:
        page = pdf[index]
        width, height = page.get_size()
        textpage = page.get_textpage()
    except Exception as exc:  # one broken page keeps its number
        return PageChars(index, 0.0, 0.0, (), failed=exc)
    try:
        chars = _chars(textpage.raw, textpage.count_chars(), height)
    finally:
        textpage.close()
        page.close()
    return PageChars(index, width, height, tuple(chars))


# Unmapped glyphs, lone surrogate halves and line breaks carry no text.
_NO_TEXT = frozenset([0, 0xFFFE, 0xFFFF, 0x0D, 0x0A, *range(0xD800, 0xE000)])


def _chars(handle, count: int, height: float) -> list[Char]:
    """The loop runs once per character of every page (a fifth of a parse's CPU on the sample PDFs): the
    PDFium functions are called through bare pointers (_plain), the out-parameters are made once, and a
    character with no text is dropped before anything but its code is asked."""
    import pypdfium2.raw as raw

    unicode, generated, loose_box, origin, font_size = _plain()
    handle = ctypes.c_void_p(ctypes.cast(handle, ctypes.c_void_p).value)
    box, x, y = raw.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    box_ref, x_ref, y_ref = ctypes.byref(box), ctypes.byref(x), ctypes.byref(y)
    no_text, new_char = _NO_TEXT, Char
    chars = []
    append = chars.append
    for k in range(count):
        code = unicode(handle, k)
        # PDFium generates only spaces and line breaks (CPDF_TextPage::ProcessGenerateCharacter; its
        # hyphen mark is 0xFFFE): only a space needs asking, one call fewer for every other character.
        if code in no_text or (code == 0x20 and generated(handle, k)):
            continue
        loose_box(handle, k, box_ref)
        origin(handle, k, x_ref, y_ref)
        top, bottom = box.top, box.bottom
        append(new_char(chr(code), box.left, box.right, height - top, height - bottom, height - y.value,
                        font_size(handle, k) or (top - bottom)))
    return chars


@functools.cache
def _plain() -> tuple:
    """The five per-character functions as pointers with no argument types: pypdfium2's bindings check and
    convert every argument (from_param), about 60 % of each call's cost; here the handle is a c_void_p, the
    index a Python int (C int) and the out-parameters byref(), exactly the C signatures, and the results
    are typed (unsigned code, double size; the two BOOL results are ints)."""
    import pypdfium2.raw as raw

    functions = []
    for name, result in (("FPDFText_GetUnicode", ctypes.c_uint), ("FPDFText_IsGenerated", ctypes.c_int),
                         ("FPDFText_GetLooseCharBox", ctypes.c_int), ("FPDFText_GetCharOrigin", ctypes.c_int),
                         ("FPDFText_GetFontSize", ctypes.c_double)):
        typed = getattr(raw, name)
        bare = type(typed)(ctypes.cast(typed, ctypes.c_void_p).value)
        bare.restype = result
        functions.append(bare)
    return tuple(functions)


def _info(pdf) -> dict[str, str]:
    try:
        meta = pdf.get_metadata_dict(skip_empty=True)
    except Exception:  # a damaged info dictionary costs the metadata, not the document
        return {}
    keys = {"title": "Title", "author": "Author", "subject": "Subject", "creation_date": "CreationDate"}
    return {name: str(meta.get(key) or "") for name, key in keys.items()}
