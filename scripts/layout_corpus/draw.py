"""Paint laid-out pages with reportlab's canvas, in the content-stream order the style asks for.

Stream order is what a PDF library that follows the stream (pypdf) reads back; position-based
readers (pdfminer, pdfium) re-sort by position. Real producers differ: Word writes a two-column
page column by column, while some converters write line by line across the page, and a text box
(the cover's sidebar) often comes first. Styles pick one of these so the corpus has all of them.
"""
from __future__ import annotations

import re
import zlib

from .engine import CELL_PAD, CELL_SIZE
from .model import PagePlan, Placed
from .wrap import FONT, text_width

PAGE_W, PAGE_H = 595.2756, 841.8898  # A4
NUMERIC = re.compile(r"^[-+]?[\d,.]+[%x]?$")


def baseline(top: float, leading: float, size: float) -> float:
    return top - (leading + size * 0.76) / 2


def line_ops(item: Placed) -> list[tuple]:
    """(y, x, text, size, color, bold) for each printed line of a text item."""
    st, ops = item.style, []
    for i, line in enumerate(item.lines):
        size = st.size
        indent = st.indent if (i == 0 and not item.continued) else 0.0
        avail = item.width - st.left - indent
        w = text_width(line.text, size)
        x = item.x + st.left + indent
        if st.align == "center":
            x += (avail - w) / 2
        elif st.align == "right":
            x += avail - w
        ops.append((baseline(item.top - i * st.leading, st.leading, size), x, line.text, size, st.color, st.bold))
    return ops


def table_ops(item: Placed, canvas, grid: str, accent: str) -> list[tuple]:
    from reportlab.lib import colors

    rows, rh, widths = item.block.rows, item.row_height, item.col_widths
    header_rows = item.block.table.get("header_rows", 1)
    top = item.top - 2
    left, right = item.x, item.x + sum(widths)
    bottom = top - rh * len(rows)
    if grid == "zebra":
        for r in range(len(rows)):
            if r < header_rows or r % 2 == 0:
                canvas.setFillColor(colors.HexColor("#D9E2F0" if r < header_rows else "#F2F2F2"))
                canvas.rect(left, top - (r + 1) * rh, right - left, rh, stroke=0, fill=1)
    canvas.setStrokeColor(colors.HexColor(accent))
    canvas.setLineWidth(1.0)
    canvas.line(left, top, right, top)
    canvas.line(left, bottom, right, bottom)
    canvas.setLineWidth(0.5)
    canvas.line(left, top - rh * header_rows, right, top - rh * header_rows)
    if grid == "grid":
        canvas.setLineWidth(0.4)
        for r in range(header_rows + 1, len(rows)):
            canvas.line(left, top - r * rh, right, top - r * rh)
        x = left
        for w in widths[:-1] + [0]:
            canvas.line(x, top, x, bottom)
            x += w
        canvas.line(right, top, right, bottom)
    ops = []
    for r, row in enumerate(rows):
        y = top - r * rh - rh / 2 - CELL_SIZE * 0.35
        x = left
        for c, cell in enumerate(row):
            w = widths[c]
            if c == 0 or not NUMERIC.match(cell):
                cx = x + CELL_PAD
            else:
                cx = x + w - CELL_PAD - text_width(cell, CELL_SIZE)
            ops.append((y, cx, cell, CELL_SIZE, "#000000", r < header_rows))
            x += w
    return ops


def chart(canvas, x: float, top: float, width: float, height: float, seed: str, accent: str) -> None:
    """A bar-and-line chart without text: figures carry no words the gold would have to list."""
    from reportlab.lib import colors

    rnd = zlib.crc32(seed.encode("utf-8"))
    values = []
    for _ in range(8):
        rnd = (rnd * 1103515245 + 12345) & 0x7FFFFFFF
        values.append(0.25 + (rnd % 1000) / 1400)
    bottom = top - height
    canvas.setStrokeColor(colors.HexColor("#808080"))
    canvas.setLineWidth(0.5)
    canvas.line(x + 6, bottom + 6, x + width - 6, bottom + 6)
    canvas.line(x + 6, bottom + 6, x + 6, top - 4)
    step = (width - 24) / len(values)
    canvas.setFillColor(colors.HexColor(accent))
    points = []
    for i, v in enumerate(values):
        bx = x + 14 + i * step
        canvas.rect(bx, bottom + 6, step * 0.55, (height - 16) * v, stroke=0, fill=1)
        points.append((bx + step * 0.27, bottom + 6 + (height - 16) * (1.1 - v) * 0.8))
    canvas.setStrokeColor(colors.HexColor("#C00000"))
    canvas.setLineWidth(1.0)
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        canvas.line(x0, y0, x1, y1)


def draw_page(canvas, page: PagePlan, style) -> None:
    from reportlab.lib import colors

    text_ops: list[tuple] = []  # (rank, group, y, x, text, size, color, bold), drawn in stream order
    for order, item in enumerate(page.items):
        group = order
        if style.stream_order == "sidebar_first" and item.region != "main" and page.template == "cover":
            group = -1000 + order
        kind = item.block.kind
        st = item.style
        if st is not None and st.fill and kind not in ("figpair",):
            canvas.setFillColor(colors.HexColor(st.fill))
            canvas.rect(item.x, item.top - item.height, item.width, item.height, stroke=0, fill=1)
        if kind == "table":
            ops = table_ops(item, canvas, item.block.table.get("grid", style.table_grid), style.accent)
        elif kind == "chart":
            chart(canvas, item.x, item.top, item.width, item.height, item.block.text, style.accent)
            ops = []
        elif kind == "figpair":
            ops = figpair_ops(canvas, item, style)
        else:
            ops = line_ops(item)
        text_ops.extend((0, group, *op) for op in ops)
    furniture_rank = -1 if style.furniture_first else 1
    for x, y, text, size, align in page.header + page.footer:
        text_ops.append((furniture_rank, 0, y, furniture_x(x, text, size, align), text, size, style.furniture_color, False))
    for rule in style.rules(page):
        canvas.setStrokeColor(colors.HexColor(style.accent))
        canvas.setLineWidth(rule[4] if len(rule) > 4 else 0.6)
        canvas.line(*rule[:4])
    if style.stream_order == "by_row":  # one line at a time across the page, as some converters write it
        text_ops.sort(key=lambda op: (op[0], -round(op[2], 1), op[3]))
    else:
        text_ops.sort(key=lambda op: (op[0], op[1]))
    for _, _, y, x, text, size, color, bold in text_ops:
        write(canvas, x, y, text, size, color, bold)


def furniture_x(x: float, text: str, size: float, align: str) -> float:
    w = text_width(text, size)
    return {"left": x, "right": x - w, "center": x - w / 2}[align]


def figpair_ops(canvas, item: Placed, style) -> list[tuple]:
    cap = item.style
    half = (item.width - 12) / 2
    ops = []
    for side, (caption, source) in enumerate(item.block.pair):
        x = item.x + side * (half + 12)
        if text_width(caption, cap.size) > half or text_width(source, style.text["source"].size) > half:
            raise ValueError(f"figure pair text wider than half the frame: {caption!r}")
        ops.append((baseline(item.top, cap.leading, cap.size), x, caption, cap.size, cap.color, cap.bold))
        chart(canvas, x, item.top - cap.leading, half, item.block.height, caption, style.accent)
        src = style.text["source"]
        y = baseline(item.top - cap.leading - item.block.height - 2, cap.leading, src.size)
        ops.append((y, x, source, src.size, src.color, False))
    # Word lays side-by-side figures out as a table: captions, then charts, then sources, row by row.
    return [ops[0], ops[2], ops[1], ops[3]]


def write(canvas, x: float, y: float, text: str, size: float, color: str, bold: bool) -> None:
    from reportlab.lib import colors

    if bold:  # render mode and stroke live in the graphics state: keep them inside save/restore
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor(color))
        canvas.setLineWidth(0.25)
    t = canvas.beginText(x, y)
    t.setFont(FONT, size)
    t.setFillColor(colors.HexColor(color))
    if bold:
        t.setTextRenderMode(2)
    t.textOut(text)
    canvas.drawText(t)
    if bold:
        canvas.restoreState()
