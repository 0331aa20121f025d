"""The strategy subgraph's state; it returns one typed result: `proposal`."""

from __future__ import annotations

from operator import add
from typing import Annotated, Any, TypedDict

from agents.reducers import PromptVersions
from agents.strategy.models import (Citation, FundStyleView, IndustryView, Position, RationaleSection, StrategyProposal,
                                    SupportSentence)
from tools.signal_backtest import HitRate
from tools.signals import Signal


class StrategyInput(TypedDict, total=False):
    fund_codes: list[str]  # funds to classify with the fund-style agent
    fund_styles: list[Any]  # fund-style results the caller already has (objects or dicts: code, label…)
    as_of: str | None  # YYYY-MM; default the latest month of the macro data


class StrategyState(StrategyInput, total=False):
    signals: list[Signal]
    backtest: list[HitRate]
    sample_data: bool
    views: list[IndustryView]
    support: dict[str, list[SupportSentence]]  # signal topic -> report sentences behind it
    funds: list[FundStyleView]
    positions: list[Position]
    allocation_partial: bool
    rationale: list[RationaleSection]
    rationale_engine: str  # who wrote the rationale that was kept: llm, or extractive (the template)
    citations: list[Citation]
    prompt_versions: PromptVersions
    notes: Annotated[list[str], add]  # written by parallel branches
    proposal: StrategyProposal


class StrategyOutput(TypedDict):
    proposal: StrategyProposal
