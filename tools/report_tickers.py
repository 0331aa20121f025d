"""The stock codes a report mentions, in order of first mention (the covered company usually first).
Codes are only normalized here; whether a code exists is checked later against the stock master."""

from __future__ import annotations

import re

from tools.tickers.normalize import canonical_code


_CJK_OR_LATIN = r"[\u4e00-\u9fffA-Za-z]"
# Each pattern's group 1 is handed to canonical_code; bare six digits only count in code context.
_MENTIONS = (
    re.compile(r"(?<![0-9A-Za-z.])(\d{6}\s?\.(?:SH|SS|SZ|BJ))(?![A-Za-z0-9])", re.IGNORECASE),
    re.compile(r"(?<![0-9A-Za-z])((?:SH|SZ|BJ)\d{6})(?!\d)", re.IGNORECASE),
    re.compile(_CJK_OR_LATIN + r"\s*[（(]\s*(\d{6})\s*(?=[)）,，、;；/])"),
    re.compile(r"代码\s*[:：]?\s*(\d{6})(?![\d.])"),
    re.compile(r"(?<![0-9A-Za-z.])(\d{1,5}\s?\.HK)(?![A-Za-z0-9])", re.IGNORECASE),
    re.compile(r"(?<![0-9A-Za-z.])([A-Z]{1,5}\.(?:O|OQ|N|US))(?![0-9A-Za-z.])"),
)


def extract_tickers(text: str) -> tuple[str, ...]:
    """Canonical codes in order of first mention (the covered company usually comes first)."""
    found: dict[str, int] = {}
    for pattern in _MENTIONS:
        for match in pattern.finditer(text):
            code = canonical_code(match.group(1))
            if code and (code not in found or match.start() < found[code]):
                found[code] = match.start()
    return tuple(sorted(found, key=found.__getitem__))
