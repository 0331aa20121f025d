"""PDF layout of the sample reports (scripts/make_sample_corpus.py): A4, a CJK font, running
header and footer, tables sized to their content.

Output is deterministic (reportlab invariant mode, SOURCE_DATE_EPOCH = report date), so running
the script twice gives byte-identical files.
"""
from __future__ import annotations

import html
import os
from calendar import timegm
from pathlib import Path

FONT = "STSong-Light"


def pdf_styles() -> dict:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("p", fontName=FONT, fontSize=9.5, leading=15, wordWrap="CJK", spaceAfter=5, firstLineIndent=19)
    navy = colors.HexColor("#1F3A68")
    return {"p": base,
            "title": ParagraphStyle("title", base, fontSize=19, leading=26, textColor=navy, spaceBefore=6, spaceAfter=10, firstLineIndent=0),
            "meta": ParagraphStyle("meta", base, fontSize=9, textColor=colors.HexColor("#555555"), firstLineIndent=0),
            "h": ParagraphStyle("h", base, fontSize=12.5, leading=18, textColor=navy, spaceBefore=8, spaceAfter=5, firstLineIndent=0),
            "h3": ParagraphStyle("h3", base, fontSize=10.5, leading=16, textColor=navy, spaceBefore=4, spaceAfter=3, firstLineIndent=0),
            "li": ParagraphStyle("li", base, leftIndent=12, bulletIndent=0, firstLineIndent=0, spaceAfter=3),
            "note": ParagraphStyle("note", base, fontSize=7.5, leading=11, textColor=colors.HexColor("#666666"), firstLineIndent=0),
            "cell": ParagraphStyle("cell", base, fontSize=7.8, leading=10.5, spaceAfter=0, firstLineIndent=0),
            "caption": ParagraphStyle("caption", base, fontSize=8.5, leading=12, textColor=navy, spaceBefore=4, spaceAfter=3, firstLineIndent=0),
            "navy": navy}


def pdf_table(rows: list[list[str]], styles: dict, width: float):
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, Table, TableStyle

    # Columns get their natural width (capped, so one long label cannot starve the rest), scaled to fit.
    natural = [min(width * 0.4, max(stringWidth(row[i], FONT, 7.8) for row in rows) + 10) for i in range(len(rows[0]))]
    widths = [w * width / sum(natural) for w in natural]
    table = Table([[Paragraph(html.escape(c), styles["cell"]) for c in row] for row in rows], colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DCE4F0")),
                               ("LINEABOVE", (0, 0), (-1, 0), 0.8, styles["navy"]),
                               ("LINEBELOW", (0, -1), (-1, -1), 0.8, styles["navy"]),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return table


def render_pdf(pages: list[list[tuple]], meta: dict[str, str], path: Path, footer: str) -> int:
    """Write the blocks of each page as a PDF with `footer` on every page; return how many pages it has."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    y, mo, d = (int(v) for v in meta["date"].split("-"))
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(timegm((y, mo, d, 9, 0, 0)))  # reportlab stamps the report date
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2.2 * cm,
                            bottomMargin=2 * cm, title=meta["title"], author=meta["broker"], subject=meta["date"],
                            creator="touyan scripts/make_sample_corpus.py", producer="ReportLab", invariant=1)
    styles = pdf_styles()
    header = f"{meta['broker']} | {meta['type']}"

    def furniture(canvas, _doc):
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(styles["navy"])
        canvas.drawString(2 * cm, A4[1] - 1.3 * cm, header)
        canvas.drawRightString(A4[0] - 2 * cm, A4[1] - 1.3 * cm, meta["title"])
        canvas.setStrokeColor(styles["navy"])
        canvas.line(2 * cm, A4[1] - 1.45 * cm, A4[0] - 2 * cm, A4[1] - 1.45 * cm)
        canvas.setFont(FONT, 7)
        canvas.drawCentredString(A4[0] / 2, 1.2 * cm, footer)
        canvas.restoreState()

    story: list = []
    for number, page in enumerate(pages):
        if number:
            story.append(PageBreak())
        for kind, text, *rest in page:
            if kind == "table":
                if text:
                    story.append(Paragraph(html.escape(text), styles["caption"]))
                if rest[0]:
                    story.append(pdf_table(rest[0], styles, doc.width))
            elif kind == "li":
                story.append(Paragraph(html.escape(text), styles["li"], bulletText="◆"))
            else:
                story.append(Paragraph(html.escape(text), styles[kind]))
    try:
        doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return doc.page
