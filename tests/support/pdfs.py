"""PDF fixtures generated in the tests (reportlab's CJK font, pypdf for metadata and encryption):
nothing is read from data/samples."""

from __future__ import annotations

from pathlib import Path

import pypdf
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
BODY = ParagraphStyle("body", fontName="STSong-Light", fontSize=11, leading=16, wordWrap="CJK")
HEADING = ParagraphStyle("heading", parent=BODY, fontSize=14, leading=20)

# Long enough to wrap over several lines at A4 width, with no sentence end before the last char.
WRAPPED = ("宁德时代是全球领先的动力电池企业，公司在储能与动力两大业务上均保持领先地位，"
           "海外基地建设稳步推进，匈牙利工厂与西班牙合资项目有望在未来两年贡献新的产能增量并持续提升盈利水平。")


def make_pdf(path: Path, pages: list[list[str]], **info: str) -> Path:
    """One list of paragraphs per page; a paragraph starting with '#' is set as a heading."""
    doc = SimpleDocTemplate(str(path), pagesize=A4, **info)
    story: list = []
    for index, paragraphs in enumerate(pages):
        if index:
            story.append(PageBreak())
        for text in paragraphs:
            heading = text.startswith("#")
            story.append(Paragraph(text.lstrip("# "), HEADING if heading else BODY))
    doc.build(story)
    return path


def rewrite_pdf(source: Path, target: Path, metadata: dict | None = None, **encrypt) -> Path:
    writer = pypdf.PdfWriter(clone_from=str(source))
    if metadata:
        writer.add_metadata(metadata)
    if encrypt:
        writer.encrypt(**encrypt)
    with open(target, "wb") as handle:
        writer.write(handle)
    return target

