"""The summarization subgraph's narrow state. It returns one typed result: `summary`."""

from __future__ import annotations

import operator
from typing import Annotated, TypedDict

from agents.reducers import PromptVersions
from agents.summarize.models import PageNotes, ReportMeta, ReportSummary, SummaryDraft


class ReportInput(TypedDict):
    report_id: str


class SummarizeState(TypedDict, total=False):
    report_id: str
    pages: list[tuple[int, str]]
    meta: ReportMeta
    groups: list[list[tuple[int, str]]]  # map-reduce page groups (long reports only)
    notes: Annotated[list[tuple[int, PageNotes]], operator.add]  # (group index, notes) from parallel map steps
    draft: SummaryDraft
    model: str | None
    prompt_versions: PromptVersions
    summary: ReportSummary


class MapInput(TypedDict):
    report_id: str
    meta: ReportMeta
    group_index: int
    group: list[tuple[int, str]]


class SummaryOutput(TypedDict):
    summary: ReportSummary
