"""Checks `[page::N]` citations (N 0-based) against the text of the cited pages.

Two rules decide whether a cited sentence is supported:

1. Every figure the sentence states must appear, normalized, on the cited pages. A wrong number is
   the costliest error a summary can make (a target price or a growth rate that the report never
   gave), and numbers are the one thing a paraphrase has no reason to change, so the match is exact:
   320 == 320.0 == ３２０, 1,234.5 == 1234.5, 1.2万亿 == 12000亿, but 320 != 321. Units and signs
   are not compared (a table header often carries the unit, "下降5%" restates "-5%").
2. The rest must be about what the page says: the share of the sentence's character bigrams
   (punctuation and whitespace ignored) found in the best cited page. A paraphrase keeps most
   domain words ("谐波减速器", "国产化率"), so it scores high even when reworded; a claim the page
   does not make, or a sentence cited to the wrong page, shares only common bigrams.

Default threshold 0.5, measured on the sample report (data/samples/reports, six pages, text as
tools.documents reads it): 24 hand-written paraphrases scored 0.62-0.97 (median 0.86) against their
own page; the same sentences cited to body pages on other subjects (48 pairs) scored 0.03-0.53
(median 0.17), and the one above 0.5 fails the figure rule; 6 plausible claims the report never
makes scored at most 0.42 on their best page. With both rules at 0.5: 24/24 paraphrases pass,
0/48 wrong pages and 0/6 unsupported claims pass; at 0.4, 2 wrong pages and 1 claim get through.
Across the 13 sample reports: all 944 verbatim page sentences verify on their own page; of 498
sentences (not repeated elsewhere) cited to a random other page of their report, 48 pass (9.6%),
39 of them between the cover's key points and the body they summarize, i.e. real support
(0.4: 15.1%, 0.6: 4.6%, 0.7: 2.2%). tests/test_citations.py keeps the first measurement as a
regression check.

Pure functions, no model and no tokenizer: the eval harness reuses them as scorers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from unicodedata import normalize

MARKER = re.compile(r"\[page::\s*(\d+)\s*\]")
# Sentence ends: Chinese and Western marks, line breaks, and a Western full stop only where a
# sentence can end (before whitespace, a marker or the end): "300750.SZ" and "1.5" do not split.
_SENTENCE_END = re.compile(r"[。！？!?]+|\.(?=\s|\[page::|$)|\n+")
_LEADING_MARKERS = re.compile(r"(\s*\[page::\s*\d+\s*\])+")  # used with .match(text, pos)
_SPACE_BEFORE_MARK = re.compile(r"\s+(?=[。！？!?.，,；;：:]|$)")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％，－～", "0123456789.%,-~")
# A number: 1,234.5 (thousands groups) or 1234.5; an optional magnitude unit right after it.
_NUMBER = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])\s*(万亿|千亿|百亿|亿|千万|百万|万|千)?")
# Stock codes are identifiers, not figures: "300750.SZ" states no number.
_TICKER = re.compile(r"(?<![\d.])(?:\d{6}\.(?:SH|SZ|BJ)|\d{4,5}\.HK)(?![a-z])", re.I)
_SCALE = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4, "千": 1e3}
_CONTENT_RUN = re.compile(r"[0-9a-z\u3400-\u9fff]+")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class CitedSentence:
    text: str  # the sentence without its markers
    pages: list[int]  # cited pages, deduped, in order of appearance
    raw: str = ""  # the sentence as written (markers kept), with the whitespace that followed it


@dataclass(frozen=True)
class Verification:
    verified: bool
    reason: str | None  # why not, in Chinese; None when verified
    supporting_pages: list[int] = field(default_factory=list)  # cited pages whose overlap passes
    overlap: float = 0.0  # n-gram share against the best cited page


@dataclass(frozen=True)
class SentenceCheck:
    sentence: CitedSentence
    verification: Verification


@dataclass(frozen=True)
class SummaryVerification:
    checks: list[SentenceCheck]
    sentences: int
    cited: int
    verified: int
    dropped: int
    verified_text: str  # verified sentences only, markers kept

    @property
    def verified_share(self) -> float:
        return self.verified / self.cited if self.cited else 0.0

    @property
    def unverified(self) -> list[SentenceCheck]:
        return [c for c in self.checks if not c.verification.verified]


def _dedupe(items: Sequence[int]) -> list[int]:
    return list(dict.fromkeys(items))


def parse_cited_sentences(summary: str) -> list[CitedSentence]:
    """Split a summary into sentences with their cited pages.

    Markers written after the sentence's end mark (`…增长。[page::2]`) belong to that sentence, as do
    markers before it (`…增长[page::2]。`). Each `raw` runs up to the next sentence, so joining the
    raws of all sentences gives back the summary.
    """
    spans: list[list[int]] = []  # [start, end] of each piece
    start = 0
    for m in _SENTENCE_END.finditer(summary):
        spans.append([start, m.end()])
        start = m.end()
    if start < len(summary):
        spans.append([start, len(summary)])
    pieces: list[list[int]] = []
    for span in spans:
        lead = _LEADING_MARKERS.match(summary, span[0], span[1])
        if lead and pieces:  # markers after the previous sentence's end mark
            pieces[-1][1] = lead.end()
            span[0] = lead.end()
        body = MARKER.sub("", summary[span[0]:span[1]])
        if _CONTENT_RUN.search(normalize("NFKC", body).lower()):
            pieces.append(span)
        elif pieces:  # punctuation or whitespace only: glue it to the previous sentence
            pieces[-1][1] = span[1]
    sentences = []
    for i, (a, b) in enumerate(pieces):
        end = pieces[i + 1][0] if i + 1 < len(pieces) else len(summary)
        raw = summary[a:end] if i else summary[:end]
        text = _SPACE_BEFORE_MARK.sub("", MARKER.sub("", summary[a:b])).strip()
        pages = _dedupe([int(n) for n in MARKER.findall(summary[a:b])])
        sentences.append(CitedSentence(text=text, pages=pages, raw=raw))
    return sentences


def _canonical(number: str) -> str | None:
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None
    return format(value.normalize(), "f")  # 320.0 -> "320", 0.50 -> "0.5"


def _figures(text: str) -> list[tuple[str, float | None]]:
    """(canonical literal, value scaled by its magnitude unit or None) for each number in the text."""
    text = _TICKER.sub(" ", MARKER.sub(" ", text).translate(_FULL_WIDTH))
    found = []
    for m in _NUMBER.finditer(text):
        literal = _canonical(m.group(1))
        if literal is None:
            continue
        unit = m.group(2)
        found.append((literal, float(literal) * _SCALE[unit] if unit else None))
    return found


def extract_figures(text: str) -> list[str]:
    """The figures a text states, normalized: "１,２34.50亿元" → "1234.5", "10-15%" → "10", "15".

    Percentages, 个百分点, Chinese units, years (2025年, 2025E) and both ends of a range all reduce
    to their number; page markers are not figures.
    """
    return list(dict.fromkeys(literal for literal, _ in _figures(text)))


@lru_cache(maxsize=1024)
def _figure_index(text: str) -> tuple[frozenset[str], tuple[float, ...]]:
    figures = _figures(text)
    return frozenset(lit for lit, _ in figures), tuple(v for _, v in figures if v is not None)


def _figure_present(literal: str, scaled: float | None, indexes: Sequence[tuple]) -> bool:
    """On any of the pages: the same literal, or the same value after units (1.2万亿 == 12000亿)."""
    for literals, page_scaled in indexes:
        if literal in literals:
            return True
        if scaled is not None and any(abs(scaled - v) <= 1e-9 * max(abs(v), 1.0) for v in page_scaled):
            return True
    return False


def figure_on_page(value: float | str, page_text: str) -> bool:
    """True when a structured number (target price 320, EPS 11.8) literally appears on the page.

    320, 320.0, "320.00", "３２０" and "320元" all look for the literal 320.
    """
    if isinstance(value, (int, float)):
        value = format(Decimal(str(value)), "f")  # no exponent: 1e-05 -> 0.00001
    figures = extract_figures(value)
    return len(figures) == 1 and figures[0] in _figure_index(page_text)[0]


@lru_cache(maxsize=1024)
def _ngrams(text: str, n: int) -> frozenset[str]:
    grams: set[str] = set()
    # Whitespace goes first: PDF extraction breaks lines inside words ("2026\n年").
    for run in _CONTENT_RUN.findall(_WHITESPACE.sub("", normalize("NFKC", text).lower())):
        if len(run) < n:
            grams.add(run)
        grams.update(run[i:i + n] for i in range(len(run) - n + 1))
    return frozenset(grams)


def ngram_overlap(sentence: str, page_text: str, n: int = 2) -> float:
    """Share of the sentence's distinct character n-grams that occur in the page text."""
    mine = _ngrams(MARKER.sub(" ", sentence), n)
    if not mine:
        return 0.0
    return len(mine & _ngrams(page_text, n)) / len(mine)


def verify_sentence(sentence: str, pages: Sequence[int], page_texts: Mapping[int, str], *,
                    min_overlap: float = 0.5, ngram: int = 2) -> Verification:
    """Check one sentence against the pages it cites (see the module docstring for the rules)."""
    pages = _dedupe(list(pages) + [int(n) for n in MARKER.findall(sentence)])
    text = MARKER.sub("", sentence).strip()
    if not pages:
        return Verification(False, "缺少引用")
    missing = [p for p in pages if p not in page_texts]
    if missing:
        return Verification(False, f"引用页 {'、'.join(map(str, missing))} 不存在")
    overlaps = {p: ngram_overlap(text, page_texts[p], ngram) for p in pages}
    best = max(overlaps.values())
    supporting = sorted((p for p in pages if overlaps[p] >= min_overlap), key=lambda p: -overlaps[p])
    indexes = [_figure_index(page_texts[p]) for p in pages]
    absent = list(dict.fromkeys(lit for lit, scaled in _figures(text) if not _figure_present(lit, scaled, indexes)))
    if absent:
        return Verification(False, f"数字 {'、'.join(absent)} 不在引用页 {pages} 中", supporting, best)
    if best < min_overlap:
        return Verification(False, f"与引用页内容重合度 {best:.2f} < {min_overlap:.2f}", supporting, best)
    return Verification(True, None, supporting, best)


def verify_point(text: str, pages: Sequence[int], page_texts: Mapping[int, str], **kw) -> Verification:
    """Check a cited point (core argument, risk); markers inside its text count as citations too."""
    return verify_sentence(text, pages, page_texts, **kw)


def verify_summary(summary: str, page_texts: Mapping[int, str], **kw) -> SummaryVerification:
    """Check every sentence; `verified_text` keeps only the supported ones, markers included."""
    checks = [SentenceCheck(s, verify_sentence(s.text, s.pages, page_texts, **kw))
              for s in parse_cited_sentences(summary)]
    kept = [c.sentence.raw for c in checks if c.verification.verified]
    verified = len(kept)
    return SummaryVerification(
        checks=checks,
        sentences=len(checks),
        cited=sum(1 for c in checks if c.sentence.pages),
        verified=verified,
        dropped=len(checks) - verified,
        verified_text="".join(kept).strip(),
    )


# Citation-like markers inside a document: [page::3], [p.3], 【page 3】, [3], 【3】, [1,2], [1-3]. Rewritten at
# parse time into a plain note that no citation parser reads, so text from a document cannot forge a citation.
_DOC_PAGE_MARKER = re.compile(r"[\[［【〔]\s*(?:page|pg|p)\s*(?:[:：.]\s*){0,2}\s*(\d{1,5})\s*[\]］】〕]", re.I)
_DOC_NOTE_MARKER = re.compile(r"[\[［【〔]\s*(\d{1,3}(?:\s*[,，、\-–~]\s*\d{1,3})*)\s*[\]］】〕]")


def neutralize_markers(text: str) -> str:
    """[page::3] → （原文页3）, [3] and 【3】 → （注3）: the document's own references stay readable."""
    text = _DOC_PAGE_MARKER.sub(lambda m: f"（原文页{m.group(1)}）", text)
    return _DOC_NOTE_MARKER.sub(lambda m: "（注" + _WHITESPACE.sub("", m.group(1)) + "）", text)
