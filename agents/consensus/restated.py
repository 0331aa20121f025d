"""One report's view restated in other words on another page: one claim thread, under one topic.

A report states its views on the cover (投资要点, 核心观点) and argues them again in the body or the forecast
section, in other words: "原奶价格下行周期接近尾声" on the cover, "我们判断原奶供给收缩将在下半年显现，奶价底部已现"
in the body. The extraction's rules (tools.claims.restate, tools.claims.topics) tie a restatement by shared
words or one metric, period and value; a restatement in other words they miss, and the two claims can land
under two topics, so one view appears twice. Here the sentence encoder (claim_similarity) ties them by meaning:
two claims of one report on different pages, one the other's nearest sentence on another page, whose sentences
or whose views (`own_view`: the clause after 我们认为/预计, the premise left out) sit at cosine ≥ RESTATED, or one
view and a clause of the other at ≥ CLAUSE_RESTATED (a headline and its paragraph), are one
thread and take one topic, unless a guard says they are two views (`_two_views`). Nothing is dropped: a wrong
tie files two views under one topic, it hides neither.

Measured (session 14; scripts/restate_pairs.py, docs/consensus.md): the dev half's gold restatements (a quote
and its `also_at` on another page) reach RESTATED in 222/256 pairs, two gold claims of one report on other pages
in 2/1,209 after the guards (81 stopped by them, against 11 restatements); RESTATED is the cosine where the
dev pairs' false ties fall to ~0 (0.50: 10). On invented pairs (evals/restate) one topic goes 61 → 70/82 for
restatements, 41 → 46/66 for other views of the report. Session 15 (a second blind set, invented2: headlines,
bullet labels, answers to questions, forecasts in another unit or rounded): figures rounded or in another unit
count as one (`figure_in_common`), the view-against-clause tie, the 国内/海外 and 线上/线下 guard: invented one topic
70 → 73/82 (other views 46 → 45/66), invented2 50 → 53/60 (16 → 16/40), dev gold 249 → 250/256 (166 → 166/1,209).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agents.consensus.claim_similarity import Encode
from tools.claims.model import Claim
from tools.claims.restate import figure_in_common, figures, parts_of_year, years

RESTATED = 0.55
# A view is stated in at most three places (the cover, the summary, the body or the forecast section): a
# thread never grows past that by meaning alone, so close sentences cannot chain a report into one topic.
PLACES = 3
_FRAME = re.compile(r"^(?:我们)?(?:认为|预计|判断|测算|预测)")
OWN_MIN = 6  # characters: a shorter own clause ("影响有限") says too little to be compared alone
# A cover headline restates one clause of the body paragraph that argues it ("海外储能：订单饱满" and "…，海外储能业务
# 订单充足"): one view against the other's closest clause counts too, at a higher bar, as short clauses meet by chance
# more often (chosen on the dev half's gold: the lowest bar at which its other views share a topic no more often).
CLAUSE_RESTATED = 0.60
CLAUSE_MIN = 4  # characters
_CLAUSE = re.compile(r"[，；。？！,;?!]")
_BULLET_LABEL = re.compile(r"^\s*([\u4e00-\u9fffA-Za-z]{1,6})[:：]")  # "海外储能：订单饱满": the label is the subject
# A clause that gives the view's reason or condition (随着运力恢复，…) is no restatement of another view's clause.
_PREMISE = re.compile(r"^(?:随着|受益于|得益于|受|由于|因|考虑到|若|如果|虽然|尽管|(?:公司)?作为)")


# A view put as the answer to a question ("批价能否企稳？我们认为底部已现"): the answer says what, the question about what.
_QUESTION = re.compile(r"^(?P<question>[^，。；？?]{2,30})[？?](?P<answer>.+)$")
_ASKING = re.compile(r"能否|是否|会不会|还会|何时|如何|几何|多大|多久|多少|什么|为什么|怎么|怎样|[吗呢]$")


def own_view(text: str) -> str:
    """The view a sentence asserts, without the premise that argues it ("受益于海外大储订单放量，我们预计…" → "…"):
    the body restates the cover's view with its reasons, and the reasons are no part of the comparison. An answer
    keeps its question's subject ("批价企稳，底部已现")."""
    from tools.claims.clauses import own_clause

    asked = _QUESTION.match(text.strip())
    if asked and _ASKING.search(asked["question"]):
        answer = _FRAME.sub("", asked["answer"].strip("，。；,;　 ")).strip("，。；,;　 ")
        return _ASKING.sub("", asked["question"]) + "，" + answer
    own = _FRAME.sub("", own_clause(text).strip("，。；,;　 ")).strip("，。；,;　 ")
    return own if len(own) >= OWN_MIN else text


# The halves brokers split a business into: a view of one half is no view of the other (海外销量高增 vs 国内销量稳增).
_HALVES = ((re.compile("国内|内销|境内|本土"), re.compile("海外|外销|出口|境外|国际|全球")),
           (re.compile("线上|电商"), re.compile("线下|门店")))


def _other_halves(a: str, b: str) -> bool:
    """One text names only one half of a split (国内/海外, 线上/线下), the other only the other half."""
    for first, second in _HALVES:
        fa, sa, fb, sb = (bool(r.search(t)) for t, r in ((a, first), (a, second), (b, first), (b, second)))
        if fa != sa and fb != sb and fa != fb:
            return True
    return False


def view_clauses(text: str) -> list[str]:
    """The clauses of a sentence's view (`own_view`), a bullet's label read as their subject, frames and clauses of
    reasons left out; the view itself when no clause is left."""
    view = own_view(text)
    clauses = [_FRAME.sub("", c.strip("　 ")) for c in _CLAUSE.split(_BULLET_LABEL.sub(r"\1", view))]
    return [c for c in clauses if len(c) >= CLAUSE_MIN and not _PREMISE.match(c)] or [view]


def _two_views(a: Claim, b: Claim) -> bool:
    """What makes two close sentences two views whatever their words: opposite stances (a risk against the
    view), other years or parts of a year (2025 vs 2026, 三季度 vs 全年), other halves of a business (国内 vs 海外), or figures on both sides with none in
    common (a restatement repeats its figure, perhaps rounded or in another unit; 12% and 18% are two scenarios)."""
    if {a.stance, b.stance} == {"positive", "negative"}:
        return True
    ya, yb, pa, pb = years(a.text), years(b.text), parts_of_year(a.text), parts_of_year(b.text)
    if ya and yb and not ya & yb or pa and pb and not pa & pb or _other_halves(a.text, b.text):
        return True
    return bool(figures(a.text) and figures(b.text) and not figure_in_common(a.text, b.text))


def restated_pairs(claims: Sequence[Claim], encode: Encode | None,
                   threshold: float = RESTATED) -> list[tuple[float, int, int]]:
    """(cosine, i, j) for the claims of one report that restate one view by meaning, on different pages."""
    if encode is None or len(claims) < 2:
        return []
    import numpy as np

    n = len(claims)
    clauses = [view_clauses(c.text) for c in claims]
    starts = np.cumsum([0] + [len(c) for c in clauses[:-1]])
    vectors = np.asarray(encode([c.text for c in claims] + [own_view(c.text) for c in claims] +
                                [c for cs in clauses for c in cs]), dtype=np.float32)
    cosines = np.maximum(vectors[:n] @ vectors[:n].T, vectors[n:2 * n] @ vectors[n:2 * n].T)
    # each view against the other's clauses (a headline against the clause of the paragraph that restates it)
    by_clause = vectors[n:2 * n] @ vectors[2 * n:].T
    best = np.maximum.reduceat(by_clause, starts, axis=1)
    best_clause = np.maximum(best, best.T)
    cosines = np.maximum(cosines, best_clause - (CLAUSE_RESTATED - threshold))  # the clauses' higher bar
    pages = np.array([c.page for c in claims])
    cosines[pages[:, None] == pages[None, :]] = -1.0  # two sentences of one page are two statements
    nearest = cosines.argmax(axis=1)
    found = []
    for i in range(len(claims)):
        for j in range(i + 1, len(claims)):
            cos = float(cosines[i, j])
            if cos >= threshold and (nearest[i] == j or nearest[j] == i) and not _two_views(claims[i], claims[j]):
                found.append((cos, i, j))
    return found


def restated_topics(claims: Sequence[Claim], encode: Encode | None, threshold: float = RESTATED) -> list[Claim]:
    """The claims of one report, a view and its restatements by meaning under one topic: the closest pairs
    first, at most PLACES claims tied by meaning alone. Each claim's thread (the claims the extraction's rules
    tie to it, tools.claims.topics) comes along, so no restatement the rules tied is left behind under the old
    topic; the joined thread takes its most frequent specific topic."""
    from tools.claims.topics import Threads, unify_topics

    threads, links = Threads(len(claims)), []
    for _, i, j in sorted(restated_pairs(claims, encode, threshold), reverse=True):
        ri, rj = threads.root(i), threads.root(j)
        if ri != rj and threads.size[ri] + threads.size[rj] <= PLACES:
            threads.join(i, j)
            links.append((i, j))
    return unify_topics(claims, links) if links else list(claims)
