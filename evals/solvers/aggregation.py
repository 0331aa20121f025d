"""Broker aggregation (卖方观点汇总): the reports are summarized by the real graph, then
`build_consensus` aggregates them; scored on the computed numbers and on what it finds.

input: {reports: [file names], ticker?: code, subject?: text}
reference: {ticker, target_price: {min, max, median, n} | null, rating_counts: {bucket: n},
            eps: {year: {min, max}}, excluded: [files kept out of the numbers],
            divergent_topics_any / consensus_topics_any: [topic words, one must be found]}
"""

from __future__ import annotations

import asyncio

from agents.consensus.aggregate import build_consensus
from agents.context import Context
from agents.summarize.models import ReportSummary
from evals.env import EvalEnv
from evals.items import EvalItem
from evals.scorers.numbers import same_number
from evals.solvers import summary
from evals.solvers.base import Scored, Solver


async def solve(item: EvalItem, ctx: Context, env: EvalEnv) -> dict:
    names = item.input["reports"]
    outputs = await asyncio.gather(*(summary.summarize_file(n, ctx, env) for n in names))
    report = build_consensus([ReportSummary.model_validate(o) for o in outputs], subject=item.input.get("subject"),
                             ticker=item.input.get("ticker"))
    return report.model_dump(mode="json")


def _stats_match(got: dict | None, expected: dict | None) -> tuple[float, list[str]]:
    """Share of the expected statistics (min, max, median, n) that the output has right."""
    if expected is None:
        return (1.0, []) if got is None else (0.0, [f"不应给出统计，却给出 {got.get('min')}–{got.get('max')}"])
    if got is None:
        return 0.0, ["缺少统计"]
    wrong = [f"{k}: {got.get(k)} ≠ {v}" for k, v in expected.items() if not same_number(got.get(k), v)]
    return 1.0 - len(wrong) / len(expected), wrong


def _topics(output: dict, status: str) -> list[str]:
    return [t["topic"] for t in output.get("topics", []) if t["status"] == status]


def _found_any(names: list[str], words: list[str]) -> bool:
    return any(w in name for name in names for w in words)


def score(item: EvalItem, output: dict, env: EvalEnv) -> Scored:
    ref, scores, notes = item.reference, {}, []
    if "ticker" in ref:
        scores["ticker"] = float(output.get("ticker") == ref["ticker"])
        if not scores["ticker"]:
            notes.append(f"对象 {output.get('ticker')} ≠ {ref['ticker']}")
    if "target_price" in ref:
        scores["target_price"], wrong = _stats_match(output.get("target_price"), ref["target_price"])
        notes += [f"目标价 {w}" for w in wrong]
    if "rating_counts" in ref:
        got = {k: v for k, v in (output.get("rating_distribution") or {}).get("counts", {}).items() if v}
        scores["rating_counts"] = float(got == ref["rating_counts"])
        if got != ref["rating_counts"]:
            notes.append(f"评级分布 {got} ≠ {ref['rating_counts']}")
    if "eps" in ref:
        by_year = {e["year"]: e for e in output.get("eps_dispersion", [])}
        parts = [_stats_match(by_year.get(year), expected) for year, expected in ref["eps"].items()]
        scores["eps"] = sum(p[0] for p in parts) / len(parts) if parts else None
        notes += [f"EPS {w}" for p in parts for w in p[1]]
    if "excluded" in ref:
        counted = {v["report_id"] for v in (output.get("target_price") or {}).get("values", [])}
        counted |= {v["report_id"] for v in (output.get("rating_distribution") or {}).get("votes", [])}
        leaked = [name for name in ref["excluded"] if env.report_id(name) in counted]
        scores["scope"] = 0.0 if leaked else 1.0
        notes += [f"不应计入数字：{name}" for name in leaked]
    for key, status in (("divergent_topics_any", "divergence"), ("consensus_topics_any", "consensus")):
        if key in ref:
            found = _topics(output, status)
            scores[status] = float(_found_any(found, ref[key]))
            if not scores[status]:
                notes.append(f"未找到{'分歧' if status == 'divergence' else '共识'}议题 {ref[key]}（找到 {found}）")
    return Scored(scores, notes)


def excerpt(output: dict) -> str:
    tp = output.get("target_price")
    tp_text = f"{tp['min']:g}–{tp['max']:g}（中位数 {tp['median']:g}，n={tp['n']}）" if tp else "-"
    counts = {k: v for k, v in (output.get("rating_distribution") or {}).get("counts", {}).items() if v}
    return (f"对象 {output.get('ticker') or '-'}；目标价 {tp_text}；评级 {counts}；"
            f"分歧 {_topics(output, 'divergence')}；共识 {_topics(output, 'consensus')}")


SOLVER = Solver(task="aggregation", prompts=summary.SOLVER.prompts, solve=solve, score=score, excerpt=excerpt,
                description="多券商观点汇总（目标价区间、评级分布、分歧）")
