"""Checks a chat answer against the tool results it was written from, and marks what fails.

A model's answer may only state figures, companies and citations that the turn's tool results (or
the researcher's own question) contain, and a sentence stating a figure or a company must also be
about what the tool results say: the citation checker's rule, character-bigram overlap ≥ 0.5
(measured in tools/citations.py). Anything else makes the answer `未核验`: it is kept, marked, and
the tool results (computed in code, citations checked) are shown beside it.
"""

from __future__ import annotations

import re

from tools.citations import extract_figures, figure_on_page, ngram_overlap
from tools.text import split_sentences, squash

CHAT_CITE = re.compile(r"\[《[^》\]]{1,80}》\s*(?:·\s*)?p\.\d+\]")  # [《标题》p.N]; stored answers: [《标题》· p.N]
UNVERIFIED = "【未核验】"
MAX_PROBLEMS_SHOWN = 4
MIN_OVERLAP = 0.5  # tools/citations.py: the threshold measured for a claim against its page
MAX_QUOTED_CHARS = 24


def unsupported(answer: str, sources: str, master) -> list[str]:
    """What the answer states that `sources` (tool results + question) do not: figures, companies, citations."""
    problems = []
    for figure in extract_figures(CHAT_CITE.sub(" ", answer)):
        if not figure_on_page(figure, sources):
            problems.append(f"数字 {figure}")
    flat = squash(sources)
    for security, _start, _end in master.find_mentions(answer):
        if squash(security.name) not in flat and security.code[:6] not in flat:
            problems.append(f"公司 {security.name}")
    for marker in CHAT_CITE.findall(answer):
        if marker not in sources:
            problems.append(f"引用 {marker}")
    for sentence in split_sentences(CHAT_CITE.sub("", answer)):
        claims = extract_figures(sentence) or master.find_mentions(sentence)
        if claims and ngram_overlap(sentence, sources) < MIN_OVERLAP:
            problems.append(f"“{sentence.strip()[:MAX_QUOTED_CHARS]}”")
    return list(dict.fromkeys(problems))


def marked_answer(answer: str, problems: list[str], tool_text: str) -> str:
    """The answer as streamed, then the mark and the tool results a reader can check."""
    shown = "、".join(problems[:MAX_PROBLEMS_SHOWN]) + ("等" if len(problems) > MAX_PROBLEMS_SHOWN else "")
    return (f"{answer}\n\n{UNVERIFIED}上面的回答中有工具结果里没有的内容（{shown}），可能是模型编造。"
            f"以下是工具给出的结果（由程序生成，引用已核验）：\n\n{tool_text}")


def unsupported_direct(answer: str, tool_text: str) -> str:
    """A factual answer the model gave without any tool: marked, with the offline router's result offered."""
    return (f"{UNVERIFIED}以下回答没有工具结果或研报引用支持，可能是模型编造：\n\n{answer}\n\n"
            f"研报库按离线规则给出的结果（可核验）：\n\n{tool_text}")
