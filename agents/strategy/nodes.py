"""The strategy subgraph's nodes (wired in agents/strategy/graph.py)."""

from __future__ import annotations

from typing import Literal

from langgraph.runtime import Runtime

from agents.context import Context
from agents.llm.errors import describe, is_llm_failure
from agents.strategy import candidates as cand
from agents.strategy.allocation import BASIS, allocate as allocate_weights
from agents.strategy.etfs import largest_etfs
from agents.strategy.funds import fund_styles
from agents.strategy.guard import sentences
from agents.strategy.models import Position, StrategyProposal
from agents.strategy.rationale import Material, allowances, extractive_sections, guarded, llm_sections
from agents.strategy.state import StrategyState
from agents.strategy.views import SIGNAL_QUERIES, industry_views, supporting_sentences
from prompts import recording
from tools.errors import first_line
from tools.market_data import MarketDataError
from tools.signal_backtest import backtest_signals, load_index_history
from tools.signals import compute_signals as signals_at, load_macro

SAMPLE_NOTE = "宏观与行情数据来自随仓库附带的样例（非真实行情）：信号与命中率仅作演示。"
SAMPLE_FUNDS_NOTE = "基金风格来自仓库附带的样例持仓与评论（非真实基金）。"


def sample_notice(macro: bool, funds: bool) -> str | None:
    """The line every output of a proposal built on bundled fixtures starts with."""
    parts = (["宏观与行情数据"] if macro else []) + (["基金持仓与评论"] if funds else [])
    return f"⚠ 样例数据：{'、'.join(parts)}来自仓库附带的样例（非真实数据），结果仅作演示。" if parts else None


async def compute_signals(state: StrategyState, runtime: Runtime[Context]) -> dict:
    market = runtime.context.market
    inputs, notes = load_macro(market)
    signals = signals_at(inputs, state.get("as_of"))
    indexes, index_notes = load_index_history(market)
    as_of = next((s.as_of for s in signals if s.as_of), None)
    backtest = backtest_signals(inputs, indexes, until=as_of)  # hit rates as known at the as-of month
    sample = any(p.get("sample") for p in inputs.provenance.values()) or any(h.sample_data for h in backtest)
    notes += index_notes + [n for s in signals for n in s.notes]
    return {"signals": signals, "backtest": backtest, "sample_data": sample, "notes": notes}


async def read_industry_views(state: StrategyState, runtime: Runtime[Context]) -> dict:
    library = runtime.context.report_library
    if not library.reports():
        return {"views": [], "support": {}, "notes": ["研报库为空：理由中没有研报引用，卫星仓位只依据信号。"]}
    views, notes = industry_views(library)
    support = {topic: supporting_sentences(library, topic) for topic in SIGNAL_QUERIES}
    return {"views": views, "support": support, "notes": notes}


async def classify_funds(state: StrategyState, runtime: Runtime[Context]) -> dict:
    codes = [c.strip() for c in state.get("fund_codes") or [] if c.strip()]
    funds, notes = await fund_styles(runtime.context, codes, state.get("fund_styles"))
    return {"funds": funds, "notes": notes}


async def allocate(state: StrategyState, runtime: Runtime[Context]) -> dict:
    notes: list[str] = []
    try:
        picks = largest_etfs(runtime.context.market.etf_list())
    except MarketDataError as exc:
        picks = {}
        notes.append(f"无法读取 ETF 列表：{first_line(exc)}")
    core = cand.core_etf(picks)
    funds, fund_notes = cand.rotation_funds(state.get("funds", []))
    by_views, view_notes = cand.industry_satellites(state.get("views", []), picks)
    by_signals, signal_notes = cand.signal_satellites(state["signals"], picks)
    timing = next((s.direction for s in state["signals"] if s.name == "equity_timing"), "unknown")
    result = allocate_weights(timing, core, funds, cand.merge(core, by_views + by_signals))
    positions = [Position(code=c.code, name=c.name, role=c.role, weight=bp / BASIS, weight_bp=bp, kind=c.kind,
                          basis=list(c.basis), reason=c.reason or "宏观择时仓位为 0：这部分以现金或货币基金持有")
                 for c, bp in result.weights]
    return {"positions": positions, "allocation_partial": result.partial,
            "notes": notes + fund_notes + view_notes + signal_notes + result.notes}


def choose_engine(state: StrategyState, runtime: Runtime[Context]) -> Literal["write_extractive", "write_llm"]:
    return "write_llm" if runtime.context.engine == "llm" else "write_extractive"


def _prepare(state: StrategyState, ctx: Context):
    library = ctx.report_library
    material = Material(library)
    sections = extractive_sections(state["signals"], state["positions"], state["backtest"], state.get("views", []),
                                   state.get("support", {}), material)
    facts, allowed = allowances(state["signals"], state["positions"], state["backtest"], material)
    return sections, facts, allowed, material


async def write_extractive(state: StrategyState, runtime: Runtime[Context]) -> dict:
    sections, _facts, allowed, _material = _prepare(state, runtime.context)
    rationale, cited, dropped = guarded(sections, allowed)
    notes = [f"模板理由中 {len(dropped)} 句未通过数字核验，已删去。"] if dropped else []
    return {"rationale": rationale, "citations": cited, "notes": notes, "rationale_engine": "extractive"}


async def write_llm(state: StrategyState, runtime: Runtime[Context]) -> dict:
    sections, facts, allowed, material = _prepare(state, runtime.context)
    with recording() as loaded:
        try:
            drafted = await llm_sections(runtime.context, facts, material)
        except Exception as exc:  # the weights are computed already: only the text falls back
            if not is_llm_failure(exc):
                raise
            drafted, failure = None, exc
    if drafted is None:
        rationale, cited, _ = guarded(sections, allowed)
        return {"rationale": rationale, "citations": cited, "prompt_versions": loaded, "rationale_engine": "extractive",
                "notes": [f"LLM 没有写出理由（{describe(failure, runtime.context.llm)}）：配置与权重照常计算，"
                          "理由改用模板（extractive）。"]}
    rationale, cited, dropped = guarded(drafted, allowed)
    notes = []
    if dropped:
        reasons = "；".join(f"{r} ×{dropped.count(r)}" for r in dict.fromkeys(dropped))
        notes.append(f"LLM 理由中有 {len(dropped)} 句未通过核验，已删去：{reasons}。")
    kept = sum(len(sentences(section.text)) for section in rationale)
    share = kept / (kept + len(dropped)) if kept + len(dropped) else 0.0
    if share < runtime.context.limits.verified_floor:
        rationale, cited, _ = guarded(sections, allowed)
        notes.append(f"LLM 理由通过核验的句子只占 {share:.0%}，低于下限 {runtime.context.limits.verified_floor:.0%}"
                     "（TOUYAN_VERIFIED_FLOOR）：改用模板理由（extractive）。")
        return {"rationale": rationale, "citations": cited, "notes": notes, "prompt_versions": loaded,
                "rationale_engine": "extractive"}
    return {"rationale": rationale, "citations": cited, "notes": notes, "prompt_versions": loaded,
            "rationale_engine": "llm"}


async def finalize(state: StrategyState, runtime: Runtime[Context]) -> dict:
    ctx, signals = runtime.context, state["signals"]
    notes = list(dict.fromkeys(state.get("notes", [])))
    macro_sample, fund_sample = bool(state.get("sample_data")), any(f.sample_data for f in state.get("funds", []))
    if fund_sample:
        notes.insert(0, SAMPLE_FUNDS_NOTE)
    if macro_sample:
        notes.insert(0, SAMPLE_NOTE)
    partial = state.get("allocation_partial", False) or any(s.partial or s.direction == "unknown" for s in signals)
    proposal = StrategyProposal(
        notice=sample_notice(macro_sample, fund_sample), sample_data=macro_sample or fund_sample,
        as_of=next((s.as_of for s in signals if s.as_of), None), positions=state["positions"], signals=signals,
        backtest=state["backtest"], industry_views=state.get("views", []), funds=state.get("funds", []),
        rationale=state.get("rationale", []), citations=state.get("citations", []), notes=notes,
        engine=ctx.engine, rationale_engine=state.get("rationale_engine", "extractive"), partial=partial,
        prompt_versions=dict(sorted((state.get("prompt_versions") or {}).items())))  # what this run loaded
    return {"proposal": proposal}
