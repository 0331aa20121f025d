"""Which chain term a company mention is tied to, from the words around it in its sentence.

A term in a sentence belongs to one group of companies (a list such as `A、B与C` counts as one):
- after the group, when the words between read as prose (绿的谐波是国内谐波减速器龙头; 鸣志电器在空心杯电机领域),
  unless a table cell (约60%, 138.50) stands between them;
- before the group, when it labels it (光模块关注中际旭创; 视觉方面，奥比中光…; a table row 谐波减速器 哈默纳科 绿的谐波).
Tables whose caption row names the columns decide for themselves: `环节 代表公司` rows are label first,
`个股简称 相关产业链节点` rows company first. A customer is not a role (向整机厂送样, 被多家整机厂采用,
为ADC研发企业提供…), and a modifier yields to its head (集成空心杯电机…的灵巧手模组 → 灵巧手; 交换机用PCB → PCB).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

_TABLE_NUMBER = re.compile(r"\d+\.\d+|\d+(?:\.\d+)?\s*[%％]|\d+(?:[^\d，。；]{1,3}\d+){2,}")  # table cells
_CUSTOMER_BEFORE = re.compile(r"(?:向|(?<!作)为|给|被|进入|供货给|供应给|卖给|送样给)(?:[^，。；]{0,5})$")
_CUSTOMER_AFTER = re.compile(r"^(?:客户|用户|厂商客户|采用|使用)")
_NOT_ROLE_AFTER = re.compile(r"^(?:技术)?路线")  # 在硫化物路线上投入: a technology route, not what the company makes
_HEAD_AFTER = re.compile(r"^(?:龙头|领域|供应商|厂商|模组|产品|方案|业务|产能|订单|出货|总成|市场份额|环节|品类|平台|领先)")
_PROSE_VERB = re.compile(r"是|为|在|的|推出|提供|布局|量产|生产|供应|供货|切入|具备|开发|研发|承接|覆盖|专注|主营|作为|以|凭借|依托")
_BASIS = re.compile(r"(?:依托|凭借|借助|基于|依靠)[^，。；]*$")  # 依托轴承精密加工经验: what it builds on, not what it makes
_BASIS_END = re.compile(r"^[^，。；]*?(?:经验|能力|优势|积累|基础|平台化)")
_TOPIC_AFTER = re.compile(r"^(?:方面|端|：|:|关注|推荐|包括|领域)")
_LABEL_HEADER = re.compile(r"环节|零部件|细分|领域|产品|节点|场景|品类|部件|板块|类别|赛道")
_COMPANY_HEADER = re.compile(r"代表公司|主要公司|国内主要供应商|主要供应商|相关公司|相关标的|代表企业|个股简称|公司名称|简称|名称|公司")


@dataclass(frozen=True)
class Occurrence:
    start: int
    end: int
    term: str


@dataclass(frozen=True)
class Attachment:
    group: int  # index into the sentence's groups
    term: str
    weight: float
    start: int


def _decay(gap: int) -> float:
    return 1.0 / (1.0 + gap / 12.0)


_CAPTION = re.compile(r"(?:图表|表)\s*\d+\s*[：:](?P<title>[^，。；]{0,30}?)(?=环节|零部件|细分|领域|产品|节点|场景|品类|部件|板块|类别|"
                      r"赛道|代表|主要|相关|个股|公司|代码)")


def header_row(sentence: str, lines: Sequence[int] = ()) -> int | None:
    """Where the column-header row of a table sentence starts (after its caption, wherever a running header
    put it), or None for prose.

    A caption may end in header words itself (表1：…产业链代表公司 / 环节 公司): where the text still has its
    line starts (`lines`, relative to the sentence), the header row is the first line after the caption's
    colon that begins with a header word; a table row starts a line in every layout, a caption's words do not."""
    caption = _CAPTION.search(sentence[:100])
    if caption:
        return next((i for i in lines if caption.start("title") < i <= caption.end() + 60
                     and (_LABEL_HEADER.match(sentence, i) or _COMPANY_HEADER.match(sentence, i))), caption.end())
    return 0 if (m := _LABEL_HEADER.search(sentence[:60])) and m.start() < 8 else None


def table_head(sentence: str, lines: Sequence[int] = ()) -> str | None:
    """The column-header row of a table sentence and what follows it (60 characters), or None for prose."""
    start = header_row(sentence, lines)
    return None if start is None else sentence[start:start + 60]


def table_orientation(sentence: str, lines: Sequence[int] = ()) -> str | None:
    """'left' (label column before the company column), 'right' (company first), or None (prose)."""
    head = table_head(sentence, lines)
    if head is None:
        return None
    label, company = _LABEL_HEADER.search(head), _COMPANY_HEADER.search(head)
    if not (label and company):
        return None
    return "left" if label.start() < company.start() else "right"


def _modifier(text: str, occ: Occurrence, later: list[Occurrence], clause_end: int) -> bool:
    """The term modifies a following term (X…的Y, X…用Y; also A in "A与B用C"): the head is the later one."""
    current = occ
    while True:
        nxt = next((o for o in later if o.start >= current.end and o.start < clause_end), None)
        if nxt is None or nxt.start - current.end > 10:
            return False
        between = text[current.end:nxt.start]
        if "的" in between or between.endswith("用") or between.endswith("用的"):
            return True
        if not re.fullmatch(r"[与和、及]", between):
            return False
        current = nxt  # A与B…: A shares B's role


def attach(text: str, span: tuple[int, int], groups: list[tuple[int, int]], occurrences: list[Occurrence],
           lines: Sequence[int] = ()) -> list[Attachment]:
    """Attachments of the terms in one sentence to the company groups in it (group = (start, end));
    `lines`: where the source's lines began, relative to the sentence (see `table_head`)."""
    lo, hi = span
    orientation = table_orientation(text[lo:hi], lines)
    rows_from = lo + (header_row(text[lo:hi], lines) or 0) if orientation else lo
    out: list[Attachment] = []
    for occ in occurrences:
        if occ.start < rows_from:
            continue  # a table caption's words (表2：人形机器人产业链…) describe the whole table, not its first row
        before = text[max(lo, occ.start - 12):occ.start]
        after = text[occ.end:occ.end + 4]
        if _CUSTOMER_BEFORE.search(before) or _CUSTOMER_AFTER.match(after) or _NOT_ROLE_AFTER.match(after):
            continue
        clause_end = min([i for i in (text.find(c, occ.end, hi) for c in "，,") if i >= 0] or [hi])
        factor = 0.3 if _modifier(text, occ, occurrences, clause_end) else 1.0
        if _BASIS.search(text[max(lo, occ.start - 16):occ.start]) and _BASIS_END.match(text[occ.end:clause_end]):
            factor *= 0.4
        if _HEAD_AFTER.match(text[occ.end:occ.end + 4]):
            factor *= 1.3
        prev = max((i for i, g in enumerate(groups) if g[1] <= occ.start), default=None, key=lambda i: groups[i][1])
        nxt = min((i for i, g in enumerate(groups) if g[0] >= occ.end), default=None, key=lambda i: groups[i][0])
        right = left = 0.0
        if prev is not None:
            gap = text[groups[prev][1]:occ.start]
            if orientation != "left" and not _TABLE_NUMBER.search(gap):
                commas = gap.count("，") + gap.count(",")
                right = _decay(len(gap)) * (0.6 ** commas) * (1.2 if _PROSE_VERB.search(gap) or not gap else 0.9)
        if nxt is not None and re.match(r"^[^，。；]{0,3}[（(]", text[occ.end:groups[nxt][0]]):
            right = 0.0  # 整机厂（亿航智能、万丰奥威）: a label of the bracketed list after it
        if nxt is not None:
            gap = text[occ.end:groups[nxt][0]]
            if orientation != "right" and len(gap) <= 16 and not re.search(r"[。；;]", gap):
                commas = gap.count("，") + gap.count(",")
                topic = bool(_TOPIC_AFTER.match(text[occ.end:occ.end + 2]) or re.match(r"^[^，。；]{0,3}[（(]", gap)) \
                    or orientation == "left"
                left = _decay(len(gap)) * (0.5 ** commas) * (1.3 if topic else 0.8)
        if right <= 0 and left <= 0:
            continue
        target, weight = (prev, right) if right >= left else (nxt, left)
        out.append(Attachment(target, occ.term, weight * factor, occ.start))
    return out
