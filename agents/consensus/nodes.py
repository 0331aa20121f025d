"""The consensus subgraph's nodes: find the reports on a subject, summarize them, aggregate."""

from __future__ import annotations

from typing import Literal

from langgraph.runtime import Runtime

from agents.consensus.aggregate import build_consensus
from agents.consensus.claim_similarity import sentence_vectors
from agents.consensus.models import ReportRef
from agents.consensus.state import ConsensusState
from agents.context import Context
from agents.summarize.graph import summaries_of
from tools.brokers import normalize_broker
from tools.tickers import normalize_code


async def find_reports(state: ConsensusState, runtime: Runtime[Context]) -> dict:
    """Reports on the subject: its code among a report's tickers (a company report, or one naming at most
    three stocks), or the subject word in the title; only the chosen brokers' when any are given."""
    ctx, subject, brokers = runtime.context, state["subject"], state.get("brokers") or []
    security = ctx.stock_master.lookup(subject)
    code = security.code if security else normalize_code(subject)
    reports = [r for r in ctx.report_library.reports()
               if (code and code in r.tickers and (security is None or security.name in r.title or len(r.tickers) <= 3))
               or subject in r.title]
    if brokers:  # 华泰 or 华泰证券股份有限公司 picks 华泰证券's reports
        wanted = {normalize_broker(b) or b for b in brokers}
        reports = [r for r in reports if r.broker in wanted]
    return {"ticker": code, "reports": [ReportRef(report_id=r.report_id, title=r.title, broker=r.broker)
                                        for r in reports]}


def enough_brokers(state: ConsensusState) -> Literal["summarize", "too_few"]:
    return "summarize" if len({r.broker for r in state["reports"]}) >= 2 else "too_few"


async def summarize(state: ConsensusState, runtime: Runtime[Context]) -> dict:
    return {"summaries": await summaries_of(runtime.context, [r.report_id for r in state["reports"]])}


async def too_few(state: ConsensusState) -> dict:
    return {"consensus": None}


async def aggregate(state: ConsensusState) -> dict:
    return {"consensus": build_consensus(state["summaries"], subject=state["subject"], ticker=state.get("ticker"),
                                         encode=sentence_vectors)}
