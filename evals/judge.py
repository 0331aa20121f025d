"""Optional LLM judge (`--judge`, off by default) for what rules cannot check: is the summary
faithful to the report as a whole, and does it cover what matters. The rubric is a versioned prompt
file in evals/rubrics/; its version goes into the cache key of the judge's calls, and its scores
are reported as `summary.judge_faithfulness` / `summary.judge_coverage` in [0, 1].
"""

from __future__ import annotations

from pathlib import Path

from langchain_core.messages import HumanMessage
from pydantic import BaseModel, Field

from agents.context import Context
from agents.llm.structured import invoke_structured
from evals.env import EvalEnv
from evals.items import EvalItem
from evals.solvers.base import Scored
from prompts import load_prompt
from tools.report_material import build_material

RUBRICS_DIR = Path(__file__).resolve().parent / "rubrics"
RUBRICS = {"summary": "summary_judge"}  # task -> rubric; tasks without one are not judged
JUDGE_MATERIAL_TOKENS = 6000


class JudgeVerdict(BaseModel):
    faithfulness: int = Field(ge=1, le=5, description="忠实度 1–5")
    coverage: int = Field(ge=1, le=5, description="覆盖度 1–5")
    reasons: str = Field(description="一两句理由")


def rubric_versions(task: str) -> dict[str, str]:
    name = RUBRICS.get(task)
    return {f"rubric:{name}": load_prompt(name, RUBRICS_DIR).version} if name else {}


async def judge_item(item: EvalItem, output: dict, scored: Scored, model, ctx: Context, env: EvalEnv) -> Scored:
    """Add the judge's scores to `scored` (unchanged for tasks without a rubric)."""
    name = RUBRICS.get(item.task)
    if name is None:
        return scored
    from evals.solvers.summary import final_text

    material = build_material(env.pages(item.input["report"]), JUDGE_MATERIAL_TOKENS).text
    prompt = load_prompt(name, RUBRICS_DIR).render(title=output.get("title") or item.input["report"],
                                                   pages=material, summary=final_text(output))
    verdict = await invoke_structured(model, JudgeVerdict, [HumanMessage(prompt)], usage=ctx.usage, gate=ctx.gate,
                                      policy=ctx.calls, purpose="judge")
    scores = dict(scored.scores, judge_faithfulness=(verdict.faithfulness - 1) / 4,
                  judge_coverage=(verdict.coverage - 1) / 4)
    return Scored(scores, scored.notes + [f"评审：{verdict.reasons}"], scored.labels)
