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
from agents.llm.errors import describe, is_llm_failure
from prompts import recording
from tools.chain_extract import LEVEL_LABEL
from tools.errors import first_line
from tools.text import split_sentences


async def gather(state: ConceptState, runtime: Runtime[Context]) -> dict:
    concept = state["concept"].strip()
    if not concept:
        raise ValueError("概念名称不能为空")
    return {"concept": concept, "gathered": gather_reports(runtime.context.report_library, concept)}


def choose_engine(state: ConceptState, runtime: Runtime[Context]) -> Literal["draft_extractive", "draft_llm"]:
    return "draft_llm" if runtime.context.engine == "llm" and state["gathered"].pages else "draft_extractive"


async def draft_extractive(state: ConceptState, runtime: Runtime[Context]) -> dict:
    return {"draft": extractive_chain_draft(state["gathered"].pages, runtime.context.stock_master),
            "draft_engine": "extractive"}


async def draft_llm(state: ConceptState, runtime: Runtime[Context]) -> dict:
    ctx, gathered = runtime.context, state["gathered"]
    with recording() as loaded:
        try:
            draft = await llm_chain_draft(ctx, state["concept"], gathered.aliases, gathered.chunks)
        except Exception as exc:  # the chain is still built, from the reports by the offline engine
            if not is_llm_failure(exc):
                raise
            note = f"LLM 没有给出产业链（{describe(exc, ctx.llm)}）：改用离线抽取（extractive）。"
            return {"draft": extractive_chain_draft(gathered.pages, ctx.stock_master), "draft_engine": "extractive",
                    "draft_note": note, "prompt_versions": loaded}
    return {"draft": draft, "draft_engine": "llm", "prompt_versions": loaded}


def _nodes(state: ConceptState) -> list[ChainNode]:
    nodes: dict[tuple[str, str], ChainNode] = {}
    for node in state["draft"].nodes:
        key = (node.level, node.name)
        if key not in nodes:
            nodes[key] = ChainNode(id=f"n{len(nodes)}", name=node.name, level=node.level)
    return list(nodes.values())


def _stated_in(source: str, target: str, pages: dict[str, list[tuple[int, str]]]) -> bool:
    """A source sentence names both ends of the edge (the model's edge is then a stated one)."""
    for report_pages in pages.values():
        for _page, text in report_pages:
            if source in text and target in text and any(source in s and target in s for s in split_sentences(text)):
                return True
    return False


def _edges(state: ConceptState, nodes: list[ChainNode]) -> list[ChainEdge]:
    by_name = {n.name: n.id for n in nodes}
    pages = state["gathered"].pages
    drafted = [ChainEdge(source=by_name[e.source], target=by_name[e.target],
                         basis="stated" if _stated_in(e.source, e.target, pages) else "model")
               for e in state["draft"].edges if e.source in by_name and e.target in by_name and e.source != e.target]
    if drafted:
        return drafted
    levels = {lvl: [n.id for n in nodes if n.level == lvl] for lvl in ("up", "mid", "down")}
    return [ChainEdge(source=a, target=b, basis="level-adjacency")
            for upper, lower in (("up", "mid"), ("mid", "down")) for a in levels[upper] for b in levels[lower]]


def _validated(draft, nodes: list[ChainNode], ctx: Context, gathered):
    return validate_companies(draft, ctx.stock_master, ctx.report_library.page_text, {n.name: n.id for n in nodes},
                              {n.id: n.level for n in nodes}, gathered.sources)


def _fallback(state: ConceptState, ctx: Context, companies: list, nodes: list[ChainNode]) -> dict:
    """An LLM chain below the verified floor: marked, with the extractive chain's companies beside it."""
    proposed = len(state["draft"].companies)
    if state.get("draft_engine") != "llm" or not proposed:
        return {}
    share = len(companies) / proposed
    if share >= ctx.limits.verified_floor:
        return {"verified_share": share}
    extractive = extractive_chain_draft(state["gathered"].pages, ctx.stock_master)
    own = {(n.level, n.name): n for n in nodes}
    extra = [ChainNode(id=f"x{i}", name=d.name, level=d.level) for i, d in enumerate(extractive.nodes)
             if (d.level, d.name) not in own]
    names = {n.id: n.name for n in [*nodes, *extra]}
    backup, _ = _validated(extractive, [*nodes, *extra], ctx, state["gathered"])
    backup = [c.model_copy(update={"node": names[c.node]}) for c in backup]  # beside the chain: node by name
    note = (f"LLM 提出的 {proposed} 家公司中只有 {len(companies)} 家通过核验（{share:.0%}，低于下限 "
            f"{ctx.limits.verified_floor:.0%}，TOUYAN_VERIFIED_FLOOR）：结果标为未核验，附离线抽取结果作对照。")
    return {"verified_share": share, "status": "unverified", "fallback_companies": backup, "note": note}


async def validate(state: ConceptState, runtime: Runtime[Context]) -> dict:
    ctx, gathered = runtime.context, state["gathered"]
    nodes = _nodes(state)
    companies, dropped = _validated(state["draft"], nodes, ctx, gathered)
    used = {c.node for c in companies}
    nodes = [n for n in nodes if n.id in used or not n.name.endswith("（其他）")]
    sources = [EvidenceRef(report_id=s.report_id, title=s.title, broker=s.broker) for s in gathered.sources.values()]
    chain = ConceptChain(concept=state["concept"], aliases=gathered.aliases, nodes=nodes,
                         edges=_edges(state, nodes), companies=companies, dropped=dropped, sources=sources,
                         notes=list(gathered.notes), engine=state.get("draft_engine", "extractive"))
    if state.get("draft_note"):
        chain.notes.append(state["draft_note"])
    if dropped:
        chain.notes.append(f"已剔除 {len(dropped)} 个未通过核验的公司（代码不存在、名称与代码不符或出处未提及）。")
    checked = _fallback(state, ctx, companies, nodes)
    if "note" in checked:
        chain.notes.append(checked.pop("note"))
    return {"chain": chain.model_copy(update=checked)}


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
