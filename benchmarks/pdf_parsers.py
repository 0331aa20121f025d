"""PDF text-extraction libraries on the realistic layout corpus (data/layout_corpus), against its gold.

    python -m benchmarks.pdf_parsers [--runs 3] [--out benchmarks/results/pdf_parsers.md | -]

Per library, on every page of the corpus: speed (pages/s, and the ratio to pypdf timed in the same
process), character accuracy of the page text in reading order (gold = header, body in reading order,
footer; whitespace removed; Levenshtein and LCS-F1 similarity), column order on two-column pages
(consecutive gold lines found in order), what the library exposes for layout work (title found as the
largest font on page 0; running header/footer found by position), and table cells (pdfplumber's table
finder; PyMuPDF's for reference). PyMuPDF is AGPL: measured only when installed, never a dependency.
"""
from __future__ import annotations

import argparse
import importlib.metadata as md
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from benchmarks.pdf_parser_probes import (BOTTOM_BAND, FRAGMENTS, LIBRARIES, TABLE_FINDERS, TOP_BAND, available,
                                          body_only, furniture_by_position, gold_page_text, order_score, similarity,
                                          squash, table_score, title_by_size, two_column)


REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "data" / "layout_corpus"
RESULTS_FILE = REPO / "benchmarks" / "results" / "pdf_parsers.md"


# -- the run ---------------------------------------------------------------------------------------
def load_corpus() -> list[tuple[Path, dict]]:
    manifest = json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))
    return [(CORPUS / m["file"], json.loads((CORPUS / m["gold"]).read_text(encoding="utf-8"))) for m in manifest]


def timed_round_robin(libraries: dict, docs, runs: int) -> tuple[dict[str, float], dict[str, list]]:
    """Median seconds per library over `runs` rounds; each round times every library once, so load from
    other work on a shared machine falls on all of them alike."""
    for fn in libraries.values():
        fn(str(docs[0][0]))  # imports and library start-up are not timed
    times: dict[str, list[float]] = {name: [] for name in libraries}
    texts: dict[str, list] = {}
    for _ in range(runs):
        for name, fn in libraries.items():
            t0 = time.perf_counter()
            texts[name] = [fn(str(path)) for path, _ in docs]
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(t) for name, t in times.items()}, texts


def text_section(docs, runs: int) -> list[str]:
    pages = sum(g["page_count"] for _, g in docs)
    rows = []
    libraries = {name: fn for name, fn in LIBRARIES.items() if available(name)}
    medians, all_texts = timed_round_robin(libraries, docs, runs)
    base = medians["pypdf"]
    for name in LIBRARIES:
        if name not in libraries:
            rows.append(f"| {name} | not installed | | | | | | |")
            continue
        seconds, texts = medians[name], all_texts[name]
        lev, lcs, body, order, order_n, col_pages, col_ok = [], [], [], 0, 0, 0, 0
        for (_, gold), doc_texts in zip(docs, texts):
            for page, text in zip(gold["pages"], doc_texts):
                got = squash(text)
                a, b = similarity(got, gold_page_text(page))
                lev.append(a)
                lcs.append(b)
                body.append(similarity(body_only(got, page), squash(page["body_text"]))[0])
                if two_column(page):
                    ok, n = order_score(got, page)
                    order, order_n = order + ok, order_n + n
                    col_pages += 1
                    col_ok += ok == n
        rows.append(f"| {name} | {pages / seconds:,.0f} | {base / seconds:.2f} | {statistics.mean(lev):.3f} | "
                    f"{statistics.mean(lcs):.3f} | {statistics.mean(body):.3f} | {order / max(order_n, 1):.3f} | "
                    f"{col_ok}/{col_pages} |")
    return ["## Text in the library's own order", "",
            f"{len(docs)} documents, {pages} pages; median of {runs} rounds, every library timed once per round (text "
            "extraction only, imports excluded); speed ratio = pypdf's time / the library's time.",
            "Accuracy: page text with all whitespace removed vs gold header + body (reading order) + footer; "
            "Levenshtein = 1 − normalized edit distance, LCS-F1 = character ROUGE-L F1. Body only: the gold header/footer "
            "strings removed from the extraction, Levenshtein vs the gold body (reading order only). Column order: on two-column "
            "pages, share of consecutive gold lines found in order, and pages with every line in order.", "",
            "| library | pages/s | speed vs pypdf | page accuracy (Levenshtein) | page LCS-F1 | body only (Levenshtein) | "
            "two-column line order | two-column pages in order |",
            "|---|---|---|---|---|---|---|---|", *rows, ""]


def layout_section(docs) -> list[str]:
    rows = []
    for name, fn in FRAGMENTS.items():
        if not available(name):
            continue
        titles = titled = furn_sum = furn_exact = furn_pages = 0
        for (path, gold) in docs:
            frags = fn(str(path))
            if gold["title"]:
                titled += 1
                titles += title_by_size(frags[0]) == squash(gold["title"])
            for page, page_frags in zip(gold["pages"], frags):
                want = squash(page["header_text"] + page["footer_text"])
                got = furniture_by_position(page_frags)
                furn_pages += 1
                furn_sum += similarity(got, want)[1]
                furn_exact += got == want
        rows.append(f"| {name} | {titles}/{titled} | {furn_sum / furn_pages:.3f} | {furn_exact}/{furn_pages} |")
    return ["## Positions and font sizes", "",
            "Title = the text drawn in the largest font on page 0 (exact match with gold, whitespace removed). "
            f"Running header/footer = text above y={TOP_BAND:.0f}pt or below y={BOTTOM_BAND}pt; LCS-F1 vs gold header+footer, "
            "and pages whose band text (top to bottom, left to right) equals the gold furniture.", "",
            "| library | title by font size | header/footer by position (LCS-F1) | pages exact |", "|---|---|---|---|", *rows, ""]


def table_section(docs) -> list[str]:
    rows = []
    for name, fn in TABLE_FINDERS.items():
        if not available(name):
            continue
        scores: dict[str, list[float]] = {}
        t0 = time.perf_counter()
        for path, gold in docs:
            found = fn(str(path))
            for page in gold["pages"]:
                for table in page["tables"]:
                    grid = "cover box" if table["role"] == "cover_box" else gold["layout"]["table_grid"]
                    if table["role"] == "rating_scale":
                        grid = "grid (disclaimer)"
                    scores.setdefault(grid, []).append(table_score(found[page["index"]], table))
                    if table["role"] == "forecast":
                        scores.setdefault("forecast tables", []).append(scores[grid][-1])
        seconds = time.perf_counter() - t0
        cells = " | ".join(f"{statistics.mean(v):.2f} (n={len(v)})" for _, v in sorted(scores.items()))
        header = " | ".join(k for k in sorted(scores))
        rows.append((header, f"| {name} | {cells} | {seconds:.1f} |"))
    head = rows[0][0] if rows else ""
    return ["## Tables", "",
            "Share of each gold table's rows recovered exactly (every non-empty cell, in order) by the best-matching "
            "table the finder returns, averaged per table style. Without a table finder (pypdf, pypdfium2) rows come "
            "out as text lines: 0 structured cells.", "",
            f"| finder | {head} | seconds (whole corpus) |", "|---" * (head.count("|") + 3) + "|", *[r for _, r in rows], ""]


def versions() -> str:
    names = ["pypdf", "pdfplumber", "pdfminer.six", "pypdfium2", "pymupdf", "rapidfuzz", "reportlab"]
    found = []
    for n in names:
        try:
            found.append(f"{n} {md.version(n)}")
        except md.PackageNotFoundError:
            pass
    return ", ".join(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default=str(RESULTS_FILE))
    args = parser.parse_args(argv)
    docs = load_corpus()
    lines = ["# PDF text-extraction libraries on the layout corpus", "",
             f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} CPUs, Python {platform.python_version()}; "
             f"{versions()}.", ""]
    lines += text_section(docs, args.runs) + layout_section(docs) + table_section(docs)
    text = "\n".join(lines)
    if args.out == "-":
        print(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
