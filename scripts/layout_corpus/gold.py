"""The gold for one document, read off the laid-out pages (the same objects the drawer paints)."""
from __future__ import annotations

from .model import PagePlan, Placed
from .spec import FICTION, DocSpec
from .wrap import join_lines

SCHEMA_VERSION = 1


def _furniture_text(items: list[tuple]) -> list[str]:
    # left to right, as a reader scans the line: order by the item's x where its text starts
    def start(item):
        x, _, text, size, align = item[0], item[1], item[2], item[3], item[4]
        from .wrap import text_width
        w = text_width(text, size)
        return {"left": x, "right": x - w, "center": x - w / 2}[align]
    return [it[2] for it in sorted(items, key=start)]


def _item_blocks(item: Placed) -> list[dict]:
    block = item.block
    base = {"region": item.region, "boilerplate": block.boilerplate}
    if block.kind == "chart":
        return []
    if block.kind == "figpair":
        out = []
        for caption, source in block.pair:
            out.append({**base, "kind": "caption", "text": caption, "lines": [caption]})
            out.append({**base, "kind": "source", "text": source, "lines": [source]})
        return out
    if block.kind == "table":
        text = "\n".join(" ".join(c for c in row if c) for row in block.rows)
        return [{**base, "kind": "table", "role": block.table.get("role", "data"), "text": text,
                 "lines": [" ".join(c for c in row if c) for row in block.rows], "rows": block.rows}]
    return [{**base, "kind": block.style or block.kind, "text": join_lines(item.lines), "lines": [ln.text for ln in item.lines],
             "continued": item.continued, "continues": item.continues}]


def page_gold(page: PagePlan) -> dict:
    blocks = [b for item in page.items for b in _item_blocks(item)]
    tables, forecast = [], []
    for item in page.items:
        if item.block.kind == "table":
            tables.append({"role": item.block.table.get("role", "data"), "rows": item.block.rows,
                           "unit": item.block.table.get("unit")})
            if item.block.table.get("role") == "forecast":
                forecast.extend({**c, "page": page.index} for c in item.block.table["cells"])
    header, footer = _furniture_text(page.header), _furniture_text(page.footer)
    return {"index": page.index, "label": page.label, "template": page.template,
            "is_boilerplate": bool(blocks) and all(b["boilerplate"] for b in blocks),
            "header": header, "header_text": " ".join(header), "footer": footer, "footer_text": " ".join(footer),
            "body_text": "\n".join(b["text"] for b in blocks if b["text"]), "blocks": blocks,
            "tables": tables, "forecast": forecast}


def document_gold(doc: DocSpec, style, pages: list[PagePlan], file_name: str) -> dict:
    page_golds = [page_gold(p) for p in pages]
    forecast = next((p["forecast"] for p in page_golds if p["forecast"]), [])
    return {
        "schema_version": SCHEMA_VERSION, "id": doc.id, "file": file_name, "style": style.key,
        "doc_kind": doc.doc_kind, "fictional": doc.doc_kind == "broker_report" and not doc.id.startswith("seed"),
        "marker_line": doc.extra.get("marker", FICTION),
        "broker": style.broker if doc.doc_kind == "broker_report" else None,
        "title": doc.title or None, "subtitle": doc.subtitle, "date": doc.date, "report_type": doc.report_type,
        "analysts": [{"name": a.name, "sac": a.sac, "email": a.email, "role": a.role} for a in doc.analysts],
        "stock_code": doc.stock_code, "stock_name": doc.stock_name, "industry": doc.industry,
        "rating": doc.rating, "rating_action": doc.rating_action, "target_price": doc.target_price,
        "current_price": doc.current_price,
        "pdf_metadata": {"creation_date": doc.pdf_created, "title": doc.pdf_title},
        "layout": {"columns": style.columns, "sidebar": style.sidebar, "stream_order": style.stream_order,
                   "table_grid": style.table_grid},
        "page_count": len(pages), "forecast": forecast, "pages": page_golds,
    }
