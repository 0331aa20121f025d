"""What a report already summarizes itself: the cover's 投资要点 (or 核心观点, 投资摘要…) and its 风险提示.

The cover is the lowest-numbered page. Its summary section is the author's own digest, so the offline
engine uses it before ranking anything; the risk section is the only source of risks (a summary never
invents risks from other sentences).
"""

from __future__ import annotations

from collections.abc import Sequence

from tools.sentence_rank import PageSentence, find_section

SUMMARY_HEADINGS = ("投资要点", "核心观点", "投资摘要", "报告摘要", "报告要点", "主要观点", "核心结论", "投资逻辑")
RISK_HEADINGS = ("风险提示", "风险因素", "主要风险")


def cover_summary(pages: Sequence[tuple[int, str]]) -> list[PageSentence]:
    """Sentences under the cover's summary heading, or after its inline label ("投资要点：…") down to the next
    heading or label (风险提示：…); [] when the cover has none."""
    if not pages:
        return []
    cover = min(pages, key=lambda p: p[0])
    # A bare 摘要 heading (天风, 国盛…) counts only as itself: 财务摘要 is a table.
    return find_section([cover], SUMMARY_HEADINGS, carry_inline=True) or \
        find_section([cover], ("摘要",), carry_inline=True, fallback=False)


def body_pages(pages: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """Every page but the cover: what a summary has to be made from when the cover is set aside."""
    if not pages:
        return []
    first = min(p[0] for p in pages)
    return [p for p in pages if p[0] != first]


def risk_section(pages: Sequence[tuple[int, str]]) -> list[PageSentence]:
    return find_section(pages, RISK_HEADINGS)
