"""Compose, lay out, draw and describe each corpus document; write PDFs, gold JSON and a manifest.

    .venv/bin/python -m scripts.layout_corpus [OUT_DIR]      (default data/layout_corpus)
"""
from __future__ import annotations

import json
from pathlib import Path

from .covers import B, forecast_blocks
from .disclaimers import disclaimer_blocks
from .draw import PAGE_H, PAGE_W, draw_page
from .engine import layout
from .gold import document_gold
from .model import Block
from .spec import DocSpec
from .style_base import PageCtx
from .styles_a import STYLES_A
from .styles_b import STYLES_B
from .styles_c import STYLES_C
from .wrap import FONT

CN_NUMBERS = "一二三四五六七八九十"
STYLE_FACTORIES = {**STYLES_A, **STYLES_B, **STYLES_C}


def make_style(key: str):
    return STYLE_FACTORIES[key]()


def expand(style, doc: DocSpec, blocks: list[Block], counters: dict) -> list[Block]:
    """Abstract figures and tables -> the house's captions, charts, tables and source lines."""
    out: list[Block] = []
    src = lambda s: f"{style.source_prefix}{s}，{style.research}" if style.research else f"{style.source_prefix}{s}"  # noqa: E731

    def number(kind: str) -> int:
        key = "fig" if style.caption_prefix == style.table_prefix else kind
        counters[key] = counters.get(key, 0) + 1
        return counters[key]

    for b in blocks:
        if b.kind == "figure":
            cap = style.caption_prefix.format(n=number("fig")) + b.text
            out += [B("caption", cap, keep_with_next=True), B("chart", cap, height=95), B("source", src(b.table["source"]))]
        elif b.kind == "figpair" and (style.columns == 2 or not style.extra.get("figpairs")):
            for caption, source in b.pair:
                out += expand(style, doc, [B("figure", caption, table={"source": source})], counters)
        elif b.kind == "figpair":
            pair = tuple((style.caption_prefix.format(n=number("fig")) + c, src(s)) for c, s in b.pair)
            out.append(B("figpair", pair=pair, height=90))
        elif b.kind == "datatable":
            cap = style.table_prefix.format(n=number("table")) + b.text
            out += [B("caption", cap, keep_with_next=True),
                    B("table", rows=b.rows, table={"role": b.table.get("role", "data")}), B("source", src(b.table["source"]))]
        elif b.kind == "forecast_body":
            if style.columns == 1:
                variant = doc.extra.get("forecast_variant", style.extra.get("forecast_variant", "cn"))
                cap = style.table_prefix.format(n=number("table")) + "盈利预测与估值"
                out += forecast_blocks(style, doc, variant, cap, source=src("公司公告"))
        elif b.kind == "bullet" and style.bullet:
            out.append(B("bullet", f"{style.bullet} {b.text}"))
        else:
            out.append(b)
    return out


def heading(style, n: int, text: str) -> Block:
    if style.heading_numbers == "cn":
        text = f"{CN_NUMBERS[n]}、{text}"
    elif style.heading_numbers == "arabic":
        text = f"{n + 1}. {text}"
    return B("heading", text, keep_with_next=True)


def compose(style, doc: DocSpec) -> tuple[list[Block], dict[str, list[Block]]]:
    main, fixed = style.cover(style, doc)
    # A broker report's body starts on the page after the cover; a news item or digest runs on.
    body: list[Block] = [B("pagebreak")] if doc.doc_kind == "broker_report" else []
    counters: dict = {}
    if doc.extra.get("body_blocks") is not None:  # a seed: its own text, line by line
        body += doc.extra["body_blocks"]
    for n, section in enumerate(doc.sections):
        body.append(heading(style, n, section.heading))
        body += expand(style, doc, section.blocks, counters)
    if doc.extra.get("own_disclaimer"):
        body += doc.extra["own_disclaimer"]
    elif doc.doc_kind == "broker_report":
        body += disclaimer_blocks(style, doc)
    return main + body, fixed


def render(doc: DocSpec, path: Path) -> dict:
    """Write `doc` as a PDF at `path`; return its gold."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    style = make_style(doc.style)
    flow, fixed = compose(style, doc)
    pages = layout(style, flow, fixed)
    for page in pages:
        page.header, page.footer, page.label = style.furniture(PageCtx(page.index, len(pages), page.template, doc))
    # Uncompressed streams: the bytes do not depend on the zlib build.
    canvas = Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=0)
    # The producer's stamp is deliberately not the publication date (a parser must not trust it).
    canvas._doc.setDateFormatter(lambda *_: doc.pdf_created)
    canvas.setTitle(doc.pdf_title)
    canvas.setAuthor("")
    canvas.setCreator("touyan layout corpus (fictional test data)")
    for page in pages:
        draw_page(canvas, page, style)
        canvas.showPage()
    canvas.save()
    return document_gold(doc, style, pages, path.name)


def build_corpus(out_dir: Path, only: set[str] | None = None) -> list[dict]:
    from .documents import all_documents, broker_documents

    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = []
    brokers = broker_documents()
    # The seed documents read ../shared/seeds; a build of broker documents only must not need them.
    docs = brokers if only and only <= {d.id for d in brokers} else all_documents()
    for doc in docs:
        if only and doc.id not in only:
            continue
        gold = render(doc, out_dir / f"{doc.id}.pdf")
        (out_dir / f"{doc.id}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        manifest.append({"id": doc.id, "file": f"{doc.id}.pdf", "gold": f"{doc.id}.json", "style": gold["style"],
                         "doc_kind": doc.doc_kind, "report_type": doc.report_type, "pages": gold["page_count"]})
    if not only:
        (out_dir / "MANIFEST.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest
