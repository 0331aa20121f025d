"""Typed results of the consensus agent (卖方观点汇总). agents/consensus/aggregate.py computes every
number here from the summaries' extracted fields; an LLM may only add `narrative` around them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


RatingBucket = Literal["买入", "增持", "中性", "减持", "卖出"]
Stance = Literal["positive", "negative", "neutral"]
TopicStance = Literal["positive", "negative", "neutral", "risk"]  # risk: brokers only list it as a risk
TopicStatus = Literal["consensus", "divergence", "mixed", "single"]


class RatingVote(BaseModel):
    broker: str
    report_id: str
    rating: str  # the broker's own word as given, e.g. 强烈推荐
    bucket: RatingBucket | None = None  # None when the word is not a known rating
    action: str | None = None  # 维持 / 上调 / 下调 / 首次覆盖, as the report states it
    page: int | None = None


class RatingDistribution(BaseModel):
    counts: dict[str, int] = Field(default_factory=dict)  # every bucket, 买入 → 卖出, zeros included
    votes: list[RatingVote] = Field(default_factory=list)


class BrokerValue(BaseModel):
    """One broker's number, cited to its report and 0-based page."""

    broker: str
    report_id: str
    value: float
    page: int | None = None


class ValueStats(BaseModel):
    n: int
    mean: float
    median: float
    min: float
    max: float
    std: float | None = None  # sample standard deviation (n-1); None when n < 2
    cv: float | None = None  # std / |mean|
    values: list[BrokerValue] = Field(default_factory=list)


class TargetPriceStats(ValueStats):
    ticker: str
    spread: float  # max / min - 1


class EpsYearStats(ValueStats):
    year: str  # "2025E"
    metric: str = "EPS"  # EPS (元/股) | 营业收入 (亿元) | 归母净利润 (亿元)
    divergent: bool = False  # cv above the documented threshold (agents/consensus/structured.py)


class Upside(BaseModel):
    """Implied upside from one report's own target and current price, both cited."""

    broker: str
    report_id: str
    target_price: float
    current_price: float
    upside: float  # target / current - 1
    target_page: int | None = None
    current_page: int | None = None


class ClaimRef(BaseModel):
    """One broker's claim as it stands on its page."""

    broker: str
    report_id: str
    text: str
    page: int
    also_pages: list[int] = Field(default_factory=list)
    metric: str = ""
    period: str | None = None
    value: str | None = None
    stance: Stance = "neutral"


class ClaimDivergence(BaseModel):
    """Two brokers' claims that conflict on one metric and period, or one report declaring its own view
    against the market's (`against`: 市场)."""

    topic: str
    metric: str
    types: list[str]  # value | direction | stance | self_declared
    claims: list[ClaimRef]
    against: str | None = None


class TopicPoint(BaseModel):
    broker: str
    report_id: str
    kind: Literal["argument", "risk"]
    text: str
    pages: list[int] = Field(default_factory=list)
    stance: Stance = "neutral"


class TopicView(BaseModel):
    topic: str
    status: TopicStatus  # consensus: ≥2 brokers, same stance; divergence: stances conflict
    stance: TopicStance | None = None  # the shared stance when status is consensus
    brokers: list[str] = Field(default_factory=list)
    points: list[TopicPoint] = Field(default_factory=list)


class Dissent(BaseModel):
    """A broker whose rating or target price sits away from the others', with its own cited points."""

    broker: str
    report_id: str
    reasons: list[str] = Field(default_factory=list)  # e.g. "目标价 200 元较中位数 280 元低 28.6%"
    points: list[TopicPoint] = Field(default_factory=list)


class ConsensusReport(BaseModel):
    subject: str
    ticker: str | None = None  # set when the reports cover one stock; target prices need it
    report_ids: list[str] = Field(default_factory=list)
    brokers: list[str] = Field(default_factory=list)
    rating_distribution: RatingDistribution = Field(default_factory=RatingDistribution)
    target_price: TargetPriceStats | None = None
    eps_dispersion: list[EpsYearStats] = Field(default_factory=list)  # EPS by year
    forecast_dispersion: list[EpsYearStats] = Field(default_factory=list)  # 营业收入, 归母净利润 (亿元) by year
    upside: list[Upside] = Field(default_factory=list)
    claim_divergences: list[ClaimDivergence] = Field(default_factory=list)
    topics: list[TopicView] = Field(default_factory=list)
    other_points: list[TopicPoint] = Field(default_factory=list)  # points no topic keyword matched
    dissenters: list[Dissent] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # what was left out of the numbers and why
    narrative: str | None = None  # optional LLM prose around the computed numbers

    @property
    def consensus(self) -> list[TopicView]:
        return [t for t in self.topics if t.status == "consensus"]

    @property
    def divergence(self) -> list[TopicView]:
        return [t for t in self.topics if t.status == "divergence"]


class ReportRef(BaseModel):
    """A report in the library the consensus is built from."""

    report_id: str
    title: str
    broker: str | None = None
