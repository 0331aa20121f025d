"""PDFium's system fonts read from disk once per process, not once per PDF.

A PDF that does not embed its CJK font (reportlab's STSong-Light, a broker's SimSun) gets a system font
as a substitute, on Linux a Noto CJK collection of 19-27 MB. PDFium reads the whole file into a new
buffer each time a document loads that font, and frees it when the document closes: on the sample PDFs
that read was ~8 % of the parse CPU (perf: the kernel's copy into the buffer). PDFium's own cache of
these fonts does not help: the bundled build asks for the whole file before it looks in it (its
GetFontData calls: size, size, whole file; the 1 KB checksum read of older sources never comes), and it
keeps an entry only while a document uses it.

`serve_fonts_from_memory` wraps PDFium's default system font info (FPDF_GetDefaultSystemFontInfo: the
same font list, the same matching) and answers a whole-font read from bytes kept in this process after
the first one. The bytes are the file's own, so every glyph, box and width PDFium computes is the same.
"""

from __future__ import annotations

import ctypes
from collections import OrderedDict

# Fonts kept (face name, table, size), the oldest dropped first: two cover a serif and a sans, or a regular
# and its bold, at up to ~55 MB with the Noto CJK set, for the life of the process (a parse worker lives
# for one ingest; `touyan worker` and small ingests parse in process). A third font is read as before.
KEPT_FONTS = 2
_installed: list = []  # the font info struct and the callback: PDFium holds raw pointers to both
_kept: OrderedDict[tuple[bytes, int, int], bytes] = OrderedDict()  # (face name, table, size) -> the font's bytes


def serve_fonts_from_memory() -> bool:
    """Install the wrapper once per process; False where PDFium gives no default font info."""
    if _installed:
        return True
    import pypdfium2.raw as raw

    info = raw.FPDF_GetDefaultSystemFontInfo()
    if not info:
        return False
    slots = info.contents
    read_type = type(slots.GetFontData)
    # Copies of the default functions' addresses: a field read returns a view of the struct, which would
    # see the wrapper once it is written there.
    default_read = read_type(ctypes.cast(slots.GetFontData, ctypes.c_void_p).value)
    face_name = type(slots.GetFaceName)(ctypes.cast(slots.GetFaceName, ctypes.c_void_p).value)
    kept = _kept

    def read(this, font, table, buffer, size):
        if not buffer or size < (1 << 16):  # a size query or a small table: as PDFium does it
            return default_read(this, font, table, buffer, size)
        name = ctypes.create_string_buffer(256)
        key = (name.raw[:face_name(this, font, name, 256)], table, size)
        data = kept.get(key)
        if data is None:
            got = default_read(this, font, table, buffer, size)
            if got == size:
                kept[key] = ctypes.string_at(buffer, size)
                while len(kept) > KEPT_FONTS:
                    kept.popitem(last=False)
            return got
        ctypes.memmove(buffer, data, size)
        return size

    callback = read_type(read)
    slots.GetFontData = callback
    raw.FPDF_SetSystemFontInfo(info)
    _installed.extend([info, callback, default_read, face_name])
    return True
