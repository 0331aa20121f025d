"""Fund-style label: a fund code through the fund-style graph (holdings + manager commentary),
scored on the label and tilts the sample funds were built to show, on flagging words that
contradict the holdings, and on whether every quote shown is really in the commentary.

input: {code, years?}
reference: {label: style-rotation|style-stable|undetermined, growth_value_tilt?, size_tilt?,
            disagreement?: bool (the manager's words contradict the holdings)}
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from agents.context import Context
from agents.fund_style.commentary import PROMPTS
from agents.fund_style.graph import graph
from evals.env import EvalEnv
from evals.items import EvalItem
from evals.solvers.base import Scored, Solver
from tools.text import squash


async def solve(item: EvalItem, ctx: Context, env: EvalEnv) -> dict:
    payload = {"code": item.input["code"], **({"years": item.input["years"]} if item.input.get("years") else {})}
    return (await graph.ainvoke(payload, context=ctx))["result"].model_dump(mode="json")


@lru_cache(maxsize=256)
def _source_text(path: str) -> str:
    try:
        return squash(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return ""


def quotes_verified(quotes: list[dict]) -> float | None:
    """Share of shown quotes found verbatim (whitespace aside) in the file they cite."""
    if not quotes:
        return None
    found = [squash(q["text"]).rstrip("。；;，,") in _source_text(q["source"]) for q in quotes]
    return sum(found) / len(found)


def score(item: EvalItem, output: dict, env: EvalEnv) -> Scored:
    ref, notes = item.reference, []
    scores: dict[str, float | None] = {"label": float(output.get("label") == ref["label"])}
    for key in ("growth_value_tilt", "size_tilt"):
        if key in ref:
            scores[key] = float(output.get(key) == ref[key])
    if "disagreement" in ref:
        scores["disagreement"] = float(bool(output.get("disagreements")) == ref["disagreement"])
    scores["quotes_verified"] = quotes_verified(output.get("qualitative_evidence") or [])
    notes += [f"{k}: {output.get(k)} ≠ {ref[k]}" for k in ("label", "growth_value_tilt", "size_tilt")
              if k in ref and output.get(k) != ref[k]]
    if scores.get("disagreement") == 0.0:
        notes.append("言行不一未被指出" if ref["disagreement"] else f"误报言行不一：{output.get('disagreements')}")
    return Scored(scores, notes, {"label": [ref["label"], output.get("label")]})


def excerpt(output: dict) -> str:
    return (f"{output.get('code')} {output.get('name') or ''}：{output.get('label_zh') or output.get('label')}，"
            f"成长/价值 {output.get('growth_value_tilt')}，大小盘 {output.get('size_tilt')}，"
            f"置信度 {output.get('confidence', 0):.2f}；分歧 {len(output.get('disagreements') or [])} 条")


SOLVER = Solver(task="fund_style", prompts=PROMPTS.names, solve=solve, score=score, excerpt=excerpt,
                description="基金风格标签（轮动/稳定、成长价值、大小盘、言行不一）")
