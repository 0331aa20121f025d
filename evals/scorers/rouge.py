"""ROUGE-L for Chinese on jieba words.

The stock rouge-score tokenizer keeps only [a-z0-9] runs, so any Chinese text scores 0. Here both
texts are cut by jieba (precise mode), lowercased, punctuation and [page::N] markers dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tools.citations import MARKER

_WORD = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)


@dataclass(frozen=True)
class RougeL:
    precision: float
    recall: float
    f1: float


def chinese_tokens(text: str) -> list[str]:
    from tools.text import words  # jieba loads on first use (~2 s)

    return [w.lower() for w in words(MARKER.sub(" ", text)) if _WORD.search(w)]


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    if len(a) < len(b):
        a, b = b, a
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b, 1):
            current.append(previous[j - 1] + 1 if x == y else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


def rouge_l(candidate: str, reference: str, tokenize: Callable[[str], list[str]] = chinese_tokens) -> RougeL:
    cand, ref = tokenize(candidate), tokenize(reference)
    if not cand or not ref:
        return RougeL(0.0, 0.0, 0.0)
    lcs = lcs_length(cand, ref)
    precision, recall = lcs / len(cand), lcs / len(ref)
    f1 = 2 * precision * recall / (precision + recall) if lcs else 0.0
    return RougeL(precision, recall, f1)
