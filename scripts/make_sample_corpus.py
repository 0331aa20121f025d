"""Render the fictional sample broker reports (data/samples/source/*.txt) into data/samples/reports/.

Each source file holds `key: value` metadata, a `---` line, the cover's 投资要点 bullets, then body
pages separated by `===` lines. Body lines: `## ` heading, `### ` sub-heading, `- ` bullet,
`! ` table caption, `| a | b |` table row, `> ` source note, anything else a paragraph.
Output is deterministic (reportlab invariant mode, SOURCE_DATE_EPOCH = report date), so running
this twice gives byte-identical files. Every `名称(代码)` mention is checked against source/known_tickers.tsv.
Layout: sample_corpus_pdf.py (PDF) and sample_corpus_text.py (txt, md, html), beside this script.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from sample_corpus_pdf import render_pdf  # this script's folder is on sys.path when it runs
from sample_corpus_text import render_text

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIR = ROOT / "data" / "samples" / "source"
OUT_DIR = ROOT / "data" / "samples" / "reports"
DISCLAIMER = "touyan 示例报告：内容与数据均为虚构，仅供测试与演示，不构成投资建议"

KNOWN_TICKERS_FILE = SOURCE_DIR / "known_tickers.tsv"  # real listed companies the sources may cite
CODE_RE = re.compile(r"[（(](\d{6}(?:\.S[HZ])?|\d{4,5}\.HK|[A-Z]{1,5}\.[ON])[）)]")


@dataclass
class Report:
    meta: dict[str, str]
    companies: list[list[str]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    points: list[str] = field(default_factory=list)
    pages: list[list[tuple]] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return f"{self.meta['date'].replace('-', '')}_{self.meta['broker']}_{self.meta['title']}"


def parse_body(lines: list[str]) -> list[tuple]:
    blocks: list[tuple] = []
    for line in (raw.strip() for raw in lines):
        if not line:
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if blocks and blocks[-1][0] == "table":
                blocks[-1][2].append(cells)
            else:
                blocks.append(("table", "", [cells]))
        elif line.startswith("! "):
            blocks.append(("table", line[2:], []))
        else:
            for prefix, kind in (("### ", "h3"), ("## ", "h"), ("- ", "li"), ("> ", "note")):
                if line.startswith(prefix):
                    blocks.append((kind, line[len(prefix):]))
                    break
            else:
                blocks.append(("p", line))
    return blocks


def parse_source(path: Path) -> Report:
    head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    report = Report(meta={})
    for line in head.splitlines():
        key, _, value = line.partition(":")
        value = value.strip()
        if key == "company":
            report.companies.append([v.strip() for v in value.split("|")])
        elif key == "row":
            report.rows.append([v.strip() for v in value.split("|")])
        elif key.strip():
            report.meta[key.strip()] = value
    cover, *pages = body.split("\n===\n")
    report.points = [b[1] for b in parse_body(cover.splitlines()) if b[0] == "li"]
    report.pages = [parse_body(page.splitlines()) for page in pages]
    return report


def canonical(code: str) -> str:
    if "." in code:
        return code
    return code + (".SH" if code.startswith("6") else ".SZ")


def fmt(value: float, digits: int) -> str:
    return f"{value:,.{digits}f}"


def cover_table(r: Report) -> tuple[str, list[list[str]]]:
    years = r.meta["years"].split()
    if "stock" in r.meta:  # company report: EPS and PE follow from profit, shares and price
        price, shares = float(r.meta["price"]), float(r.meta["shares"])
        revenue = [float(v) for v in r.meta["revenue"].split()]
        profit = [float(v) for v in r.meta["profit"].split()]
        eps = [p / shares for p in profit]
        return "盈利预测与估值", [["指标"] + years,
                          ["营业收入(亿元)"] + [fmt(v, 1) for v in revenue],
                          ["归母净利润(亿元)"] + [fmt(v, 1) for v in profit],
                          ["EPS(元)"] + [fmt(e, 2) for e in eps],
                          ["PE(倍)"] + [fmt(price / e, 1) for e in eps]]
    if r.companies:  # industry report: key companies' EPS and the PE it implies
        rows = [["代码", "公司", "股价(元)"] + [f"EPS {y}" for y in years] + [f"PE {y}" for y in years] + ["评级"]]
        for name, code, price, rating, eps_text in r.companies:
            eps = [float(v) for v in eps_text.split()]
            rows.append([code, name, price] + [fmt(e, 2) for e in eps]
                        + [fmt(float(price) / e, 1) for e in eps] + [rating])
        return "重点公司盈利预测与估值", rows
    return r.meta.get("table_title", "主要指标预测"), [["指标"] + years] + r.rows


def cover_blocks(r: Report) -> list[tuple]:
    m = r.meta
    y, mo, d = m["date"].split("-")
    blocks: list[tuple] = [("meta", f"{m['broker']} | {m['type']} | 报告日期：{y}年{mo}月{d}日"), ("title", m["title"])]
    if "subtitle" in m:
        blocks.append(("meta", m["subtitle"]))
    if "rating" in m:
        label = "投资评级" if "stock" in m else "行业评级"
        line = f"{label}：{m['rating']}（{m.get('rating_change', '维持')}）"
        if "stock" in m:
            price, target = float(m["price"]), float(m["target_price"])
            line += (f"　目标价：{fmt(target, 2)}元　当前股价：{fmt(price, 2)}元（{m['price_date']}收盘）"
                     f"　上涨空间：{(target / price - 1) * 100:.1f}%")
        blocks.append(("p", line))
    if "stock" in m:
        blocks.append(("p", f"公司：{m['stock']}"))
    analysts = "；".join(f"{a.split()[0]}（SAC执业证书编号：{a.split()[1]}）" for a in m["analysts"].split(","))
    blocks += [("p", f"分析师：{analysts}"), ("h", "投资要点")] + [("li", p) for p in r.points]
    title, rows = cover_table(r)
    blocks.append(("table", title, rows))
    as_of = "股价" if "stock" in m or r.companies else "数据"
    blocks.append(("note", f"资料来源：{m['broker']}研究（示例数据）；{as_of}截至{m['price_date']}"))
    return blocks


def all_pages(r: Report) -> list[list[tuple]]:
    return [cover_blocks(r)] + r.pages


def block_text(block: tuple) -> str:
    if block[0] == "table":
        return "\n".join([block[1]] + [" | ".join(row) for row in block[2]])
    return block[1]


def load_known_tickers() -> dict[str, str]:
    lines = KNOWN_TICKERS_FILE.read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t") for line in lines if line and not line.startswith("#"))


def tickers(r: Report, known: dict[str, str]) -> list[str]:
    """Canonical codes the report cites, in order; fails on a code missing from `known` or paired with another name."""
    decoys = set(r.meta.get("decoy", "").split()[1:])
    if decoys & known.keys():
        raise ValueError(f"{r.stem}: decoy {decoys & known.keys()} is a listed code")
    found: list[str] = []
    for page in all_pages(r):
        for block in page:
            text = block_text(block)
            for match in CODE_RE.finditer(text):
                code = canonical(match.group(1))
                if code in decoys:
                    continue
                name = known.get(code)
                if name is None or not text[: match.start()].endswith(name):
                    raise ValueError(f"{r.stem}: unknown or mispaired ticker mention {text[max(0, match.start() - 8):match.end()]}")
                if code not in found:
                    found.append(code)
    for name, code, *_ in r.companies:
        if known.get(code) != name:
            raise ValueError(f"{r.stem}: cover table pairs {name} with {code}")
        if code not in found:
            found.append(code)
    return found


def page_of(r: Report, needle: str) -> int:
    pages = [i for i, page in enumerate(all_pages(r)) if any(needle in block_text(b) for b in page)]
    if len(pages) != 1:
        raise ValueError(f"{r.stem}: {needle!r} should appear on exactly one page, found on {pages}")
    return pages[0]


def manifest_entry(r: Report, file: str, pages: int, known: dict[str, str]) -> dict:
    m = r.meta
    entry = {"file": file, "broker": m["broker"], "date": m["date"], "title": m["title"],
             "rating": m.get("rating"), "target_price": float(m["target_price"]) if "target_price" in m else None,
             "current_price": float(m["price"]) if "price" in m else None,
             "tickers": tickers(r, known), "pages": pages, "topic": m["topic"], "type": m["type"],
             "format": m.get("format", "pdf")}
    if "decoy" in m:  # a name written like a listed company, with a code that is not listed
        name, code = m["decoy"].split()
        entry["decoys"] = [{"name": name, "ticker": code, "page": page_of(r, f"{name}({code})")}]
    if "injection" in m:
        entry["injection"] = {"text": m["injection"], "page": page_of(r, m["injection"])}
    return entry


def main() -> int:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    known = load_known_tickers()
    manifest = []
    for source in sorted(SOURCE_DIR.glob("[0-9]*.txt")):
        report = parse_source(source)
        kind = report.meta.get("format", "pdf")
        path = OUT_DIR / f"{report.stem}.{kind}"
        expected = len(all_pages(report))
        if kind == "pdf":
            pages = render_pdf(all_pages(report), report.meta, path, DISCLAIMER)
            if pages != expected:
                raise RuntimeError(f"{path.name}: {pages} pages rendered, {expected} written; shorten the source")
        else:
            text = render_text(all_pages(report), report.meta, kind, DISCLAIMER)
            path.write_text(text, encoding="utf-8", newline="\n")
            pages = expected
        manifest.append(manifest_entry(report, path.name, pages, known))
        print(f"{pages} pages  {path.name}")
    (OUT_DIR / "MANIFEST.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
