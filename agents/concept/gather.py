"""Find the reports (and news) that really discuss a concept, under its aliases too."""

from __future__ import annotations

from collections import Counter

from agents.concept.models import Chunk, Gathered, SourceReport
from memory.filters import SearchFilters
from memory.search import search
from tools.concepts import aliases_of, suggest

MAX_REPORTS = 8
SEARCH_K = 40
MIN_MENTIONS = 2  # a report that names the concept once in passing is not about it


def _mentions(pages: list[tuple[int, str]], terms: list[str]) -> int:
    return sum(text.count(term) for _, text in pages for term in terms)


def gather_reports(library, concept: str) -> Gathered:
    """The reports that discuss `concept` (under its aliases too), their best passages for an LLM, and notes."""
    aliases = aliases_of(concept)
    terms = [concept] + aliases
    notes: list[str] = []
    hits = []
    for query in (f"{concept} 产业链 上游 中游 下游 核心标的", *terms):
        hits.extend(search(library, query, k=SEARCH_K, filters=SearchFilters()))
    votes = Counter(h.report_id for h in hits)
    reports, sources = {}, {}
    for report_id, _ in votes.most_common():
        record = library.report(report_id)
        if record is None:
            continue
        pages = library.pages(report_id)
        in_title = any(t in record.title for t in terms)
        if in_title or _mentions(pages, terms) >= MIN_MENTIONS:
            reports[report_id] = pages
            sources[report_id] = SourceReport(report_id=report_id, title=record.title, broker=record.broker,
                                              date=record.date)
        if len(reports) == MAX_REPORTS:
            break
    chunks = [Chunk(report_id=h.report_id, page=h.page, text=h.text) for h in hits if h.report_id in reports]
    if not reports:
        titles = [r.title for r in library.reports()]
        close = [s for s in suggest(concept, titles) if s != concept]
        notes.append(f"研报库中没有讨论“{concept}”的研报" + (f"；你是否想找：{'、'.join(close)}？" if close else "。"))
    return Gathered(aliases=aliases, pages=reports, sources=sources, chunks=chunks, notes=notes)
