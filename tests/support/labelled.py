"""Shared checks for the labelled evaluation sets in evals/labelled/ (tests/test_labelled_*.py)."""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path


from evals.labelled.schema import Located

REPO = Path(__file__).resolve().parents[2]
LABELLED = REPO / "evals" / "labelled"
SEED_DIR = REPO.parent / "shared" / "seeds"  # outside the repo: the seed check runs only where the seeds are
FICTION = "虚构样例"
UNIT_FACTOR = {"元": 1.0, "亿元": 1.0, "百万元": 0.01, "万元": 0.0001}
BASE_UNIT = {"EPS": "元", "营业收入": "亿元", "归母净利润": "亿元"}
RATING_CLASS = {1: "positive", 2: "positive", 3: "neutral", 4: "negative", 5: "negative"}
CODE = {"A": r"\d{6}\.(SH|SZ|BJ)", "HK": r"\d{4,5}\.HK", "US": r"[A-Z]{1,6}\.US"}


def norm(text: str) -> str:
    return "".join(text.split())


@lru_cache(maxsize=None)
def file_pages(path: str) -> tuple[str, ...]:
    file = REPO / path
    if file.suffix == ".pdf":
        from pypdf import PdfReader

        return tuple(norm(page.extract_text() or "") for page in PdfReader(file).pages)
    return tuple(norm(page) for page in file.read_text(encoding="utf-8").split("\f"))


def pages_of(report) -> tuple[str, ...]:
    if report.file:
        return file_pages(report.file)
    assert [p.page for p in report.pages] == list(range(len(report.pages))), report.id
    return tuple(norm(p.text) for p in report.pages)


def assert_on_page(pages: tuple[str, ...], loc: Located, where: str) -> None:
    assert loc.page < len(pages) and norm(loc.quote) in pages[loc.page], f"{where}: {loc.quote!r} not on page {loc.page}"


@lru_cache(maxsize=None)
def master() -> dict[str, str]:
    with open(REPO / "tools" / "data" / "stock_master.csv", encoding="utf-8") as fh:
        return {row["code"]: row["name"] for row in csv.DictReader(fh)}



def number_forms(value: float) -> set[str]:
    forms = {f"{value}", f"{value:,}", f"{value:.2f}", f"{value:,.2f}", f"{value:.1f}", f"{value:,.1f}"}
    return forms | ({f"{int(value)}", f"{int(value):,}"} if value == int(value) else set())


