"""Finding company names in free text (the concept agent's company mentions).

Names and unambiguous derived names (京东方, 3+ characters) and the in-text aliases count.
Two-character names, ordinary words (机器人, 太阳能) and names two companies share count only
when a matching code follows: 机器人(300024). Brokers are companies too.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from tools.tickers.normalize import ALIASES, WORD_NAMES, derived_keys

if TYPE_CHECKING:
    from tools.tickers.master import Security

_FOLLOWING_CODE = re.compile(r"\s*[（(]\s*(?:(?:SH|SZ|BJ)\.?)?(\d{6})", re.IGNORECASE)
_LEGAL_TAIL = re.compile(r"(?:股份)?有限(?:责任)?公司")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ALNUM = re.compile(r"[A-Za-z0-9]")


def mention_table(listed, aliases) -> dict[str, list[Security]]:
    table: dict[str, list[Security]] = {}
    for sec in listed:
        for key in (sec.name, *(k for k in derived_keys(sec.name) if len(k) >= 3)):
            if sec.exchange in ("HK", "US") and (len(key) < 3 or not _CJK.search(key)):
                continue  # ARM, Mobileye: Latin HK/US names count only beside their code
            table.setdefault(key, []).append(sec)
    for alias, (sec, in_text) in aliases.items():
        if in_text:
            table.setdefault(alias, []).append(sec)
    return table


def find_mentions(table: dict[str, list[Security]], text: str) -> list[tuple[Security, int, int]]:
    """Leftmost-longest matches of the table's keys in `text`, as (security, start, end)."""
    sizes = sorted({len(k) for k in table}, reverse=True)
    norm = "".join(c if len(n := unicodedata.normalize("NFKC", c)) != 1 else n for c in text)
    found, i = [], 0
    while i < len(norm):
        for size in sizes:
            if i + size > len(norm):
                continue
            hits = table.get(norm[i:i + size])
            sec = hits and _accept(norm, i, i + size, hits)
            if sec:
                found.append((sec, i, i + size))
                i += size
                break
        else:
            i += 1
    return found


def _accept(norm: str, start: int, end: int, hits: list[Security]) -> Security | None:
    """Which of `hits` the match norm[start:end] names, judged by its neighbours; or None."""
    key, before = norm[start:end], norm[start - 1:start]
    if (_ALNUM.match(key[0]) and _ALNUM.match(before)) or (_ALNUM.match(key[-1]) and _ALNUM.match(norm, end)):
        return None  # inside a longer Latin word or number
    if _CJK.match(before) and _LEGAL_TAIL.match(norm, end):
        return None  # the tail of another company's legal name: 某某光电股份有限公司
    code = _FOLLOWING_CODE.match(norm, end)
    coded = next((s for s in hits if code and s.symbol == code.group(1)), None)
    if coded or len(hits) > 1 or (len(key) < 3 and key not in ALIASES) or key in WORD_NAMES:
        return coded
    return hits[0]
