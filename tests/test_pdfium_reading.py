"""PDFium reading shortcuts (tools/layout/pdfium_fonts.py, pdf_chars._plain) give exactly what PDFium's
default paths give."""

from __future__ import annotations

import ctypes
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tools.layout import pdfium_fonts
from tools.layout.pdf_chars import _NO_TEXT, _chars, read_pdf_chars

REPO = Path(__file__).resolve().parent.parent
# reportlab's STSong-Light, not embedded: PDFium substitutes a system CJK font for it.
SAMPLE = REPO / "data" / "samples" / "reports" / "20250422_示例证券_固态电池产业链调研纪要.pdf"


def _rows(pages) -> list:
    return [[page.number, page.width, page.height, [list(vars_of(c)) for c in page.chars]] for page in pages]


def vars_of(char) -> tuple:
    return char.text, char.x0, char.x1, char.top, char.bottom, char.baseline, char.size


def test_a_substituted_font_is_read_from_disk_once_and_gives_the_same_characters():
    first, _ = read_pdf_chars(SAMPLE.read_bytes())
    kept = dict(pdfium_fonts._kept)
    if not kept:
        pytest.skip("no system font substituted on this machine (no CJK font installed)")
    again, _ = read_pdf_chars(SAMPLE.read_bytes())
    assert dict(pdfium_fonts._kept).keys() == kept.keys()  # served from memory, nothing read anew
    assert all(len(data) == size for (_, _, size), data in kept.items())
    assert _rows(again) == _rows(first)
    # The same file read by a process with PDFium's own font reading.
    script = ("import json, sys; import tools.layout.pdfium_fonts as f; f.serve_fonts_from_memory = lambda: False; "
              "from tools.layout.pdf_chars import read_pdf_chars; "
              "from tests.test_pdfium_reading import _rows; "
              "print(json.dumps(_rows(read_pdf_chars(open(sys.argv[1], 'rb').read())[0])))")
    plain = subprocess.run([sys.executable, "-c", script, str(SAMPLE)], cwd=REPO, capture_output=True, text=True,
                           check=True)
    assert json.loads(plain.stdout) == json.loads(json.dumps(_rows(first)))


def _typed_chars(handle, count: int, height: float) -> list[tuple]:
    """The per-character loop through pypdfium2's typed bindings, as pdf_chars did before _plain."""
    import pypdfium2.raw as raw

    box, x, y = raw.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    out = []
    for k in range(count):
        code = raw.FPDFText_GetUnicode(handle, k)
        if code in _NO_TEXT or (code == 0x20 and raw.FPDFText_IsGenerated(handle, k)):
            continue
        raw.FPDFText_GetLooseCharBox(handle, k, box)
        raw.FPDFText_GetCharOrigin(handle, k, ctypes.byref(x), ctypes.byref(y))
        out.append((chr(code), box.left, box.right, height - box.top, height - box.bottom, height - y.value,
                    raw.FPDFText_GetFontSize(handle, k) or (box.top - box.bottom)))
    return out


@pytest.mark.parametrize("name", ["data/samples/reports/20250312_中信证券_人形机器人产业链深度报告.pdf",
                                  "data/layout_corpus/lc01.pdf"])
def test_bare_function_pointers_read_what_the_typed_bindings_read(name):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument((REPO / name).read_bytes())
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            height, count = page.get_size()[1], textpage.count_chars()
            assert [vars_of(c) for c in _chars(textpage.raw, count, height)] == _typed_chars(textpage.raw, count,
                                                                                             height)
            textpage.close()
            page.close()
    finally:
        pdf.close()
