"""What positions cost: the parser's steps on the layout corpus, as ratios to pypdf's plain text extraction
timed in the same process (the table in docs/parsing.md).

    python -m benchmarks.pdf_positions [--runs 3] [--out benchmarks/results/pdf_positions.md | -]

Steps, each over every PDF of data/layout_corpus: pypdf `extract_text` (the old parser, no positions);
pypdfium2 characters with box, baseline and font size (tools/layout/pdf_chars.py); pdfplumber's
`page.chars` (positions only, no layout; not a dependency: measured only when installed); our layout step on the pypdfium2 characters (segments,
furniture, tables, columns); `load_document` (layout + metadata + forecast table). Every step runs once
per round, round-robin; the table shows the median pages/s and the median of the per-round ratios.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import os
import platform
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "data" / "layout_corpus"
RESULTS_FILE = REPO / "benchmarks" / "results" / "pdf_positions.md"


def _pypdf_text(paths: list[Path]) -> int:
    import pypdf
    return sum(len(p.extract_text() or "") >= 0 for path in paths for p in pypdf.PdfReader(path).pages)


def _pdfium_chars(paths: list[Path]) -> int:
    from tools.layout.pdf_chars import read_pdf_chars
    return sum(len(read_pdf_chars(path.read_bytes())[0]) for path in paths)


def _pdfplumber_chars(paths: list[Path]) -> int:
    import pdfplumber
    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            pages += sum(len(page.chars) >= 0 for page in pdf.pages)
    return pages


def _layout(paths: list[Path]) -> int:
    from tools.layout.pdf_pages import lay_out_pdf
    return sum(len(lay_out_pdf(path.read_bytes())[0]) for path in paths)


def _load_document(paths: list[Path]) -> int:
    from tools.documents import load_document
    return sum(len(load_document(path).pages) for path in paths)


STEPS = {
    "pypdf `extract_text` (the old parser, no positions)": _pypdf_text,
    "pypdfium2: every char with box, baseline, font size": _pdfium_chars,
    "pdfplumber: `page.chars` (no layout yet)": _pdfplumber_chars,
    "our layout step on pypdfium2 (segments, furniture, tables, columns)": _layout,
    "`load_document` (layout + metadata + forecast table)": _load_document,
}


def _installed(name: str) -> bool:
    try:
        md.version(name)
    except md.PackageNotFoundError:
        return False
    return True


def run(runs: int) -> tuple[list[Path], dict[str, list[float]], int]:
    paths = sorted(CORPUS.glob("*.pdf"))
    steps = {n: f for n, f in STEPS.items() if f is not _pdfplumber_chars or _installed("pdfplumber")}
    for step in steps.values():  # warm-up: imports and first-call costs out of the timings
        step(paths[:1])
    seconds: dict[str, list[float]] = {name: [] for name in steps}
    pages = 0
    for _ in range(runs):
        for name, step in steps.items():
            start = time.perf_counter()
            pages = step(paths)
            seconds[name].append(time.perf_counter() - start)
    return paths, seconds, pages


def report(paths: list[Path], seconds: dict[str, list[float]], pages: int, runs: int) -> str:
    base = next(iter(STEPS))
    versions = ", ".join(f"{n} {md.version(n)}" for n in ("pypdf", "pypdfium2", "pdfplumber") if _installed(n))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = ["# What positions cost (docs/parsing.md)", "",
             f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} CPUs, Python "
             f"{platform.python_version()}, load average {load:.1f} at the end; {versions}.",
             f"{len(paths)} PDFs / {pages} pages of data/layout_corpus, {runs} rounds, every step once per round "
             "(round-robin); pages/s = median; ratio = median over rounds of (pypdf time / step time) in the same round.",
             "", "| step | pages/s | vs pypdf text |", "|---|---:|---:|"]
    for name, times in seconds.items():
        ratio = statistics.median(b / t for b, t in zip(seconds[base], times))
        lines.append(f"| {name} | {pages / statistics.median(times):.1f} | {ratio:.2f} |")
    if len(seconds) < len(STEPS):
        lines += ["", "pdfplumber is not installed here (it is not a dependency): its row is left out."]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default=str(RESULTS_FILE), help="a file, or - for stdout")
    args = parser.parse_args(argv)
    paths, seconds, pages = run(args.runs)
    text = report(paths, seconds, pages, args.runs)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
