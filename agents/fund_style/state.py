"""The fund-style subgraph's narrow state; it returns one typed result: `result`."""

from __future__ import annotations

from typing import NotRequired, TypedDict

from agents.fund_style.models import FundSelectionReading, FundStyleResult, StyleReading
from agents.reducers import PromptVersions
from tools.style_metrics import StyleMetrics


class FundStyleInput(TypedDict):
    code: str
    years: NotRequired[list[int]]  # report years to load; default: the latest report year and the one before


class FundStyleState(TypedDict, total=False):
    code: str
    years: list[int]
    result: FundStyleResult  # built up node by node: fund info, then metrics, readings, label
    holdings: list[dict]  # period, code, name, weight, value (records: the state stays serializable)
    metrics: StyleMetrics | None
    readings: list[StyleReading]
    selection: list[FundSelectionReading]
    prompt_versions: PromptVersions


class FundStyleOutput(TypedDict):
    result: FundStyleResult
