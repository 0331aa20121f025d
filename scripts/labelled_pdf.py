"""The written reports of the labelled concept set laid out as PDFs, for the layout-invariance check.

Two layouts, both with a running header and a page number as broker PDFs have: `one_column` (A4,
lines of about 50 Chinese characters) and `two_column` (narrow columns of about 20 characters, as
two-column broker reports print them). In one column each JSON page starts a new PDF page; in two
columns the text runs on from column to column and page to page, as a report's body does. A heading line
(二、…, 上游：…) is a heading block, a line whose cells are separated by runs of spaces or tabs is a
table (cells one per line when it is too wide for the column), every other line a paragraph. Reuses
the layout-corpus generator (scripts/layout_corpus/): its line breaker, flow engine and drawer.

    .venv/bin/python -m scripts.labelled_pdf OUT_DIR     # every written report, both layouts
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from scripts.layout_corpus.covers import B
from scripts.layout_corpus.draw import PAGE_H, PAGE_W, draw_page
from scripts.layout_corpus.engine import Flow, LayoutError, table_geometry
from scripts.layout_corpus.model import TextStyle
from scripts.layout_corpus.style_base import HouseStyle, PageCtx, footer_y, header_y, right_x, text_styles
from scripts.layout_corpus.wrap import FONT

LAYOUTS = ("one_column", "two_column")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|(?:上游|中游|下游)[^，。]{0,8}[：:])")
_CELLS = re.compile(r"\t+| {2,}")


def house_style(layout: str, broker: str) -> HouseStyle:
    accent = "#1F4E79"
    two = layout == "two_column"
    body = 10.5 if two else 9.5
    style = HouseStyle(
        layout, broker, None, None, f"{broker}研究所", accent,
        text_styles(accent, base=body, heading=TextStyle(size=body + 1, leading=(body + 1) * 1.6, before=4, after=3,
                                                            color=accent, bold=True)),
        furniture=None, cover=lambda style, doc: ([], {}), columns=2 if two else 1, gap=20.0, sidebar=None,
        margins=(62.0, 62.0, 72.0, 62.0) if two else (50.0, 50.0, 72.0, 62.0), table_grid="three_line")

    def furniture(ctx: PageCtx):
        left = style.margins[0]
        header = [(left, header_y(style), f"{broker} | 行业研究", 8, "left"),
                  (right_x(style), header_y(style), "证券研究报告", 8, "right")]
        footer = [((left + right_x(style)) / 2, footer_y(style), f"{ctx.index + 1} / {ctx.count}", 8, "center")]
        return header, footer, str(ctx.index + 1)

    style.furniture = furniture
    return style


def page_blocks(text: str, width: float) -> list:
    blocks = []
    for line in (ln.strip() for ln in text.split("\n")):
        if not line:
            continue
        cells = [c.strip() for c in _CELLS.split(line) if c.strip()]
        if len(cells) >= 2:
            try:
                table_geometry([cells], width)
                blocks.append(B("table", rows=[cells], table={"role": "data", "header_rows": 0}))
            except LayoutError:  # wider than the column: one cell per line, as narrow PDFs often read back
                blocks += [B("para", cell, style="bullet") for cell in cells]
        elif _HEADING.match(line):
            blocks.append(B("heading", line, keep_with_next=True))
        else:
            blocks.append(B("para", line))
    return blocks


def render_pages(pages: list[str], broker: str, path: Path, layout: str) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}")
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    style = house_style(layout, broker)
    flow = Flow(style)
    flow.new_page("body")
    for index, text in enumerate(pages):
        if index and layout == "one_column":
            flow.new_page("body")  # one column: a JSON page is a PDF page (page numbers match the gold)
        flow.place_all(page_blocks(text, flow.frame.width))  # two columns: the text runs on, column to column
    for plan in flow.pages:
        plan.header, plan.footer, plan.label = style.furniture(PageCtx(plan.index, len(flow.pages), "body", None))
    canvas = Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=0)
    canvas.setCreator("touyan labelled concept set (fictional test data)")
    for plan in flow.pages:
        draw_page(canvas, plan, style)
        canvas.showPage()
    canvas.save()
    return path


def render_case(case, folder: Path, layout: str) -> dict[str, str]:
    """Every report of `case` into `folder`: written ones as PDFs in `layout`, bundled samples copied."""
    from evals.labelled.corpus import REPO, report_file_name, report_pages

    folder.mkdir(parents=True, exist_ok=True)
    names = {}
    for report in case.reports:
        if report.file:
            name = report_file_name(report)
            (folder / name).write_bytes((REPO / report.file).read_bytes())
        else:
            name = report_file_name(report).removesuffix(".txt") + ".pdf"
            render_pages(report_pages(report), report.broker, folder / name, layout)
        names[report.id] = name
    return names


def main(argv: list[str]) -> int:
    from evals.labelled.schema import load_concept

    out = Path(argv[0]) if argv else Path("out/labelled_pdf")
    for case in load_concept():
        if case.source != "written":
            continue
        for layout in LAYOUTS:
            names = render_case(case, out / layout / case.id, layout)
            print(f"{case.id} {layout}: {len(names)} reports")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
