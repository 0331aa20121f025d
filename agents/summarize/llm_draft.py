"""The LLM generate step: one call over condensed material, or map-reduce for long reports."""

from __future__ import annotations

from langchain_core.messages import HumanMessage, SystemMessage

from agents.context import Context
from agents.llm.ask import ask
from agents.summarize.models import PageNotes, ReportMeta, SummaryDraft
from prompts import PromptSet
from tools.report_material import build_material, fence

PROMPTS = PromptSet("summarize_system", "summarize_report", "summarize_map")  # map: long reports only


def _system(ctx: Context) -> SystemMessage:
    return SystemMessage(PROMPTS.load("summarize_system", ctx.prompts_dir).render())


def _meta_vars(meta: ReportMeta) -> dict:
    return {"title": meta.title or "（无标题）", "broker": meta.broker or "未知券商"}


async def draft_from_material(ctx: Context, meta: ReportMeta, material: str, note: str) -> SummaryDraft:
    prompt = PROMPTS.load("summarize_report", ctx.prompts_dir).render(
        **_meta_vars(meta), date=meta.date or "未知", page_count=meta.page_count or 0,
        material_note=note, material=material)
    return await ask(ctx, SummaryDraft, [_system(ctx), HumanMessage(prompt)], role="reduce", purpose="summary")


async def draft_from_pages(ctx: Context, meta: ReportMeta, pages: list[tuple[int, str]]) -> SummaryDraft:
    material = build_material(pages, ctx.limits.context_tokens)
    note = ("以下为研报全文（已去掉页眉页脚与免责声明）。" if material.mode == "full"
            else "研报较长，以下为封面页全文与正文中最重要的句子，按页码排列。")
    return await draft_from_material(ctx, meta, material.text, note)


async def notes_for_group(ctx: Context, meta: ReportMeta, group: list[tuple[int, str]]) -> PageNotes:
    # Condense each group to half its budget: uncondensed map steps cost more than one naive call.
    material = build_material(group, ctx.limits.map_group_tokens // 2)
    prompt = PROMPTS.load("summarize_map", ctx.prompts_dir).render(
        **_meta_vars(meta), first_page=group[0][0], last_page=group[-1][0], pages=material.text)
    return await ask(ctx, PageNotes, [_system(ctx), HumanMessage(prompt)], role="map", purpose="notes")


def notes_material(notes: list[PageNotes]) -> str:
    """Map-step notes as page-cited bullet lines, the reduce step's material."""
    lines: list[str] = []
    for part in notes:
        for label, points in (("要点", part.points), ("风险", part.risks)):
            for p in points:
                cites = "".join(f"[page::{n}]" for n in p.pages)
                lines.append(f"- {label}：{fence(p.text)}{cites}")
        v = part.views
        if v.rating:
            lines.append(f"- 评级：{v.rating}[page::{v.rating_page}]")
        if v.target_price is not None:
            lines.append(f"- 目标价：{v.target_price} 元[page::{v.target_price_page}]")
        for e in v.eps_forecasts:
            lines.append(f"- EPS {e.year}：{e.eps}[page::{e.page}]")
    return "\n".join(lines)


