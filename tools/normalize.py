"""Text as rules compare it: NFKC (full-width letters and digits, compatibility forms), invisible
characters removed, traditional characters mapped to simplified (OpenCC t2s, Apache-2.0, data shipped
in the wheel), lower case. Only for matching: stored page text keeps its own characters (NFKC would turn
Chinese full-width punctuation into ASCII)."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

# Zero-width and other invisible format characters that can hide inside a word.
INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                       "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")
_SQUASH = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_lock = threading.Lock()
_converter = None


def strip_invisible(text: str) -> str:
    return INVISIBLE.sub("", text)


def _t2s():
    global _converter
    with _lock:
        if _converter is None:
            import opencc

            _converter = opencc.OpenCC("t2s")
    return _converter


@lru_cache(maxsize=8192)
def for_matching(text: str) -> str:
    """NFKC, no invisible characters, simplified Chinese, lower case."""
    text = unicodedata.normalize("NFKC", strip_invisible(text))
    if any("\u3400" <= ch <= "\u9fff" for ch in text):
        text = _t2s().convert(text)
    return text.lower()


def squashed(text: str) -> str:
    """for_matching without whitespace and punctuation: 忽 略 以·上 and i-g-n-o-r-e compare as words."""
    return _SQUASH.sub("", for_matching(text))
