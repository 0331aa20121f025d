"""Strategy proposal: the strategy graph's core + satellite allocation, scored on what must hold
for any proposal (weights sum to 100 %, the seed's risk warnings, no promised returns, citations
to pages that exist, every rationale sentence backed by a marker) and on what the inputs imply
(which funds belong in the core, the core share the CICC report recommends).

input: StrategyInput ({fund_codes?, as_of?})
reference: {core_weight?: fraction, core_funds?: [codes], risk_terms: [phrases the warnings must carry]}
"""

from __future__ import annotations

import re

from agents.context import Context
from agents.strategy.graph import graph
from agents.strategy.rationale import PROMPTS
from evals.env import EvalEnv
from evals.items import EvalItem
from evals.scorers.compliance import compliant, promise_violations
from evals.solvers.base import Scored, Solver

_MARKER = re.compile(r"\[(?:信号[:：][^\]]+|[^\]]*《[^》]+》\s*·\s*p\.\d+)\]")
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
DEFAULT_RISK_TERMS = ("随机性", "模型风险")  # seed 004 §六: LLM randomness and model risk


async def solve(item: EvalItem, ctx: Context, env: EvalEnv) -> dict:
    return (await graph.ainvoke(dict(item.input), context=ctx))["proposal"].model_dump(mode="json")


def user_text(output: dict) -> str:
    parts = [s["text"] for s in output.get("rationale", [])] + [p["reason"] for p in output.get("positions", [])]
    return "\n".join(parts + list(output.get("notes", [])))


def marked_share(output: dict) -> float | None:
    sentences = [s for section in output.get("rationale", []) for s in _SENTENCE.findall(section["text"])
                 if len(s.strip("。 ")) > 4]
    return sum(bool(_MARKER.search(s)) for s in sentences) / len(sentences) if sentences else None


def score(item: EvalItem, output: dict, env: EvalEnv) -> Scored:
    ref, notes = item.reference, []
    positions = output.get("positions", [])
    total_bp = sum(p["weight_bp"] for p in positions)
    warnings = "".join(output.get("risk_warnings", []))
    terms = ref.get("risk_terms", DEFAULT_RISK_TERMS)
    citations = output.get("citations", [])
    valid = [env.library.page_text(c["report_id"], c["page"]) is not None for c in citations]
    scores: dict[str, float | None] = {
        "weights_sum": float(total_bp == 10000),
        "risk_warnings": sum(t in warnings for t in terms) / len(terms),
        "compliance": compliant(user_text(output)),
        "citations_valid": sum(valid) / len(valid) if valid else None,
        "rationale_marked": marked_share(output),
    }
    core = [p for p in positions if p["role"] == "core"]
    if "core_weight" in ref:
        got = sum(p["weight_bp"] for p in core) / 10000
        scores["core_weight"] = float(abs(got - ref["core_weight"]) < 0.005)
        if not scores["core_weight"]:
            notes.append(f"核心仓位 {got:.0%} ≠ {ref['core_weight']:.0%}")
    if "core_funds" in ref:
        got_funds = sorted(p["code"] for p in core if p["kind"] == "fund")
        scores["core_funds"] = float(got_funds == sorted(ref["core_funds"]))
        if not scores["core_funds"]:
            notes.append(f"核心仓位中的基金 {got_funds} ≠ {sorted(ref['core_funds'])}")
    if total_bp != 10000:
        notes.append(f"权重合计 {total_bp / 100:.2f}%")
    notes += [f"缺少风险提示：{t}" for t in terms if t not in warnings] + promise_violations(user_text(output))
    return Scored(scores, notes)


def excerpt(output: dict) -> str:
    positions = "、".join(f"{p['name']}{p['weight_bp'] / 100:g}%({p['role']})" for p in output.get("positions", []))
    return f"{output.get('as_of')}：{positions}；理由 {len(output.get('rationale', []))} 段，引用 {len(output.get('citations', []))} 处"


SOLVER = Solver(task="strategy", prompts=PROMPTS.names, solve=solve, score=score, excerpt=excerpt,
                description="核心+卫星配置建议的合规与一致性")
