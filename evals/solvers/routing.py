"""Chat routing: one user message through the supervisor's real decision nodes (guard, then the rule
router offline or the model's forced RouteDecision on the llm engine); scored on
the tool it calls and the arguments that matter. No tool runs: this measures the decision only.

input: {message, artifacts?: {...}}   (artifacts: earlier agents' results, e.g. a concept chain)
reference: {tool, args?: {name: value}}
"""

from __future__ import annotations

from langchain_core.messages import HumanMessage
from langgraph.graph import END, START, StateGraph

from agents.context import Context
from agents.supervisor.nodes import PROMPTS, after_guard, guard, route_model, rules_router
from agents.supervisor.state import ChatState
from evals.env import EvalEnv
from evals.items import EvalItem
from evals.scorers.classify import route_correct
from evals.solvers.base import Scored, Solver


def build_graph():
    """The supervisor's decision nodes only: guard, then the rule router or the model; no tool runs."""
    builder = StateGraph(ChatState, context_schema=Context)
    for node in (guard, rules_router, route_model):
        builder.add_node(node)
    builder.add_edge(START, "guard")
    builder.add_conditional_edges("guard", after_guard, ["rules_router", "route_model", END])
    builder.add_edge("rules_router", END)
    builder.add_edge("route_model", END)
    return builder.compile(name="eval_route")


graph = build_graph()


async def solve(item: EvalItem, ctx: Context, env: EvalEnv) -> dict:
    state = {"messages": [HumanMessage(item.input["message"])], "artifacts": item.input.get("artifacts") or {}}
    final = await graph.ainvoke(state, context=ctx)
    last = final["messages"][-1]
    calls = [{"tool": c["name"], "args": c["args"]} for c in getattr(last, "tool_calls", None) or []]
    # Who decided: the rules (offline), the model, or the rules after the model failed or answered a
    # factual question without a tool (the product's safety net, not the model's merit).
    fell_back = bool(final.get("note") or final.get("draft_answer"))
    decided = "rules" if final.get("router") == "rules" and not fell_back else ("rules-fallback" if fell_back else "model")
    return {"calls": calls, "answer": None if calls else str(last.content), "decided_by": decided}


def score(item: EvalItem, output: dict, env: EvalEnv) -> Scored:
    ref = item.reference
    first = output["calls"][0] if output.get("calls") else None
    correct = route_correct(ref, first)
    notes = [] if correct else [f"调用 {first or '（无工具，直接回答）'}，参考为 {ref}"]
    decided = output.get("decided_by", "rules")
    if decided == "rules-fallback":
        notes.append("模型没有给出可用的路由（失败或未调用工具），由离线规则路由兜底")
    scores = {"route": correct, "tool": float(bool(first) and first["tool"] == ref["tool"]),
              "model_decided": None if decided == "rules" else float(decided == "model")}
    return Scored(scores, notes, {"tool": [ref["tool"], first["tool"] if first else None]})


def excerpt(output: dict) -> str:
    calls = output.get("calls") or []
    return "；".join(f"{c['tool']}({c['args']})" for c in calls) or f"直接回答：{(output.get('answer') or '')[:80]}"


SOLVER = Solver(task="routing", prompts=PROMPTS.names, solve=solve, score=score, excerpt=excerpt,
                description="对话路由：该调用哪个智能体")
