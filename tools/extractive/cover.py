"""What a report already summarizes itself: the cover's own summary and its 风险提示.

The cover is the lowest-numbered page. Its summary is the author's own digest, so the offline engine uses
it before ranking anything; the risk section is the only source of risks (a summary never invents risks
from other sentences).

Covers name their summary many ways (投资要点, 核心观点, 报告摘要, and also 业绩简评, 事件评论, 要点, 投资亮点
or no heading at all: 华泰's topic lines over paragraphs), so a heading from the list is only the first
way in. Without one, the summary is recognised by structure (`_prose_block`): on a page that is a report
cover (a rating, a target or current price, an analyst, a stock line or a research masthead), it is the
cover's running prose — paragraphs and list items of full sentences — less the fields around it
(label/value lines, bylines, table rows, related-report titles, disclaimers) and less the risk section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tools.sentence_rank import PageSentence, collect_sentences, find_section
from tools.text import squash

SUMMARY_HEADINGS = ("投资要点", "核心观点", "投资摘要", "报告摘要", "报告要点", "主要观点", "核心结论", "投资逻辑")
RISK_HEADINGS = ("风险提示", "风险因素", "主要风险")
_MASTHEAD = re.compile(r"证券研究报告|研究报告|公司研究|行业研究|公司点评|行业点评|点评报告|深度研究|研究所|研究部|研究中心")
_CLAUSE = re.compile(r"[，。；;,！!]")
# Sentences about the document itself, not about its subject: "本报告仅供…", "不代表…观点", a sample's marker.
_ABOUT_ITSELF = re.compile(r"^本(?:报告|文|纪要|材料)(?:为|系|仅)|不代表[^。]{0,20}观点|仅(?:供|用于)[^。]{0,8}(?:参考|测试|评测|使用)"
                           r"|虚构样例")  # "本报告系统梳理了…" is a summary; "本报告为…样例/仅供…" is not
_BYLINE = re.compile(r"分析师|分析员|研究员|研究助理|联系人|执业|证书编号|S\d{13}|@|电话|邮箱")
_SAC = re.compile(r"s\d{13}")  # a securities-association licence number (cover_lines are lower-cased)
_TITLE_ONLY = re.compile(r"^\W*(?:\d+[.、．]\s*)?《[^》]+》[\s\d\-年月日.]*$")  # a related report: 1.《行业深度：…》
MIN_PROSE_CHARS = 40  # a cover with less running prose than this has no summary to use


def cover_summary(pages: Sequence[tuple[int, str]]) -> list[PageSentence]:
    """The cover's summary: under a summary heading, or after its inline label ("投资要点：…") down to the
    next heading or label (风险提示：…); else, on a report cover, its block of running prose. [] for a
    one-page document (its first page is no cover) or a cover without either."""
    if not pages:
        return []
    cover = min(pages, key=lambda p: p[0])
    found = headed_summary(cover)
    if found or len({p[0] for p in pages}) < 2:
        return found
    return _prose_block(cover) if is_report_cover(cover[1]) else []


def headed_summary(cover: tuple[int, str]) -> list[PageSentence]:
    """The cover's summary found by its heading or inline label alone (what the benchmark first admitted)."""
    # A bare 摘要 heading (天风, 国盛…) counts only as itself: 财务摘要 is a table.
    found = find_section([cover], SUMMARY_HEADINGS, carry_inline=True) or \
        find_section([cover], ("摘要",), carry_inline=True, fallback=False)
    return [s for s in found if not _label(s.text)]


def is_report_cover(text: str) -> bool:
    """A broker report's cover: it states a rating, a target or current price, an analyst or a stock line
    (tools.cover_fields), or a research masthead (证券研究报告, 公司点评…) among its first lines."""
    from tools import cover_fields as cf

    lines = cf.cover_lines(text)
    if any(_MASTHEAD.search(line) for line in lines[:8] if len(line) <= 60):
        return True
    return bool(any(_SAC.search(line) for line in lines) or cf.rating(lines)[0] or cf.target_price(lines)
                or cf.current_price(lines) or cf.analysts(lines) or cf.stock(lines))


def _prose_block(cover: tuple[int, str]) -> list[PageSentence]:
    """The cover's sentences that belong to running prose, in order (see the module docstring). A paragraph
    with a sentence about the document itself (a marker or disclaimer line) is left out whole."""
    from tools.text_titles import cover_title

    pool = collect_sentences([cover])
    risks = find_section([cover], RISK_HEADINGS) + find_section([cover], ("风险",), fallback=False)
    left_out = {squash(s.text) for s in risks} | {squash(cover_title(cover[1]) or "")}
    foreign = {p for s, p in zip(pool.candidates, pool.paragraphs) if _ABOUT_ITSELF.search(s.text)}
    chosen = [s for s, p in zip(pool.candidates, pool.paragraphs)
              if p not in foreign and squash(s.text) not in left_out and _is_prose(s.text)]
    if sum(len(s.text) for s in chosen) < MIN_PROSE_CHARS:
        return []
    return [PageSentence(s.text, s.page, i) for i, s in enumerate(chosen)]


def _label(sentence: str) -> bool:
    """A bulleted sub-heading ("■ 盈利预测与估值"): short and without a clause, it states nothing."""
    return len(squash(sentence)) < 12 and not _CLAUSE.search(sentence)


def _is_prose(sentence: str) -> bool:
    text = sentence.strip()
    if _ABOUT_ITSELF.search(text) or _BYLINE.search(text) or _TITLE_ONLY.match(text):
        return False
    # A full sentence has clauses or ends like one; a label/value line ("市价（人民币）：68.90元") has neither.
    return bool(_CLAUSE.search(text[:-1])) or text.endswith(("。", "；", ";", "！"))


def body_pages(pages: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """Every page but the cover: what a summary has to be made from when the cover is set aside."""
    if not pages:
        return []
    first = min(p[0] for p in pages)
    return [p for p in pages if p[0] != first]


def risk_section(pages: Sequence[tuple[int, str]]) -> list[PageSentence]:
    """Sentences under 风险提示 (风险因素, 主要风险, or a heading that holds one), else under a heading that
    is exactly 风险 (中金's covers)."""
    return find_section(pages, RISK_HEADINGS) or find_section(pages, ("风险",), fallback=False)
