"""Concept decomposition: a concept name through the concept graph, scored on the tickers it shows
(validity is a hard gate; the decoy must be absent), where it places them, and the chain's edges.

input: {concept}
reference: {codes: [every code the reports put on this chain], levels: {up|mid|down: [codes]},
            nodes: [{name, aliases, level, codes}], edges: [[source node, target node]],
            optional: [codes named but not placed: neither rewarded nor penalized],
            unverifiable: [real listings the offline stock master cannot check (HK/US, new)],
            absent: [decoy codes], expect_empty: bool, suggest: concept name a note should offer}
"""

from __future__ import annotations

from agents.concept.drafts import PROMPTS
from agents.concept.graph import graph
from agents.context import Context
from evals.env import EvalEnv
from evals.items import EvalItem
from evals.scorers.chain import edge_prf
from evals.scorers.tickers import decoys_absent, invalid_tickers, per_level_f1, per_node_f1, prf, ticker_validity
from evals.solvers.base import Scored, Solver
from tools.tickers import normalize_code


async def solve(item: EvalItem, ctx: Context, env: EvalEnv) -> dict:
    result = await graph.ainvoke({"concept": item.input["concept"]}, context=ctx)
    return result["chain"].model_dump(mode="json")


def shown_pairs(output: dict) -> list[tuple[str, str | None]]:
    """Every (code, name) the user sees: chain companies and board-only members."""
    return [(c["code"], c.get("name")) for c in output.get("companies", []) + output.get("board_only", [])]


def score(item: EvalItem, output: dict, env: EvalEnv) -> Scored:
    ref = item.reference
    pairs = shown_pairs(output)
    # One code format everywhere: a reference written EH.O means the EH.US the chain shows.
    ignore = {normalize_code(c) or c for c in [*ref.get("optional", []), *ref.get("unverifiable", [])]}
    companies = [c for c in output.get("companies", []) if c["code"] not in ignore]
    node_names = {n["id"]: n["name"] for n in output.get("nodes", [])}
    overall = prf({c["code"] for c in companies}, ref.get("codes", []))
    by_level: dict[str, set[str]] = {}
    by_node: dict[str, set[str]] = {}
    for c in companies:
        by_level.setdefault(c["level"], set()).add(c["code"])
        by_node.setdefault(node_names.get(c["node"], c["node"]), set()).add(c["code"])
    nodes = per_node_f1(by_node, ref.get("nodes", []))
    scores = {
        "ticker_validity": ticker_validity(pairs, env.stock_master),
        "decoys_absent": decoys_absent([p[0] for p in pairs], ref["absent"]) if ref.get("absent") else None,
        "ticker_precision": overall.precision,
        "ticker_recall": overall.recall,
        "ticker_f1": overall.f1,
        "level_f1": per_level_f1(by_level, ref.get("levels", {})) if ref.get("levels") else None,
        "node_f1": sum(nodes.values()) / len(nodes) if nodes else None,
    }
    if ref.get("edges"):
        edges = [(node_names.get(e["source"], e["source"]), node_names.get(e["target"], e["target"]))
                 for e in output.get("edges", [])]
        expected = [tuple(e) for e in ref["edges"]]
        aliases = {n["name"]: n.get("aliases", []) for n in ref.get("nodes", [])}
        scores["edge_f1_strict"] = edge_prf(edges, expected).f1
        scores["edge_f1_relaxed"] = edge_prf(edges, expected, relaxed=True, aliases=aliases).f1
    if ref.get("expect_empty"):
        scores["no_fabrication"] = 0.0 if output.get("companies") else 1.0
    if ref.get("suggest"):
        scores["suggestion"] = float(any(ref["suggest"] in n for n in output.get("notes", [])))
    shown = {c["code"] for c in companies}
    notes = invalid_tickers(pairs, env.stock_master)
    notes += [f"漏掉 {code}" for code in ref.get("codes", []) if code not in shown]
    notes += [f"多出 {code}" for code in sorted(shown - set(ref.get("codes", [])))]
    notes += [f"诱饵公司出现：{code}" for code in ref.get("absent", []) if code in {p[0] for p in pairs}]
    notes += [f"环节 {name} F1 {f1:.2f}" for name, f1 in nodes.items() if f1 < 1.0]
    return Scored(scores, notes)


def excerpt(output: dict) -> str:
    names = {n["id"]: n["name"] for n in output.get("nodes", [])}
    companies = "、".join(f"{c['name']}{c['code']}@{names.get(c['node'], c['node'])}" for c in output.get("companies", []))
    return f"公司 {len(output.get('companies', []))} 家：{companies or '（无）'}；剔除 {len(output.get('dropped', []))} 家"


SOLVER = Solver(task="concept", prompts=PROMPTS.names, solve=solve, score=score, excerpt=excerpt,
                description="热点概念解构（代码有效性、公司归属、产业链边）")
