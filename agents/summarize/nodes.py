"""The summarization subgraph's nodes (wired in agents/summarize/graph.py)."""

from __future__ import annotations

from typing import Literal

from langgraph.runtime import Runtime
from langgraph.types import Send

from agents.context import Context
from agents.summarize.extractive import complete_draft, extractive_draft
from agents.summarize.llm_draft import draft_from_material, draft_from_pages, notes_for_group, notes_material
from agents.summarize.models import ReportMeta
from agents.summarize.state import MapInput, SummarizeState
from agents.summarize.verify import build_summary
from prompts import recording
from tools.report_material import build_material, group_pages
from tools.tokens import count_tokens


class ReportNotFound(LookupError):
    pass


async def load_report(state: SummarizeState, runtime: Runtime[Context]) -> dict:
    library = runtime.context.report_library
    record = library.report(state["report_id"])
    if record is None:
        raise ReportNotFound(f"研报库中没有 report_id={state['report_id']}（先运行 touyan ingest）")
    pages = library.pages(record.report_id)
    return {"pages": pages, "meta": ReportMeta.of(record)}


def choose_engine(state: SummarizeState, runtime: Runtime[Context]) -> Literal["extract_draft", "plan_llm"]:
    return "plan_llm" if runtime.context.engine == "llm" else "extract_draft"


async def extract_draft(state: SummarizeState, runtime: Runtime[Context]) -> dict:
    return {"draft": extractive_draft(state["pages"], state["meta"]), "model": None}


async def plan_llm(state: SummarizeState, runtime: Runtime[Context]) -> dict:
    limits = runtime.context.limits
    total = sum(count_tokens(text) for _, text in state["pages"])
    if total <= limits.stuff_max_tokens:
        return {"groups": []}
    groups = group_pages(state["pages"], limits.map_group_tokens)
    if len(groups) > limits.max_map_groups:  # merge neighbours so fan-out stays bounded
        size = -(-len(groups) // limits.max_map_groups)
        groups = [sum(groups[i:i + size], []) for i in range(0, len(groups), size)]
    return {"groups": groups}


def fan_out(state: SummarizeState) -> list[Send] | Literal["write_draft"]:
    if not state.get("groups"):
        return "write_draft"
    return [Send("map_group", MapInput(report_id=state["report_id"], meta=state["meta"], group_index=i, group=g))
            for i, g in enumerate(state["groups"])]


async def map_group(state: MapInput, runtime: Runtime[Context]) -> dict:
    with recording() as loaded:
        notes = await notes_for_group(runtime.context, state["meta"], state["group"])
    return {"notes": [(state["group_index"], notes)], "prompt_versions": loaded}


async def write_draft(state: SummarizeState, runtime: Runtime[Context]) -> dict:
    ctx = runtime.context
    meta, pages = state["meta"], state["pages"]
    with recording() as loaded:
        if state.get("notes"):
            ordered = [n for _, n in sorted(state["notes"], key=lambda item: item[0])]
            cover = build_material(pages[:1], ctx.limits.context_tokens).text
            material = cover + "\n<notes>\n" + notes_material(ordered) + "\n</notes>"
            note = "研报很长：以下是封面页全文，以及分段阅读后整理出的要点（每条带页码）。"
            draft = await draft_from_material(ctx, meta, material, note)
        else:
            draft = await draft_from_pages(ctx, meta, pages)
    return {"draft": complete_draft(draft, pages, meta), "model": ctx.llm.model_for("reduce"), "prompt_versions": loaded}


def _verified_or_fallback(summary, ctx: Context, pages, meta) -> dict:
    """An LLM summary below the verified floor is marked, with the extractive summary beside it."""
    share, floor = summary.citations.verified_share, ctx.limits.verified_floor
    if ctx.engine != "llm" or share >= floor:
        return {}
    fallback = build_summary(extractive_draft(pages, meta), pages, meta)
    reason = (f"LLM 摘要中通过引用核验的比例 {share:.0%}，低于下限 {floor:.0%}（TOUYAN_VERIFIED_FLOOR）："
              "附离线抽取式摘要作对照")
    return {"status": "unverified", "status_reason": reason, "fallback": fallback}


async def verify_draft(state: SummarizeState, runtime: Runtime[Context]) -> dict:
    ctx = runtime.context
    summary = build_summary(state["draft"], state["pages"], state["meta"])
    totals = ctx.usage.totals()
    update = {
        "engine": ctx.engine,
        "model": state.get("model"),
        "prompt_versions": dict(sorted((state.get("prompt_versions") or {}).items())),  # what this run loaded
        "tokens": totals.total_tokens,
        "cost_cny": round(totals.cost_cny, 6),
        "cost_usd": round(totals.cost_usd, 6),
    } | _verified_or_fallback(summary, ctx, state["pages"], state["meta"])
    return {"summary": summary.model_copy(update=update)}
