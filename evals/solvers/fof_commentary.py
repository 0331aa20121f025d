"""FOF commentary label: one manager's commentary text read by the fund-selection reader
(LLM or lexicon, by engine): does the manager stress fund selection (基金优选)?

input: {code, period}   (the text is `<code>_<period>.txt` from the commentary folders)
reference: {stresses_fund_selection: bool}
"""

from __future__ import annotations

from agents.context import Context
from agents.fund_style.commentary import PROMPTS, read_one
from agents.fund_style.texts import catalog, load_commentary
from evals.env import EvalEnv
from evals.items import EvalItem
from evals.solvers.base import Scored, Solver


class MissingText(LookupError):
    pass


async def solve(item: EvalItem, ctx: Context, env: EvalEnv) -> dict:
    code, period = item.input["code"], item.input["period"]
    text = next((t for t in load_commentary(code, ctx.data_dir) if t.period == period), None)
    if text is None:
        raise MissingText(f"没有基金 {code} 在 {period} 的评论文本")
    name = catalog(ctx.data_dir).get(code, {}).get("fund_name", "")
    return (await read_one(ctx, text, "fund_selection", name)).model_dump(mode="json")


def _label(value: bool | None) -> str:
    return {True: "关注基金优选", False: "未强调", None: "无法判断"}[value]


def score(item: EvalItem, output: dict, env: EvalEnv) -> Scored:
    expected, got = item.reference["stresses_fund_selection"], output.get("stresses_fund_selection")
    kept, dropped = len(output.get("evidence") or []), len(output.get("dropped_quotes") or [])
    scores = {"correct": float(got == expected),
              "quote_precision": kept / (kept + dropped) if kept + dropped else None}
    notes = [] if got == expected else [f"判断为“{_label(got)}”，参考为“{_label(expected)}”"]
    notes += [f"原文中不存在的引文：{q}" for q in output.get("dropped_quotes") or []]
    return Scored(scores, notes, {"stresses": [_label(expected), _label(got)]})


def excerpt(output: dict) -> str:
    quotes = "；".join(q["text"] for q in output.get("evidence") or [])[:160]
    return f"{output.get('code')} {output.get('period')}：{_label(output.get('stresses_fund_selection'))}（{output.get('emphasis')}）{quotes}"


SOLVER = Solver(task="fof_commentary", prompts=PROMPTS.names, solve=solve, score=score, excerpt=excerpt,
                description="FOF 评论是否强调基金优选")
