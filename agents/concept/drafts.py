"""The two generate steps of the concept agent; validation afterwards is shared (validate.py).

extractive: tools/chain/extract.py over every page of every gathered report.
llm: the model reads the same reports' chain sentences (every sentence that names a company or the
chain's links, page by page, under a token budget) and drafts nodes, roles and edges in structured
output; the curated template, if any, is offered as reference vocabulary, never as companies.
"""

from __future__ import annotations

from langchain_core.messages import HumanMessage, SystemMessage

from agents.concept.models import ChainDraft, DraftCompany, DraftEdge, DraftEvidence, DraftNode, Gathered
from agents.context import Context
from agents.llm.ask import ask
from prompts import PromptSet
from tools.chain.extract import extract_chain
from tools.chain.model import LEVEL_LABEL, ChainFound
from tools.tokens import count_tokens

PROMPTS = PromptSet("analyst_system", "concept_chain")


def find_chain(gathered: Gathered, concept: str, master, template) -> ChainFound:
    return extract_chain(gathered.pages, concept=concept, names=gathered.aliases, master=master, template=template,
                         titles={rid: s.title for rid, s in gathered.sources.items()},
                         brokers={rid: s.broker or "" for rid, s in gathered.sources.items()})


def extractive_chain_draft(found: ChainFound) -> ChainDraft:
    names = {n.key: n.name for n in found.nodes}
    nodes = [DraftNode(name=n.name, level=n.level, terms=sorted(n.terms - {n.name}), from_template=n.from_template)
             for n in found.nodes]
    companies = []
    for c in found.companies:
        refs = dict.fromkeys((e.report_id, e.page) for e in c.evidence)
        evidence = [DraftEvidence(report_id=r, page=p) for r, p in refs]
        companies.append(DraftCompany(name=c.name, code=c.code, node=names[c.node],
                                      nodes=[names[k] for k in c.nodes if k != c.node and k in names],
                                      evidence=evidence))
    edges = [DraftEdge(source=names[e.source], target=names[e.target], basis=e.basis,
                       evidence=[DraftEvidence(report_id=e.evidence.report_id, page=e.evidence.page)] if e.evidence else [])
             for e in found.edges if e.source in names and e.target in names]
    return ChainDraft(nodes=nodes, edges=edges, companies=companies)


def chain_material(found: ChainFound, pages: dict[str, list[tuple[int, str]]], budget_tokens: int) -> str:
    """The sentences that carry the chain, grouped by page: every company's evidence, every node's and edge's."""
    wanted: dict[tuple[str, int], list[str]] = {}
    quotes = [e for c in found.companies for e in c.evidence] + [e for n in found.nodes for e in n.evidence]
    quotes += [e.evidence for e in found.edges if e.evidence]
    for e in quotes:
        sentences = wanted.setdefault((e.report_id, e.page), [])
        if e.quote and e.quote not in sentences:
            sentences.append(e.quote)
    if not wanted:  # nothing found by the rules: give the model the pages themselves
        wanted = {(rid, p): [text] for rid, report in pages.items() for p, text in report}
    parts, used = [], 0
    for (report_id, page), sentences in wanted.items():
        part = f'<page report="{report_id}" page="{page}">\n' + "\n".join(sentences) + "\n</page>"
        cost = count_tokens(part)
        if used + cost > budget_tokens:
            break
        parts.append(part)
        used += cost
    return "\n".join(parts)


def template_hint(template) -> str:
    if template is None:
        return "无（这是没有模板的概念：环节只用材料中的说法）"
    return "；".join(f"{LEVEL_LABEL[n.level]}·{n.name}（{'、'.join(n.terms[:4])}）" for n in template.nodes)


async def llm_chain_draft(ctx: Context, concept: str, gathered: Gathered, found: ChainFound, template) -> ChainDraft:
    material = chain_material(found, gathered.pages, ctx.limits.context_tokens * 3)
    prompt = PROMPTS.load("concept_chain", ctx.prompts_dir).render(
        concept=concept, aliases="、".join(gathered.aliases) or "无", material=material, template=template_hint(template))
    system = PROMPTS.load("analyst_system", ctx.prompts_dir).render()
    return await ask(ctx, ChainDraft, [SystemMessage(system), HumanMessage(prompt)], role="reduce", purpose="chain")


__all__ = ["PROMPTS", "chain_material", "extractive_chain_draft", "find_chain", "llm_chain_draft"]
