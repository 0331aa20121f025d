"""`touyan search QUERY`: hybrid search with filters; `--json` prints a stable object (README)."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from touyan.arguments import SearchMode, utf8_text
from touyan.console import err, out

if TYPE_CHECKING:
    from memory.filters import SearchFilters
JSON_SCHEMA_VERSION = 1


def _snippet(text: str, width: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _write_xlsx(path: Path, query: str, hits, filters: SearchFilters, mode: str) -> None:
    from touyan.xlsx_tables import hits_sheet, save_xlsx

    used = {k: v for k, v in vars(filters).items() if v is not None and v is not False}
    save_xlsx(path, [hits_sheet(query, hits, used, mode)])


def search(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="查询语句", callback=utf8_text),
    k: int = typer.Option(10, "-k", min=1, max=200, help="返回条数"),
    broker: Optional[str] = typer.Option(None, "--broker", help="券商, 如 中信证券 或简称 中信、华泰、国君", callback=utf8_text),
    ticker: Optional[str] = typer.Option(None, "--ticker", help="股票代码, 如 300750.SZ", callback=utf8_text),
    report: Optional[str] = typer.Option(None, "--report", help="report_id", callback=utf8_text),
    date_from: Optional[str] = typer.Option(None, "--from", help="起始日期 YYYY-MM-DD", callback=utf8_text),
    date_to: Optional[str] = typer.Option(None, "--to", help="截止日期 YYYY-MM-DD（含）", callback=utf8_text),
    mode: SearchMode = typer.Option(SearchMode.hybrid, "--mode", help="混合 (BM25 + 向量)、只用向量或只用关键词"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
    boilerplate: bool = typer.Option(False, "--include-disclaimers", help="也检索免责声明、分析师声明、评级说明等"),
    xlsx_out: Optional[Path] = typer.Option(None, "--xlsx", help="把检索结果另存为 Excel（中文列名，分数与页码为数值）"),
) -> None:
    from memory.filters import SearchFilters
    from memory.search import search as hybrid_search
    from rich.table import Table
    from rich.text import Text
    from touyan.context_factory import library_spec

    mode = SearchMode(mode).value
    if ticker:  # the same resolution as in chat: any code spelling, or a company name
        from tools.tickers import StockMaster

        ticker = StockMaster.bundled().code_of(ticker) or ticker
    try:
        filters = SearchFilters(broker=broker, ticker=ticker, report_id=report, date_from=date_from, date_to=date_to,
                                include_boilerplate=boilerplate)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    if not query.strip():
        raise typer.BadParameter("查询不能为空")
    with contextlib.closing(library_spec(ctx.obj).open()) as library:
        hits = hybrid_search(library, query, k=k, filters=filters, mode=mode)  # type: ignore[arg-type]
    if xlsx_out is not None:
        _write_xlsx(xlsx_out, query, hits, filters, mode)

    if as_json:
        payload = {
            "schema_version": JSON_SCHEMA_VERSION,
            "query": query,
            "mode": mode,
            "filters": {k_: v for k_, v in vars(filters).items() if v is not None and v is not False},
            "hits": [
                {"rank": i, "report_id": h.report_id, "source": h.source, "title": h.title, "broker": h.broker,
                 "date": h.date, "page": h.page, "score": round(h.score, 6), "text": h.text}
                for i, h in enumerate(hits, start=1)
            ],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if not hits:
        err.print("没有命中。研报库为空时先运行 `touyan ingest DIR`。")
        return
    table = Table(show_lines=False)
    for column in ("#", "标题", "券商", "日期", "页", "分数", "片段"):
        table.add_column(column, overflow="fold")
    for i, h in enumerate(hits, start=1):
        # Text, not str: a title or snippet like `[/]` is document text, never Rich markup
        table.add_row(str(i), Text(h.title), Text(h.broker or "-"), h.date or "-", str(h.page), f"{h.score:.4f}",
                      Text(_snippet(h.text)))
    out.print(table)
