"""Disclaimer material (分析师声明, 免责声明, 评级说明, 特别声明…): where it starts in a report.

Broker reports end with it. The first heading line of that kind on a page after the cover opens it,
and everything from there to the end of the document is boilerplate: kept in the page text (a user can
still search it on request), left out of default search, chunks' ranking and summaries.
"""

from __future__ import annotations

import re
from typing import Sequence

_NUMBERING = r"(?:[一二三四五六七八九十]+[、.．]|\d+(?:\.\d+)*[、.．]?|[（(][一二三四五六七八九十\d]+[)）])?\s*"
# A page's running header may name the section after the broker: "中金公司 | 法律声明与评级说明".
_RUNNING_HEADER = r"(?:[^|｜丨\n。，；：:]{1,16}\s*[|｜丨]\s*)?"
DISCLAIMER_HEADING = re.compile(
    rf"^{_RUNNING_HEADER}{_NUMBERING}(?:(?:证券)?(?:分析师|分析员|研究员)(?:声明|承诺)|(?:公司|行业|股票)?(?:投资)?评级(?:的)?(?:说明|标准|体系|定义)"
    r"|(?:免责|重要|特别|法律|一般|披露)(?:声明|条款)|信息披露|免责条款)")
MAX_HEADING_CHARS = 24  # after a running header's broker name


def is_disclaimer_heading(line: str) -> bool:
    line = re.sub(_RUNNING_HEADER, "", line.strip().lstrip("#").strip(), count=1)
    return len(line) <= MAX_HEADING_CHARS and bool(DISCLAIMER_HEADING.match(line))


def boilerplate_start(pages: Sequence[str]) -> tuple[int, int] | None:
    """(page index, character offset in that page's text) where disclaimer material begins, or None.

    The cover is skipped unless it is the only page: a cover can name 评级说明 in a side note."""
    for index, text in enumerate(pages):
        if index == 0 and len(pages) > 1:
            continue
        offset = 0
        for line in text.split("\n"):
            if is_disclaimer_heading(line):
                return index, offset
            offset += len(line) + 1
    return None


def boilerplate_offsets(pages: Sequence[str]) -> list[int | None]:
    """Per page: the offset from which its text is boilerplate (0 = all of it), or None."""
    start = boilerplate_start(pages)
    if start is None:
        return [None] * len(pages)
    page, offset = start
    return [None if i < page else offset if i == page else 0 for i in range(len(pages))]
