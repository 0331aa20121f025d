"""Citation scorers over every claim a generator made: the kept ones and the ones the agent flagged.

Scoring only the final summary would always look perfect, because the agent's own check already
removed what failed; a prompt that makes the model cite worse shows up as claims that were dropped.
Support reuses tools/citations.py (figures must be on the cited page, and enough of the content).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tools.citations import extract_figures, parse_cited_sentences, verify_sentence
from tools.text import squash


@dataclass(frozen=True)
class Claim:
    text: str
    pages: tuple[int, ...]


def claims_from_summary(summary: str) -> list[Claim]:
    return [Claim(s.text, tuple(s.pages)) for s in parse_cited_sentences(summary or "")]


def claims_from_points(points: Iterable[Mapping]) -> list[Claim]:
    """Points as dicts with `text` and `pages` (CitedPoint.model_dump())."""
    return [Claim(p.get("text", ""), tuple(p.get("pages") or ())) for p in points]


def _cited(claims: Sequence[Claim]) -> list[Claim]:
    return [c for c in claims if c.pages]


def citation_validity(claims: Sequence[Claim], page_count: int) -> float | None:
    """Share of cited claims whose every cited page exists (0 ≤ N < page_count)."""
    cited = _cited(claims)
    if not cited:
        return None
    return sum(all(0 <= p < page_count for p in c.pages) for c in cited) / len(cited)


def citation_support(claims: Sequence[Claim], page_texts: Mapping[int, str], *, min_overlap: float = 0.5) -> float | None:
    """Share of cited claims whose cited pages carry their figures and enough of their content."""
    cited = _cited(claims)
    if not cited:
        return None
    return sum(verify_sentence(c.text, c.pages, page_texts, min_overlap=min_overlap).verified for c in cited) / len(cited)


def citation_coverage(claims: Sequence[Claim]) -> float | None:
    """Share of claims that carry at least one citation."""
    if not claims:
        return None
    return len(_cited(claims)) / len(claims)


def fact_covered(fact: Mapping, claims: Sequence[Claim]) -> bool:
    """A key fact is covered by a claim that states all its figures and terms and cites one of its pages."""
    figures = [f for value in fact.get("figures", []) for f in extract_figures(str(value))]
    terms = [squash(t) for t in fact.get("terms", [])]
    pages = set(fact.get("pages", []))
    for claim in claims:
        stated = set(extract_figures(claim.text))
        flat = squash(claim.text)
        if all(f in stated for f in figures) and all(t in flat for t in terms) and pages & set(claim.pages):
            return True
    return False


def key_fact_recall(facts: Sequence[Mapping], claims: Sequence[Claim]) -> float | None:
    if not facts:
        return None
    return sum(fact_covered(f, claims) for f in facts) / len(facts)
