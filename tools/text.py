"""Chinese text utilities shared by retrieval, the extractive engine and the scorers.
Prompt-injection detection lives in tools.injection (re-exported here for its callers).

jieba is imported lazily (import plus dictionary load cost ~2 s) and told to keep its
cache out of /tmp when a cache directory is given.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

from tools.injection import injection_spans, looks_like_injection

__all__ = ["tokenize", "words", "split_sentences", "squash", "warm_up", "looks_like_injection", "injection_spans"]

_lock = threading.Lock()
_jieba = None

# Punctuation, whitespace and one-character function words carry no retrieval signal.
_STOPWORDS = frozenset(
    "的 了 和 与 及 或 在 是 为 对 等 将 也 而 并 其 于 由 以 从 被 把 向 至 之 这 那 有 中 上 下 个 我们 公司 我 你 他 她 它"
    " 吗 呢 吧 啊 哪些 什么 怎么 如何 哪个 是否 一下".split()
)
_TOKEN_OK = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|\n+")



def _load_jieba(cache_dir: Path | None = None):
    global _jieba
    with _lock:
        if _jieba is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            if cache_dir is not None:
                cache_dir.mkdir(parents=True, exist_ok=True)
                jieba.dt.tmp_dir = str(cache_dir)
            jieba.initialize()
            _jieba = jieba
    return _jieba


def warm_up(cache_dir: Path | None = None) -> None:
    """Load the jieba dictionary now (and place its cache) instead of on first use."""
    _load_jieba(cache_dir)


@lru_cache(maxsize=4096)
def _cut(text: str) -> tuple[str, ...]:
    return tuple(_load_jieba().cut_for_search(text))


def tokenize(text: str) -> list[str]:
    """Search tokens: jieba's search-mode cut, lowercased, without punctuation or stopwords."""
    tokens = []
    for raw in _cut(text):
        token = raw.strip().lower()
        if token and _TOKEN_OK.search(token) and token not in _STOPWORDS:
            tokens.append(token)
    return tokens


def words(text: str) -> list[str]:
    """Plain jieba words (precise mode) without whitespace; punctuation kept for callers that need it."""
    return [w for w in _load_jieba().cut(text) if w.strip()]


def split_sentences(text: str) -> list[str]:
    """Split on Chinese/Western sentence ends and line breaks; keeps the end punctuation."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def squash(text: str) -> str:
    """The text without whitespace: PDF extraction breaks lines anywhere, so comparisons ignore it."""
    return re.sub(r"\s+", "", text)
