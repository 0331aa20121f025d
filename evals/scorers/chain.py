"""Chain edge F1: does the output say which node supplies which?

strict: both endpoint names equal the reference's (whitespace and case ignored).
relaxed: endpoints match as nodes do elsewhere (one name contains the other, or an alias).
Each reference edge can be matched once, so a fan of near-duplicates does not count twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from evals.scorers.tickers import PRF, node_matches
from tools.text import squash


def _same(name: str, reference: str, aliases: Mapping[str, Sequence[str]], relaxed: bool) -> bool:
    if relaxed:
        return node_matches(name, reference, aliases.get(reference, ()))
    return squash(name).lower() == squash(reference).lower()


def edge_prf(predicted: Sequence[tuple[str, str]], expected: Sequence[tuple[str, str]], *, relaxed: bool = False,
             aliases: Mapping[str, Sequence[str]] | None = None) -> PRF:
    """Precision/recall/F1 of directed edges given as (source name, target name)."""
    aliases = aliases or {}
    pred = list(dict.fromkeys(predicted))
    gold = list(dict.fromkeys(expected))
    if not pred and not gold:
        return PRF(None, None, None)
    unmatched = list(gold)
    hits = 0
    for source, target in pred:
        for ref in unmatched:
            if _same(source, ref[0], aliases, relaxed) and _same(target, ref[1], aliases, relaxed):
                unmatched.remove(ref)
                hits += 1
                break
    precision = hits / len(pred) if pred else None
    recall = hits / len(gold) if gold else None
    if not hits:
        return PRF(precision, recall, 0.0)
    return PRF(precision, recall, 2 * precision * recall / (precision + recall))
