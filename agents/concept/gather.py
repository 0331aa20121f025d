"""Every report of the library that names a concept (under its aliases too), with all its pages.

Candidates are the reports whose title names the concept and those the keyword index finds for any of
its names (a report need not be a top hit: a library of a thousand reports may hold fifty on the
theme). Each candidate is read whole; the extractor (tools/chain/extract.py) then decides which are
about the concept and which only mention it.
"""

from __future__ import annotations

from agents.concept.models import Gathered, SourceReport
from memory.filters import SearchFilters
from memory.search import search
from tools.chain.templates import find_template
from tools.concepts import aliases_of, suggest

MAX_REPORTS = 60  # beyond this the newest are read and a note says how many were left out
KEYWORD_K = 200


def concept_names(concept: str, templates) -> tuple[list[str], object]:
    """(aliases, template): the concept's aliases from tools/concepts.py and its template, if any."""
    template = find_template(concept, templates)
    aliases = aliases_of(concept)
    if template is not None:
        aliases += [a for a in (template.concept, *template.aliases) if a != concept and a not in aliases]
    return aliases, template


def gather_reports(library, concept: str, aliases: list[str]) -> Gathered:
    """All reports that name `concept` or an alias, whole, most recent first; notes when none or too many."""
    terms = [t for t in [concept, *aliases] if len(t) >= 2]
    records = {r.report_id: r for r in library.reports()}
    found = {rid for rid, r in records.items() if any(t in (r.title or "") for t in terms)}
    for term in terms:
        found |= {h.report_id for h in search(library, term, k=KEYWORD_K, filters=SearchFilters(), mode="keyword")}
    reports, sources, notes = {}, {}, []
    ordered = sorted((records[r] for r in found if r in records), key=lambda r: r.date or "", reverse=True)
    for record in ordered:
        pages = library.pages(record.report_id)
        if not any(t in (record.title or "") or any(t in text for _, text in pages) for t in terms):
            continue  # a keyword hit on a token of the name, not the name itself
        if len(reports) == MAX_REPORTS:
            notes.append(f"讨论“{concept}”的研报超过 {MAX_REPORTS} 篇，只读取了最新的 {MAX_REPORTS} 篇。")
            break
        reports[record.report_id] = pages
        sources[record.report_id] = SourceReport(report_id=record.report_id, title=record.title,
                                                 broker=record.broker, date=record.date)
    if not reports:
        titles = [r.title for r in records.values()]
        close = [s for s in suggest(concept, titles) if s != concept]
        notes.append(f"研报库中没有讨论“{concept}”的研报" + (f"；你是否想找：{'、'.join(close)}？" if close else "。"))
    return Gathered(aliases=aliases, pages=reports, sources=sources, notes=notes)
