"""ConceptChain → chain.json, companies.csv, Mermaid and a standalone HTML graph (no network needed)."""

from __future__ import annotations

import csv
import html
import io
import json

from agents.concept.models import ConceptChain
from tools.chain.model import LEVEL_LABEL

CSV_COLUMNS = ("code", "name", "node", "level", "other_nodes", "evidence", "in_board", "score")


def to_json(chain: ConceptChain) -> str:
    return json.dumps(chain.model_dump(mode="json"), ensure_ascii=False, indent=2)


def evidence_text(item) -> str:
    """Where a person finds the evidence: 券商《标题》p.N with N the PDF viewer's page (page 0 → p.1)."""
    parts = []
    for e in item.evidence:
        page = f"p.{e.page + 1}" if e.page is not None else ""
        parts.append(f"{e.broker or ''}《{e.title or e.report_id}》{page}" if e.report_id else (e.url or ""))
    return "；".join(parts)


def to_csv(chain: ConceptChain) -> str:
    names = {n.id: n.name for n in chain.nodes}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in chain.companies:
        in_board = "" if c.in_board is None else ("是" if c.in_board else "否")
        others = "、".join(names.get(n, n) for n in c.nodes if n != c.node)
        writer.writerow([c.code, c.name, names.get(c.node, c.node), LEVEL_LABEL[c.level], others, evidence_text(c),
                         in_board, f"{c.score:g}"])
    return buffer.getvalue()


def _label(text: str) -> str:
    return text.replace('"', "'").replace("[", "(").replace("]", ")")


def to_mermaid(chain: ConceptChain) -> str:
    lines = ["flowchart LR"]
    for level in ("up", "mid", "down"):
        nodes = [n for n in chain.nodes if n.level == level]
        if not nodes:
            continue
        lines.append(f'  subgraph {level}["{LEVEL_LABEL[level]}"]')
        for n in nodes:
            members = [c for c in chain.companies if c.node == n.id]
            names = "<br/>".join(f"{c.name} {c.code}" for c in members[:6])
            label = _label(n.name) + (f"<br/><small>{_label(names)}</small>" if names else "")
            lines.append(f'    {n.id}["{label}"]')
        lines.append("  end")
    for e in chain.edges:
        arrow = "-->" if e.basis == "stated" else "-.->"
        lines.append(f"  {e.source} {arrow} {e.target}")
    return "\n".join(lines) + "\n"


_BOX_W, _BOX_GAP, _COL_W = 220, 18, 300


def _box_height(count: int) -> int:
    return 34 + 18 * min(count, 8)


def _node_cell(company, names: dict[str, str]) -> str:
    others = [names.get(n, n) for n in company.nodes if n != company.node]
    return names.get(company.node, company.node) + (f"（亦涉及：{'、'.join(others)}）" if others else "")


def _board_line(chain: ConceptChain) -> str:
    if not chain.board:
        return "未能核对概念板块成分股（原因见页末说明）。"
    how = "按输入的名称" if chain.board_matched_by == chain.concept else f"按别名“{html.escape(chain.board_matched_by or '')}”"
    return f"概念板块：“{html.escape(chain.board)}”（{how}匹配）；★ 表示同时是该板块成分股。"


def to_html(chain: ConceptChain) -> str:
    """A self-contained page: an SVG of the chain in three columns plus the company table."""
    columns = {lvl: [n for n in chain.nodes if n.level == lvl] for lvl in ("up", "mid", "down")}
    pos, svg = {}, []
    height = 60
    for col, level in enumerate(("up", "mid", "down")):
        x, y = 20 + col * _COL_W, 50
        svg.append(f'<text x="{x}" y="30" class="lvl">{LEVEL_LABEL[level]}</text>')
        for n in columns[level]:
            members = [c for c in chain.companies if c.node == n.id]
            h = _box_height(len(members))
            pos[n.id] = (x, y, h)
            svg.append(f'<g class="node"><rect x="{x}" y="{y}" width="{_BOX_W}" height="{h}" rx="6"/>'
                       f'<text x="{x + 10}" y="{y + 20}" class="name">{html.escape(n.name)}</text>')
            for i, c in enumerate(members[:8]):
                mark = "" if c.in_board is None else (" ★" if c.in_board else "")
                svg.append(f'<text x="{x + 10}" y="{y + 40 + 18 * i}" class="co">'
                           f'{html.escape(c.name)} {c.code}{mark}</text>')
            svg.append("</g>")
            y += h + _BOX_GAP
        height = max(height, y + 20)
    for e in chain.edges:
        if e.source in pos and e.target in pos:
            (x1, y1, h1), (x2, y2, h2) = pos[e.source], pos[e.target]
            dash = "" if e.basis == "stated" else ' stroke-dasharray="4 4"'
            svg.insert(0, f'<line x1="{x1 + _BOX_W}" y1="{y1 + h1 / 2}" x2="{x2}" y2="{y2 + h2 / 2}"{dash}/>')
    names = {n.id: n.name for n in chain.nodes}
    rows = "".join(
        f"<tr><td>{c.code}</td><td>{html.escape(c.name)}</td><td>{html.escape(_node_cell(c, names))}"
        f"</td><td>{LEVEL_LABEL[c.level]}</td><td>{'' if c.in_board is None else ('是' if c.in_board else '否')}</td>"
        f"<td>{html.escape(evidence_text(c))}</td></tr>" for c in chain.companies)
    others = ""
    if chain.board_only:
        members = "、".join(f"{m.name or '?'} {m.code}" for m in chain.board_only)
        others = f"<p>板块“{html.escape(chain.board or '')}”中、但研报未提及的成分股：{html.escape(members)}</p>"
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in chain.notes)
    title = html.escape(chain.concept)
    board = _board_line(chain)
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title} 产业链</title>
<style>body{{font-family:sans-serif;margin:24px}} svg line{{stroke:#889;stroke-width:1.2}}
.node rect{{fill:#f4f7ff;stroke:#4a6fd1}} .name{{font-weight:bold;font-size:14px}} .co{{font-size:12px}}
.lvl{{font-size:16px;font-weight:bold;fill:#333}} table{{border-collapse:collapse;margin-top:16px}}
td,th{{border:1px solid #ccd;padding:4px 8px;font-size:13px}}</style></head><body>
<h1>{title} 产业链图谱</h1><p>{board}</p>
<p>实线：研报句子写明的供给关系；虚线：产业链模板中的供给关系（研报未写明）。</p>
<svg xmlns="http://www.w3.org/2000/svg" width="{3 * _COL_W}" height="{height}">{''.join(svg)}</svg>
<table><tr><th>代码</th><th>名称</th><th>环节</th><th>层级</th><th>在板块</th><th>出处</th></tr>{rows}</table>
{others}
<ul>{notes}</ul></body></html>
"""
