"""Broker consensus on the labelled aggregation set (evals/labelled/aggregation/, issue 13): each case's
reports are read as a user's files would be (samples through the document reader, written reports as
their pages), summarized by the engine under test (the same draft → verify path as `touyan summarize`),
and aggregated by `build_consensus`.

input: {case}   reference: {case}: the gold lives in the case file.
Scores: divergence_f1 (with precision, recall and tp/fp/fn counts for the micro F1), stance_accuracy over
the gold claims the program matched, claim_recall, duplicate_free (no gold claim matched under two
topics), rating_classes, target_price, upside and forecasts (the structured views against the gold), and
numbers_cited (the share of cited figures and claims that stand on the page they cite).
"""

from __future__ import annotations

from functools import lru_cache

from agents.consensus.aggregate import build_consensus
from agents.consensus.claim_similarity import sentence_vectors
from agents.context import Context
from agents.summarize.models import ReportMeta, ReportSummary
from evals.env import EvalEnv
from evals.items import EvalItem
from evals.labelled.corpus import REPO
from evals.scorers.aggregation_citations import cited_numbers
from evals.scorers.aggregation_gold import best_gold, matched_golds, score_divergences
from evals.scorers.aggregation_numbers import score_numbers
from evals.solvers.base import Scored, Solver
from evals.solvers.summary import SOLVER as SUMMARY


@lru_cache(maxsize=None)
def load_case(case_id: str):
    from evals.labelled.schema import load_aggregation

    cases = {c.id: c for c in load_aggregation()}
    if case_id not in cases:
        raise KeyError(f"没有标注案例 {case_id}（evals/labelled/aggregation/）")
    return cases[case_id]


def report_pages(report) -> list[tuple[int, str]]:
    if report.pages is not None:
        return [(p.page, p.text) for p in sorted(report.pages, key=lambda p: p.page)]
    from tools.documents import load_document

    return [(p.number, p.text) for p in load_document(REPO / report.file).pages]


async def summarize_report(report, ctx: Context) -> ReportSummary:
    from agents.summarize.extractive import complete_draft, extractive_draft
    from agents.summarize.llm_draft import draft_from_pages
    from agents.summarize.verify import build_summary

    pages = report_pages(report)
    meta = ReportMeta(report_id=report.id, source=report.file or f"{report.id}.txt", title=report.title,
                      broker=report.broker, date=report.date, tickers=[report.code] if report.code else [])
    if ctx.engine == "llm":  # the path `touyan summarize --engine llm` takes, claims included
        draft = complete_draft(await draft_from_pages(ctx, meta, pages), pages, meta)
    else:
        draft = extractive_draft(pages, meta)
    return build_summary(draft, pages, meta)


async def solve(item: EvalItem, ctx: Context, env: EvalEnv) -> dict:
    case = load_case(item.input["case"])
    summaries = [await summarize_report(r, ctx) for r in case.reports]
    code = case.subject.get("code")
    result = build_consensus(summaries, ticker=code, subject=case.subject.get("name") or case.subject.get("topic"),
                             encode=sentence_vectors)
    return {"consensus": result.model_dump(mode="json"), "summaries": [s.model_dump(mode="json") for s in summaries]}


def score(item: EvalItem, output: dict, env: EvalEnv) -> Scored:
    case = load_case(item.reference["case"])
    consensus = output["consensus"]
    gold_stance = {c.id: c.stance for c in case.gold.claims}
    topic_of: dict[str, set[str]] = {}
    stance_hits: dict[str, bool] = {}
    for topic in consensus.get("topics", []):
        for p in topic["points"]:
            gid = best_gold(p["report_id"], p["pages"], p["text"], case)
            if gid is None:
                continue
            topic_of.setdefault(gid, set()).add(topic["topic"])
            stance_hits.setdefault(gid, p["stance"] == gold_stance[gid])
    predicted, texts = [], []
    for d in consensus.get("claim_divergences", []):
        predicted.append([matched_golds(c["report_id"], [c["page"], *c["also_pages"]], c["text"], case)
                          for c in d["claims"]])
        texts.append(" ⟷ ".join(f"{c['broker']}「{c['text'][:40]}」" for c in d["claims"]))
    counts = score_divergences(predicted, case, texts)
    duplicates = [gid for gid, topics in topic_of.items() if len(topics) > 1]
    scores = {
        "divergence_f1": counts.f1(),
        "divergence_precision": counts.tp / (counts.tp + counts.fp) if counts.tp + counts.fp else None,
        "divergence_recall": counts.tp / (counts.tp + counts.fn) if counts.tp + counts.fn else None,
        "divergence_tp": float(counts.tp), "divergence_fp": float(counts.fp), "divergence_fn": float(counts.fn),
        "stance_accuracy": sum(stance_hits.values()) / len(stance_hits) if stance_hits else None,
        "claim_recall": len(stance_hits) / len(case.gold.claims),
        "duplicate_free": 0.0 if duplicates else 1.0,
    }
    numbers, wrong = score_numbers(consensus, case)
    scores |= numbers
    checked, uncited = cited_numbers(consensus, {r.id: dict(report_pages(r)) for r in case.reports})
    scores["numbers_cited"] = 1.0 - len(uncited) / checked if checked else None
    notes = (counts.notes + [f"重复观点（多个议题）：{gid} {sorted(topic_of[gid])}" for gid in duplicates] + wrong
             + [f"引用页上找不到：{line}" for line in uncited])
    return Scored(scores, notes)


def excerpt(output: dict) -> str:
    c = output["consensus"]
    return f"分歧 {len(c.get('claim_divergences', []))} 处；议题 {[t['topic'] for t in c.get('topics', [])][:6]}"


SOLVER = Solver(task="aggregation_labelled", prompts=SUMMARY.prompts, solve=solve, score=score, excerpt=excerpt,
                description="卖方观点汇总（标注集：分歧 F1、立场准确率、重复观点、评级/目标价/上行空间/盈利预测）")
