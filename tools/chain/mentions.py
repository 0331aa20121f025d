"""Company mentions in flat page text, in every way reports write them.

Codes come before or after the name, in brackets or not: 皓元医药(688131.SH), 百普赛斯（301080）,
凯莱英002821.SZ, 荣昌生物 688331, 韦尔股份[603501], xx（SZ300458）, 小鹏汽车(9868.HK), 禾赛科技(HSAI.O),
and in tables `002036.SZ 联创电子`. Names without a code count when the stock master knows them
(tools/tickers/mentions.py decides which bare names are safe). Nothing here says whether a code
exists: `Mention.security` is what the master resolved, None when it could not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.tickers import normalize_code

# A code as written: A-share digits with optional exchange prefix/suffix, HK digits.HK, US letters.O/.N/.US.
_CODE = (r"(?:(?:SH|SZ|BJ)\.?\d{6}|\d{6}(?:\.(?:SH|SZ|BJ|SS))?|\d{4,5}\.HK|HK\d{4,5}|[A-Z]{1,5}\.(?:O|OQ|N|US|0))")
_BRACKETED = re.compile(rf"[（(\[【]\s*({_CODE})\s*[)）\]】]", re.IGNORECASE)
_BARE = re.compile(rf"(?<![A-Za-z0-9.])({_CODE})(?![A-Za-z0-9])")
_NAME_STOP = re.compile(r"[，,。；;：:、（）()【】\[\]“”\"'《》\s|/]|关注|推荐|包括|如|的|与|和|及|是|为|由|其中|标的|公司|龙头")
_NAME_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_CONNECTOR = re.compile(r"^[、，,和与及以/\s]{0,3}$|^以及$")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str  # as written (a bare name: the master's name)
    code: str | None  # as written
    security: object | None  # tools.tickers.Security resolved from the code (or the name), None if unknown


def _fix_us_typo(code: str) -> str:
    return code[:-2] + ".O" if code.upper().endswith(".0") else code  # HSAI.0: a zero for the letter O


def _written_name_before(text: str, end: int) -> tuple[int, str]:
    """The name written just before a code: Chinese/Latin characters back to a stop word or punctuation."""
    start = end
    while start > 0 and _NAME_CHARS.match(text[start - 1]) and end - start < 12:
        start -= 1
    if start > 0 and re.match(r"[0-9.]", text[start - 1]):  # 600707.SH彩虹股份: the code's letters, not the name's
        while start < end and text[start].isascii():
            start += 1
    chunk = text[start:end]
    cut = 0
    for match in _NAME_STOP.finditer(chunk):
        cut = match.end()
    return start + cut, chunk[cut:]


def _coded(text: str, master) -> list[Mention]:
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_BRACKETED, _BARE):
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            raw = _fix_us_typo(match.group(1))
            code = normalize_code(raw)
            if code is None:
                continue
            security = master.lookup(code) if master is not None else None
            name_start, name = _written_name_before(text, match.start())
            span_start = name_start
            if security is not None and security.name and not _names(name, security):
                after = text[match.end():match.end() + 16]  # code first, name after: 002036.SZ 联创电子
                lead = after.lstrip(" \t")
                if lead.startswith(security.name) or any(lead.startswith(k) for k in _short_forms(security)):
                    span_start = match.start()
                    name = next(k for k in (security.name, *_short_forms(security)) if lead.startswith(k))
                    end = match.end() + (len(after) - len(lead)) + len(name)
                    found.append(Mention(span_start, end, name, raw, security))
                    taken.append((span_start, end))
                    continue
            if not name:
                continue
            if security is not None and security.name and name != security.name and name.endswith(security.name):
                span_start += len(name) - len(security.name)  # T/R芯片铖昌科技(001270): the table cell before is not the name
                name = security.name
            found.append(Mention(span_start, match.end(), name, raw, security))
            taken.append((span_start, match.end()))
    return found


def _short_forms(security) -> tuple[str, ...]:
    name = security.name or ""
    forms = [name.split("-")[0]] if "-" in name else []
    return tuple(f for f in forms if len(f) >= 2)


def _names(written: str, security) -> bool:
    written = written.strip()
    name = security.name or ""
    return bool(written) and (written.endswith(name) or name in written or (len(written) >= 2 and written in name)
                              or any(written.endswith(f) for f in _short_forms(security)))


def find_company_mentions(text: str, master) -> list[Mention]:
    """Every company mention in `text`, left to right, coded ones first where they overlap bare names."""
    mentions = _coded(text, master)
    if master is not None:
        for security, start, end in master.find_mentions(text):
            if not any(m.start <= start < m.end or start <= m.start < end for m in mentions):
                mentions.append(Mention(start, end, security.name, None, security))
    mentions.sort(key=lambda m: m.start)
    return mentions


def group_mentions(text: str, mentions: list[Mention]) -> list[list[Mention]]:
    """Mentions written as one list (`A、B与C`) form a group: a role word next to the list applies to all."""
    groups: list[list[Mention]] = []
    for mention in mentions:
        if groups and _CONNECTOR.match(text[groups[-1][-1].end:mention.start]):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    return groups
