"""Sentence selection to a character budget: the engine (`select_summary`) and the baselines it is
measured against (`lead`, `random_pick`, `textrank_pick`, in benchmarks/extractive_rouge.py).

The budget follows the input: `budget_for` takes a share of the input's characters, clamped to a floor
and a ceiling (defaults in `Budget`, set from the references' own length on the dev set). Every method
fills the same budget the same way: sentences are taken in its order of preference while they fit, so
methods compare at equal length.

The engine ranks by TextRank centrality × a prior: the report's own judgements (a sentence that makes a
claim, tools.claims) and a section's opening sentence are what authors lift into their 投资要点. A
sentence that opens on a list number or a connective (2.、二是、此外、因此、但…) needs the sentence before it:
that one is pulled in with it when both fit, else the sentence is skipped.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tools.sentence_rank import PageSentence, collect_sentences, rank_sentences
from tools.text import squash

NEEDS_ANTECEDENT = re.compile(
    r"^\s*(?:\d{1,2}\s*[.、)）](?!\d)|[（(]\s*\d{1,2}\s*[)）]|[一二三四五六七八九十]+\s*[是、）)]|其[次一二三四]|第[二三四五六]|"
    r"此外|另外|同时|与此同时|因此|所以|故|但|而且|而|然而|不过|并且|此|这|该|其|上述|以上|对此|由此|相应|反之|对应)")


@dataclass(frozen=True)
class Budget:
    """Characters a summary may use: `ratio` of the input's, within [floor, ceiling]."""

    ratio: float = 0.25  # the dev set's median reference/input share was 0.24 (benchmarks/extractive_rouge.py)
    floor: int = 80
    ceiling: int = 600


def budget_for(pool: Sequence[PageSentence], budget: Budget = Budget()) -> int:
    total = sum(len(squash(s.text)) for s in pool)
    return int(min(budget.ceiling, max(budget.floor, budget.ratio * total)))


def _fill(order: Sequence[PageSentence], limit: int, pool: Sequence[PageSentence] | None = None,
          antecedents: bool = False) -> list[PageSentence]:
    """Take sentences in `order` while they fit `limit` characters; in page order."""
    chosen: dict[int, PageSentence] = {}
    used = 0
    by_position = {s.position: s for s in pool or order}
    for s in order:
        if s.position in chosen:
            continue
        group = [s]
        if antecedents and NEEDS_ANTECEDENT.match(s.text):
            before = by_position.get(s.position - 1)
            if before is None:
                continue
            group = [before, s] if before.position not in chosen else [s]
            if NEEDS_ANTECEDENT.match(before.text) and (before.position - 1) not in chosen:
                continue  # a chain of list items whose head is not taken reads as a fragment
        size = sum(len(squash(g.text)) for g in group if g.position not in chosen)
        if used + size > limit:
            continue
        for g in group:
            chosen[g.position] = g
        used += size
    return sorted(chosen.values(), key=lambda s: s.position)


def lead(pages: Sequence[tuple[int, str]], limit: int) -> list[PageSentence]:
    return _fill(collect_sentences(pages).candidates, limit)


def random_pick(pages: Sequence[tuple[int, str]], limit: int, seed: int = 0) -> list[PageSentence]:
    pool = list(collect_sentences(pages).candidates)
    random.Random(seed).shuffle(pool)
    return _fill(pool, limit)


def textrank_pick(pages: Sequence[tuple[int, str]], limit: int) -> list[PageSentence]:
    """The previous engine's ranking (TextRank × position prior, then MMR), filled to the budget."""
    pool = collect_sentences(pages).candidates
    return _fill(rank_sentences(pages, k=len(pool)), limit)


def ranked_sentences(pages: Sequence[tuple[int, str]], *, claim_weight: float = 1.5, opening_weight: float = 1.0,
                     exclude: frozenset[str] = frozenset()) -> tuple[list[PageSentence], list[PageSentence]]:
    """(the engine's order of preference, the candidate pool): centrality × (1 + claim bonus +
    section-opening bonus); sentences in `exclude` (whitespace-free text) left out."""
    from tools.claims.extract import claim_from_text, is_claim

    pool = collect_sentences(pages)
    if not pool.candidates:
        return [], []
    ranked = rank_sentences(pages, k=len(pool.candidates))
    opening = {s.position for i, s in enumerate(pool.candidates)
               if i == 0 or pool.sections[i] != pool.sections[i - 1]}
    scored = []
    for r in ranked:
        bonus = 1.0 + opening_weight * (r.position in opening)
        if claim_weight and is_claim(r.text, claim_from_text(r.text, r.page)):
            bonus += claim_weight
        scored.append((r.score * bonus, r))
    base = {s.position: s for s in pool.candidates}
    order = [base[r.position] for _, r in sorted(scored, key=lambda sr: (-sr[0], sr[1].position))
             if squash(r.text) not in exclude]
    return order, pool.candidates


def select_summary(pages: Sequence[tuple[int, str]], limit: int, *, claim_weight: float = 1.5,
                   opening_weight: float = 1.0, exclude: frozenset[str] = frozenset()) -> list[PageSentence]:
    """The engine: the preferred sentences, each with its antecedent, filled to `limit` characters."""
    order, pool = ranked_sentences(pages, claim_weight=claim_weight, opening_weight=opening_weight, exclude=exclude)
    return _fill(order, limit, pool, antecedents=True)
