"""Typed results of the fund-style agent, and the two schemas a commentary reader fills in.

The LLM (or the lexicon engine) only ever produces the `*Draft` objects: categorical labels and
quotes. Code checks every quote against the text and computes every number.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from tools.style_metrics import StyleMetrics

Rotation = Literal["rotating", "staying", "unclear"]
GrowthValue = Literal["growth", "value", "balanced", "switching", "unclear"]
Size = Literal["large", "small", "balanced", "switching", "unclear"]
Timing = Literal["active", "none", "unclear"]
StyleAspect = Literal["rotation", "growth_value", "size", "timing"]
SelectionAspect = Literal["fund_selection", "etf_allocation"]
Label = Literal["style-rotation", "style-stable", "undetermined"]

LABEL_ZH = {"style-rotation": "风格轮动型", "style-stable": "风格稳定型", "undetermined": "无法判定"}
TILT_ZH = {"growth": "成长", "value": "价值", "balanced": "均衡", "switching": "切换", "large": "大盘",
           "small": "小盘", "mid": "中盘", "unclear": "不明", "unknown": "未知"}


# -- what a reader proposes (LLM tool schemas) --------------------------------------------------
class StyleQuote(BaseModel):
    aspect: StyleAspect = Field(description="这句引文支持哪一项判断")
    quote: str = Field(description="从原文逐字摘录的一句话，不得改写", json_schema_extra={"maxLength": 120})


class StyleIntentDraft(BaseModel):
    """基金经理在运作分析/展望中表述的风格意图。"""

    rotation: Rotation = Field(description="rotating=主动在风格间轮动/切换；staying=坚守一种风格；unclear=未表态")
    growth_value: GrowthValue = Field(description="成长/价值倾向；switching=在成长与价值之间切换")
    size: Size = Field(description="大小盘倾向；switching=在大盘与小盘之间切换")
    timing: Timing = Field(description="active=主动调整权益仓位（择时）；none=明确不择时或保持高仓位")
    evidence: list[StyleQuote] = Field(default_factory=list, description="每个非 unclear 的判断至少一句逐字引文",
                                       json_schema_extra={"maxItems": 4})  # schema only: bounds constrained output


class SelectionQuote(BaseModel):
    aspect: SelectionAspect = Field(description="fund_selection=强调基金优选；etf_allocation=强调ETF/资产配置")
    quote: str = Field(description="从原文逐字摘录的一句话，不得改写", json_schema_extra={"maxLength": 120})


class FundSelectionDraft(BaseModel):
    """FOF 基金经理的观点是否关注基金优选（种子 004 §2.1 的问题）。"""

    stresses_fund_selection: bool = Field(description="观点是否关注/强调基金优选（精选主动基金、选基金经理）")
    emphasis: Literal["fund_selection", "etf_allocation", "both", "neither"] = Field(
        description="侧重点：基金优选、ETF与资产配置、两者兼有、都没有")
    evidence: list[SelectionQuote] = Field(default_factory=list, description="逐字引文", json_schema_extra={"maxItems": 3})


# -- checked readings ---------------------------------------------------------------------------
class Quote(BaseModel):
    aspect: str
    text: str
    period: str
    source: str  # file the text was read from


class StyleReading(BaseModel):
    code: str
    period: str
    engine: str
    rotation: Rotation = "unclear"
    growth_value: GrowthValue = "unclear"
    size: Size = "unclear"
    timing: Timing = "unclear"
    evidence: list[Quote] = Field(default_factory=list)
    dropped_quotes: list[str] = Field(default_factory=list, description="引文不在原文中，已剔除")
    notes: list[str] = Field(default_factory=list)


class FundSelectionReading(BaseModel):
    code: str
    period: str
    engine: str
    stresses_fund_selection: bool | None = None  # None: the claim had no verifiable quote
    emphasis: str = "neither"
    evidence: list[Quote] = Field(default_factory=list)
    dropped_quotes: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class PeriodShare(BaseModel):
    period: str
    texts: int
    classified: int  # readings with a verified yes/no
    stressing: int
    share: float | None  # stressing / classified


class FundSelectionSurvey(BaseModel):
    engine: str
    periods: list[PeriodShare] = Field(default_factory=list)
    readings: list[FundSelectionReading] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class StatedIntent(BaseModel):
    """The manager's words over all periods read: the most frequent non-unclear label per aspect."""

    rotation: Rotation = "unclear"
    growth_value: GrowthValue = "unclear"
    size: Size = "unclear"
    timing: Timing = "unclear"
    periods: list[str] = Field(default_factory=list)


class FundStyleResult(BaseModel):
    code: str
    name: str | None = None
    fund_type: str | None = None
    manager: str | None = None
    status: Literal["ok", "partial", "error"] = "ok"
    label: Label = "undetermined"
    label_zh: str = LABEL_ZH["undetermined"]
    growth_value_tilt: Literal["growth", "value", "balanced", "switching", "unknown"] = "unknown"
    size_tilt: Literal["large", "small", "mid", "switching", "unknown"] = "unknown"
    confidence: float = 0.0
    metrics: StyleMetrics | None = None
    stated: StatedIntent | None = None
    readings: list[StyleReading] = Field(default_factory=list)
    fund_selection: list[FundSelectionReading] = Field(default_factory=list)
    quantitative_evidence: list[str] = Field(default_factory=list)
    qualitative_evidence: list[Quote] = Field(default_factory=list)
    disagreements: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    error: str | None = None
    engine: str = "extractive"
    thresholds: dict[str, float] = Field(default_factory=dict)
    prompt_versions: dict[str, str] = Field(default_factory=dict)
    sample_data: bool = False  # holdings or commentary came from bundled samples, not live data
