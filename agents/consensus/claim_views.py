"""Topics and divergences from the brokers' claims (`ReportSummary.claims`, verified against their pages).

Every claim sits under exactly one topic (its own `topic`). Two brokers diverge when their claims on one
metric and period conflict (`tools.claims.compare.conflict`); a claim in which a report declares its view
against the market's (分歧, 与市场不同, 市场担忧…我们认为) and that no other broker's claim answers is a
one-sided divergence against 市场. A topic is a divergence when it holds one; a consensus when ≥ 2 brokers
speak on it with one non-neutral stance; single when one broker does; mixed otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

from agents.consensus.claim_similarity import Encode, ties_by_meaning
from agents.consensus.models import ClaimDivergence, ClaimRef, TopicPoint, TopicView
from agents.consensus.pair_veto import vetoes
from tools.claims.compare import conflict, may_tie
from tools.claims.facets import own_metric
from tools.claims.model import Claim

_TYPE_ORDER = ("value", "direction", "stance", "self_declared")
PAIRS_PER_CLAIM = 2  # dev: 1 lost 3 of 21 true divergences on the written half, 2 none
_WEIGHT = {"value": 4, "direction": 2, "stance": 1, "self_declared": 1}


def _strength(types: Sequence[str]) -> int:
    return sum(_WEIGHT[t] for t in set(types))


def _ref(broker: str, report_id: str, claim: Claim) -> ClaimRef:
    return ClaimRef(broker=broker, report_id=report_id, text=claim.text, page=claim.page,
                    also_pages=list(claim.also_pages), metric=claim.metric, period=claim.period,
                    value=claim.value.text if claim.value else None, stance=claim.stance)


def claim_divergences(claims: Sequence[tuple[str, str, Claim]], *, company_report: bool = False,
                      encode: Encode | None = None, may_pair: Sequence[bool] | None = None) -> list[ClaimDivergence]:
    """Conflicting pairs across brokers, then one-sided self-declared divergences; `claims` holds
    (broker, report_id, claim) for verified claims only; `company_report`: the reports are about one company
    (an unmarked quantity is the company's own, tools.claims.scope), not an industry or a theme; `may_pair`:
    which claims may form a divergence at all (agents.consensus.claim_worth; None: all)."""
    allowed = list(may_pair) if may_pair is not None else [True] * len(claims)
    found: list[tuple[int, int, int, list[str]]] = []  # (strength, i, j, types)
    similar = meaning_ties(claims, encode)
    rules: dict[tuple[int, int], str] = {}  # each pair's quantity_tie, read once by the veto
    vetoed = vetoes(claims, encode, similar, company_report=company_report, rules=rules)  # ties read as two quantities
    for i, (broker_a, _, a) in enumerate(claims):
        for j in range(i + 1, len(claims)):
            broker_b, _, b = claims[j]
            if broker_a == broker_b or not (allowed[i] and allowed[j]) or vetoed(i, j):
                continue
            if types := conflict(a, b, company_report=company_report, tied=similar(i, j), rules=rules.get((i, j))):
                found.append((_strength(types), i, j, types))
    # A view restated or argued in several sentences is one disagreement with another broker, not one per
    # sentence: each claim takes part in at most PAIRS_PER_CLAIM divergences with any one other report, the
    # strongest first (figures that conflict, then directions, then stances alone); ties keep page order.
    used: dict[tuple[int, str], int] = {}
    out: list[ClaimDivergence] = []
    paired: set[int] = set()
    for _, i, j, types in sorted(found, key=lambda f: (-f[0], f[1], f[2])):
        (broker_a, report_a, a), (broker_b, report_b, b) = claims[i], claims[j]
        if used.get((i, report_b), 0) >= PAIRS_PER_CLAIM or used.get((j, report_a), 0) >= PAIRS_PER_CLAIM or \
                (set(types) <= {"stance"} and (used.get((i, report_b)) or used.get((j, report_a)))):
            continue  # a stance alone adds nothing to a claim already set against that report
        used[(i, report_b)] = used.get((i, report_b), 0) + 1
        used[(j, report_a)] = used.get((j, report_a), 0) + 1
        paired |= {i, j}
        out.append(ClaimDivergence(topic=a.topic, metric=a.metric or b.metric,
                                   types=sorted(set(types), key=_TYPE_ORDER.index),
                                   claims=[_ref(broker_a, report_a, a), _ref(broker_b, report_b, b)]))
    out.sort(key=lambda d: [(c.report_id, c.page) for c in d.claims])
    for i, (broker, report_id, claim) in enumerate(claims):
        if claim.self_declared and allowed[i] and i not in paired:
            holders = _view_holders(claims, i)
            out.extend(ClaimDivergence(topic=claim.topic, metric=claim.metric, types=["stance", "self_declared"],
                                       claims=[_ref(broker, report_id, claim), _ref(*claims[j])]) for j in holders)
            if not holders:
                out.append(ClaimDivergence(topic=claim.topic, metric=claim.metric, types=["self_declared"],
                                           claims=[_ref(broker, report_id, claim)], against="市场"))
    return out


def meaning_ties(claims: Sequence[tuple[str, str, Claim]], encode: Encode | None) -> Callable[[int, int], bool]:
    """Which claims of two reports speak of one quantity by their sentences' meaning (claim_similarity), a claim's
    counterpart sought among the claims the rules let it tie (compare.may_tie)."""
    mains = [own_metric(c) for _, _, c in claims]

    @cache
    def compatible(i: int, j: int) -> bool:  # i < j: may_tie is symmetric and ties_by_meaning asks both ways
        return may_tie(claims[i][2], claims[j][2], mains[i], mains[j])
    return ties_by_meaning([c.text for _, _, c in claims], [r for _, r, _ in claims], encode,
                           lambda i, j: compatible(min(i, j), max(i, j)))


def _view_holders(claims: Sequence[tuple[str, str, Claim]], i: int) -> list[int]:
    """For a rebuttal no figure or direction pairs: the claim of each other report that holds the rebutted view
    (tools.claims.rebuttal), the one repeating most of it."""
    from tools.claims.rebuttal import HOLDS_VIEW_OVERLAP, holder_share

    broker, _, rebuttal = claims[i]
    best: dict[str, tuple[float, int]] = {}
    for j, (other_broker, report_id, other) in enumerate(claims):
        if other_broker != broker and (score := holder_share(rebuttal, other)) >= HOLDS_VIEW_OVERLAP and \
                score > best.get(report_id, (0.0, -1))[0]:
            best[report_id] = (score, j)
    return sorted(j for _, j in best.values())


def claim_topics(claims: Sequence[tuple[str, str, Claim]], divergences: Sequence[ClaimDivergence]) -> list[TopicView]:
    """One view per topic, each claim under its own topic only; divergences first."""
    grouped: dict[str, list[tuple[str, str, Claim]]] = {}
    for entry in claims:
        grouped.setdefault(entry[2].topic, []).append(entry)
    divergent = {d.topic for d in divergences if d.against is None}
    views = []
    for topic, entries in grouped.items():
        brokers = list(dict.fromkeys(b for b, _, _ in entries))
        stances = {c.stance for _, _, c in entries} - {"neutral"}
        if topic in divergent:
            status, stance = "divergence", None
        elif len(brokers) < 2:
            status, stance = "single", None
        elif len(stances) == 1 and all(any(c.stance != "neutral" for b2, _, c in entries if b2 == b) for b in brokers):
            status, stance = "consensus", stances.pop()
        else:
            status, stance = "mixed", None
        points = [TopicPoint(broker=b, report_id=r, kind="argument", text=c.text, pages=[c.page, *c.also_pages],
                             stance=c.stance) for b, r, c in entries]
        views.append(TopicView(topic=topic, status=status, stance=stance, brokers=brokers, points=points))
    order = {"divergence": 0, "consensus": 1, "mixed": 2, "single": 3}
    views.sort(key=lambda v: (order[v.status], -len(v.brokers)))
    return views
