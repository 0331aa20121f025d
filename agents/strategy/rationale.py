"""The rationale: a template over computed facts and report sentences (extractive), or an LLM's text.

Both go through agents.strategy.guard with the same allowances, so whichever engine wrote it, the
rationale cites only material it was given and states only computed or cited figures.
"""

from __future__ import annotations

from langchain_core.messages import HumanMessage, SystemMessage

from agents.context import Context
from agents.llm.ask import ask
from agents.strategy.facts import facts_text, hit_sentence, position_sentence, role_totals, signal_sentence, weight_pct
from agents.strategy.guard import Allowed, GuardResult, MaterialPage, figures_with_roundings, guard_text
from agents.strategy.models import Citation, IndustryView, Position, RationaleDraft, RationaleSection, SupportSentence
from prompts import PromptSet
from tools.signal_backtest import HitRate
from tools.signals import Signal

PROMPTS = PromptSet("analyst_system", "strategy_rationale")
SIGNAL_TOPIC = {"equity_timing": "宏观择时", "size_view": "大小盘", "growth_value_view": "成长价值"}


class Material:
    """Report pages the rationale may cite, each under a short ref (R1, R2…) the model can write."""

    def __init__(self, library):
        self.library = library
        self.refs: dict[str, str] = {}  # report_id -> ref
        self.pages: dict[tuple[str, int], MaterialPage] = {}
        self.quotes: dict[tuple[str, int], list[str]] = {}

    def add(self, report_id: str, title: str, broker: str | None, page: int, quote: str) -> str:
        ref = self.refs.setdefault(report_id, f"R{len(self.refs) + 1}")
        if (ref, page) not in self.pages:
            text = self.library.page_text(report_id, page) or ""
            self.pages[(ref, page)] = MaterialPage(ref, Citation(report_id=report_id, title=title, broker=broker,
                                                                 page=page), text)
        if quote not in self.quotes.setdefault((ref, page), []):
            self.quotes[(ref, page)].append(quote)
        return f"[{ref} p.{page}]"

    def prompt_block(self) -> str:
        parts = []
        for (ref, page), material in self.pages.items():
            c = material.citation
            body = "\n".join(self.quotes[(ref, page)])
            parts.append(f'<material ref="{ref}" page="{page}" source="{c.broker or ""}《{c.title}》">\n{body}\n</material>')
        return "\n".join(parts) or "（无研报材料）"


def allowances(signals: list[Signal], positions: list[Position], backtest: list[HitRate],
               material: Material) -> tuple[str, Allowed]:
    facts = facts_text(signals, positions, backtest)
    weights = [weight_pct(p.weight) for p in positions] + [weight_pct(w) for w in role_totals(positions).values()]
    names = {s.name: s.label for s in signals} | {s.label: s.label for s in signals}
    allowed = Allowed(figures=figures_with_roundings(facts), codes=frozenset(p.code for p in positions),
                      weights_pct=figures_with_roundings(" ".join(weights)), signals=names, pages=dict(material.pages))
    return facts, allowed


def extractive_sections(signals: list[Signal], positions: list[Position], backtest: list[HitRate],
                        views: list[IndustryView], support: dict[str, list[SupportSentence]],
                        material: Material) -> list[tuple[str, str]]:
    """(topic, text with internal markers) from the computed facts and retrieved sentences."""
    def cite(rows: list[SupportSentence]) -> str:
        return "".join(f"研报观点：{r.text.rstrip('。；;')}{material.add(r.report_id, r.title, r.broker, r.page, r.text)}。"
                       for r in rows)

    sections = [(SIGNAL_TOPIC.get(s.name, s.label), signal_sentence(s) + cite(support.get(s.name, [])))
                for s in signals]
    totals = role_totals(positions)
    core = [p for p in positions if p.role == "core"]
    if core:
        listed = "、".join(f"{p.name}（{p.code}）{weight_pct(p.weight)}%" for p in core)
        sections.append(("核心仓位", f"核心仓位合计 {weight_pct(totals['core'])}%：{listed}。" + cite(support.get("core", []))))
    lines = []
    for p in (p for p in positions if p.role != "core"):
        lines.append(position_sentence(p))
        for view in (v for v in views if v.stance == "positive" and v.report_id in p.basis):
            lines.append(f"{view.broker or ''}《{view.title}》：{view.quote.rstrip('。')}"
                         f"{material.add(view.report_id, view.title, view.broker, view.page, view.quote)}。")
    sections.append(("卫星仓位", "".join(lines) or "本期不配置卫星仓位。"))
    labels = {s.name: s.label for s in signals}
    if backtest:
        sections.append(("历史检验", "".join(hit_sentence(h, labels.get(h.signal, h.signal)) for h in backtest)))
    return sections


async def llm_sections(ctx: Context, facts: str, material: Material) -> list[tuple[str, str]]:
    prompt = PROMPTS.load("strategy_rationale", ctx.prompts_dir).render(facts=facts, material=material.prompt_block())
    system = PROMPTS.load("analyst_system", ctx.prompts_dir).render()
    draft = await ask(ctx, RationaleDraft, [SystemMessage(system), HumanMessage(prompt)], role="reduce",
                      purpose="rationale")
    return [(p.topic, p.text) for p in draft.paragraphs]


def guarded(sections: list[tuple[str, str]], allowed: Allowed) -> tuple[list[RationaleSection], list[Citation], list[str]]:
    """Sections after the guard, the citations they keep, and the reasons of every dropped sentence."""
    out, cited, dropped = [], [], []
    for topic, text in sections:
        result: GuardResult = guard_text(text, allowed)
        dropped += result.dropped
        cited += [c for c in result.cited if c not in cited]
        if result.text:
            out.append(RationaleSection(topic=topic, text=result.text))
    return out, cited, dropped
