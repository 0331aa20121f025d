"""Typed results of the summarization agent. LLM drafts are parsed into the `*Draft` models (and
`PageNotes` for map steps); code checks them and builds `ReportSummary`, what users and other
agents (consensus, chat) see."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from agents.llm.config import Engine
from tools.claims.model import Claim


class ReportMeta(BaseModel):
    """What a summary states about its report besides the pages: from the library's catalog."""

    report_id: str
    source: str = ""
    title: str = ""
    broker: str | None = None
    date: str | None = None
    page_count: int | None = None  # None: count the pages given
    tickers: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, record) -> ReportMeta:
        """From a memory.catalog.ReportRecord."""
        return cls(report_id=record.report_id, source=record.source, title=record.title, broker=record.broker,
                   date=record.date, page_count=record.page_count, tickers=list(record.tickers))


def bound(**limits) -> dict:
    """maxLength / maxItems in the JSON schema only: a grammar-constrained server (llama.cpp, vLLM) cannot
    exceed them, so the output stays within its token cap; validation never rejects a longer value."""
    return {"json_schema_extra": limits}


def _model_facing(schema: dict) -> None:
    """`verified` and `reason` are the checker's, not the model's: they stay out of the model's schema."""
    for name in ("verified", "reason"):
        schema.get("properties", {}).pop(name, None)


class CitedPoint(BaseModel):
    """A claim with the 0-based pages it cites; `verified` is set by the citation checker."""

    model_config = ConfigDict(json_schema_extra=_model_facing)

    text: str = Field(**bound(maxLength=100))
    pages: list[int] = Field(default_factory=list, **bound(maxItems=3))
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

    rating: str | None = Field(default=None, **bound(maxLength=8))  # 买入 / 增持 / 中性 / 减持 / 卖出 (normalized)
    rating_page: int | None = None
    rating_word: str | None = None  # the broker's own word (强烈推荐, 跑赢行业), on rating_page
    rating_action: str | None = None  # 维持 / 上调 / 下调 / 首次覆盖
    current_price: float | None = None  # 元, the close the report quotes
    current_price_page: int | None = None
    target_price: float | None = None  # 元
    target_price_page: int | None = None
    eps_forecasts: list[EpsForecast] = Field(default_factory=list, **bound(maxItems=4))


class SummaryDraft(BaseModel):
    """What a generate step (LLM or extractive) proposes, before citation checking."""

    subject: str = Field(description="研报对象：股票名称(代码)或行业/策略主题", **bound(maxLength=40))
    summary: str = Field(description="摘要段落，每个事实句末尾带 [page::N] 引用，N 为从 0 开始的页码",
                         **bound(maxLength=400))
    core_arguments: list[CitedPoint] = Field(default_factory=list, description="核心观点，每条带页码",
                                             **bound(maxItems=5))
    risks: list[CitedPoint] = Field(default_factory=list, description="风险提示，每条带页码", **bound(maxItems=4))
    views: ReportViews = Field(default_factory=ReportViews)
    claims: list[Claim] = Field(default_factory=list, description="研报自己的判断与预测（指标、方向、数值、期间、立场），逐字摘录并带页码")


class CitationStats(BaseModel):
    sentences: int = 0  # factual sentences in the summary
    cited: int = 0  # sentences carrying at least one [page::N]
    verified: int = 0  # cited sentences whose citations the page text supports
    dropped: int = 0  # unsupported sentences removed from the final summary

    @property
    def verified_share(self) -> float:
        """Of everything factual the draft stated, what survived: an uncited sentence is dropped too, so it
        counts against the share (a model citing 1 of 6 sentences, correctly, did not write a verified summary)."""
        return self.verified / self.sentences if self.sentences else 0.0


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
    claims: list[Claim] = Field(default_factory=list)  # verified against their pages (verify.py)
    flagged: list[CitedPoint] = Field(default_factory=list, description="不被页面文本支持而被删去的句子")
    citations: CitationStats = Field(default_factory=CitationStats)
    engine: Engine = "extractive"
    model: str | None = None
    prompt_versions: dict[str, str] = Field(default_factory=dict)
    tokens: int = 0
    cost_cny: float = 0.0
    cost_usd: float = 0.0
    # "unverified": an LLM summary whose verified share is below Limits.verified_floor; `fallback` then
    # holds the offline extractive summary of the same report, shown beside it.
    status: Literal["ok", "unverified"] = "ok"
    status_reason: str | None = None
    fallback: ReportSummary | None = None


class PageNotes(BaseModel):
    """Map-step output for one group of pages of a long report."""

    points: list[CitedPoint] = Field(default_factory=list, description="要点，每条带页码", **bound(maxItems=6))
    risks: list[CitedPoint] = Field(default_factory=list, description="风险，每条带页码", **bound(maxItems=4))
    views: ReportViews = Field(default_factory=ReportViews)
