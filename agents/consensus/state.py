"""The consensus subgraph's narrow state; it returns the ConsensusReport (None when fewer than two
brokers wrote on the subject) and the reports it found."""

from __future__ import annotations

from typing import NotRequired, TypedDict

from agents.consensus.models import ConsensusReport, ReportRef
from agents.summarize.models import ReportSummary


class ConsensusInput(TypedDict):
    subject: str  # a stock (name or code in any spelling) or a theme word in report titles
    brokers: NotRequired[list[str]]  # only these brokers; empty: all


class ConsensusState(TypedDict, total=False):
    subject: str
    brokers: list[str]
    ticker: str | None  # the subject's code when it names a stock
    reports: list[ReportRef]
    summaries: list[ReportSummary]
    consensus: ConsensusReport | None


class ConsensusOutput(TypedDict):
    consensus: ConsensusReport | None
    reports: list[ReportRef]
