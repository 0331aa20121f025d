"""The concept subgraph's nodes (wired in agents/concept/graph.py)."""

from __future__ import annotations

from typing import Literal

from langgraph.runtime import Runtime

from agents.concept.drafts import extractive_chain_draft, llm_chain_draft
from agents.concept.gather import gather_reports
from agents.concept.models import BoardMember, ChainEdge, ChainNode, ConceptChain, EvidenceRef
from agents.concept.state import ConceptState
from agents.concept.validate import score, validate_companies
from agents.context import Context
from prompts import recording
from tools.chain_extract import LEVEL_LABEL
from tools.errors import first_line


async def gather(state: ConceptState, runtime: Runtime[Context]) -> dict:
    concept = state["concept"].strip()
    if not concept:
        raise ValueError("概念名称不能为空")
    return {"concept": concept, "gathered": gather_reports(runtime.context.report_library, concept)}


def choose_engine(state: ConceptState, runtime: Runtime[Context]) -> Literal["draft_extractive", "draft_llm"]:
    return "draft_llm" if runtime.context.engine == "llm" and state["gathered"].pages else "draft_extractive"


async def draft_extractive(state: ConceptState, runtime: Runtime[Context]) -> dict:
    return {"draft": extractive_chain_draft(state["gathered"].pages, runtime.context.stock_master)}


async def draft_llm(state: ConceptState, runtime: Runtime[Context]) -> dict:
    with recording() as loaded:
        gathered = state["gathered"]
        draft = await llm_chain_draft(runtime.context, state["concept"], gathered.aliases, gathered.chunks)
    return {"draft": draft, "prompt_versions": loaded}


def _nodes(state: ConceptState) -> list[ChainNode]:
    nodes: dict[tuple[str, str], ChainNode] = {}
    for node in state["draft"].nodes:
        key = (node.level, node.name)
        if key not in nodes:
            nodes[key] = ChainNode(id=f"n{len(nodes)}", name=node.name, level=node.level)
    return list(nodes.values())


def _edges(state: ConceptState, nodes: list[ChainNode]) -> list[ChainEdge]:
    by_name = {n.name: n.id for n in nodes}
    stated = [ChainEdge(source=by_name[e.source], target=by_name[e.target]) for e in state["draft"].edges
              if e.source in by_name and e.target in by_name and e.source != e.target]
    if stated:
        return stated
    levels = {lvl: [n.id for n in nodes if n.level == lvl] for lvl in ("up", "mid", "down")}
    return [ChainEdge(source=a, target=b, basis="level-adjacency")
            for upper, lower in (("up", "mid"), ("mid", "down")) for a in levels[upper] for b in levels[lower]]


async def validate(state: ConceptState, runtime: Runtime[Context]) -> dict:
    ctx, gathered = runtime.context, state["gathered"]
    nodes = _nodes(state)
    library = ctx.report_library
    companies, dropped = validate_companies(
        state["draft"], ctx.stock_master, library.page_text, {n.name: n.id for n in nodes},
        {n.id: n.level for n in nodes}, gathered.sources)
    used = {c.node for c in companies}
    nodes = [n for n in nodes if n.id in used or not n.name.endswith("（其他）")]
    sources = [EvidenceRef(report_id=s.report_id, title=s.title, broker=s.broker) for s in gathered.sources.values()]
    chain = ConceptChain(concept=state["concept"], aliases=gathered.aliases, nodes=nodes,
                         edges=_edges(state, nodes), companies=companies, dropped=dropped, sources=sources,
                         notes=list(gathered.notes), engine=ctx.engine if gathered.pages else "extractive")
    if dropped:
        chain.notes.append(f"已剔除 {len(dropped)} 个未通过核验的公司（代码不存在、名称与代码不符或出处未提及）。")
    return {"chain": chain}


async def cross_check_board(state: ConceptState, runtime: Runtime[Context]) -> dict:
    from tools.market_data import MarketDataError

    chain = state["chain"].model_copy(deep=True)
    market, master = runtime.context.market, runtime.context.stock_master
    last_error = "没有对应的概念板块"
    for name in [chain.concept, *chain.aliases]:
        try:
            board, members = market.concept_constituents_for(name)
        except MarketDataError as exc:
            last_error = first_line(exc)
            continue
        codes = {c for c in members["code"] if master.exists(c)}
        chain.board = board
        for company in chain.companies:
            company.in_board = company.code in codes
        named = {c.code for c in chain.companies}
        chain.board_only = [BoardMember(code=c, name=master.name_of(c)) for c in sorted(codes - named)]
        if members.attrs.get("provenance", {}).get("source") == "fixture":
            chain.notes.append(f"概念板块“{board}”成分股来自随仓库附带的样例数据（非实时行情）。")
        break
    else:
        chain.notes.append(f"无法核对概念板块成分股：{last_error}")
    return {"chain": chain}


async def finalize(state: ConceptState, runtime: Runtime[Context]) -> dict:
    chain = state["chain"].model_copy(deep=True)
    for company in chain.companies:
        company.score = score(company)
    order = {lvl: i for i, lvl in enumerate(LEVEL_LABEL)}
    chain.companies.sort(key=lambda c: (order[c.level], c.node, -c.score, c.code))
    chain.partial = not chain.companies
    chain.prompt_versions = dict(sorted((state.get("prompt_versions") or {}).items()))  # what this run loaded
    return {"chain": chain}
