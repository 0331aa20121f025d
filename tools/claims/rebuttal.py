"""Who holds the view a report rebuts.

A rebuttal names the view it argues against ("市场担忧扩产带来的折旧压力将持续侵蚀利润，我们认为…拖累有限";
"我们与市场的分歧在于：市场认为A，我们认为B"). When another broker in the set asserts that view in its own voice
("折旧压力仍大"), the two reports disagree with each other, not only with an anonymous market: one divergence
between them (self_declared among its types), not a one-sided one. The other broker holds the view when its own
clause repeats the rebutted view's words and it takes the opposite side.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tools.claims.model import Claim

# The rebutted view, from its attribution (市场担忧/普遍认为/期待…) to the report's turn or the clause end.
_VIEW = re.compile(r"(?:市场上?|部分机构|部分投资者|投资者|有观点|主流观点)(?:普遍|主流|此前|一度)?"
                   r"(?:认为|预期|担忧|担心|期待|顾虑)(?P<view>[^。；;]*?)(?=[，,]\s*(?:但|然而|不过|而)?\s*我们|[。；;]|$)")
_NOT_CONTENT = re.compile(r"[^\u4e00-\u9fff0-9A-Za-z]")
# Share of the rebutted view's character pairs that the other broker's own voice repeats. Dev half (odd cases,
# 2026-12), other-broker claims on the opposite side: the gold holders repeat 0.20 (a split heading), 0.33 and
# 0.67; claims that do not hold the view 0.25 and 0.58 (both in one beer case, whose words 餐饮/消费 recur
# everywhere) and ≤ 0.11 elsewhere. A weak signal: it decides only where no figure or direction pairs the rebuttal.
HOLDS_VIEW_OVERLAP = 0.2


@lru_cache(maxsize=4096)  # a rebuttal meets every other broker's claim
def rebutted_view(text: str) -> str | None:
    """The words of the view the sentence rebuts, None when it rebuts none by name."""
    m = _VIEW.search(text)
    view = _NOT_CONTENT.sub("", m["view"]) if m else ""
    return view if len(view) >= 4 else None


def _pairs(text: str) -> set[str]:
    text = _NOT_CONTENT.sub("", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _own_voice(text: str) -> str:
    """The text without the views it attributes to others or quotes (its premises stay: they are its words)."""
    return _VIEW.sub("", re.sub(r"“[^”]*”|「[^」]*」", "", text))


def view_overlap(rebuttal: Claim, other: Claim) -> float:
    """How much of `rebuttal`'s named view `other` repeats in its own voice (0 when there is no named view)."""
    view = rebutted_view(rebuttal.text)
    if view is None:
        return 0.0
    wanted = _pairs(view)
    return len(wanted & _pairs(_own_voice(other.text))) / len(wanted)


def holder_share(rebuttal: Claim, other: Claim) -> float:
    """`view_overlap` when `other` (another broker's claim) could hold the view `rebuttal` argues against — the
    other side of it, the same year — else 0."""
    if not rebuttal.self_declared or {rebuttal.stance, other.stance} != {"positive", "negative"}:
        return 0.0
    if rebuttal.period and other.period and rebuttal.period[:4] != other.period[:4]:
        return 0.0  # a view on another year is another question
    return view_overlap(rebuttal, other)


def holds_rebutted_view(rebuttal: Claim, other: Claim) -> bool:
    """`other` (another broker's claim) asserts the view `rebuttal` argues against, on the other side of it."""
    return holder_share(rebuttal, other) >= HOLDS_VIEW_OVERLAP
