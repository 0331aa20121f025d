"""What an LLM sees of a report: cleaned, page-tagged text under a token budget.

Shared by every engine-facing stage. The cover page is kept whole (rating, target price
and the EPS table live there); other pages contribute their candidate sentences, which
already exclude running headers, disclaimers and prompt-injection sentences. When that is
still over budget, the best-ranked sentences are kept, in page order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Literal, Sequence

from tools.sentence_rank import collect_sentences, rank_sentences
from tools.injection import injection_spans
from tools.tokens import count_tokens

Pages = Sequence[tuple[int, str]]


@dataclass(frozen=True)
class Material:
    text: str  # <page n="N"> … </page> blocks
    pages: tuple[int, ...]  # pages that contributed text
    tokens: int
    mode: Literal["full", "condensed"]


def _strip_injections(text: str) -> str:
    for start, end in sorted(injection_spans(text), reverse=True):
        text = text[:start] + text[end:]
    return text


# Text that imitates our delimiters (</report>, <page n="…">, <notes>) or chat markup could close the
# data block early and pass the rest off as instructions: such tags lose their angle brackets.
_TAG_LIKE = re.compile(r"<\s*(/?\s*(?:report|page|notes|material|system|assistant|user|instructions?|im_start|im_end)\b[^<>]*)>",
                       re.IGNORECASE)


def fence(text: str) -> str:
    """Document text made safe to place between our delimiters."""
    return _TAG_LIKE.sub(lambda m: f"‹{m.group(1)}›", text)


def format_pages(parts: Sequence[tuple[int, str]]) -> str:
    return "\n".join(f'<page n="{n}">\n{fence(text.strip())}\n</page>' for n, text in parts if text.strip())


def _cover(pages: Pages) -> tuple[int, str] | None:
    if not pages:
        return None
    number, text = pages[0]
    repeated = {s for s in (ln.strip() for ln in text.split("\n")) if s and any(s in t for _, t in pages[1:3])
                and len(s) <= 60} if len(pages) > 2 else set()
    kept = "\n".join(ln for ln in text.split("\n") if ln.strip() not in repeated)
    return number, _strip_injections(kept)


def _by_page(sentences) -> list[tuple[int, str]]:
    grouped: dict[int, list[str]] = {}
    for s in sorted(sentences, key=lambda s: (s.page, s.position)):
        grouped.setdefault(s.page, []).append(s.text)
    return [(page, "".join(texts)) for page, texts in grouped.items()]


def build_material(pages: Pages, budget_tokens: int, count: Callable[[str], int] = count_tokens) -> Material:
    """Page-tagged material for one LLM call, at most about `budget_tokens` tokens."""
    cover = _cover(pages)
    rest = [p for p in pages if cover is None or p[0] != cover[0]]
    body = _by_page(collect_sentences(rest).candidates)
    parts = ([cover] if cover else []) + body
    text = format_pages(parts)
    tokens = count(text)
    if tokens <= budget_tokens:
        return Material(text, tuple(n for n, t in parts if t.strip()), tokens, "full")

    cover_text = format_pages([cover]) if cover else ""
    remaining = max(budget_tokens - count(cover_text), 0)
    ranked = rank_sentences(rest, k=len(body) * 8 or 1)
    chosen, used = [], 0
    for sentence in ranked:  # best first; stop adding once the budget is spent
        cost = count(sentence.text) + 2
        if used + cost > remaining:
            continue
        chosen.append(sentence)
        used += cost
    parts = ([cover] if cover else []) + _by_page(chosen)
    text = format_pages(parts)
    return Material(text, tuple(n for n, t in parts if t.strip()), count(text), "condensed")


def group_pages(pages: Pages, group_tokens: int, count: Callable[[str], int] = count_tokens) -> list[list[tuple[int, str]]]:
    """Consecutive pages packed into groups of about `group_tokens` tokens (map-reduce input)."""
    groups: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    size = 0
    for number, text in pages:
        tokens = count(text)
        if current and size + tokens > group_tokens:
            groups.append(current)
            current, size = [], 0
        current.append((number, text))
        size += tokens
    if current:
        groups.append(current)
    return groups
