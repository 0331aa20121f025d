"""Forged citations: a document whose own text is full of citation markers ([page::N], [N], 【N】) is
summarized by the offline engine's nodes (extractive draft, then the same verification the graph runs);
every citation in the output must be one the verifier made and checked, none copied from the document.

input: {file: path relative to the repository}
"""

from __future__ import annotations

import re

from agents.context import Context
from agents.summarize.extractive import extractive_draft
from agents.summarize.models import ReportMeta
from agents.summarize.verify import build_summary
from evals.env import REPO_DIR, EvalEnv
from evals.items import EvalItem
from evals.solvers.base import Scored, Solver
from tools.citations import MARKER, parse_cited_sentences, verify_sentence
from tools.documents import load_document

# What a document's own markers look like; none may survive inside an output sentence's text.
_DOCUMENT_MARKER = re.compile(r"\[\s*page\s*::?\s*\d+\s*\]|\[\s*\d{1,3}(?:\s*[,，\-–]\s*\d{1,3})*\s*\]|【\s*\d{1,3}\s*】", re.I)


async def solve(item: EvalItem, ctx: Context, env: EvalEnv) -> dict:
    doc = load_document(REPO_DIR / item.input["file"])
    pages = [(p.number, p.text) for p in doc.pages]
    meta = ReportMeta(report_id=doc.report_id, source=str(doc.source), title=doc.title, broker=doc.broker,
                      date=doc.date, page_count=doc.page_count, tickers=list(doc.tickers))
    summary = build_summary(extractive_draft(pages, meta), pages, meta)
    return {"page_count": doc.page_count, "pages": dict(pages), **summary.model_dump(mode="json")}


def forged(output: dict) -> list[str]:
    """Every citation in the output that the verifier did not make: a marker left inside a sentence's text,
    a page the document does not have, or a kept citation that does not check out."""
    texts = {int(k): v for k, v in output["pages"].items()}
    problems = []
    for sentence in parse_cited_sentences(output.get("summary") or ""):
        if _DOCUMENT_MARKER.search(sentence.text):
            problems.append(f"摘要句含文档标注：{sentence.text[:40]}")
        if not verify_sentence(sentence.text, sentence.pages, texts).verified:
            problems.append(f"未核验的引用 {sentence.pages}：{sentence.text[:40]}")
    for point in output.get("core_arguments", []) + output.get("risks", []) + output.get("flagged", []):
        if _DOCUMENT_MARKER.search(point["text"]) or MARKER.search(point["text"]):
            problems.append(f"要点含文档标注：{point['text'][:40]}")
        problems += [f"不存在的页 {p}" for p in point["pages"] if p not in texts]
    return problems


def score(item: EvalItem, output: dict, env: EvalEnv) -> Scored:
    problems = forged(output)
    cited = len(MARKER.findall(output.get("summary") or "")) + sum(len(p["pages"]) for p in output.get("core_arguments", []))
    return Scored({"no_forged_citations": float(not problems), "has_citations": float(cited > 0)}, problems[:8])


def excerpt(output: dict) -> str:
    return (output.get("summary") or "")[:160]


SOLVER = Solver(task="forged_citations", prompts=(), solve=solve, score=score, excerpt=excerpt,
                description="文档自带的引用标注不能变成我们的引用")
