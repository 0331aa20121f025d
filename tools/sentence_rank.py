"""Deterministic extractive sentence selection with page citations (the offline engine's core).

PDF text wraps lines mid-sentence, so each page is first reflowed into paragraphs under their
section headings (`tools.page_layout`), then split into sentences. Every returned sentence is
a verbatim slice of its page's text once whitespace is ignored (see `occurs_in`), so its
`[page::N]` citation is true by construction. Ranking is TextRank (PageRank over a cosine
graph of jieba term frequencies) with a position prior, then MMR.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from tools.page_layout import NUMBERING, page_paragraphs
from tools.text import looks_like_injection, split_sentences, squash, tokenize
from tools.text_titles import without_front_matter

_DAMPING, _ITERATIONS = 0.85, 60
_MIN_CHARS = 12  # shorter fragments are labels, table cells or headings
_EMPHASIS_EDGE = re.compile(r"^(?:\*\*|__)+|(?:\*\*|__)+$")  # a web export's bold split at a sentence edge
NEAR_DUPLICATE = 0.8  # cosine at or above which two sentences say the same thing
_BOILERPLATE = re.compile(r"免责声明|免责条款|分析师声明|评级说明|请务必阅读|重要声明|特别声明|法律声明|执业证书|"
                          r"资料来源|数据来源|图片来源|版权所有|不构成(?:任何)?投资建议|本(?:报告|页|资料)仅供|证券投资咨询业务|"
                          r"[\w.-]+@[\w-]+\.[a-z]|S\d{13}|"  # a byline's e-mail or SAC number
                          # the rating scale every report prints at its end, often under no heading the layout step knows
                          r"评级(?:标准|体系|定义)|评价期|相对表现(?:优于|弱于|与)|表现为(?:比较对象|标准|基准)|"
                          r"(?:基准|代表性)指数[^。；;]{0,10}?(?:\d+%(?:以上|之间)|±|持平|[涨跌]幅[大小]于)")
_BULLET = re.compile(r"^(?:[◆●•·■□▪►▶▷➢✓★◇○]\s*|[-*]\s+)")  # "-8.7%" keeps its sign
_FAVOURED_SECTIONS = re.compile(r"投资要点|核心观点|投资摘要|报告摘要|主要观点|投资建议|核心结论")
_CLAUSE_END = "，,、：:；;"
CAPTION = re.compile(r"^(?:图表|图|表)\s*\d+(?:[-.]\d+)?\s*[:：]")
_CONTENTS_ENTRY = re.compile(r"(?:\.{4,}|…{2,}|·{4,})\s*\d+")  # "投资决策生成.....10"
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
    reason: str  # injection | boilerplate | table | caption | heading | question | short | too_long


@dataclass(frozen=True)
class _Unit:
    text: str
    page: int
    section: str
    reason: str | None
    item: bool = False  # a bullet or numbered list item
    paragraph: int = 0  # index of the paragraph it comes from


@dataclass
class SentencePool:
    candidates: list[PageSentence]
    skipped: list[SkippedSentence]
    sections: list[str]  # section heading of each candidate
    paragraphs: list[int] = field(default_factory=list)  # paragraph index of each candidate


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
            pool.paragraphs.append(unit.paragraph)
        else:
            pool.skipped.append(SkippedSentence(unit.text, unit.page, unit.reason))
    return pool


def find_section(pages: Sequence[tuple[int, str]], headings: Sequence[str] = ("风险提示", "风险因素"),
                 *, max_chars: int = 160, carry_inline: bool = False, fallback: bool = True) -> list[PageSentence]:
    """Sentences under a heading such as 六、风险提示 (or an inline "风险提示：…" paragraph, with the paragraphs
    after it when `carry_inline`), with their pages. Without an exact heading, one that holds a wanted heading
    counts (投资建议与风险提示), unless `fallback` is off."""
    wanted = [squash(h) for h in headings]
    units = [u for u in _units(pages, max_chars, extra_headings=wanted, carry_inline=carry_inline)
             if u.reason is None or (u.reason == "short" and u.item and len(squash(u.text)) >= 4)]
    exact = [u for u in units if u.section in wanted]  # "风险提示" beats a combined "投资建议与风险提示"
    chosen = exact or [u for u in units if fallback and any(h in u.section for h in wanted)]
    return [PageSentence(u.text, u.page, i) for i, u in enumerate(chosen)]


def rank_sentences(pages: Sequence[tuple[int, str]], *, k: int = 6, query: str | None = None,
                   mmr_lambda: float = 0.7, max_chars: int = 160) -> list[RankedSentence]:
    """Top-k sentences by TextRank x position prior (x query relevance), picked by MMR; best first."""
    import numpy as np

    pool = collect_sentences(pages, max_chars=max_chars)
    if not pool.candidates or k <= 0:
        return []
    vectors = tf_matrix([tokenize(s.text) for s in pool.candidates] + [tokenize(query or "")])
    sentences, query_vec = vectors[:-1], vectors[-1]
    similarity = sentences @ sentences.T
    np.fill_diagonal(similarity, 0.0)
    prior = np.array([(1.0 + 0.2 * (s.page == 0) + 0.2 * bool(_FAVOURED_SECTIONS.search(sec)))
                      * min(1.0, 0.5 + len(s.text) / 40)  # a list fragment ("服务器工业富联、浪潮信息；") says little
                      for s, sec in zip(pool.candidates, pool.sections)])
    if query:
        relevance = sentences @ query_vec + np.array([0.5 * (query in s.text) for s in pool.candidates])
        prior = prior * (1.0 + 2.0 * relevance)
    scores = pagerank(similarity, prior / prior.sum()) * prior
    scores = scores / scores.max() if scores.max() > 0 else scores
    picked = _mmr(scores, similarity, pool.candidates, k, mmr_lambda)
    return [RankedSentence(pool.candidates[i].text, pool.candidates[i].page, pool.candidates[i].position,
                           round(float(scores[i]), 6)) for i in picked]


def summary_from(sentences: Sequence[PageSentence]) -> str:
    """Sentences in page order, each closed by its citation: "句子[page::N]。"."""
    parts = []
    for s in sorted(sentences, key=lambda s: (s.page, s.position)):
        body = s.text.rstrip("。；;，,、：: ！？!?")
        end = s.text[len(body):].strip()[:1]  # a question or exclamation keeps its mark
        parts.append(f"{body}[page::{s.page}]{end if end and end in '！？!?' else '。'}")  # "" is in every str
    return "".join(parts)


def _units(pages: Sequence[tuple[int, str]], max_chars: int, extra_headings: Sequence[str] = (),
           carry_inline: bool = False) -> list[_Unit]:
    """With `carry_inline`, an inline label ("投资要点：…") also covers the paragraphs after it on its page until
    a heading or a risk label: a cover's summary often runs on as "信贷增长：…" and "投资建议：…" lines."""
    units: list[_Unit] = []
    carried: tuple[str, str, int] | None = None  # (label, section it interrupted, page)
    pages = [(n, without_front_matter(t) if i == 0 else t) for i, (n, t) in enumerate(pages)]
    for index, paragraph in enumerate(page_paragraphs(pages, extra_headings)):
        text, page = paragraph.text, paragraph.page
        if carried and (carried[1], carried[2]) != (paragraph.section, page):
            carried = None
        if paragraph.heading:
            units.append(_Unit(text, page, paragraph.section, "boilerplate" if paragraph.in_disclaimer else "heading"))
            continue
        inline = _SECTION_LABEL.match(_BULLET.sub("", NUMBERING.sub("", text)))  # 风险提示：… on a cover page
        summary = carried[0] if carried else paragraph.section if paragraph.section in extra_headings else None
        if carry_inline and inline and summary and not inline.group(1).startswith(("风险", "主要风险")):
            own_section = summary  # "投资建议：…" inside a cover's 投资要点 still belongs to it
        else:
            own_section = inline.group(1) if inline else carried[0] if carried else paragraph.section
            if inline and carry_inline:
                carried = (own_section, paragraph.section, page)
        injected = looks_like_injection(text)
        item = paragraph.item or bool(inline)  # "风险提示：A；B；C。" lists short items
        for sentence in split_sentences(text):
            unit = _classify(sentence, page, own_section, max_chars, injected, paragraph.in_disclaimer, inline)
            units.append(_Unit(unit.text, unit.page, unit.section, unit.reason, item, index))
    return units


def _classify(sentence: str, page: int, section: str, max_chars: int, injected: bool,
              in_disclaimer: bool, inline: re.Match | None) -> _Unit:
    text = _EMPHASIS_EDGE.sub("", _BULLET.sub("", sentence).strip()).strip()
    if inline and (label := _SECTION_LABEL.match(NUMBERING.sub("", text))):
        text = NUMBERING.sub("", text)[label.end():].strip()  # the label is not part of the claim
    if injected:
        return _Unit(text, page, section, "injection")
    if in_disclaimer or _BOILERPLATE.search(text):
        return _Unit(text, page, section, "boilerplate")
    if _is_table_row(text):
        return _Unit(text, page, section, "table")
    if CAPTION.match(text) or _CONTENTS_ENTRY.search(text):
        return _Unit(text, page, section, "caption")  # a figure title or a table-of-contents line states nothing
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


# "投资评级：增持（维持）    收盘价：24.10元    目标价：28.00元": a cover's fields on one line, not a sentence
_FIELD = r"[^\s：:，。；|]{1,8}[：:]\s*[^\s：:，。；|]{1,20}"
_FIELD_ROW = re.compile(rf"^\s*{_FIELD}(?:(?:\s{{2,}}|\t|\s*[|｜]\s*){_FIELD})+\s*$")


def _is_table_row(text: str) -> bool:
    if text.lstrip().startswith("|") or _FIELD_ROW.match(text):
        return True  # a Markdown table row from the layout step, or a row of label：value fields
    body = squash(text)
    numeric = sum(ch.isdigit() or ch in ".,%-+()（）/" for ch in body)
    cells = text.split()
    cell_like = len(cells) >= 4 and sum(map(len, cells)) / len(cells) <= 6 and not re.search(r"[。，；,;]", text)
    prose = bool(re.search(r"[，。；]", text))
    return (numeric >= 0.4 * len(body) and not prose) or numeric >= 0.7 * len(body) \
        or (cell_like and any(ch.isdigit() for ch in body))


def tf_matrix(token_lists: list[list[str]]):
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


def pagerank(similarity, teleport):
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
            if i in picked or any(similarity[i, j] >= NEAR_DUPLICATE or texts[i] in texts[j] or texts[j] in texts[i]
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
