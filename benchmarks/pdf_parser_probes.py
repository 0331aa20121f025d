"""What benchmarks/pdf_parsers.py runs: each library's text extraction, its positioned fragments
(text, x, y, font size), table finders, and the scores against the layout corpus's gold."""
from __future__ import annotations

import importlib.metadata as md
import re

WS = re.compile(r"\s+")
PAGE_H = 841.8898
TOP_BAND, BOTTOM_BAND = PAGE_H - 66, 50  # running header above, footer below (all styles keep these margins)


def squash(text: str) -> str:
    return WS.sub("", text)


# -- text in the library's own order ---------------------------------------------------------------
def text_pypdf(path):
    import pypdf
    return [p.extract_text() for p in pypdf.PdfReader(path).pages]


def text_pypdf_layout(path):
    import pypdf
    return [p.extract_text(extraction_mode="layout") for p in pypdf.PdfReader(path).pages]


def text_pdfplumber(path):
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


def text_pdfminer(path):  # pdfminer.six's own layout analysis: text boxes in its reading order
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer
    return ["".join(el.get_text() for el in page if isinstance(el, LTTextContainer)) for page in extract_pages(path)]


def text_pdfium(path):
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(path)
    out = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    pdf.close()
    return out


def text_pymupdf(path):
    import pymupdf
    with pymupdf.open(path) as doc:
        return [p.get_text() for p in doc]


def text_pymupdf_sorted(path):
    import pymupdf
    with pymupdf.open(path) as doc:
        return [p.get_text(sort=True) for p in doc]


LIBRARIES = {"pypdf": text_pypdf, "pypdf (layout mode)": text_pypdf_layout, "pdfplumber": text_pdfplumber,
             "pdfminer.six (LAParams)": text_pdfminer, "pypdfium2": text_pdfium,
             "pymupdf (reference, AGPL)": text_pymupdf, "pymupdf sort=True (reference)": text_pymupdf_sorted}
PACKAGES = {"pypdf": "pypdf", "pdfplumber": "pdfplumber", "pdfminer": "pdfminer.six", "pypdfium2": "pypdfium2",
            "pymupdf": "pymupdf"}


def available(name: str) -> bool:
    key = next(k for k in PACKAGES if name.startswith(k))
    try:
        md.version(PACKAGES[key])
        return True
    except md.PackageNotFoundError:
        return False


# -- positions and font sizes: (text, x, y, size) fragments per page ------------------------------
def frags_pypdf(path):
    import pypdf
    pages = []
    for page in pypdf.PdfReader(path).pages:
        out = []
        page.extract_text(visitor_text=lambda t, cm, tm, font, size: t.strip() and out.append(
            (t, tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], size * tm[0] * cm[0])))
        pages.append(out)
    return pages


def frags_pdfplumber(path):
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        return [[(c["text"], c["x0"], PAGE_H - c["bottom"], c["size"]) for c in p.chars] for p in pdf.pages]


def frags_pdfium(path):
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    pdf, pages = pdfium.PdfDocument(path), []
    for i in range(len(pdf)):
        tp = pdf[i].get_textpage()
        out, x, y = [], ctypes.c_double(), ctypes.c_double()
        for k in range(tp.count_chars()):
            ch = chr(raw.FPDFText_GetUnicode(tp.raw, k))
            if not ch.isspace():
                raw.FPDFText_GetCharOrigin(tp.raw, k, ctypes.byref(x), ctypes.byref(y))  # the baseline, not the glyph box
                out.append((ch, x.value, y.value, raw.FPDFText_GetFontSize(tp.raw, k)))
        pages.append(out)
    pdf.close()
    return pages


def frags_pymupdf(path):
    import pymupdf
    with pymupdf.open(path) as doc:
        return [[(s["text"], s["bbox"][0], PAGE_H - s["bbox"][3], s["size"]) for b in p.get_text("dict")["blocks"]
                 for ln in b.get("lines", []) for s in ln["spans"]] for p in doc]


FRAGMENTS = {"pypdf": frags_pypdf, "pdfplumber": frags_pdfplumber, "pypdfium2": frags_pdfium,
             "pymupdf (reference, AGPL)": frags_pymupdf}


# -- scoring -------------------------------------------------------------------------------------
def gold_page_text(page: dict) -> str:
    return squash(page["header_text"] + page["body_text"] + page["footer_text"])


def similarity(a: str, b: str) -> tuple[float, float]:
    from rapidfuzz.distance import Indel, Levenshtein
    return Levenshtein.normalized_similarity(a, b), Indel.normalized_similarity(a, b)


def body_only(text: str, page: dict) -> str:
    """The extraction with the gold running header/footer strings taken out (from either end first)."""
    for item in map(squash, page["header"] + page["footer"]):
        if text.startswith(item):
            text = text[len(item):]
        elif text.endswith(item):
            text = text[: len(text) - len(item)]
        else:
            text = text.replace(item, "", 1)
    return text


def order_score(text: str, page: dict) -> tuple[int, int]:
    """Consecutive gold body lines (of 6+ characters) found in the same order in the extraction."""
    positions = [text.find(squash(ln)) for b in page["blocks"] for ln in b["lines"] if len(squash(ln)) >= 6]
    found = [p for p in positions if p >= 0]
    return sum(1 for a, b in zip(found, found[1:]) if b > a), max(len(found) - 1, 0)


def two_column(page: dict) -> bool:
    regions = {b["region"] for b in page["blocks"]}
    return {"column1", "column2"} <= regions


def title_by_size(frags: list[tuple]) -> str:
    if not frags:
        return ""
    top = max(round(f[3], 1) for f in frags)
    return squash("".join(f[0] for f in frags if round(f[3], 1) == top))


def furniture_by_position(frags: list[tuple]) -> str:
    band = [f for f in frags if f[2] > TOP_BAND or f[2] < BOTTOM_BAND]
    band.sort(key=lambda f: (-round(f[2]), f[1]))
    return squash("".join(f[0] for f in band))


def table_rows(rows) -> list[tuple]:
    return [tuple(squash(c or "") for c in row if c and squash(c)) for row in rows]


def table_score(found: list[list[list[str]]], gold: dict) -> float:
    """Share of the gold table's rows found, cell for cell, in the best-matching extracted table."""
    want = [r for r in table_rows(gold["rows"]) if r]
    best = 0.0
    for table in found:
        have = set(table_rows(table))
        best = max(best, sum(r in have for r in want) / len(want))
    return best


def tables_pdfplumber(path, settings=None):
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        return [p.extract_tables(settings or {}) for p in pdf.pages]


def tables_pymupdf(path):
    import pymupdf
    with pymupdf.open(path) as doc:
        return [[t.extract() for t in p.find_tables().tables] for p in doc]


TABLE_FINDERS = {"pdfplumber (lines, default)": lambda p: tables_pdfplumber(p),
                 "pdfplumber (text strategy)": lambda p: tables_pdfplumber(
                     p, {"vertical_strategy": "text", "horizontal_strategy": "text"}),
                 "pymupdf find_tables (reference)": tables_pymupdf}
