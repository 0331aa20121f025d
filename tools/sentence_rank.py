"""Deterministic extractive sentence selection with page citations (the offline engine's core).

PDF text wraps lines mid-sentence, so each page is first reflowed into paragraphs (a line
that fills the page width continues on the next line), then split into sentences. Every
returned sentence is a verbatim slice of its page's text once whitespace is ignored (see
`occurs_in`), so its `[page::N]` citation is true by construction. Ranking is TextRank
(PageRank over a cosine graph of jieba term frequencies) with a position prior, then MMR.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

from tools.text import split_sentences, tokenize

_DAMPING, _ITERATIONS = 0.85, 60
_MIN_CHARS = 12  # shorter fragments are labels, table cells or headings
_NEAR_DUPLICATE = 0.8  # cosine at or above which two sentences say the same thing
_INJECTION = re.compile(
    r"忽略(?:之前|以上|上述|前面|先前|此前|所有)|无视(?:之前|以上|上述)|你现在是|系统提示词|system\s*prompt"
    r"|ignore\s+(?:all\s+)?(?:the\s+)?(?:previous|prior|above)|disregard\s+(?:all\s+)?(?:previous|prior|above)", re.I)
_BOILERPLATE = re.compile(r"免责声明|免责条款|分析师声明|评级说明|请务必阅读|重要声明|特别声明|法律声明|执业证书|"
                          r"资料来源|数据来源|版权所有|不构成(?:任何)?投资建议|本报告仅供")
_DISCLAIMER_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[、.．]\s*)?(?:投资)?(?:免责声明|免责条款|分析师声明|"
                                 r"重要声明|特别声明|法律声明|评级说明|评级标准)")
_PAGE_NUMBER = re.compile(r"^(?:第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|[-–—]?\s*\d+\s*[-–—]?|page\s*\d+)$", re.I)
_BLOCK_START = re.compile(r"^(?:[◆●•·■□▪►➢✓★◇○]|#{1,6}\s|[-*]\s|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、．）)]"
                          r"|\d+\.\s|[表图]\s*\d|资料来源|数据来源)")
_BULLET = re.compile(r"^(?:[◆●•·■□▪►➢✓★◇○]\s*|[-*]\s+)")  # "-8.7%" keeps its sign
_ITEM = re.compile(r"^(?:[◆●•·■□▪►➢✓★◇○]|[-*]\s|[（(]?\d+[)）]|\d+[、．])")
_NUMBERING = re.compile(r"^(?:#{1,6}\s+|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+(?:\.\d+)*(?:[、．\s]|\.(?!\d)))\s*")
# Headings that open a section; unnumbered sub-headings and table cells do not.
_KNOWN_HEADING = re.compile(r"投资要点|核心观点|投资摘要|报告摘要|主要观点|投资建议|核心结论|风险提示|风险因素|主要风险|盈利预测|"
                            r"估值|财务预测|附录|附表")
_FAVOURED_SECTIONS = re.compile(r"投资要点|核心观点|投资摘要|报告摘要|主要观点|投资建议|核心结论")
_CLAUSE_END = "，,、：:；;"
_SECTION_LABEL = re.compile(r"^(风险提示|风险因素|主要风险|投资要点|核心观点|投资建议|投资摘要|主要观点|核心结论)[:：]\s*")


@dataclass(frozen=True)
class PageSentence:
    text: str
    page: int
    position: int  # order in the document; ties and page-order rendering use it


@dataclass(frozen=True)
class RankedSentence(PageSentence):
    score: float = 0.0


@dataclass(frozen=True)
class SkippedSentence:
    text: str
    page: int
    reason: str  # injection | boilerplate | table | heading | question | short | too_long


@dataclass(frozen=True)
class _Unit:
    text: str
    page: int
    section: str
    reason: str | None
    item: bool = False  # a bullet or numbered list item


@dataclass
class SentencePool:
    candidates: list[PageSentence]
    skipped: list[SkippedSentence]
    sections: list[str]  # section heading of each candidate


def looks_like_injection(text: str) -> bool:
    """A sentence that addresses the model instead of the reader ("忽略之前的指令…")."""
    return bool(_INJECTION.search(text))


def injection_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each whole sentence around an injection marker, across line breaks."""
    spans: list[tuple[int, int]] = []
    for m in _INJECTION.finditer(text):
        if spans and m.start() < spans[-1][1]:
            continue  # already inside the previous span
        start = max(text.rfind(c, 0, m.start()) for c in "。！？!?") + 1
        ends = [i for i in (text.find(c, m.end()) for c in "。！？!?") if i >= 0]
        spans.append((start, min(ends) + 1 if ends else len(text)))
    return spans


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def occurs_in(sentence: str, page_text: str) -> bool:
    """Whether a sentence is a verbatim slice of a page, ignoring whitespace (PDF text wraps lines)."""
    return bool(squash(sentence)) and squash(sentence) in squash(page_text)


def collect_sentences(pages: Sequence[tuple[int, str]], *, max_chars: int = 160) -> SentencePool:
    """Split pages into candidate sentences; everything left out is recorded with its reason."""
    pool = SentencePool([], [], [])
    for unit in _units(pages, max_chars):
        if unit.reason is None:
            pool.candidates.append(PageSentence(unit.text, unit.page, len(pool.candidates)))
            pool.sections.append(unit.section)
        else:
            pool.skipped.append(SkippedSentence(unit.text, unit.page, unit.reason))
    return pool


def find_section(pages: Sequence[tuple[int, str]], headings: Sequence[str] = ("风险提示", "风险因素"),
                 *, max_chars: int = 160) -> list[PageSentence]:
    """Sentences under a heading such as 六、风险提示 (or an inline "风险提示：…" paragraph), with their pages."""
    wanted = [squash(h) for h in headings]
    units = [u for u in _units(pages, max_chars, extra_headings=wanted)
             if u.reason is None or (u.reason == "short" and u.item and len(squash(u.text)) >= 4)]
    exact = [u for u in units if u.section in wanted]  # "风险提示" beats a combined "投资建议与风险提示"
    chosen = exact or [u for u in units if any(h in u.section for h in wanted)]
    return [PageSentence(u.text, u.page, i) for i, u in enumerate(chosen)]


def rank_sentences(pages: Sequence[tuple[int, str]], *, k: int = 6, query: str | None = None,
                   mmr_lambda: float = 0.7, max_chars: int = 160) -> list[RankedSentence]:
    """Top-k sentences by TextRank x position prior (x query relevance), picked by MMR; best first."""
    import numpy as np

    pool = collect_sentences(pages, max_chars=max_chars)
    if not pool.candidates or k <= 0:
        return []
    vectors = _tf_matrix([tokenize(s.text) for s in pool.candidates] + [tokenize(query or "")])
    sentences, query_vec = vectors[:-1], vectors[-1]
    similarity = sentences @ sentences.T
    np.fill_diagonal(similarity, 0.0)
    prior = np.array([(1.0 + 0.2 * (s.page == 0) + 0.2 * bool(_FAVOURED_SECTIONS.search(sec)))
                      * min(1.0, 0.5 + len(s.text) / 40)  # a list fragment ("服务器工业富联、浪潮信息；") says little
                      for s, sec in zip(pool.candidates, pool.sections)])
    if query:
        relevance = sentences @ query_vec + np.array([0.5 * (query in s.text) for s in pool.candidates])
        prior = prior * (1.0 + 2.0 * relevance)
    scores = _pagerank(similarity, prior / prior.sum()) * prior
    scores = scores / scores.max() if scores.max() > 0 else scores
    picked = _mmr(scores, similarity, pool.candidates, k, mmr_lambda)
    return [RankedSentence(pool.candidates[i].text, pool.candidates[i].page, pool.candidates[i].position,
                           round(float(scores[i]), 6)) for i in picked]


def summary_from(sentences: Sequence[PageSentence]) -> str:
    """Sentences in page order, each closed by its citation: "句子[page::N]。"."""
    parts = []
    for s in sorted(sentences, key=lambda s: (s.page, s.position)):
        body = s.text.rstrip("。；;，,、：: ")
        end = s.text[len(body):].strip()[:1]
        parts.append(f"{body}[page::{s.page}]{end if end in '！？!?' else '。'}")
    return "".join(parts)


def _units(pages: Sequence[tuple[int, str]], max_chars: int, extra_headings: Sequence[str] = ()) -> list[_Unit]:
    headers = _repeated_lines(pages)
    units: list[_Unit] = []
    section, in_disclaimer = "", False
    for page, text in sorted(pages, key=lambda p: p[0]):
        lines = [ln for ln in text.split("\n") if ln.strip() and ln.strip() not in headers
                 and not _PAGE_NUMBER.match(ln.strip())]
        for paragraph, single_short_line in _paragraphs(lines):
            head = _NUMBERING.sub("", paragraph)
            in_disclaimer = in_disclaimer or bool(_DISCLAIMER_HEADING.match(paragraph))
            if single_short_line and len(paragraph) <= 30 and not _ITEM.match(paragraph) \
                    and paragraph[-1] not in "。！？!?；;，,":
                if _NUMBERING.match(paragraph) or _KNOWN_HEADING.search(paragraph) \
                        or any(h in squash(paragraph) for h in extra_headings):
                    section = squash(head).rstrip("：:")
                units.append(_Unit(paragraph, page, section, "boilerplate" if in_disclaimer else "heading"))
                continue
            inline = _SECTION_LABEL.match(_BULLET.sub("", head))  # 风险提示：… on a cover page
            own_section = inline.group(1) if inline else section
            injected = bool(_INJECTION.search(paragraph))
            item = bool(_ITEM.match(paragraph) or inline)  # "风险提示：A；B；C。" lists short items
            for sentence in split_sentences(paragraph):
                unit = _classify(sentence, page, own_section, max_chars, injected, in_disclaimer, inline)
                units.append(_Unit(unit.text, unit.page, unit.section, unit.reason, item))
    return units


def _classify(sentence: str, page: int, section: str, max_chars: int, injected: bool,
              in_disclaimer: bool, inline: re.Match | None) -> _Unit:
    text = _BULLET.sub("", sentence).strip()
    if inline and (label := _SECTION_LABEL.match(_NUMBERING.sub("", text))):
        text = _NUMBERING.sub("", text)[label.end():].strip()  # the label is not part of the claim
    if injected:
        return _Unit(text, page, section, "injection")
    if in_disclaimer or _BOILERPLATE.search(text):
        return _Unit(text, page, section, "boilerplate")
    if _is_table_row(text):
        return _Unit(text, page, section, "table")
    if text.endswith(("？", "?")):
        return _Unit(text, page, section, "question")  # asks, does not claim
    if len(squash(text)) < _MIN_CHARS:
        return _Unit(text, page, section, "short")
    if len(text) > max_chars:
        cut = max((text.rfind(c, 0, max_chars) for c in _CLAUSE_END), default=-1)
        if cut < _MIN_CHARS:
            return _Unit(text, page, section, "too_long")
        text = text[:cut].strip()  # a clause-boundary prefix stays verbatim
    return _Unit(text, page, section, None)


def _is_table_row(text: str) -> bool:
    body = squash(text)
    numeric = sum(ch.isdigit() or ch in ".,%-+()（）/" for ch in body)
    cells = text.split()
    cell_like = len(cells) >= 4 and sum(map(len, cells)) / len(cells) <= 6 and not re.search(r"[。，；,;]", text)
    prose = bool(re.search(r"[，。；]", text))
    return (numeric >= 0.4 * len(body) and not prose) or numeric >= 0.7 * len(body) \
        or (cell_like and any(ch.isdigit() for ch in body))


def _repeated_lines(pages: Sequence[tuple[int, str]]) -> set[str]:
    """Running headers and footers: short lines at a page's top or bottom that recur there on half the pages.
    Only the edges count, so a claim repeated from the cover in the body is not mistaken for a header."""
    seen: dict[str, set[int]] = {}
    for page, text in pages:
        lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        for line in set(lines[:4] + lines[-3:]):
            if len(line) <= 60 and line[-1] not in "。！？!?":
                seen.setdefault(line, set()).add(page)
    n_pages = len({p for p, _ in pages})
    return {ln for ln, on in seen.items() if n_pages >= 2 and len(on) >= max(2, math.ceil(0.6 * n_pages))}


def _width(line: str) -> float:
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in line.strip())


def _paragraphs(lines: list[str]) -> list[tuple[str, bool]]:
    """(paragraph, whether it was a single line): wrapped lines joined back."""
    long_widths = sorted(w for w in map(_width, lines) if w >= 15)
    full = long_widths[int(0.9 * (len(long_widths) - 1))] if long_widths else 0.0
    out: list[tuple[str, bool]] = []
    current: list[str] = []
    for i, line in enumerate(lines):
        current.append(line.strip())
        if i + 1 == len(lines) or not _continues(line, lines[i + 1], full):
            out.append((_join(current), len(current) == 1))
            current = []
    return out


def _continues(line: str, following: str, full: float) -> bool:
    """A line wraps on when it fills the page width, and the next line is no new block and is either
    full too or a paragraph's punctuated last line (a short unpunctuated line is a heading)."""
    if not full or _width(line) < 0.85 * full or line.rstrip()[-1:] in "。！？!?":
        return False
    if following[:1].isspace() or _BLOCK_START.match(following.strip()):
        return False
    return _width(following) >= 0.85 * full or following.rstrip()[-1:] in "。！？!?.；;，,、：:）)”"


def _join(lines: list[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        ascii_seam = text[-1:].isascii() and text[-1:].isalnum() and line[:1].isascii() and line[:1].isalnum()
        text += (" " if ascii_seam else "") + line
    return text


def _tf_matrix(token_lists: list[list[str]]):
    """L2-normalised term-frequency rows over a vocabulary in first-seen order (deterministic)."""
    import numpy as np

    vocab: dict[str, int] = {}
    for tokens in token_lists:
        for t in tokens:
            vocab.setdefault(t, len(vocab))
    matrix = np.zeros((len(token_lists), max(len(vocab), 1)), dtype=np.float32)  # halves a 300-page matmul
    for row, tokens in enumerate(token_lists):
        for t in tokens:
            matrix[row, vocab[t]] += 1.0
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def _pagerank(similarity, teleport):
    """Personalised PageRank; sentences with no similar neighbour send their mass to the teleport vector."""
    import numpy as np

    similarity = similarity.astype(np.float64)
    out_weight = similarity.sum(axis=1)
    dangling = out_weight == 0
    inflow = np.ascontiguousarray((similarity / np.where(dangling, 1.0, out_weight)[:, None]).T)
    rank = teleport.copy()
    for _ in range(_ITERATIONS):
        rank = (1 - _DAMPING) * teleport + _DAMPING * (inflow @ rank + rank[dangling].sum() * teleport)
    return rank


def _mmr(scores, similarity, candidates: list[PageSentence], k: int, mmr_lambda: float) -> list[int]:
    picked: list[int] = []
    texts = [squash(c.text) for c in candidates]
    while len(picked) < k:
        best, best_key = None, None
        for i in range(len(candidates)):
            if i in picked or any(similarity[i, j] >= _NEAR_DUPLICATE or texts[i] in texts[j] or texts[j] in texts[i]
                                  for j in picked):
                continue
            redundancy = max((similarity[i, j] for j in picked), default=0.0)
            key = (round(float(mmr_lambda * scores[i] - (1 - mmr_lambda) * redundancy), 6), -i)  # float32 noise is a tie
            if best_key is None or key > best_key:
                best, best_key = i, key
        if best is None:
            break
        picked.append(best)
    return picked
