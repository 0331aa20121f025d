"""Reading managers' commentary: one mechanism, two schemas, two engines.

    text ─┬─ LLM (prompts/fund_commentary.md, forced tool call) ─┬─ verify quotes ─ reading
          └─ lexicon (agents/fund_style/lexicon.py) ─────────────┘
Every quote must appear in the text (whitespace and full/half-width forms ignored); quotes that do
not are dropped and listed. A label whose every quote was dropped becomes "unclear" (for the FOF
question: unknown), because a claim about a manager's words needs those words.
"""

from __future__ import annotations

import asyncio
import unicodedata
from collections import Counter
from typing import Literal

from langchain_core.messages import HumanMessage, SystemMessage

from agents.context import Context
from agents.fund_style.lexicon import lexicon_fund_selection_draft, lexicon_style_draft
from agents.fund_style.models import (FundSelectionDraft, FundSelectionReading, FundSelectionSurvey, PeriodShare,
                                      Quote, StatedIntent, StyleIntentDraft, StyleReading)
from agents.fund_style.texts import CommentaryText
from agents.llm.ask import ask
from agents.llm.errors import describe, is_llm_failure
from prompts import PromptSet

PROMPTS = PromptSet("analyst_system", "fund_commentary")
MAX_TEXT_CHARS = 6000  # a 运作分析 + 展望 section is rarely over 2,000 characters
MIN_QUOTE_CHARS = 4
SEED_SHARE_NOTE = ("种子 004 §2.1 报告 2024 年三季度全市场股票型与混合型 FOF 中关注基金优选的比例为 69.93%"
                   "（ChatGPT 分类）；这里统计的是本地评论文本，样本不同，比例不可直接比较。")
Kind = Literal["style", "fund_selection"]
_STYLE_ASPECTS = ("rotation", "growth_value", "size", "timing")


def _squash(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace()).strip("“”\"'「」『』‘’")


def quote_in_text(quote: str, text: str) -> bool:
    q = _squash(quote).rstrip("。；;，,")
    return len(q) >= MIN_QUOTE_CHARS and q in _squash(text)


def _verified(item: CommentaryText, evidence) -> tuple[list[Quote], list[str]]:
    kept, dropped = [], []
    for e in evidence:
        if quote_in_text(e.quote, item.text):
            kept.append(Quote(aspect=e.aspect, text=e.quote.strip(), period=item.period, source=item.source))
        else:
            dropped.append(e.quote)
    return kept, dropped


def style_reading(item: CommentaryText, draft: StyleIntentDraft, engine: str) -> StyleReading:
    kept, dropped = _verified(item, draft.evidence)
    reading = StyleReading(code=item.code, period=item.period, engine=engine, evidence=kept, dropped_quotes=dropped)
    supported = {q.aspect for q in kept}
    for aspect in _STYLE_ASPECTS:
        value = getattr(draft, aspect)
        if value != "unclear" and aspect not in supported:
            reading.notes.append(f"{item.period}：判断 {aspect}={value} 没有可在原文中核实的引文，记为 unclear。")
            value = "unclear"
        setattr(reading, aspect, value)
    if dropped:
        reading.notes.append(f"{item.period}：剔除 {len(dropped)} 条原文中不存在的引文。")
    return reading


def fund_selection_reading(item: CommentaryText, draft: FundSelectionDraft, engine: str) -> FundSelectionReading:
    kept, dropped = _verified(item, draft.evidence)
    reading = FundSelectionReading(code=item.code, period=item.period, engine=engine, emphasis=draft.emphasis,
                                   evidence=kept, dropped_quotes=dropped,
                                   stresses_fund_selection=draft.stresses_fund_selection)
    if draft.stresses_fund_selection and not any(q.aspect == "fund_selection" for q in kept):
        reading.stresses_fund_selection = None
        reading.notes.append(f"{item.period}：“关注基金优选”的判断没有可核实的引文，不计入比例。")
    if dropped:
        reading.notes.append(f"{item.period}：剔除 {len(dropped)} 条原文中不存在的引文。")
    return reading


async def _llm_draft(ctx: Context, item: CommentaryText, fund_name: str, kind: Kind):
    schema = StyleIntentDraft if kind == "style" else FundSelectionDraft
    prompt = PROMPTS.load("fund_commentary", ctx.prompts_dir).render(
        task=kind, fund_name=fund_name or item.code, period=item.period, text=item.text[:MAX_TEXT_CHARS])
    system = PROMPTS.load("analyst_system", ctx.prompts_dir).render()
    return await ask(ctx, schema, [SystemMessage(system), HumanMessage(prompt)], role="default", purpose="commentary")


def _lexicon_draft(item: CommentaryText, kind: Kind):
    return lexicon_style_draft(item.text) if kind == "style" else lexicon_fund_selection_draft(item.text)


async def read_one(ctx: Context, item: CommentaryText, kind: Kind, fund_name: str = ""):
    """One text → a checked StyleReading or FundSelectionReading, with the Context's engine. When the LLM
    fails (endpoint down, too slow, no valid output) the lexicon reads the text instead, and says so."""
    build = style_reading if kind == "style" else fund_selection_reading
    if ctx.engine != "llm":
        return build(item, _lexicon_draft(item, kind), ctx.engine)
    try:
        draft = await _llm_draft(ctx, item, fund_name, kind)
    except Exception as exc:
        if not is_llm_failure(exc):
            raise
        reading = build(item, _lexicon_draft(item, kind), "extractive")
        reading.notes.append(f"{item.period}：LLM 未能读取评论（{describe(exc, ctx.llm)}），改用词典规则（extractive）。")
        return reading
    return build(item, draft, ctx.engine)


async def read_many(ctx: Context, items: list[CommentaryText], kind: Kind, names: dict[str, str] | None = None):
    """Readings of many texts, concurrently (the Context's gate bounds LLM calls), in input order."""
    names = names or {}
    return list(await asyncio.gather(*(read_one(ctx, it, kind, names.get(it.code, "")) for it in items)))


def stated_intent(readings: list[StyleReading]) -> StatedIntent:
    """Per aspect, the most frequent non-unclear label over the periods (ties go to the latest period)."""
    stated = StatedIntent(periods=[r.period for r in readings])
    for aspect in _STYLE_ASPECTS:
        ordered = sorted(readings, key=lambda r: r.period)
        labels = [getattr(r, aspect) for r in ordered if getattr(r, aspect) != "unclear"]
        if labels:
            counts = Counter(labels)
            top = max(counts.values())
            setattr(stated, aspect, next(lbl for lbl in reversed(labels) if counts[lbl] == top))
    return stated


def share_by_period(readings: list[FundSelectionReading]) -> list[PeriodShare]:
    shares = []
    for period in sorted({r.period for r in readings}):
        group = [r for r in readings if r.period == period]
        known = [r for r in group if r.stresses_fund_selection is not None]
        stressing = sum(1 for r in known if r.stresses_fund_selection)
        shares.append(PeriodShare(period=period, texts=len(group), classified=len(known), stressing=stressing,
                                  share=stressing / len(known) if known else None))
    return shares


async def survey_fund_selection(ctx: Context, items: list[CommentaryText],
                                names: dict[str, str] | None = None) -> FundSelectionSurvey:
    """Classify many FOF texts and give the share stressing fund selection per report period."""
    readings = await read_many(ctx, items, "fund_selection", names)
    survey = FundSelectionSurvey(engine=ctx.engine, readings=readings, periods=share_by_period(readings))
    survey.notes.append(SEED_SHARE_NOTE)
    if any(it.sample for it in items):
        survey.notes.append("评论文本为仓库附带的样例（data/samples/commentary），并非真实基金报告。")
    if not items:
        survey.notes.append("没有找到 FOF 评论文本。")
    return survey
