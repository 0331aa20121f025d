"""One topic for what a report says about one subject, wherever it says it.

A report restates a view: the cover bullet "储能价格战是2025年最大变量" and the body's "与部分机构“储能价格战对
龙头影响有限”的判断不同，我们对储能业务的盈利能力更为谨慎" are one claim thread, yet their quantity words
(价格, 盈利能力) would file them under two topics. Claims of one report that share a noun run of at least
`SHARED_RUN` characters (runs are the text between punctuation, digits and function words such as 我们/预计/
公司/的) are linked, and each linked group takes one topic: its most frequent specific topic (ties: the first),
else 其他. One claim stated twice (`tools.claims.restate`) is merged by the extraction into one claim with
`also_pages`, a statement and its fuller restatement are one thread, and a cover bullet restated by body sentences that are no claim joins the thread of the claim that
paragraph makes (`restatement_links`): one view, one topic. Two claims of one page in the same words (a heading and
its paragraph, `restates`) are two statements, yet one thread.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from tools.claims.model import Claim
from tools.claims.restate import restatement, restates

SHARED_RUN = 5
_BREAK = re.compile(r"[^\u4e00-\u9fffA-Za-z]+|我们|预计|认为|判断|公司|有望|同比|环比|的|将|为|和|与|及|对|在|是|了")


def _runs(text: str) -> list[str]:
    return [r for r in _BREAK.split(text.replace(" ", "")) if len(r) >= SHARED_RUN]


def _share_run(a: list[str], b: list[str]) -> bool:
    for x in a:
        grams = {x[i:i + SHARED_RUN] for i in range(len(x) - SHARED_RUN + 1)}
        if any(y[i:i + SHARED_RUN] in grams for y in b for i in range(len(y) - SHARED_RUN + 1)):
            return True
    return False


# A sentence opening on its subject ("疫病防控能力突出…" on the cover, "疫病防控方面，…" in the body): claims that open
# on the same noun run of OPENING characters or more speak of one subject. Connectives and frames are no subject.
OPENING = 3
_NO_SUBJECT = re.compile(r"^(?:随着|随|受|由于|因|在|从|根据|按|若|如果|虽然|尽管|但|而|同时|此外|另外|其中|目前|当前|"
                         r"综合|总体|整体|展望|考虑|预计|我们|公司|截至|对于|对|与|一方面|另一方面|需要|值得)")


def _opening(text: str) -> str:
    text = re.sub(r"^\s*(?:[一二三四五六七八九十\d]+[、.．]|[•●◆▶·\-])?\s*", "", text)
    return "" if _NO_SUBJECT.match(text) else re.match(r"[\u4e00-\u9fff]*", text)[0]


def _same_opening(a: str, b: str) -> bool:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= OPENING


class Threads:
    """Claims joined into threads (a disjoint-set forest): a thread's claims take one topic."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n  # claims per thread, read at a root

    def root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        """One thread of i's and j's; i's root stays the root."""
        ri, rj = self.root(i), self.root(j)
        if ri != rj:
            self.parent[rj] = ri
            self.size[ri] += self.size[rj]


def unify_topics(claims: Sequence[Claim], links: Sequence[tuple[int, int]] = ()) -> list[Claim]:
    """The claims of one report, each linked group under one topic (order and everything else kept); `links`:
    pairs of claim indices the caller knows to be one thread (a rebuttal and the conclusion after it). Claims
    restating each other (`restatement`: the LLM's, which no extraction merged, or a fuller restatement) are one thread too."""
    runs = [_runs(c.text) for c in claims]
    openings = [_opening(c.text) for c in claims]
    threads = Threads(len(claims))
    for i in range(len(claims)):
        for j in range(i + 1, len(claims)):
            if threads.root(i) != threads.root(j) and (
                    _share_run(runs[i], runs[j]) or _same_opening(openings[i], openings[j]) or
                    restatement(claims[i], claims[j]) is not None or
                    claims[i].page == claims[j].page and restates(claims[i].text, claims[j].text)):
                threads.join(i, j)
    for i, j in links:
        threads.join(i, j)
    groups: dict[int, list[int]] = {}
    for i in range(len(claims)):
        groups.setdefault(threads.root(i), []).append(i)
    topic = {}
    for members in groups.values():
        counts = Counter(claims[i].topic for i in members if claims[i].topic != "其他")
        best = max(counts, key=lambda t: (counts[t], -min(i for i in members if claims[i].topic == t))) if counts else "其他"
        topic.update({i: best for i in members})
    return [c if c.topic == topic[i] else c.model_copy(update={"topic": topic[i]}) for i, c in enumerate(claims)]


def restatement_links(claims: list[Claim], said: list[tuple[int, int, int, str]],
                      held: dict[tuple[int, int], list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """A claim restated on another page by sentences of a paragraph that are no claim themselves (the body's "市场担忧…。我们认为…趋势不改："
    under the cover's "价：市场担忧…，我们认为…趋势不改") is one thread with the claim that paragraph goes on to make
    (else the one before them): the cover bullet and its body paragraph sit under one topic."""
    spoken: dict[tuple[int, int], tuple[int, str]] = {}  # a paragraph's sentences that are no claim, joined
    for page, paragraph, position, text in said:
        first, joined = spoken.get((page, paragraph), (position, ""))
        spoken[(page, paragraph)] = (first, joined + text)
    links = []
    for i, claim in enumerate(claims):
        for (page, paragraph), (position, text) in spoken.items():
            there = held.get((page, paragraph), [])
            if page == claim.page or not there or not restates(claim.text, text):
                continue
            after = [j for at, j in there if at > position]
            j = after[0] if after else there[-1][1]
            if j != i:
                links.append((i, j))
                break
    return links
