"""The title of a plain-text or Markdown report, which has no font sizes to tell the title by.

In order: a YAML front matter `title:` (what web exports and note tools write), the first level-1
Markdown heading near the top, then the cover rule: among the short display lines printed before the
first sentence of running text, the longest one that is not a byline, a label, a date or a category
word. Series labels ("金融工程 2025 年度策略"), account names and section kickers are short; a headline
carries the claim and is the longest line of the masthead. None when the text opens with prose.
"""

from __future__ import annotations

import re

from tools.injection import injection_spans

_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n(?P<body>.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_TITLE = re.compile(r"^title:[ \t]*(?P<q>[\"']?)(?P<v>.+?)(?P=q)[ \t]*$", re.MULTILINE)
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_BYLINE = re.compile(r"分析师|联系人|研究助理|执业|证书|S\d{10}|@|记者|作者|编辑|来源[:：]|电话|邮箱")
_LABEL = re.compile(r"^(?:投资要点|核心观点|摘要|内容摘要|报告摘要|投资建议|风险提示|投资评级|评级|目标价|当前价|股价|"
                    r"发布日期|报告日期|日期|所属行业|行业|证券代码|股票代码|相关报告)\s*[:：]?")
_CATEGORY = re.compile(r"(?:报告|研究|点评|周报|月报|日报|简报|纪要|[组部所院]|中心)$")
_DATE_ONLY = re.compile(r"^[\d\s年月日./\-:：]+$")
_NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|\d+(?:\.\d+)*[、.．)\s]|[(（]\d+[)）]|第[一二三四五六七八九十\d]+[章节部分])")
_HEADLINE_CHARS = (4, 60)
_MASTHEAD_LINES = 20  # a cover's display lines come first; this many non-empty lines at most


def front_matter_title(text: str) -> str | None:
    block = _FRONT_MATTER.match(text)
    found = _FRONT_TITLE.search(block["body"]) if block else None
    return found["v"].strip() or None if found else None


def without_front_matter(text: str) -> str:
    """`text` after its YAML front matter block: metadata for the title and date, not prose to quote."""
    block = _FRONT_MATTER.match(text)
    return text[block.end():] if block else text


def first_heading(text: str) -> str | None:
    """The first level-1 `# ` heading anywhere in `text` (a Markdown file's title)."""
    found = _HEADING.search(text)
    return found.group(1).strip() or None if found else None


def heading_title(text: str) -> str | None:
    """A level-1 `# ` heading among the first lines (a heading deep inside is a section, not the title)."""
    return first_heading("\n".join(text.lstrip().split("\n")[:8]))


def _is_prose(line: str) -> bool:
    """Running text: long, or a sentence that ends in 。, or more than one sentence. A headline may end
    in ？ or ！ ("…是拐点还是黑洞？") but does not go on after it."""
    return len(line) >= 90 or (len(line) >= 40 and (line.endswith("。") or bool(_SENTENCE_END.search(line[:-1]))))


def _headline_candidate(line: str) -> bool:
    low, high = _HEADLINE_CHARS
    if not low <= len(line) <= high or line.endswith(("。", "：", ":")):
        return False
    if line.startswith(("|", "---", "#", "!", "[", "<", "●", "■", "注", "数据来源", "资料来源")):
        return False
    return not (_BYLINE.search(line) or _LABEL.match(line) or _CATEGORY.search(line) or _DATE_ONLY.match(line)
                or _NUMBERED.match(line))


def cover_title(cover: str) -> str | None:
    """The longest headline-like line before the first prose line of the cover (ties: the first). Lines
    inside an injection span never count: document text cannot name its own title by instruction."""
    spans, lines, offset = injection_spans(cover), [], 0
    for raw in cover.split("\n"):
        end = offset + len(raw) + 1
        if raw.strip() and not any(a < end and offset < b for a, b in spans):
            lines.append(raw.strip())
        offset = end
    best: str | None = None
    for line in lines[:_MASTHEAD_LINES]:
        if _is_prose(line):
            break
        if _headline_candidate(line) and (best is None or len(line) > len(best)):
            best = line
    return best
