"""Typed results the agents return. LLM drafts are parsed into the `*Draft` models; code
checks them and builds the final models, which are what users and other agents see.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from agents.llm.config import Engine


class CitedPoint(BaseModel):
    """A claim with the 0-based pages it cites; `verified` is set by the citation checker."""

    text: str
    pages: list[int] = Field(default_factory=list)
    verified: bool | None = None
    reason: str | None = None  # why a citation failed, e.g. "数字 320 不在第 3 页"


class EpsForecast(BaseModel):
    year: str  # "2025E", "2024A"
    eps: float | None = None  # 元/股
    net_profit: float | None = None  # 归母净利润, 亿元
    revenue: float | None = None  # 营业收入, 亿元
    pe: float | None = None
    page: int | None = None


class ReportViews(BaseModel):
    """Structured views of one report. Every number carries the page it was read from."""

    rating: str | None = None  # 买入 / 增持 / 中性 / 减持 / 卖出 (normalized)
    rating_page: int | None = None
    target_price: float | None = None  # 元
    target_price_page: int | None = None
    eps_forecasts: list[EpsForecast] = Field(default_factory=list)


class SummaryDraft(BaseModel):
    """What a generate step (LLM or extractive) proposes, before citation checking."""

    subject: str = Field(description="研报对象：股票名称(代码)或行业/策略主题")
    summary: str = Field(description="摘要段落，每个事实句末尾带 [page::N] 引用，N 为从 0 开始的页码")
    core_arguments: list[CitedPoint] = Field(default_factory=list, description="核心观点，每条带页码")
    risks: list[CitedPoint] = Field(default_factory=list, description="风险提示，每条带页码")
    views: ReportViews = Field(default_factory=ReportViews)


class CitationStats(BaseModel):
    sentences: int = 0  # factual sentences in the summary
    cited: int = 0  # sentences carrying at least one [page::N]
    verified: int = 0  # cited sentences whose citations the page text supports
    dropped: int = 0  # unsupported sentences removed from the final summary

    @property
    def verified_share(self) -> float:
        return self.verified / self.cited if self.cited else 0.0


class ReportSummary(BaseModel):
    report_id: str
    source: str
    page_count: int
    title: str
    broker: str | None = None
    date: str | None = None
    tickers: list[str] = Field(default_factory=list)
    subject: str = ""
    summary: str = ""  # verified sentences only, with [page::N] markers
    core_arguments: list[CitedPoint] = Field(default_factory=list)
    risks: list[CitedPoint] = Field(default_factory=list)
    views: ReportViews = Field(default_factory=ReportViews)
    flagged: list[CitedPoint] = Field(default_factory=list, description="不被页面文本支持而被删去的句子")
    citations: CitationStats = Field(default_factory=CitationStats)
    engine: Engine = "extractive"
    model: str | None = None
    prompt_versions: dict[str, str] = Field(default_factory=dict)
    tokens: int = 0
    cost_cny: float = 0.0
    cost_usd: float = 0.0


# --- Multi-broker consensus. agents/consensus.py computes every number here from the fields above;
# an LLM may only add `narrative` around them.

RatingBucket = Literal["买入", "增持", "中性", "减持", "卖出"]
Stance = Literal["positive", "negative", "neutral"]
TopicStance = Literal["positive", "negative", "neutral", "risk"]  # risk: brokers only list it as a risk
TopicStatus = Literal["consensus", "divergence", "mixed", "single"]


class RatingVote(BaseModel):
    broker: str
    report_id: str
    rating: str  # the broker's own word as given, e.g. 强烈推荐
    bucket: RatingBucket | None = None  # None when the word is not a known rating
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
    eps_dispersion: list[EpsYearStats] = Field(default_factory=list)
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


class PageNotes(BaseModel):
    """Map-step output for one group of pages of a long report."""

    points: list[CitedPoint] = Field(default_factory=list, description="要点，每条带页码")
    risks: list[CitedPoint] = Field(default_factory=list, description="风险，每条带页码")
    views: ReportViews = Field(default_factory=ReportViews)
