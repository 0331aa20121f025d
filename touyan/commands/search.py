"""`touyan search QUERY`: hybrid search with filters; `--json` prints a stable object (README).

By default a hit must clear the embedding model's measured relevance floor (memory/relevance.py) and
each page appears once; a search that finds nothing says why: an empty library, filters no report
matches (which filter), or nothing relevant enough."""

from __future__ import annotations

import contextlib
import dataclasses
import json
from pathlib import Path
from enum import StrEnum
from typing import TYPE_CHECKING, Optional

import typer

from touyan.arguments import SearchMode, utf8_text
from touyan.console import err, out

if TYPE_CHECKING:  # heavy modules load inside the command (start-up: tests/test_cli_startup.py)
    from memory.filters import SearchFilters
    from memory.report_queries import ReportQuery

JSON_SCHEMA_VERSION = 1


class Sort(StrEnum):
    relevance = "relevance"
    date = "date"


def _snippet(text: str, width: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _used(filters: SearchFilters, query: ReportQuery) -> dict:
    """The filters a person gave (JSON `filters`, the xlsx note): industry by name, not the report ids it selects."""
    used = {k: v for k, v in vars(filters).items() if v is not None and v is not False and k != "report_ids"}
    return {**used, **({"industry": query.industry} if query.industry else {})}


def _why_none(reports, matching, query: ReportQuery, result) -> str:
    """Why a search found nothing, in one line: empty library, filters, or the relevance floor."""
    from memory.relevance import NOT_ENOUGH
    from memory.report_queries import nothing_matches

    if not reports or not matching:
        return nothing_matches(reports, query)
    scope = f"符合筛选条件（{query.describe()}）的 {len(matching)} 份研报" if not query.empty else f"研报库的 {len(reports)} 份研报"
    if result.floor is not None and result.below_floor:
        best = f"，最相关片段的相关度 {result.best_relevance:.2f}" if result.best_relevance is not None else ""
        return f"{NOT_ENOUGH}：{scope}中没有相关度达到 {result.floor:.2f} 的片段{best}。可换个说法，或加 --no-floor 查看全部。"
    return f"没有命中：{scope}中没有与查询匹配的片段。"


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
    industry: Optional[str] = typer.Option(None, "--industry", help="行业，如 电力设备、电子（封面标注的申万一级行业）",
                                           callback=utf8_text),
    sort: Sort = typer.Option(Sort.relevance, "--sort", help="relevance 按相关度；date 取最相关的 k 条后按日期从新到旧"),
    no_floor: bool = typer.Option(False, "--no-floor", help="不设相关度下限，低相关的片段也列出"),
    all_chunks: bool = typer.Option(False, "--all-chunks", help="同一页的多个片段都列出（默认每页只列最相关的一条）"),
) -> None:
    from memory.filters import SearchFilters
    from memory.relevance import floor_for
    from memory.report_queries import ReportQuery, select
    from memory.search import find
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
    query_filter = ReportQuery(broker=broker, ticker=ticker, date_from=date_from, date_to=date_to,
                               industry=(industry or "").strip() or None, report_id=report)
    with contextlib.closing(library_spec(ctx.obj).open()) as library:
        reports = library.reports()
        matching = select(reports, query_filter) if not query_filter.empty else reports
        if query_filter.industry:  # a catalog-side filter: the matching reports' ids go to both indexes
            filters = dataclasses.replace(filters, report_ids=tuple(r.report_id for r in matching))
        floor = None if no_floor else floor_for(library.vectors.embedding_name)
        result = find(library, query, k=k, filters=filters, mode=mode, floor=floor,  # type: ignore[arg-type]
                      one_per_page=not all_chunks, sort=sort.value)
        if not no_floor and floor is None:  # after the search: a failed search says only why it failed
            err.print(f"提示：嵌入模型 {library.vectors.embedding_name} 没有测定过的相关度下限，结果未按相关度过滤。",
                      markup=False, soft_wrap=True)
    hits = result.hits
    if xlsx_out is not None:
        from touyan.xlsx_tables import hits_sheet, save_xlsx

        save_xlsx(xlsx_out, [hits_sheet(query, hits, _used(filters, query_filter), mode)])

    if as_json:
        payload = {
            "schema_version": JSON_SCHEMA_VERSION,
            "query": query,
            "mode": mode,
            "filters": _used(filters, query_filter),
            "sort": sort.value,
            "relevance_floor": result.floor,
            "note": None if hits else _why_none(reports, matching, query_filter, result),
            "hits": [
                {"rank": i, "report_id": h.report_id, "source": h.source, "title": h.title, "broker": h.broker,
                 "date": h.date, "page": h.page, "score": round(h.score, 6),
                 "relevance": None if h.relevance is None else round(h.relevance, 4), "text": h.text}
                for i, h in enumerate(hits, start=1)
            ],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if not hits:
        err.print(_why_none(reports, matching, query_filter, result), markup=False, soft_wrap=True)
        return
    table = Table(show_lines=False)
    for column in ("#", "标题", "券商", "日期", "页", "相关度", "片段"):
        table.add_column(column, overflow="fold", no_wrap=column == "日期")
    for i, h in enumerate(hits, start=1):
        # Text, not str: a title or snippet like `[/]` is document text, never Rich markup. Pages as a PDF
        # viewer numbers them (the JSON keeps the 0-based index).
        score = f"{h.relevance:.2f}" if h.relevance is not None else f"{h.score:.4f}"
        table.add_row(str(i), Text(h.title), Text(h.broker or "-"), h.date or "-", f"p.{h.page + 1}", score,
                      Text(_snippet(h.text)))
    out.print(table)
