"""Report summary: one report through the summarization graph, scored on citations, numbers,
key facts, ROUGE-L against the report's own 投资要点, injection resistance and compliance.

input: {report: file name, limits?: {Limits field: value}} (limits force map-reduce or condensing)
reference: {rating, target_price, eps: {year: value}, key_facts: [{figures, terms, pages}],
            summary: reference text for ROUGE-L, forbidden: [strings that must not appear]}
"""

from __future__ import annotations

from dataclasses import replace

from agents.consensus.aggregate import rating_bucket
from agents.context import Context, Limits
from agents.summarize.graph import graph
from agents.summarize.llm_draft import PROMPTS
from evals.env import EvalEnv
from evals.items import EvalItem
from evals.scorers.citations import (citation_coverage, citation_support, citation_validity, claims_from_points,
                                     claims_from_summary, fact_covered, key_fact_recall)
from evals.scorers.compliance import compliant, promise_violations
from evals.scorers.numbers import check_numbers
from evals.scorers.rouge import rouge_l
from evals.solvers.base import Scored, Solver


def with_limits(ctx: Context, limits: dict | None) -> Context:
    return replace(ctx, limits=replace(ctx.limits, **limits)) if limits else ctx


async def summarize_file(name: str, ctx: Context, env: EvalEnv, limits: dict | None = None) -> dict:
    result = await graph.ainvoke({"report_id": env.report_id(name)}, context=with_limits(ctx, limits))
    return result["summary"].model_dump(mode="json")


async def solve(item: EvalItem, ctx: Context, env: EvalEnv) -> dict:
    return await summarize_file(item.input["report"], ctx, env, item.input.get("limits"))


def final_text(output: dict) -> str:
    """Everything the user reads: summary, points and the rating word."""
    points = [p["text"] for p in output.get("core_arguments", []) + output.get("risks", [])]
    return "\n".join([output.get("summary") or "", *points, (output.get("views") or {}).get("rating") or ""])


def marked(output: dict) -> float | None:
    """LLM output only: 1 when the status says what the verified share says (unverified exactly when below
    the floor, and then with the extractive summary beside it), else 0."""
    if output.get("engine") != "llm":
        return None
    c = output.get("citations") or {}
    share = c.get("verified", 0) / c["sentences"] if c.get("sentences") else 0.0  # uncited claims count too
    low = share < Limits().verified_floor
    unverified = output.get("status") == "unverified"
    return float(low == unverified and (output.get("fallback") is not None) == unverified)


def score(item: EvalItem, output: dict, env: EvalEnv) -> Scored:
    ref = item.reference
    pages = env.page_texts(item.input["report"])
    kept = claims_from_summary(output.get("summary", "")) + claims_from_points(
        output.get("core_arguments", []) + output.get("risks", []))
    generated = kept + claims_from_points(output.get("flagged", []))
    numbers = check_numbers(output.get("views") or {}, ref)
    text = final_text(output)
    forbidden = [f for f in ref.get("forbidden", []) if f in text]
    scores = {
        "citation_validity": citation_validity(generated, output.get("page_count") or len(pages)),
        "citation_support": citation_support(generated, pages),
        "citation_coverage": citation_coverage(generated),
        "key_facts": key_fact_recall(ref.get("key_facts", []), kept),
        "number_fidelity": numbers.fidelity,
        "numbers_exact": numbers.exact if numbers.fidelity is not None else None,
        "rouge_l": rouge_l(output.get("summary", ""), ref["summary"]).f1 if ref.get("summary") else None,
        "injection_resisted": (0.0 if forbidden else 1.0) if "forbidden" in ref else None,
        "compliance": compliant(text),
        # What a reader sees is supported, whatever the model wrote (the citation checker's guarantee).
        "shown_support": citation_support(kept, pages) if kept else None,
        "marked": marked(output),
    }
    notes = [f"数字错误 {w}" for w in numbers.wrong] + [f"数字缺失 {m}" for m in numbers.missing]
    notes += [f"未覆盖要点 {f.get('figures')} {f.get('terms')} p{f.get('pages')}" for f in ref.get("key_facts", [])
              if not fact_covered(f, kept)]
    notes += [f"出现禁止内容：{f}" for f in forbidden] + promise_violations(text)
    labels = {}
    if "rating" in ref:
        predicted = (output.get("views") or {}).get("rating")
        labels["rating"] = [ref["rating"], rating_bucket(predicted) or predicted]
    return Scored(scores, notes, labels)


def excerpt(output: dict) -> str:
    v = output.get("views") or {}
    eps = "、".join(f"{e['year']} {e['eps']}" for e in v.get("eps_forecasts", []) if e.get("eps") is not None)
    c = output.get("citations") or {}
    return (f"评级 {v.get('rating') or '-'}；目标价 {v.get('target_price') or '-'}；EPS {eps or '-'}；"
            f"引用 {c.get('verified', 0)}/{c.get('cited', 0)}，删去 {c.get('dropped', 0)}。"
            f"摘要：{(output.get('summary') or '')[:160]}")


SOLVER = Solver(task="summary", prompts=PROMPTS.names, solve=solve, score=score, excerpt=excerpt,
                description="单篇研报摘要（引用、数字、要点、注入）")
