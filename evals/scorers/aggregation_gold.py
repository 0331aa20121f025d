"""Scores of a ConsensusReport against a labelled aggregation case (evals/labelled/README.md, "Recommended
scoring"): claim matching by report, page and quote overlap; divergence precision/recall/F1; stance
accuracy over matched gold claims; duplicate claims across topics; the structured numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from evals.labelled.schema import AggCase, Claim as GoldClaim
from tools.text import squash

OVERLAP = 0.6  # longest common substring over the shorter quote


def _lcs(a: str, b: str) -> int:
    best, prev = 0, [0] * (len(b) + 1)
    for ch in a:
        row = [0] * (len(b) + 1)
        for j, other in enumerate(b, 1):
            if ch == other:
                row[j] = prev[j - 1] + 1
                best = max(best, row[j])
        prev = row
    return best


def overlap(a: str, b: str) -> float:
    a, b = squash(a), squash(b)
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    return _lcs(a, b) / min(len(a), len(b))


def match_score(report: str, pages: list[int], text: str, gold: GoldClaim) -> float:
    """How well a program claim matches a gold claim: 0 unless same report, a shared page and ≥ 60 % overlap."""
    if report != gold.report:
        return 0.0
    spots = [(gold.page, gold.quote)] + [(a.page, a.quote) for a in gold.also_at]
    scores = [overlap(text, quote) for page, quote in spots if page in pages]
    best = max(scores, default=0.0)
    return best if best >= OVERLAP else 0.0


def matched_golds(report: str, pages: list[int], text: str, case: AggCase) -> set[str]:
    """Every gold claim a program claim matches (a sentence may hold two gold quotes)."""
    return {g.id for g in case.gold.claims if match_score(report, pages, text, g) > 0}


def best_gold(report: str, pages: list[int], text: str, case: AggCase) -> str | None:
    scored = [(match_score(report, pages, text, g), g.id) for g in case.gold.claims]
    score, gid = max(scored, default=(0.0, None))
    return gid if score > 0 else None


@dataclass
class DivergenceCounts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    notes: list[str] = field(default_factory=list)

    def f1(self) -> float:
        if self.tp + self.fp + self.fn == 0:
            return 1.0  # nothing to find, nothing claimed
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)


def gold_hits(matched: list[set[str]], case: AggCase) -> list:
    """The gold divergences a predicted one stands for: `matched` holds, for each of its claims, the gold ids that
    claim matches (a claim matching two gold claims, one sentence with two quotes, may stand for either)."""
    def fits(d) -> bool:
        if len(d.claims) != len(matched) or (len(d.claims) == 1 and not d.against):
            return False
        return all(any(cid in m for m in matched) for cid in d.claims) and (
            len(matched) == 1 or (d.claims[0] in matched[0] and d.claims[1] in matched[1])
            or (d.claims[1] in matched[0] and d.claims[0] in matched[1]))
    return [d for d in case.gold.divergences if fits(d)]


def neither_right_nor_wrong(matched: list[set[str]], case: AggCase) -> bool:
    """A predicted divergence the scorer ignores: it involves an ambiguous entry, or its two claims match claims
    of two different gold divergences of one topic."""
    gold = case.gold
    flat = set().union(*matched) if matched else set()
    if any(set(a.claims) <= flat for a in gold.ambiguous):
        return True
    if len(matched) != 2 or not all(matched):
        return False
    topic_of = {c.id: c.topic for c in gold.claims}
    divergence_of: dict[str, list[str]] = {}
    for d in gold.divergences:
        for cid in d.claims:
            divergence_of.setdefault(cid, []).append(d.id)
    return any(a in divergence_of and b in divergence_of and topic_of[a] == topic_of[b]
               and not set(divergence_of[a]) & set(divergence_of[b]) for a in matched[0] for b in matched[1])


def score_divergences(predicted: list[list[set[str]]], case: AggCase, texts: list[str]) -> DivergenceCounts:
    """`predicted`: for each predicted divergence, the gold ids each of its claims matches (empty: none)."""
    found: set[str] = set()
    counts = DivergenceCounts()
    for matched, text in zip(predicted, texts):
        if hits := gold_hits(matched, case):
            new = [d for d in hits if d.id not in found]
            if new:
                found.add(new[0].id)
                counts.tp += 1
            continue
        if neither_right_nor_wrong(matched, case):
            continue
        counts.fp += 1
        counts.notes.append(f"误报分歧：{text}")
    for d in case.gold.divergences:
        if d.id not in found:
            counts.fn += 1
            counts.notes.append(f"漏报分歧 {d.id}（{d.topic}）：{d.note}")
    return counts
