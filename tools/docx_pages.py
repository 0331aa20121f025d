"""Word (.docx) files as pages, read with python-docx (MIT).

Page convention (README): a .docx has no fixed pages, so a page ends at every hard page break and at
every page break Word recorded when it last laid the file out (`w:lastRenderedPageBreak`); a file with
neither is cut into ~2,000-character pages at paragraph ends, like a text file. Tables become Markdown
rows in the text; the sections' headers and footers are running furniture, not body text.
"""

from __future__ import annotations

import io

from tools.page_text import VIRTUAL_PAGE_CHARS, tidy_text

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_parts(element) -> list[str | None]:
    """The paragraph's text, with None where a page break falls inside it."""
    parts: list[str | None] = [""]
    for node in element.iter():
        if node.tag == f"{_W}t":
            parts[-1] = (parts[-1] or "") + (node.text or "")
        elif node.tag == f"{_W}tab":
            parts[-1] = (parts[-1] or "") + "\t"
        elif node.tag == f"{_W}br" and node.get(f"{_W}type") == "page" or node.tag == f"{_W}lastRenderedPageBreak":
            parts += [None, ""]
        elif node.tag == f"{_W}br":
            parts[-1] = (parts[-1] or "") + "\n"
    return parts


def _table_rows(element) -> list[str]:
    rows = []
    for tr in element.iter(f"{_W}tr"):
        cells = ["".join(t.text or "" for t in tc.iter(f"{_W}t")).strip().replace("|", "／") for tc in tr.iter(f"{_W}tc")]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def docx_pages(data: bytes) -> tuple[list[str], list[tuple[str, ...]], list[tuple[str, ...]], str | None, bool]:
    """(page texts, headers, footers, title, whether the file had page breaks)."""
    import docx  # python-docx: only when a .docx is read

    document = docx.Document(io.BytesIO(data))
    pages: list[list[str]] = [[]]
    breaks = False
    title = None
    for element in document.element.body.iterchildren():
        if element.tag == f"{_W}tbl":
            pages[-1] += _table_rows(element)
        elif element.tag == f"{_W}p":
            style = element.find(f"{_W}pPr/{_W}pStyle")
            for part in _paragraph_parts(element):
                if part is None:
                    breaks = True
                    pages.append([])
                elif part.strip():
                    pages[-1].append(part.strip())
                    if title is None and style is not None and style.get(f"{_W}val", "").lower() in ("title", "heading1"):
                        title = part.strip()
    texts = [tidy_text("\n".join(lines)) for lines in pages]
    while len(texts) > 1 and not texts[-1]:
        texts.pop()
    furniture = [_furniture(section) for section in document.sections[:1]]
    header, footer = furniture[0] if furniture else ((), ())
    title = title or (document.core_properties.title or "").strip() or None
    return texts, [header] * len(texts), [footer] * len(texts), title, breaks


def _furniture(section) -> tuple[tuple[str, ...], tuple[str, ...]]:
    def texts(part) -> tuple[str, ...]:
        try:
            return tuple(p.text.strip() for p in part.paragraphs if p.text.strip())
        except Exception:  # a damaged header part costs the furniture only
            return ()
    return texts(section.header), texts(section.footer)


__all__ = ["docx_pages", "VIRTUAL_PAGE_CHARS"]
