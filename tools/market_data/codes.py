"""Security codes as akshare writes them (600519, sh600519, 600519.SH, 2050 read from Excel, 00700)
turned into one canonical form: 600519.SH, 000002.SZ, 920001.BJ, 0700.HK.

This is deliberately small: it only canonicalizes what data sources return. Resolving names and
validating that a code exists is the stock master's job (tools/tickers/master.py).
"""

from __future__ import annotations

import math
import re

_PREFIXED = re.compile(r"^(SH|SZ|BJ)(\d{6})$")
_SUFFIXED = re.compile(r"^(\d{6})\.(SH|SZ|BJ|SS)$")
_HK = re.compile(r"^(\d{1,5})\.HK$")
_DIGITS = re.compile(r"^\d{1,6}$")


def exchange_of(symbol: str) -> str | None:
    """Exchange of a 6-digit A-share (or B-share) code, from its leading digits."""
    if symbol.startswith(("60", "68", "90")):
        return "SH"
    if symbol.startswith(("00", "30", "20")):
        return "SZ"
    if symbol.startswith(("4", "8", "92")):
        return "BJ"
    return None


def pad6(value: object) -> str | None:
    """A code zero-padded to 6 digits ('2050', 2050, 2050.0 -> '002050'); None when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (int, float)):
        return f"{int(value):06d}"
    text = str(value).strip()
    if text in ("", "nan", "None", "<NA>"):
        return None
    if text.endswith(".0") and text[:-2].isdigit():  # a float that went through str()
        text = text[:-2]
    return text.zfill(6) if text.isdigit() and len(text) < 6 else text


def canonical_stock_code(value: object) -> str | None:
    """Canonical code of a stock as a source wrote it; unknown forms come back upper-cased, unchanged.

    A 5-digit string is a Hong Kong code (fund holdings list them as '00700'); it is never padded
    to 6 digits, which would turn Tencent into 000700.SZ.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (int, float)):
        symbol = f"{int(value):06d}"
        exchange = exchange_of(symbol)
        return f"{symbol}.{exchange}" if exchange else symbol
    text = str(value).strip().upper()
    if text in ("", "NAN", "NONE", "<NA>"):
        return None
    if match := _PREFIXED.match(text):
        return f"{match.group(2)}.{match.group(1)}"
    if match := _SUFFIXED.match(text):
        return f"{match.group(1)}.{'SH' if match.group(2) == 'SS' else match.group(2)}"
    if match := _HK.match(text):
        return f"{int(match.group(1)):04d}.HK"
    if len(text) == 5 and text.isdigit():
        return f"{int(text):04d}.HK"
    if _DIGITS.match(text):
        symbol = text.zfill(6)
        exchange = exchange_of(symbol)
        return f"{symbol}.{exchange}" if exchange else symbol
    return text


def symbol_of(code: str) -> str:
    """'600519.SH' -> '600519' (what most akshare functions take)."""
    return code.split(".", 1)[0]
