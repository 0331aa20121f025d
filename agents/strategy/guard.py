"""Sentence-level check of rationale text: only computed numbers, real citations and known funds pass.

A sentence is dropped (never repaired) when it
  - cites a material ref or page that was not given ([R9 p.3]) or a signal that does not exist;
  - names a six-digit fund/ETF code that is not one of the proposal's positions;
  - states an allocation percentage ("配置45%", "20%的仓位") that is not a computed weight;
  - states any other figure that is neither among the computed facts nor on a page the sentence cites.
Dropped sentences are counted with their reasons; their text is not kept, so nothing they state can
reach the proposal. Kept sentences get their markers rendered: [R1 p.2] (page index 2) -> [券商《标题》 · p.3]
(the page a PDF viewer shows), [信号:size_view] -> [信号：大小盘].
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agents.strategy.models import Citation
from tools.citations import extract_figures

REPORT_MARK = re.compile(r"\[\s*(R\d+)\s*[·,，]?\s*p\.?\s*(\d+)\s*\]", re.I)
SIGNAL_MARK = re.compile(r"\[\s*信号\s*[:：]\s*([^\]]+?)\s*\]")
CODE = re.compile(r"(?<![\d.])\d{6}(?![\d])")
# An allocation percentage: the number right after an allocation word, or right before 的仓位/权重/资金.
_ALLOCATION = re.compile(
    r"(?:配置|超配|低配|持有|买入|加仓|减仓|仓位|权重|比例|比重)\s*(?:约|为|是|达|至|到|在)?\s*(\d+(?:\.\d+)?)\s*[%％]"
    r"|(\d+(?:\.\d+)?)\s*[%％]\s*(?:的)?\s*(?:仓位|权重|比例|比重|资金)")
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*(?:\s*\[[^\]]*\])*")


@dataclass(frozen=True)
class MaterialPage:
    ref: str  # R1, R2… as the model sees it
    citation: Citation
    text: str  # the full page text (figures are checked against it)


@dataclass(frozen=True)
class Allowed:
    figures: frozenset[str]  # canonical literals of every computed number shown to the model
    codes: frozenset[str]  # position codes
    weights_pct: frozenset[str]  # computed weights as percentage literals ("40", "13.33")
    signals: dict[str, str]  # accepted names (key or label) -> label
    pages: dict[tuple[str, int], MaterialPage]  # (ref, page) -> material


@dataclass
class GuardResult:
    text: str
    kept: int = 0
    dropped: list[str] = field(default_factory=list)  # reasons only
    cited: list[Citation] = field(default_factory=list)


def figures_with_roundings(text: str) -> frozenset[str]:
    """Figures of `text` plus their 0- and 1-decimal roundings (13.33 also allows 13.3 and 13)."""
    out = set()
    for literal in extract_figures(text):
        out.add(literal)
        value = float(literal)
        for digits in (0, 1):
            out.update(extract_figures(f"{round(value, digits):.{digits}f}"))
    return frozenset(out)


def sentences(text: str) -> list[str]:
    """Sentences with the citation markers that follow their end punctuation."""
    return [m.group(0).strip() for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def _problem(sentence: str, allowed: Allowed) -> tuple[str | None, list[MaterialPage]]:
    pages = []
    for ref, page in REPORT_MARK.findall(sentence):
        material = allowed.pages.get((ref.upper(), int(page)))
        if material is None:
            return "引用了未提供的材料或页码", []
        pages.append(material)
    for name in SIGNAL_MARK.findall(sentence):
        if name.strip() not in allowed.signals:
            return "引用了不存在的信号", []
    body = SIGNAL_MARK.sub(" ", REPORT_MARK.sub(" ", sentence))
    if any(code not in allowed.codes for code in CODE.findall(body)):
        return "提到了组合之外的基金或ETF代码", []
    for match in _ALLOCATION.finditer(body):
        literal = extract_figures(match.group(1) or match.group(2))[0]
        if literal not in allowed.weights_pct:
            return "自行给出了配置比例（比例只由程序计算）", []
    on_pages = set().union(*(extract_figures(p.text) for p in pages)) if pages else set()
    for literal in extract_figures(CODE.sub(" ", body)):
        if literal not in allowed.figures and literal not in on_pages:
            return "含有既非程序计算、也不在所引页面上的数字", []
    return None, pages


def _render(sentence: str, allowed: Allowed) -> str:
    sentence = REPORT_MARK.sub(lambda m: allowed.pages[(m.group(1).upper(), int(m.group(2)))].citation.marker,
                               sentence)
    return SIGNAL_MARK.sub(lambda m: f"[信号：{allowed.signals[m.group(1).strip()]}]", sentence)


def guard_text(text: str, allowed: Allowed) -> GuardResult:
    result = GuardResult(text="")
    kept: list[str] = []
    for sentence in sentences(text):
        problem, pages = _problem(sentence, allowed)
        if problem:
            result.dropped.append(problem)
            continue
        kept.append(_render(sentence, allowed))
        for page in pages:
            if page.citation not in result.cited:
                result.cited.append(page.citation)
    result.text, result.kept = "".join(kept), len(kept)
    return result
