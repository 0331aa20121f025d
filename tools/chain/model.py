"""What the chain extractor finds, before any validation: nodes, company placements, edges."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

Level = str  # up | mid | down
LEVEL_LABEL = {"up": "上游", "mid": "中游", "down": "下游"}


@dataclass(frozen=True)
class Evidence:
    report_id: str
    page: int
    quote: str
    node: str | None = None  # the node this sentence ties the company to (None: a mention only)


@dataclass
class NodeFound:
    key: str  # template node name, or the report's own term
    name: str  # the name shown: the reports' own word for it
    level: Level
    terms: set[str] = field(default_factory=set)
    evidence: list[Evidence] = field(default_factory=list)
    from_template: bool = False


@dataclass
class CompanyFound:
    name: str  # as written (the master's name for bare mentions)
    code: str | None  # as written
    security: object | None  # resolved from the code or the name; None: unknown to the master
    node: str  # best node key
    nodes: list[str]  # every node key the sentences tie it to, best first
    score: float
    evidence: list[Evidence]


@dataclass(frozen=True)
class EdgeFound:
    source: str  # node keys, supplier → buyer
    target: str
    basis: str  # stated | template
    evidence: Evidence | None = None


@dataclass
class ChainFound:
    nodes: list[NodeFound]
    companies: list[CompanyFound]
    edges: list[EdgeFound]
    chain_reports: list[str]  # reports about the concept (all their pages read)
    other_reports: list[str]  # reports that only mention it: a company counts only where its sentence names it


@dataclass
class TermStats:
    levels: Counter = field(default_factory=Counter)
    sources: set[str] = field(default_factory=set)
    evidence: Evidence | None = None
    count: int = 0
