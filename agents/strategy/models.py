"""Typed inputs and results of the strategy-proposal agent.

Every number in a StrategyProposal is computed in code (tools.signals, tools.signal_backtest,
agents.strategy.allocation). The LLM fills only `RationaleDraft`, whose fields are free text:
no weight, figure or fund code can be stated through the schema, and the text itself is checked
(agents.strategy.guard) before it reaches the proposal.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from tools.signal_backtest import HitRate
from tools.signals import Signal

Role = Literal["core", "satellite", "cash"]
ROLE_LABEL = {"core": "核心", "satellite": "卫星", "cash": "现金"}
DIRECTION_LABEL = {"long": "看多（仓位 1）", "flat": "空仓（仓位 0）", "small": "小盘占优", "large": "大盘占优",
                   "growth": "成长占优", "value": "价值占优", "neutral": "中性", "unknown": "无法判断"}

# Seed 004 §六 风险提示, plus the one every allocation proposal owes its reader.
RISK_WARNINGS = (
    "以上结果通过历史数据统计、建模和测算完成，在政策、市场环境发生变化时存在失效的风险。",
    "市场环境发生变化，国际政治摩擦升级等带来各大类资产同向大幅波动风险。",
    "政策环境发生变化，资产与相关风险因子失去稳定关系的模型风险。",
    "大语言模型具有一定的随机性，在部分情况下可能回答错误，不符合用户需求与认知，并影响到用户判断。",
    "历史表现（含信号历史命中率）不代表未来表现；本建议不构成投资建议。",
)


FUND_LABEL_ZH = {"style-rotation": "风格轮动型", "style-stable": "风格稳定型", "undetermined": "无法判定",
                 "unknown": "未知"}
TILT_ZH = {"growth": "成长", "value": "价值", "balanced": "均衡", "switching": "切换", "large": "大盘",
           "small": "小盘", "mid": "中盘", "unclear": "不明"}


class FundStyleView(BaseModel):
    """What the strategy needs from the fund-style agent about one fund."""

    code: str
    name: str
    label: str  # style-rotation | style-stable | unknown
    confidence: float | None = None
    detail: str = ""  # tilt or summary, as the fund-style agent wrote it
    partial: bool = False
    sample_data: bool = False  # the fund-style result was built on bundled sample holdings/commentary

    @property
    def label_zh(self) -> str:
        return FUND_LABEL_ZH.get(self.label.lower(), self.label)


class IndustryView(BaseModel):
    """One broker report's rating of an industry, read from its page text."""

    industry: str  # the theme in agents.strategy.themes
    stance: Literal["positive", "neutral", "negative"]
    rating: str  # 买入/增持/中性/减持/卖出
    report_id: str
    title: str
    broker: str | None = None
    date: str | None = None
    page: int  # 0-based
    quote: str  # the sentence that states the rating


class SupportSentence(BaseModel):
    """A report sentence stating the mechanism behind a signal, cited in the rationale."""

    report_id: str
    title: str
    broker: str | None = None
    page: int  # 0-based
    text: str


class Position(BaseModel):
    code: str  # ETF or fund code (validated against the ETF/fund lists); CASH for cash
    name: str
    role: Role
    weight: float  # fraction of the portfolio (weight_bp / 10000); all positions sum to 1
    weight_bp: int  # the same in basis points: integers that sum to exactly 10000
    reason: str
    kind: Literal["etf", "fund", "cash"]
    basis: list[str] = Field(default_factory=list)  # signal names and report ids behind the position


class Citation(BaseModel):
    report_id: str
    title: str
    broker: str | None = None
    page: int  # 0-based, as everywhere in touyan

    @property
    def marker(self) -> str:
        """What a person reads: the page a PDF viewer shows (1-based); `page` itself stays 0-based."""
        return f"[{self.broker or ''}《{self.title}》 · p.{self.page + 1}]"


class RationaleSection(BaseModel):
    topic: str
    text: str  # citations rendered as [券商《标题》 · p.N] and [信号：名称]


class StrategyProposal(BaseModel):
    notice: str | None = None  # first thing every output shows: set when bundled sample data was used
    sample_data: bool = False
    as_of: str | None = None
    positions: list[Position] = Field(default_factory=list)
    signals: list[Signal] = Field(default_factory=list)
    backtest: list[HitRate] = Field(default_factory=list)
    industry_views: list[IndustryView] = Field(default_factory=list)
    funds: list[FundStyleView] = Field(default_factory=list)
    rationale: list[RationaleSection] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    engine: str = "extractive"
    rationale_engine: str = "extractive"  # llm only when the model's rationale passed the guard's floor
    partial: bool = False
    prompt_versions: dict[str, str] = Field(default_factory=dict)
    risk_warnings: list[str] = Field(default_factory=lambda: list(RISK_WARNINGS))  # last, as in the seed


# -- what the LLM may write (tool schema): text only --------------------------------------------
RationaleTopic = Literal["宏观择时", "大小盘", "成长价值", "核心仓位", "卫星仓位", "历史检验", "综合"]


class RationaleParagraph(BaseModel):
    topic: RationaleTopic = Field(description="段落主题")
    text: str = Field(description="理由正文。每句句末标注依据：信号写 [信号:名称]，研报写材料编号与页码如 [R1 p.2]",
                      json_schema_extra={"maxLength": 200})  # schema only: bounds grammar-constrained output


class RationaleDraft(BaseModel):
    paragraphs: list[RationaleParagraph] = Field(default_factory=list, description="按主题分段的配置理由",
                                                 json_schema_extra={"maxItems": 7})
