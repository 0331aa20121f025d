"""`touyan consensus 300750`: the market's consensus EPS forecasts (10jqka via akshare
stock_profit_forecast_ths: institutions, min / mean / max per year) next to the consensus this library
computes from its own reports on the stock (agents/consensus: one voice per broker, numbers from code).

The library side comes from one function, `library_consensus(context, stock)`, so a richer consensus view
can replace it without touching the comparison. Every difference is computed here, never by a model.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Optional

import typer

from touyan.arguments import ENGINE_HELP, Engine, utf8_text
from touyan.console import err, out

EXIT_FAILED = 1


@dataclass(frozen=True)
class YearRow:
    year: str  # 2025
    market_brokers: int | None = None
    market_mean: float | None = None
    market_min: float | None = None
    market_max: float | None = None
    library_brokers: int | None = None
    library_mean: float | None = None
    library_min: float | None = None
    library_max: float | None = None

    @property
    def gap(self) -> float | None:
        """Library mean over market mean − 1 (None when either is missing or the market mean is 0)."""
        if self.library_mean is None or not self.market_mean:
            return None
        return self.library_mean / self.market_mean - 1


def run_library_consensus(context, stock: str):
    """The library's ConsensusReport on `stock` (None when fewer than two brokers wrote on it)."""
    import asyncio

    from agents.consensus.graph import graph

    return asyncio.run(graph.ainvoke({"subject": stock}, context=context))["consensus"]


library_consensus: Callable = run_library_consensus


def _year(text: object) -> str | None:
    match = re.search(r"(19|20)\d{2}", str(text))
    return match.group(0) if match else None


def compare(market, report) -> list[YearRow]:
    """One row per forecast year found on either side, oldest first."""
    rows: dict[str, dict] = {}
    for record in market.to_dict("records") if market is not None else []:
        if year := _year(record.get("year")):
            rows.setdefault(year, {}).update(
                market_brokers=None if record.get("brokers") != record.get("brokers") else record.get("brokers"),
                market_mean=record.get("eps_mean"), market_min=record.get("eps_min"), market_max=record.get("eps_max"))
    for stats in report.eps_dispersion if report is not None else []:
        if year := _year(stats.year):
            rows.setdefault(year, {}).update(library_brokers=stats.n, library_mean=stats.mean, library_min=stats.min,
                                             library_max=stats.max)
    clean = {y: {k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()} for y, r in rows.items()}
    return [YearRow(year=y, **clean[y]) for y in sorted(clean)]


def _n(value: float | None, fmt: str = ".2f") -> str:
    return "—" if value is None else format(value, fmt)


def print_comparison(stock: str, rows: list[YearRow], report) -> None:
    from rich.table import Table  # imported here: asyncio and rich.table were ~15% of every CLI start

    table = Table(title=f"{stock} 盈利预测一致预期：市场（同花顺）与本地研报库")
    for column in ("年度", "市场机构数", "市场 EPS 均值（元）", "市场区间", "库内券商数", "库内 EPS 均值（元）", "库内区间", "库内/市场−1"):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(f"{r.year}E", _n(r.market_brokers, "d") if r.market_brokers is not None else "—", _n(r.market_mean),
                      f"{_n(r.market_min)}–{_n(r.market_max)}", str(r.library_brokers or "—"), _n(r.library_mean),
                      f"{_n(r.library_min)}–{_n(r.library_max)}", _n(r.gap, "+.1%"))
    out.print(table)
    if report is None:
        out.print("本地研报库中关于该股票的研报不足两家券商，没有库内一致预期；可先 `touyan fetch --code` 下载研报。")
        return
    counts = "，".join(f"{bucket} {n}" for bucket, n in report.rating_distribution.counts.items() if n)
    out.print(f"库内：{len(report.brokers)} 家券商（{'、'.join(report.brokers)}）；评级 {counts or '无'}。")
    if report.target_price is not None:
        tp = report.target_price
        out.print(f"库内目标价：{tp.n} 家，均值 {tp.mean:.2f} 元，区间 {tp.min:g}–{tp.max:g} 元。")
    out.print("[dim]市场一致预期为同花顺汇总的机构预测；库内为本地研报各券商最新一篇的预测（每家一票）。[/]")


def consensus(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="股票代码或名称，如 300750 或 宁德时代", callback=utf8_text),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 打印对比"),
    xlsx: Optional[Path] = typer.Option(None, "--xlsx", help="把对比写成 Excel 文件"),
    engine: Optional[Engine] = typer.Option(None, "--engine", help=ENGINE_HELP),
) -> None:
    from touyan.commands.market_calls import a_share_code, market_frame

    settings = ctx.obj
    stock = a_share_code(code)
    market = market_frame(settings.home, "profit_forecast", stock, "市场一致预期", source="同花顺",
                          hint="本地研报库的券商观点可在 `touyan chat` 中对比", symbol=stock.split(".")[0])
    from touyan.context_factory import open_context

    with open_context(settings, engine) as context:
        report = library_consensus(context, stock)
    rows = compare(market, report)
    if not rows and report is None:
        err.print(f"{stock} 没有市场一致预期（同花顺显示本年度暂无机构预测），本地研报库也不足两家券商。", markup=False)
        raise typer.Exit(EXIT_FAILED)
    if as_json:
        print(json.dumps({"stock": stock, "years": [{**asdict(r), "gap": r.gap} for r in rows],
                          "library": report.model_dump(mode="json") if report is not None else None},
                         ensure_ascii=False, indent=2))
    else:
        print_comparison(stock, rows, report)
    if xlsx is not None:
        from tools.xlsx import Column, Sheet
        from touyan.xlsx_tables import save_xlsx

        columns = [Column("year", "年度", "text"), Column("market_brokers", "市场机构数", "int"),
                   Column("market_mean", "市场EPS均值（元）", "float"), Column("market_min", "市场EPS最低（元）", "float"),
                   Column("market_max", "市场EPS最高（元）", "float"), Column("library_brokers", "库内券商数", "int"),
                   Column("library_mean", "库内EPS均值（元）", "float"), Column("library_min", "库内EPS最低（元）", "float"),
                   Column("library_max", "库内EPS最高（元）", "float"), Column("gap", "库内/市场−1", "percent")]
        records = [{**asdict(r), "gap": r.gap} for r in rows]
        save_xlsx(xlsx, [Sheet("一致预期对比", columns, records, notes=["市场：同花顺机构预测汇总；库内：本地研报每家券商最新一篇。"])])
