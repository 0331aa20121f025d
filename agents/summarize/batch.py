"""Batch summarization: bounded concurrency, resumable, budget-aware.

A report whose `.json` exists with the same fingerprint (engine, model, prompt versions)
is skipped; failed reports are retried on the next run; each finished report is written
the moment it is done, so a killed run loses only what was in flight.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Callable, Literal

from agents.context import Context
from agents.llm.errors import describe, is_endpoint_down, is_llm_failure
from agents.llm.usage import BudgetExceeded
from agents.summarize.graph import graph
from agents.summarize.llm_draft import PROMPTS
from agents.summarize.models import ReportSummary
from agents.summarize.outputs import OutputFolder
from tools.errors import brief

MAX_REASON_CHARS = 300
# Bump when the extractive engine's selection or extraction rules change.
EXTRACTIVE_VERSION = "1.0.0"

ItemStatus = Literal["done", "skipped", "failed", "budget"]


@dataclass(frozen=True)
class ItemResult:
    report_id: str
    source: str
    status: ItemStatus
    summary: ReportSummary | None = None
    reason: str | None = None
    endpoint_down: bool = False  # failed because the LLM endpoint is unreachable or refuses us


def fingerprint(ctx: Context) -> dict:
    if ctx.engine == "extractive":
        return {"engine": "extractive", "version": EXTRACTIVE_VERSION}
    return {"engine": "llm", "model": ctx.llm.model_for("reduce"), "map_model": ctx.llm.model_for("map"),
            "prompts": PROMPTS.versions(ctx.prompts_dir), "verified_floor": ctx.limits.verified_floor}


def _reason(exc: BaseException, ctx: Context) -> str:
    text = describe(exc, ctx.llm) if is_llm_failure(exc) else brief(exc)
    return text[:MAX_REASON_CHARS]


async def summarize_batch(ctx: Context, reports: list[tuple[str, str]], out: OutputFolder, *, concurrency: int = 2,
                          on_result: Callable[[ItemResult], None] | None = None) -> list[ItemResult]:
    """Summarize (report_id, source) pairs already in the library; returns one result per report."""
    expected = fingerprint(ctx)
    semaphore = asyncio.Semaphore(max(1, concurrency))
    stop = asyncio.Event()  # set when the token budget is spent: start nothing new
    down: list[str] = []  # the endpoint is unreachable or refuses us: every further call would fail alike

    async def one(report_id: str, source: str) -> ItemResult:
        existing = out.finished(report_id, expected)
        if existing is not None:
            return ItemResult(report_id, source, "skipped", existing)
        async with semaphore:
            if stop.is_set():
                return ItemResult(report_id, source, "budget", reason="token 预算已用完，未开始")
            if down:
                return _failed(report_id, source, f"未开始：{down[0]}", True)
            scoped = ctx.scoped()
            try:
                result = await graph.ainvoke({"report_id": report_id}, context=scoped)
            except BudgetExceeded as exc:
                stop.set()
                return ItemResult(report_id, source, "budget", reason=str(exc))
            except Exception as exc:  # one bad report (or a StructuredOutputError) never stops the batch
                if is_endpoint_down(exc):
                    down.append(_reason(exc, ctx))
                return _failed(report_id, source, _reason(exc, ctx), is_endpoint_down(exc))
            summary = result["summary"]
            out.save(summary, expected)
            return ItemResult(report_id, source, "done", summary)

    def _failed(report_id: str, source: str, reason: str, endpoint_down: bool = False) -> ItemResult:
        record = ctx.report_library.report(report_id)
        out.save_failure(report_id, source, reason, title=record.title if record else "",
                         broker=(record.broker or "") if record else "")
        return ItemResult(report_id, source, "failed", reason=reason, endpoint_down=endpoint_down)

    async def tracked(report_id: str, source: str) -> ItemResult:
        item = await one(report_id, source)
        if on_result:
            on_result(item)
        return item

    return list(await asyncio.gather(*(tracked(rid, src) for rid, src in reports)))
