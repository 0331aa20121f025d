"""The public entry points other agents and the CLI call.

    results = await classify_funds(ctx, ["990001", "990002"])
    rotation = [r for r in results if r.label == "style-rotation"]
    survey = await fof_fund_selection_survey(ctx)
"""

from __future__ import annotations

import asyncio

from agents.context import Context
from agents.fund_style.commentary import survey_fund_selection
from agents.fund_style.graph import graph
from agents.fund_style.models import FundSelectionSurvey, FundStyleResult
from agents.fund_style.nodes import UnknownFund
from agents.fund_style.texts import catalog, fof_codes, load_commentary
from tools.errors import first_line
from tools.market_data import MarketDataError

async def classify_fund(ctx: Context, code: str, years: list[int] | None = None) -> FundStyleResult:
    """One fund; raises UnknownFund for a code that is not in the fund list."""
    payload = {"code": code, **({"years": years} if years else {})}
    return (await graph.ainvoke(payload, context=ctx))["result"]


async def classify_funds(ctx: Context, codes: list[str], years: list[int] | None = None,
                         concurrency: int = 4) -> list[FundStyleResult]:
    """Many funds, in input order. A code that fails (unknown, no data) becomes a result with
    status="error" and the reason in `error`, so one bad code never sinks a batch."""
    slots = asyncio.Semaphore(max(1, concurrency))

    async def one(code: str) -> FundStyleResult:
        async with slots:
            try:
                return await classify_fund(ctx, code, years)
            except (UnknownFund, MarketDataError) as exc:
                return FundStyleResult(code=str(code).strip(), status="error", error=first_line(exc),
                                       engine=ctx.engine)

    return list(await asyncio.gather(*(one(c) for c in codes)))


async def fof_fund_selection_survey(ctx: Context, codes: list[str] | None = None) -> FundSelectionSurvey:
    """Share of FOF commentary stressing fund selection per report period (seed 004 §2.1), over the FOF
    texts found for `codes` (default: every FOF in the fund list or the commentary catalogs)."""
    try:
        funds = ctx.market.fund_list()
    except MarketDataError:
        funds = None
    codes = codes if codes is not None else fof_codes(ctx.data_dir, funds)
    names = {c: row.get("fund_name", "") for c, row in catalog(ctx.data_dir).items()}
    if funds is not None:
        names.update(dict(zip(funds["code"], funds["name"])))
    texts = [t for code in codes for t in load_commentary(code, ctx.data_dir)]
    return await survey_fund_selection(ctx, texts, names)
