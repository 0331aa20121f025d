"""The sample reports as .txt, .md or .html (scripts/make_sample_corpus.py), with the page
markers tools.documents reads back: form feeds, `<!-- page -->` lines, `<section class="page">`.
"""
from __future__ import annotations

import html


def text_block(kind: str, text: str, rows: list[list[str]], fmt_name: str) -> str:
    """One block as plain text, Markdown or HTML."""
    if kind == "table" and fmt_name == "html":
        cells = ["".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in row) for tag, row in
                 (("th" if i == 0 else "td", row) for i, row in enumerate(rows))]
        table = "<table>\n" + "\n".join(f"<tr>{c}</tr>" for c in cells) + "\n</table>"
        return (f"<p class=\"caption\">{html.escape(text)}</p>\n" if text else "") + table
    if kind == "table" and fmt_name == "md":
        lines = [f"| {' | '.join(row)} |" for row in rows]
        lines.insert(1, "|" + "---|" * len(rows[0]))
        return (f"**{text}**\n\n" if text else "") + "\n".join(lines)
    if kind == "table":
        return "\n".join(([text] if text else []) + ["\t".join(row) for row in rows])
    if fmt_name == "html":
        tag, attrs = {"title": ("h1", ""), "h": ("h2", ""), "h3": ("h3", ""), "li": ("li", ""),
                      "meta": ("p", ' class="meta"'), "note": ("p", ' class="note"')}.get(kind, ("p", ""))
        return f"<{tag}{attrs}>{html.escape(text)}</{tag}>"
    if fmt_name == "md":
        return {"title": "# ", "h": "## ", "h3": "### ", "li": "- ", "note": "> "}.get(kind, "") + text
    return ("◆ " if kind == "li" else "") + text


def render_text(pages: list[list[tuple]], meta: dict[str, str], fmt_name: str, footer: str) -> str:
    """The report as .txt (pages split by form feeds), .md (<!-- page --> lines) or .html (page sections)."""
    rendered = []
    for page in pages:
        out: list[str] = []
        for kind, text, *rest in page:
            block = text_block(kind, text, rest[0] if rest else [], fmt_name)
            if fmt_name == "html" and kind == "li":  # consecutive bullets share one <ul>
                if out and out[-1].endswith("</ul>"):
                    out[-1] = out[-1][: -len("</ul>")] + block + "\n</ul>"
                else:
                    out.append(f"<ul>\n{block}\n</ul>")
            else:
                out.append(block)
        rendered.append(out)
    if fmt_name == "txt":
        return "\f".join("\n\n".join(p) + "\n" for p in rendered)
    if fmt_name == "md":
        return "\n\n<!-- page -->\n\n".join("\n\n".join(p) for p in rendered) + "\n"
    m = {k: html.escape(meta[k]) for k in ("title", "broker", "date")}
    sections = "\n".join('<section class="page">\n' + "\n".join(p) + "\n</section>" for p in rendered)
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>{m["title"]}</title>\n'
            f'<meta name="author" content="{m["broker"]}">\n<meta name="date" content="{m["date"]}">\n</head>\n'
            f"<body>\n{sections}\n<footer>{html.escape(footer)}</footer>\n</body>\n</html>\n")
