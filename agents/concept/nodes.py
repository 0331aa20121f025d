"""The concept subgraph's nodes (wired in agents/concept/graph.py)."""

from __future__ import annotations

from typing import Literal

from langgraph.runtime import Runtime

from agents.concept.board import check_board
from agents.concept.drafts import extractive_chain_draft, find_chain, llm_chain_draft
from agents.concept.gather import concept_names, gather_reports
from agents.concept.models import ChainEdge, ChainNode, ConceptChain, EvidenceRef
from agents.concept.state import ConceptState
from agents.concept.validate import score, validate_companies
from agents.context import Context
from agents.llm.errors import describe, is_llm_failure
from prompts import recording
from tools.chain.model import LEVEL_LABEL
from tools.chain.templates import load_templates


def _template(runtime: Runtime[Context], concept: str):
    templates = load_templates(runtime.context.data_dir / "chain_templates")
    return concept_names(concept, templates)


async def gather(state: ConceptState, runtime: Runtime[Context]) -> dict:
    concept = state["concept"].strip()
    if not concept:
        raise ValueError("概念名称不能为空")
    aliases, _template_found = _template(runtime, concept)
    return {"concept": concept, "gathered": gather_reports(runtime.context.report_library, concept, aliases)}


def choose_engine(state: ConceptState, runtime: Runtime[Context]) -> Literal["draft_extractive", "draft_llm"]:
    return "draft_llm" if runtime.context.engine == "llm" and state["gathered"].pages else "draft_extractive"


async def draft_extractive(state: ConceptState, runtime: Runtime[Context]) -> dict:
    template = _template(runtime, state["concept"])[1]
    found = find_chain(state["gathered"], state["concept"], runtime.context.stock_master, template)
    return {"draft": extractive_chain_draft(found), "draft_engine": "extractive"}


async def draft_llm(state: ConceptState, runtime: Runtime[Context]) -> dict:
    ctx = runtime.context
    template = _template(runtime, state["concept"])[1]
    found = find_chain(state["gathered"], state["concept"], ctx.stock_master, template)
    with recording() as loaded:
        try:
            draft = await llm_chain_draft(ctx, state["concept"], state["gathered"], found, template)
        except Exception as exc:  # the chain is still built, from the same reports by the offline engine
            if not is_llm_failure(exc):
                raise
            note = f"LLM 没有给出产业链（{describe(exc, ctx.llm)}）：改用离线抽取（extractive）。"
            return {"draft": extractive_chain_draft(found), "draft_engine": "extractive", "draft_note": note,
                    "prompt_versions": loaded}
    return {"draft": draft, "draft_engine": "llm", "prompt_versions": loaded}


def _nodes(draft, template) -> list[ChainNode]:
    nodes: dict[str, ChainNode] = {}
    for node in draft.nodes:
        if node.name not in nodes:
            known = template is not None and template.node_of_term(node.name) is not None
            nodes[node.name] = ChainNode(id=f"n{len(nodes)}", name=node.name, level=node.level,
                                         terms=[t for t in node.terms if t != node.name],
                                         from_template=known)
    return list(nodes.values())


def _edges(state: ConceptState, nodes: list[ChainNode], template, page_text) -> list[ChainEdge]:
    """Stated edges whose cited page names both ends, then the template's edges between nodes on the chain."""
    by_name = {n.name: n for n in nodes}
    edges: dict[tuple[str, str], ChainEdge] = {}
    for e in state["draft"].edges:
        source, target = by_name.get(e.source), by_name.get(e.target)
        if source is None or target is None or source.id == target.id or e.basis != "stated":
            continue
        refs = [r for r in e.evidence if _names_both(page_text(r.report_id, r.page) or "", source, target)]
        if refs:
            edges.setdefault((source.id, target.id), ChainEdge(
                source=source.id, target=target.id, basis="stated",
                evidence=[EvidenceRef(report_id=r.report_id, page=r.page) for r in refs]))
    if template is not None:
        mapped = {}
        for node in nodes:
            key = template.node_of_term(node.name) or next(filter(None, map(template.node_of_term, node.terms)), None)
            if key:
                mapped.setdefault(key, node.id)
        for a, b in template.edges:
            if a in mapped and b in mapped and mapped[a] != mapped[b]:
                edges.setdefault((mapped[a], mapped[b]), ChainEdge(source=mapped[a], target=mapped[b], basis="template"))
    return list(edges.values())


def _names_both(text: str, a: ChainNode, b: ChainNode) -> bool:
    flat = "".join(text.split())
    return all(any(w and w in flat for w in (n.name, *n.terms)) for n in (a, b))


async def validate(state: ConceptState, runtime: Runtime[Context]) -> dict:
    ctx, gathered = runtime.context, state["gathered"]
    template = _template(runtime, state["concept"])[1]
    nodes = _nodes(state["draft"], template)
    library = ctx.report_library
    companies, dropped = validate_companies(state["draft"], ctx.stock_master, library.page_text, nodes, gathered.sources)
    sources = [EvidenceRef(report_id=s.report_id, title=s.title, broker=s.broker) for s in gathered.sources.values()]
    chain = ConceptChain(concept=state["concept"], aliases=gathered.aliases, nodes=nodes,
                         edges=_edges(state, nodes, template, library.page_text), companies=companies, dropped=dropped,
                         sources=sources, notes=list(gathered.notes),
                         engine=state.get("draft_engine", "extractive"))
    if state.get("draft_note"):
        chain.notes.append(state["draft_note"])
    if dropped:
        chain.notes.append(f"已剔除 {len(dropped)} 个未通过核验的公司（代码不在股票列表中、名称与代码不符、出处未提及或未写明所属环节）。")
    if template is None and gathered.pages:
        chain.notes.append(f"“{state['concept']}”没有产业链模板：环节与供给关系只来自研报原文"
                           f"（可在 数据目录/chain_templates/ 添加模板，见 tools/data/chain_templates/README.md）。")
    checked = _fallback(state, ctx, template, companies)
    if "note" in checked:
        chain.notes.append(checked.pop("note"))
    return {"chain": chain.model_copy(update=checked)}


def _fallback(state: ConceptState, ctx: Context, template, companies: list) -> dict:
    """An LLM chain below the verified floor: marked, with the extractive chain's companies beside it."""
    proposed = len({c.code or c.name for c in state["draft"].companies})
    if state.get("draft_engine") != "llm" or not proposed:
        return {}
    share = len(companies) / proposed
    if share >= ctx.limits.verified_floor:
        return {"verified_share": share}
    gathered = state["gathered"]
    offline = extractive_chain_draft(find_chain(gathered, state["concept"], ctx.stock_master, template))
    nodes = _nodes(offline, template)
    backup, _ = validate_companies(offline, ctx.stock_master, ctx.report_library.page_text, nodes, gathered.sources)
    names = {n.id: n.name for n in nodes}
    backup = [c.model_copy(update={"node": names[c.node]}) for c in backup]  # shown beside the chain: node by name
    note = (f"LLM 提出的 {proposed} 家公司中只有 {len(companies)} 家通过核验（{share:.0%}，低于下限 "
            f"{ctx.limits.verified_floor:.0%}，TOUYAN_VERIFIED_FLOOR）：结果标为未核验，附离线抽取结果作对照。")
    return {"verified_share": share, "status": "unverified", "fallback_companies": backup, "note": note}


async def cross_check_board(state: ConceptState, runtime: Runtime[Context]) -> dict:
    template = _template(runtime, state["concept"])[1]
    chain = check_board(state["chain"], runtime.context.market, runtime.context.stock_master,
                        template.boards if template is not None else ())
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
