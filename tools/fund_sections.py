"""Cutting the manager's commentary out of a fund's periodic report: "报告期内基金的投资策略和运作分析" and
"管理人对宏观经济、证券市场及行业走势的简要展望".

Real reports differ in ways a rule tuned to one layout would miss, so the rules are about structure:
- The heading may be numbered "4.4", "4.4.1", "§4.5", "(一)" or not at all; "的" and "与/和" vary
  ("报告期内基金投资策略和运作分析"); the heading may share its line with the first sentence.
- The table of contents names the same headings (with dot leaders and page numbers): of several
  occurrences, the one with the longest body is the section.
- A section ends at the next heading: a short line numbered like a heading (§5, 4.5, 4.4.2, 五、), or one of
  the report's known unnumbered section titles.
- Running headers, footers and page numbers repeat on many pages and are dropped (the parser removes most
  of them by position; lines repeating on a third of the pages and page-number lines are dropped here too).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

STRATEGY, OUTLOOK = "报告期内基金的投资策略和运作分析", "管理人对宏观经济、证券市场及行业走势的简要展望"
_TARGETS = {
    STRATEGY: re.compile(r"(?:报告期内)?(?:本)?基金(?:的)?投资策略(?:和|与|及)(?:业绩)?运作分析"),
    OUTLOOK: re.compile(r"(?:管理人)?对宏观经济[、,，]?证券市场及行业走势(?:的)?简要展望"),
}
# A report's own section numbers (§4, 4.4, 4.4.1) end a section; list numbers inside the commentary
# ("1、", "（一）") do not, but may precede the target heading itself.
_SECTION_NUMBER = r"(?:§\s*\d+(?:\.\d+)*|\d{1,2}(?:\.\d{1,2}){1,3})"
_LIST_NUMBER = r"(?:\d+\s*[、.．]|[一二三四五六七八九十]+\s*[、.．]|[(（][一二三四五六七八九十\d]+[)）])"
_NUMBERED_HEADING = re.compile(rf"^\s*{_SECTION_NUMBER}\s*(?=[\u4e00-\u9fff])(?![万亿元倍个年月日])")
_HEADING_PREFIX = re.compile(rf"^\s*(?:{_SECTION_NUMBER}|{_LIST_NUMBER})?\s*")
# Unnumbered section titles that follow the commentary in CSRC's report templates. A short line opening
# with one is a heading; so is any line opening with one of the long ones (a parser may glue an unnumbered
# heading to the paragraph under it), which no sentence of commentary starts with.
_KNOWN_TITLES = ("报告期内基金的业绩表现", "报告期内基金业绩表现", "投资组合报告", "托管人报告", "财务会计报告",
                 "重大事件揭示", "开放式基金份额变动", "影响投资者决策的其他重要信息", "备查文件目录")
_LONG_TITLES = re.compile(r"管理人对报告期内(?:本)?基金(?:的)?估值程序等事项的说明|管理人内部有关本基金的监察稽核工作情况"
                          r"|管理人对报告期内(?:本)?基金(?:的)?利润分配情况的说明|公平交易专项说明"
                          r"|报告期内管理人对本基金持有人数或基金资产净值预警情形的说明"
                          r"|管理人对报告期内本基金持有人数或基金资产净值预警说明")
_TOC_LEADER = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|-{4,}|_{4,})\s*\d*\s*$|\s\d{1,3}\s*$")
_PAGE_NUMBER = re.compile(r"^\s*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|[-–—]?\s*\d{1,4}\s*[-–—]?|\d+\s*/\s*\d+"
                          r"|Page\s*\d+(?:\s*of\s*\d+)?)\s*$", re.I)
MAX_HEADING_CHARS = 48
MIN_SECTION_CHARS = 20


@dataclass(frozen=True)
class Section:
    title: str  # one of STRATEGY / OUTLOOK
    heading: str  # the heading as printed
    text: str
    page: int  # 0-based page where the heading is


def _squash(line: str) -> str:
    return "".join(unicodedata.normalize("NFKC", line).split())


def _furniture(pages: Sequence[str]) -> set[str]:
    """Lines repeating on at least a third of the pages (running headers and footers), when there are ≥3 pages."""
    if len(pages) < 3:
        return set()
    counts = Counter(key for page in pages for key in {_squash(line) for line in page.splitlines() if line.strip()})
    return {key for key, n in counts.items() if n >= max(3, len(pages) / 3) and len(key) <= 80}


def _lines(pages: Sequence[str]) -> list[tuple[int, str]]:
    furniture = _furniture(pages)
    kept = []
    for number, page in enumerate(pages):
        for line in page.splitlines():
            if line.strip() and _squash(line) not in furniture and not _PAGE_NUMBER.match(line):
                kept.append((number, line.strip()))
    return kept


def _is_heading(line: str) -> bool:
    squashed = _squash(line)
    if _LONG_TITLES.match(_HEADING_PREFIX.sub("", squashed)):
        return True
    if len(squashed) > MAX_HEADING_CHARS or squashed.endswith(("。", "；", ";", "，", ",")):
        return False
    if _NUMBERED_HEADING.match(line):
        return True
    bare = _HEADING_PREFIX.sub("", squashed)
    return any(bare.startswith(title) for title in _KNOWN_TITLES) or any(
        p.fullmatch(bare) for p in _TARGETS.values())


def _target_in(line: str, pattern: re.Pattern) -> tuple[str, str] | None:
    """(heading, rest of the line as printed) when `line` opens with the target heading (after any numbering)."""
    squashed = _squash(line)
    bare = _HEADING_PREFIX.sub("", squashed)
    match = pattern.match(bare)
    if match is None or _TOC_LEADER.search(line):
        return None
    end, seen = len(squashed) - len(bare) + match.end(), 0
    for index, char in enumerate(line):  # where the heading ends in the printed line
        if seen >= end:
            return squashed[:end], line[index:].lstrip("：:。 \u3000")
        seen += len(_squash(char))
    return squashed[:end], ""


def _body(lines: list[tuple[int, str]], start: int, first: str) -> str:
    parts = [first] if first else []
    for _, line in lines[start + 1:]:
        if _is_heading(line) and not _TOC_LEADER.search(line):
            break
        parts.append(line)
    return _reflow(parts)


def _reflow(parts: list[str]) -> str:
    """Lines wrapped by the page width joined back; a line ending a sentence ends a paragraph."""
    paragraphs, current = [], ""
    for part in parts:
        joiner = " " if current and current[-1].isascii() and part[:1].isascii() else ""
        current = f"{current}{joiner}{part}" if current else part
        if part.endswith(("。", "！", "？", "：", ":")):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def cut_sections(pages: Sequence[str]) -> dict[str, Section]:
    """The commentary sections found in a report's page texts (0-based pages, in order), by title."""
    lines, found = _lines(pages), {}
    for title, pattern in _TARGETS.items():
        best: Section | None = None
        for index, (page, line) in enumerate(lines):
            hit = _target_in(line, pattern)
            if hit is None:
                continue
            text = _body(lines, index, hit[1])
            if len(text) >= MIN_SECTION_CHARS and (best is None or len(text) > len(best.text)):
                best = Section(title, hit[0], text, page)
        if best is not None:
            found[title] = best
    return found


def commentary_text(sections: dict[str, Section]) -> str:
    """The text the fund-style agent reads: each section under its own title, strategy first."""
    return "\n\n".join(f"【{title}】\n{sections[title].text}" for title in (STRATEGY, OUTLOOK) if title in sections)
