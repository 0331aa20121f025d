"""The concept agent as a chat tool: the chain level by level, each company cited, plus the ConceptChain."""

from __future__ import annotations

from agents.concept.graph import graph
from agents.concept.models import ConceptChain
from agents.context import Context
from agents.supervisor.models import ChatArtifacts, DecomposeConcept, ToolResult
from agents.supervisor.render import cite
from tools.chain.model import LEVEL_LABEL


def chain_text(chain: ConceptChain) -> str:
    lines = [f"“{chain.concept}”产业链（{'、'.join(chain.aliases) or '无别名'}）："]
    for level in ("up", "mid", "down"):
        for node in (n for n in chain.nodes if n.level == level):
            members = [c for c in chain.companies if c.node == node.id]
            names = "、".join(f"{c.name}({c.code}){cite(c.evidence[0].title or '', c.evidence[0].page or 0)}"
                             for c in members if c.evidence)
            lines.append(f"- {LEVEL_LABEL[level]} · {node.name}：{names or '（资料未点名公司）'}")
    if chain.fallback_companies:
        lines.append("【未核验】离线抽取（对照）：" + "、".join(
            f"{c.name}({c.code}){cite(c.evidence[0].title or '', c.evidence[0].page or 0)}"
            for c in chain.fallback_companies if c.evidence))
    lines += [f"注：{n}" for n in chain.notes]
    return "\n".join(lines)


async def decompose_concept(ctx: Context, call: DecomposeConcept) -> ToolResult:
    chain = (await graph.ainvoke({"concept": call.concept}, context=ctx))["chain"]
    return ToolResult(chain_text(chain), ChatArtifacts(concept=chain))
