"""The fund-style subgraph's nodes (wired in agents/fund_style/graph.py)."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

import pandas as pd
from langgraph.runtime import Runtime

from agents.context import Context
from agents.fund_style.combine import combine
from agents.fund_style.commentary import read_many, stated_intent
from agents.fund_style.models import FundStyleResult
from agents.fund_style.state import FundStyleState
from agents.fund_style.texts import load_commentary
from prompts import recording
from tools.market_data import MarketDataError
from tools.style_exposures import industry_benchmark, load_attributes, load_holdings, next_quarter
from tools.style_metrics import style_metrics

BENCHMARK_INDEX = "000300"  # industry tilt is measured against CSI 300


class UnknownFund(LookupError):
    """A code that is not a fund in the fund list (or not a fund code at all)."""


def _is_sample(frame) -> bool:
    return bool(frame.attrs.get("provenance", {}).get("sample"))


def _manager(market, code: str) -> str | None:
    try:
        managers = market.fund_managers()
    except MarketDataError:
        return None
    rows = managers[managers["fund_code"].fillna("").str.contains(code, regex=False)]
    return "、".join(dict.fromkeys(rows["manager"].dropna())) or None


def _default_years(market, code: str) -> list[int]:
    try:
        latest = market.fund_announcements(code)["date"].max()
        year = int(latest.year) if pd.notna(latest) else date.today().year
    except (MarketDataError, KeyError):
        year = date.today().year
    return [year - 1, year]


async def resolve_fund(state: FundStyleState, runtime: Runtime[Context]) -> dict:
    market = runtime.context.market
    raw = str(state["code"]).strip().upper()
    code = re.sub(r"\.(OF|SH|SZ)$", "", raw)
    if not re.fullmatch(r"\d{6}", code):
        raise UnknownFund(f"“{state['code']}”不是基金代码：基金代码为 6 位数字，如 110011。")
    funds = market.fund_list()
    row = funds[funds["code"] == code]
    if row.empty:
        raise UnknownFund(f"基金代码 {code} 不在基金列表中（{len(funds)} 只基金；"
                          + ("离线样例数据只含 990001–990007 与部分 ETF" if _is_sample(funds) else "请核对代码") + "）。")
    result = FundStyleResult(code=code, name=row["name"].iloc[0], fund_type=row["fund_type"].iloc[0],
                             manager=_manager(market, code), engine=runtime.context.engine)
    return {"code": code, "result": result, "years": state.get("years") or _default_years(market, code)}


async def load_fund_holdings(state: FundStyleState, runtime: Runtime[Context]) -> dict:
    result = state["result"].model_copy(deep=True)
    frame, notes = load_holdings(runtime.context.market, state["code"], state["years"])
    result.notes.extend(notes)
    if frame.empty:
        kind = result.fund_type or "该基金"
        result.notes.append(f"{kind}在 {'、'.join(map(str, state['years']))} 年的报告期内没有股票持仓："
                            "无法计算风格暴露与主动轮动（不是错误，是部分结果）。")
    result.sample_data = result.sample_data or bool(frame.attrs.get("sample"))
    records = frame.assign(period_end=frame["period_end"].astype(str)).to_dict("records") if len(frame) else []
    return {"result": result, "holdings": records}


def route_holdings(state: FundStyleState) -> Literal["compute_metrics", "read_fund_selection", "label"]:
    if state.get("holdings"):
        return "compute_metrics"
    if "FOF" in (state["result"].fund_type or "").upper():
        return "read_fund_selection"
    return "label"


async def compute_metrics(state: FundStyleState, runtime: Runtime[Context]) -> dict:
    market = runtime.context.market
    holdings = pd.DataFrame(state["holdings"])
    periods = sorted(holdings["period"].unique())
    attributes, notes = load_attributes(market, holdings["code"], [*periods, next_quarter(periods[-1])])
    benchmark, bench_note = industry_benchmark(market, BENCHMARK_INDEX)
    metrics = style_metrics(holdings, attributes, benchmark=benchmark)
    metrics.notes.extend(notes + ([bench_note] if bench_note else []))
    if notes:
        metrics.partial = True
    return {"metrics": metrics}


async def _read(state: FundStyleState, runtime: Runtime[Context], task: str) -> tuple[list, object, dict]:
    """The manager's commentary read for one question, the result marked if the texts are samples, and
    the prompts the reading loaded."""
    texts = load_commentary(state["code"], runtime.context.data_dir)
    with recording() as loaded:
        readings = await read_many(runtime.context, texts, task, {state["code"]: state["result"].name or ""})
    result = state["result"].model_copy(deep=True)
    result.sample_data = result.sample_data or any(t.sample for t in texts)
    return readings, result, loaded


async def read_style(state: FundStyleState, runtime: Runtime[Context]) -> dict:
    readings, result, loaded = await _read(state, runtime, "style")
    return {"readings": readings, "result": result, "prompt_versions": loaded}


async def read_fund_selection(state: FundStyleState, runtime: Runtime[Context]) -> dict:
    selection, result, loaded = await _read(state, runtime, "fund_selection")
    return {"selection": selection, "result": result, "prompt_versions": loaded}


async def label(state: FundStyleState, runtime: Runtime[Context]) -> dict:
    readings, selection, metrics = state.get("readings", []), state.get("selection", []), state.get("metrics")
    result = state["result"].model_copy(deep=True)
    result.readings, result.fund_selection = readings, selection
    result.qualitative_evidence = [q for r in readings for q in r.evidence] + [q for r in selection for q in r.evidence]
    result = combine(result, metrics, stated_intent(readings) if readings else None)
    result.notes.extend((metrics.notes if metrics else []) + [n for r in [*readings, *selection] for n in r.notes])
    if selection:
        verdict = {True: "关注", False: "未强调", None: "无法判断"}
        said = [f"{r.period} {verdict[r.stresses_fund_selection]}" for r in selection]
        result.notes.append("FOF 基金经理评论中的基金优选倾向：" + "；".join(said))
    if metrics is not None and not readings:
        result.notes.append("没有找到该基金的基金经理评论文本（<数据目录>/commentary/ 或样例目录）：标签只依据持仓。")
    result.status = "partial" if (metrics is None or metrics.partial or not readings) else "ok"
    result.prompt_versions = dict(sorted((state.get("prompt_versions") or {}).items()))  # what this run loaded
    if result.sample_data:
        result.notes.append("持仓/评论来自仓库附带的样例数据（非真实基金），仅用于演示与测试。")
    return {"result": result}
