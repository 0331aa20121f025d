"""Typed models of the labelled sets; `load_aggregation()` / `load_concept()` read and validate every file.

Field meanings are in README.md next to this file. Models forbid unknown fields so that a typo in a
hand-edited case fails loudly instead of silently dropping gold.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

HERE = Path(__file__).resolve().parent
Stance = Literal["positive", "negative", "neutral"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Located(Strict):
    page: int = Field(ge=0)  # 0-based, the [page::N] convention
    quote: str = Field(min_length=2)  # verbatim, compared with whitespace removed


class Page(Strict):
    page: int
    text: str


class Rating(Located):
    value: str
    action: Literal["维持", "上调", "下调", "首次"]
    tier: int = Field(ge=1, le=5)
    class_: Literal["positive", "neutral", "negative"] = Field(alias="class")


class Price(Located):
    value: float = Field(gt=0)
    unit: Literal["元"]
    date: Optional[str] = None


class Forecast(Strict):
    metric: Literal["EPS", "营业收入", "归母净利润"]
    period: str = Field(pattern=r"^20\d\dE$")
    value: float
    unit: Literal["元", "亿元", "百万元", "万元"]
    page: int = Field(ge=0)


class AggReport(Strict):
    id: str
    source: Literal["sample", "written"]
    fiction: Literal["虚构样例"]
    file: Optional[str] = None
    broker: str
    date: str = Field(pattern=r"^\d{4}-\d\d-\d\d$")
    title: str
    report_type: str
    code: Optional[str]
    name: Optional[str]
    topic: Optional[str] = None
    pages: Optional[list[Page]] = None
    rating: Optional[Rating]
    target_price: Optional[Price]
    current_price: Optional[Price]
    forecasts: list[Forecast]


class Value(Strict):
    text: str
    min: Optional[float]
    max: Optional[float]
    unit: str


class Claim(Located):
    id: str
    report: str
    topic: str
    metric: str
    period: Optional[str]
    direction: Optional[Literal["up", "down", "flat"]]
    value: Optional[Value]
    stance: Stance
    also_at: list[Located]
    traps: list[str]


class Divergence(Strict):
    id: str
    claims: list[str] = Field(min_length=1, max_length=2)
    types: list[Literal["value", "direction", "stance", "self_declared"]] = Field(min_length=1)
    topic: str
    against: Optional[str] = None
    note: str


class NonDivergence(Strict):
    claims: list[str] = Field(min_length=2, max_length=2)
    reason: Literal["near_tie", "different_period", "unit_equivalent", "range_overlap", "same_view",
                    "neutral_vs_positive", "neutral_vs_negative", "different_metric"]
    note: str


class Ambiguous(Strict):
    claims: list[str] = Field(min_length=1, max_length=2)
    note: str


class Consensus(Strict):
    topic: str
    stance: Stance
    claims: list[str] = Field(min_length=2)


class AggGold(Strict):
    claims: list[Claim]
    divergences: list[Divergence]
    non_divergences: list[NonDivergence]
    ambiguous: list[Ambiguous]
    consensus: list[Consensus]
    dispersion: dict  # derived from the report fields; recomputed by tests/test_labelled_sets.py


class AggCase(Strict):
    id: str = Field(pattern=r"^agg-\d{2,3}-[a-z0-9-]+$")
    schema_: Literal["touyan.labelled.aggregation/1"] = Field(alias="schema")
    subject: dict
    sector: str
    tags: list[str]
    labelling: str = Field(min_length=40)
    reports: list[AggReport] = Field(min_length=2, max_length=3)
    gold: AggGold


class ConceptReport(Strict):
    id: str
    source: Literal["sample", "written", "seed"]
    role: Literal["chain", "unrelated"]
    fiction: Optional[Literal["虚构样例"]]
    file: Optional[str] = None
    excerpt_of: Optional[dict] = None
    pages: Optional[list[Page]] = None
    broker: str
    date: str
    title: str
    report_type: str
    layout: str


class Evidence(Located):
    report: str
    node: Optional[str] = None


class Node(Strict):
    id: str = Field(pattern=r"^n-[a-z0-9-]+$")
    name: str
    level: Literal["up", "mid", "down"]
    level_basis: Literal["stated", "judgement"]
    vocabulary: list[str] = Field(min_length=1)
    from_template: bool
    evidence: list[Evidence]


class Company(Strict):
    code: str
    name: str
    listing: Literal["A", "HK", "US"]
    best_node: str
    accept_as_best: list[str] = Field(min_length=1)
    nodes: list[str] = Field(min_length=1)
    evidence: list[Evidence] = Field(min_length=1)
    as_written: Optional[list[str]] = None
    note: Optional[str] = None


class Edge(Strict):
    from_: str = Field(alias="from")
    to: str
    basis: Literal["sentence", "table", "template"]
    report: Optional[str] = None
    page: Optional[int] = None
    quote: Optional[str] = None
    note: str


class Decoy(Evidence):
    code: str
    name: str
    listing: Literal["A", "HK", "US"]
    reason: str


class InvalidCode(Evidence):
    code: str
    name: str


class Unverifiable(Evidence):
    as_written: str
    name: str
    reason: str


class ConceptGold(Strict):
    nodes: list[Node] = Field(min_length=3)
    companies: list[Company] = Field(min_length=3)
    edges: list[Edge] = Field(min_length=3)
    decoys: list[Decoy]
    invalid_codes: list[InvalidCode]
    unverifiable: list[Unverifiable]


class ConceptCase(Strict):
    id: str = Field(pattern=r"^concept-\d\d-[a-z0-9-]+$")
    schema_: Literal["touyan.labelled.concept/1"] = Field(alias="schema")
    concept: str
    aliases: list[str]
    source: Literal["sample", "seed", "written"]
    labelling: str = Field(min_length=40)
    reports: list[ConceptReport] = Field(min_length=1)
    gold: ConceptGold


def _load(kind: str, model):
    files = sorted((HERE / kind).glob("*.json"))
    return [model.model_validate(json.loads(f.read_text(encoding="utf-8"))) for f in files], files


def load_aggregation() -> list[AggCase]:
    return _load("aggregation", AggCase)[0]


def load_concept() -> list[ConceptCase]:
    return _load("concept", ConceptCase)[0]
