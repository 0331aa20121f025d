"""Typed inputs and results of the concept agent."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from tools.chain.model import Level


class EvidenceRef(BaseModel):
    report_id: str | None = None
    title: str | None = None
    broker: str | None = None
    page: int | None = None  # 0-based
    quote: str = ""
    url: str | None = None  # news evidence


class ChainNode(BaseModel):
    id: str
    name: str  # the reports' own word for it
    level: Level
    terms: list[str] = Field(default_factory=list, description="其他说法（报告原文用词）")
    from_template: bool = False  # the concept's curated template knows it (tools/data/chain_templates)
    evidence: list[EvidenceRef] = Field(default_factory=list)


class ChainEdge(BaseModel):
    source: str  # node id (supplier side)
    target: str
    basis: Literal["stated", "template"] = "stated"  # a sentence states it, or the curated template does
    evidence: list[EvidenceRef] = Field(default_factory=list)


class ChainCompany(BaseModel):
    code: str  # validated against the stock master
    name: str  # the master's name for the code
    node: str  # node id: where the sentences tie it most strongly
    level: Level
    nodes: list[str] = Field(default_factory=list)  # every node id its sentences tie it to, best first
    evidence: list[EvidenceRef] = Field(default_factory=list)
    in_board: bool | None = None  # None: the concept board could not be checked
    score: float = 0.0


class BoardMember(BaseModel):
    code: str
    name: str


class DroppedCompany(BaseModel):
    name: str
    code: str | None = None
    reason: str


class ConceptChain(BaseModel):
    concept: str
    aliases: list[str] = Field(default_factory=list)
    board: str | None = None
    board_matched_by: str | None = None  # the name that found the board: the typed name first, then an alias
    nodes: list[ChainNode] = Field(default_factory=list)
    edges: list[ChainEdge] = Field(default_factory=list)
    companies: list[ChainCompany] = Field(default_factory=list)
    board_only: list[BoardMember] = Field(default_factory=list, description="板块成分股但资料中未提及")
    dropped: list[DroppedCompany] = Field(default_factory=list)
    sources: list[EvidenceRef] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    partial: bool = False
    engine: str = "extractive"
    prompt_versions: dict[str, str] = Field(default_factory=dict)
    # "unverified": fewer of the LLM's companies survived validation than Limits.verified_floor; the
    # offline extractive chain's companies are then kept in `fallback_companies`, shown beside.
    status: Literal["ok", "unverified"] = "ok"
    verified_share: float | None = None  # LLM-proposed companies that passed validation
    fallback_companies: list[ChainCompany] = Field(default_factory=list)  # `node` holds the node's name here


# -- what gather finds: the reports that discuss the concept, before any draft --------------------
class SourceReport(BaseModel):
    report_id: str
    title: str
    broker: str | None = None
    date: str | None = None


class Gathered(BaseModel):
    aliases: list[str] = Field(default_factory=list)
    pages: dict[str, list[tuple[int, str]]] = Field(default_factory=dict)  # report_id -> all its pages
    sources: dict[str, SourceReport] = Field(default_factory=dict)  # the same reports, in relevance order
    notes: list[str] = Field(default_factory=list)


# -- what a generate step proposes (LLM tool schema), before validation ------------------------
class DraftNode(BaseModel):
    name: str = Field(description="环节名称，用材料中的说法，如 谐波减速器")
    level: Level = Field(description="up=上游, mid=中游, down=下游")
    terms: list[str] = Field(default_factory=list, description="材料中对该环节的其他说法")
    from_template: bool = Field(default=False, description="由产业链模板给出（模型不填）")


class DraftEdge(BaseModel):
    source: str = Field(description="供给方环节名称")
    target: str = Field(description="需求方环节名称")
    basis: Literal["stated", "template"] = Field(default="stated", description="stated：材料中有句子写明")
    evidence: list["DraftEvidence"] = Field(default_factory=list, description="写明该供给关系的材料位置")


class DraftEvidence(BaseModel):
    report_id: str = Field(description="材料中 <chunk report=...> 的 report 值")
    page: int = Field(description="材料中 <chunk page=...> 的页码")


class DraftCompany(BaseModel):
    name: str = Field(description="公司简称，与材料原文一致")
    code: str | None = Field(default=None, description="材料中写明的股票代码；材料没写就留空，不要猜")
    node: str = Field(description="最主要的环节名称（句子把公司与之联系的产品、部件或服务），必须是 nodes 之一")
    nodes: list[str] = Field(default_factory=list, description="材料中该公司还关联的其他环节（nodes 之中）")
    evidence: list[DraftEvidence] = Field(default_factory=list, description="提到该公司的材料位置",
                                          json_schema_extra={"maxItems": 3})


DraftEdge.model_rebuild()


class ChainDraft(BaseModel):
    # maxItems in the schema only: a grammar-constrained server cannot run past them (output stays under its cap)
    nodes: list[DraftNode] = Field(default_factory=list, json_schema_extra={"maxItems": 12})
    edges: list[DraftEdge] = Field(default_factory=list, json_schema_extra={"maxItems": 12})
    companies: list[DraftCompany] = Field(default_factory=list, json_schema_extra={"maxItems": 20})
