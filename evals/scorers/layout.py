"""Scores of a parsed document against the layout corpus's gold (data/layout_corpus/README.md).

Pure functions over plain data: the solver hands in what tools.documents produced (metadata values,
page texts, furniture, boilerplate offsets, chunks with their flags, forecast cells) and the gold.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Sequence

from tools.citations import neutralize_markers

GATED_FIELDS = ("broker", "title", "date", "rating", "rating_action", "target_price", "stock_code")
REPORTED_FIELDS = ("subtitle", "report_type", "stock_name", "industry", "current_price")
_SPACE = re.compile(r"\s+|\|")


def squash(text: str) -> str:
    return _SPACE.sub("", text or "")


def same_value(predicted, gold) -> bool:
    if isinstance(gold, float) or isinstance(predicted, float):
        return predicted is not None and gold is not None and abs(float(predicted) - float(gold)) < 1e-6
    if isinstance(gold, str) and isinstance(predicted, str):
        return squash(predicted) == squash(gold)
    return predicted == gold


def invented(predicted: dict, gold: dict, fields: Sequence[str]) -> list[str]:
    """Fields the document does not state (gold null) that the parser filled in anyway."""
    return [f for f in fields if gold.get(f) is None and predicted.get(f) is not None]


def furniture_leaks(pages: Sequence[dict], gold_pages: Sequence[dict], chunks: Sequence[dict]) -> list[str]:
    """Running header/footer/page-number text in what a page's chunks are cut from, more often than the
    page's own body prints it (a source line may legitimately say 华泰研究; counting on the page text, not
    the chunks, keeps a sentence repeated as chunk overlap from counting twice). A page number counts when
    it stands alone as a line of the text or a chunk."""
    leaks = []
    for page, gold in zip(pages, gold_pages):
        text = squash(page["text"])
        lines = [ln.strip() for ln in page["text"].split("\n")]
        lines += [c["text"].strip() for c in chunks if c["page"] == gold["index"]]
        body = squash(gold["body_text"])
        for item in gold["header"] + gold["footer"]:
            key = squash(item)
            if not key:
                continue
            if key.isdigit() or gold.get("label") and key == squash(gold["label"]):
                if any(squash(ln) == key for ln in lines):
                    leaks.append(f"p{gold['index']} 页码 {item}")
            elif text.count(key) > body.count(key):
                leaks.append(f"p{gold['index']} {item}")
    return leaks


def boilerplate_excluded(gold_pages: Sequence[dict], chunks: Sequence[dict]) -> float | None:
    """Share of the gold's disclaimer pages none of whose chunks default search would return."""
    pages = [p["index"] for p in gold_pages if p["is_boilerplate"]]
    if not pages:
        return None
    return sum(all(c["boilerplate"] for c in chunks if c["page"] == n) for n in pages) / len(pages)


def content_searchable(gold_pages: Sequence[dict], pages: Sequence[dict]) -> float | None:
    """Share of the gold's non-disclaimer body lines (6+ characters) in the text default search is cut from
    (each page's text before its disclaimer offset). The document's own citation markers are compared
    neutralized, as the parser stores them."""
    searchable = "".join(squash(p["text"] if p["boilerplate_from"] is None else p["text"][: p["boilerplate_from"]])
                         for p in pages)
    lines = [squash(neutralize_markers(ln)) for p in gold_pages for b in p["blocks"] if not b.get("boilerplate")
             for ln in b.get("lines", []) if len(squash(ln)) >= 6]
    return sum(ln in searchable for ln in lines) / len(lines) if lines else None


def forecast_scores(predicted: Sequence[dict], gold: Sequence[dict]) -> tuple[float | None, list[str], list[str]]:
    """(share of gold cells matched exactly in value and unit, wrong or missing cells, invented cells)."""
    want = {(c["metric"], c["year"]): (c["value"], c["unit"]) for c in gold}
    have = {(c["metric"], c["year"]): (c["value"], c["unit"]) for c in predicted}
    wrong = [f"{m} {y}" for (m, y), v in want.items() if have.get((m, y)) is None
             or not same_value(have[(m, y)][0], v[0]) or have[(m, y)][1] != v[1]]
    extra = [f"{m} {y}" for (m, y) in have if (m, y) not in want]
    return ((len(want) - len(wrong)) / len(want) if want else None), wrong, extra


def column_order(page_text: str, gold_page: dict) -> bool | None:
    """Whether a two-column page's gold lines (6+ characters) appear in the parsed text in gold order."""
    regions = {b["region"] for b in gold_page["blocks"]}
    if not {"column1", "column2"} <= regions:
        return None
    text, at = squash(page_text), 0
    for line in (squash(ln) for b in gold_page["blocks"] for ln in b.get("lines", [])):
        if len(line) < 6:
            continue
        found = text.find(line, at)
        if found < 0:
            return False
        at = found + len(line)
    return True


def body_similarity(page_text: str, gold_page: dict) -> float:
    return SequenceMatcher(None, squash(page_text), squash(gold_page["body_text"]), autojunk=False).ratio()
