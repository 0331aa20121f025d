"""The two generate steps of the concept agent; validation afterwards is shared."""

from __future__ import annotations

from langchain_core.messages import HumanMessage, SystemMessage

from agents.concept.models import ChainDraft, Chunk, DraftCompany, DraftEdge, DraftEvidence, DraftNode
from agents.context import Context
from agents.llm.ask import ask
from prompts import PromptSet
from tools.chain_extract import LEVEL_LABEL, extract_chain
from tools.tokens import count_tokens

PROMPTS = PromptSet("analyst_system", "concept_chain")
BROKER_SUFFIXES = ("证券", "证券股份", "国际", "金融控股")


def other_node(level: str) -> str:
    return f"{LEVEL_LABEL[level]}（其他）"


def extractive_chain_draft(reports: dict[str, list[tuple[int, str]]], master) -> ChainDraft:
    found = extract_chain(reports, master)
    nodes = {(level, name) for level, name in found.nodes}
    companies: dict[tuple[str, str | None, str], list[DraftEvidence]] = {}
    for m in found.mentions:
        if m.name.endswith(BROKER_SUFFIXES):  # "中信证券研究测算": the report's source, not a chain company
            continue
        node = m.node or other_node(m.level)
        if m.node is None:
            nodes.add((m.level, node))
        key = (m.name, m.code, node)
        evidence = DraftEvidence(report_id=m.evidence.report_id, page=m.evidence.page)
        if evidence not in companies.setdefault(key, []):
            companies[key].append(evidence)
    # A company also placed on a named node of the same level needs no "（其他）" placement.
    placed = {(n, lvl) for (n, _c, node), _ in companies.items() for lvl, nm in nodes if nm == node
              and not node.endswith("（其他）")}
    for key in [k for k in companies if k[2].endswith("（其他）")]:
        level = next(lvl for lvl, nm in nodes if nm == key[2])
        if (key[0], level) in placed:
            del companies[key]
    # A company placed on the chain by one report is often named again elsewhere without chain
    # words (an investment summary, a rating table): those pages are evidence too, not new placements.
    for (name, _code, _node), evidence in companies.items():
        for report_id, pages in reports.items():
            for page, text in pages:
                ref = DraftEvidence(report_id=report_id, page=page)
                if name in text and ref not in evidence:
                    evidence.append(ref)
    ordered = sorted(nodes, key=lambda n: ("up", "mid", "down").index(n[0]))
    return ChainDraft(
        nodes=[DraftNode(name=name, level=level) for level, name in ordered],
        edges=[],  # reports rarely state node-to-node supply; edges are inferred from levels later
        companies=[DraftCompany(name=n, code=c, node=node, evidence=ev) for (n, c, node), ev in companies.items()],
    )


def chunk_material(chunks: list[Chunk], budget_tokens: int) -> str:
    seen, parts, used = set(), [], 0
    for chunk in chunks:
        key = (chunk.report_id, chunk.page, chunk.text[:40])
        if key in seen:
            continue
        seen.add(key)
        part = f'<chunk report="{chunk.report_id}" page="{chunk.page}">\n{chunk.text}\n</chunk>'
        cost = count_tokens(part)
        if used + cost > budget_tokens:
            break
        parts.append(part)
        used += cost
    return "\n".join(parts)


async def llm_chain_draft(ctx: Context, concept: str, aliases: list[str], chunks: list[Chunk]) -> ChainDraft:
    prompt = PROMPTS.load("concept_chain", ctx.prompts_dir).render(
        concept=concept, aliases="、".join(aliases) or "无", material=chunk_material(chunks, ctx.limits.context_tokens * 2))
    system = PROMPTS.load("analyst_system", ctx.prompts_dir).render()
    return await ask(ctx, ChainDraft, [SystemMessage(system), HumanMessage(prompt)], role="reduce", purpose="chain")


__all__ = ["DraftEdge", "PROMPTS", "chunk_material", "extractive_chain_draft", "llm_chain_draft", "other_node"]
