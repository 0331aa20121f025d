"""The typed claim shared by the extractive rules and the LLM's structured output (one model, one path)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema

Direction = Literal["up", "down", "flat"]
ClaimStance = Literal["positive", "negative", "neutral"]


class ClaimValue(BaseModel):
    """A number as a range in a comparable unit: ≥25% → (25, None, "%"); 2.5万台 → (25000, 25000, "台")."""

    text: str
    min: float | None = None
    max: float | None = None
    unit: str = ""
    rate: bool = False  # a percentage or percentage-point figure: compared by points, not ratios
    # A forecast level's growth (%) over its own report's figure for the year before (tools.claims.forecast_base):
    # computed, never asked of a model, so kept out of the schema the summarizer sends.
    growth: SkipJsonSchema[float | None] = None


class Claim(BaseModel):
    text: str = Field(description="研报原文中的一句或一个分句（逐字摘录）")
    page: int = Field(description="该句所在页码，从 0 开始")
    topic: str = Field(default="其他", description="所属议题（每条观点只归入一个议题）")
    metric: str = Field(default="", description="指标或问题，如 储能毛利率、原奶价格")
    period: str | None = Field(default=None, description="期间，如 2025E、2025H2；无则为空")
    direction: Direction | None = None
    value: ClaimValue | None = None
    stance: ClaimStance = "neutral"
    self_declared: bool = Field(default=False, description="研报自称与市场或他人观点不同（分歧、与市场不同、市场担忧…我们认为）")
    also_pages: list[int] = Field(default_factory=list)  # pages where the same claim is restated
    verified: bool | None = None
