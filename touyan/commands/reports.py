"""`touyan reports list | show | rm`: what is in the library, one report in full, and removing reports.

Imports of the library (chromadb) and of the stock master happen inside the commands: this module is
loaded to build the CLI's help."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path
from typing import List, Optional

import typer

from touyan.arguments import utf8_text
from touyan.console import err, out
from touyan.light_typer import LightCommand, LightGroup

app = typer.Typer(cls=LightGroup, add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="研报库管理：list 列出 | show 详情 | rm 删除")
JSON_SCHEMA_VERSION = 1
LIST_FIELDS = ("report_id", "date", "broker", "title", "report_type", "stock", "industry", "tickers", "pages",
               "chunks", "sources", "source")


def _open(ctx: typer.Context):
    from touyan.context_factory import library_spec

    return contextlib.closing(library_spec(ctx.obj).open())


def _ticker(value: str | None) -> str | None:
    if not value:
        return None
    from tools.tickers import StockMaster

    return StockMaster.bundled().code_of(value) or value


def _rows(library, records) -> list[dict]:
    from memory.report_queries import covered_stock, industries, report_type

    by_industry = industries(library.reports())
    return [{"report_id": r.report_id, "date": r.date, "broker": r.broker, "title": r.title,
             "report_type": report_type(r), "stock": covered_stock(r), "industry": by_industry.get(r.report_id),
             "tickers": list(r.tickers), "pages": r.page_count, "chunks": r.chunk_count,
             "sources": len(library.catalog.sources_of(r.report_id)), "source": r.source} for r in records]


def _xlsx(path: Path, rows: list[dict], described: str) -> None:
    from tools.xlsx import Column, Sheet
    from touyan.xlsx_tables import save_xlsx

    columns = (Column("report_id", "研报 ID"), Column("date", "日期"), Column("broker", "券商"), Column("title", "标题"),
               Column("report_type", "类型"), Column("stock", "股票"), Column("industry", "行业"),
               Column("tickers", "提及的股票"), Column("pages", "页数", "int"), Column("chunks", "段数", "int"),
               Column("sources", "来源文件数", "int"), Column("source", "文件"))
    table = [{**r, "tickers": "、".join(r["tickers"])} for r in rows]
    save_xlsx(path, [Sheet("研报库", columns, table, None, [f"筛选：{described}"] if described else [])])


@app.command("list", cls=LightCommand, help="列出研报库中的研报（可按券商、股票、日期、类型、行业筛选）")
def list_reports(
    ctx: typer.Context,
    broker: Optional[str] = typer.Option(None, "--broker", help="券商，简称也可：华泰、中信、国君", callback=utf8_text),
    code: Optional[str] = typer.Option(None, "--code", help="股票代码或名称，如 300750 或 宁德时代", callback=utf8_text),
    date_from: Optional[str] = typer.Option(None, "--from", help="起始日期 YYYY-MM-DD（含）", callback=utf8_text),
    date_to: Optional[str] = typer.Option(None, "--to", help="截止日期 YYYY-MM-DD（含）", callback=utf8_text),
    kind: Optional[str] = typer.Option(None, "--type", help="研报类型（包含即可），如 公司点评、深度、策略", callback=utf8_text),
    industry: Optional[str] = typer.Option(None, "--industry", help="行业，如 电力设备、电子（封面标注的申万一级行业）",
                                           callback=utf8_text),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
    as_csv: bool = typer.Option(False, "--csv", help="输出 CSV（UTF-8，列名同 JSON 字段）"),
    xlsx_out: Optional[Path] = typer.Option(None, "--xlsx", help="另存为 Excel（中文列名）"),
) -> None:
    from memory.report_queries import ReportQuery, nothing_matches, select

    if as_json and as_csv:
        raise typer.BadParameter("--json 与 --csv 只能选一个")
    try:
        query = ReportQuery(broker=broker, ticker=_ticker(code), date_from=date_from, date_to=date_to,
                            report_type=(kind or "").strip() or None, industry=(industry or "").strip() or None)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    with _open(ctx) as library:
        everything = library.reports()
        rows = _rows(library, select(everything, query))
    if xlsx_out is not None:
        _xlsx(xlsx_out, rows, query.describe())
    if as_json:
        print(json.dumps({"schema_version": JSON_SCHEMA_VERSION, "filters": query.describe(), "count": len(rows),
                          "reports": rows}, ensure_ascii=False, indent=2))
        return
    if as_csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, LIST_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({**r, "tickers": " ".join(r["tickers"])} for r in rows)
        print(buffer.getvalue(), end="")
        return
    if not rows:
        err.print(nothing_matches(everything, query), markup=False, soft_wrap=True)
        return
    from rich.table import Table  # on use: every command's start-up imports this module
    from rich.text import Text

    table = Table(title=f"研报库：{len(rows)} 份" + (f"（{query.describe()}）" if not query.empty else ""))
    with_industry = any(r["industry"] for r in rows)
    for column in ("ID", "日期", "券商", "标题", "类型", "股票", *(["行业"] if with_industry else []), "页"):
        table.add_column(column, overflow="fold", no_wrap=column in ("ID", "日期"))
    for r in rows:
        industry_cell = [Text(r["industry"] or "-")] if with_industry else []
        table.add_row(r["report_id"], r["date"] or "-", Text(r["broker"] or "-"), Text(r["title"]),
                      Text(r["report_type"] or "-"), Text(r["stock"] or "-"), *industry_cell,
                      str(r["pages"]) + (f"（{r['sources']} 个文件）" if r["sources"] > 1 else ""))
    out.print(table)


def _unknown(given: str, candidates: list[str]) -> None:
    if len(candidates) > 1:
        err.print(f"研报 ID “{given}”不唯一，可能是：{'、'.join(sorted(candidates)[:5])}；请写完整 ID。", markup=False, soft_wrap=True)
    else:
        short = "（按前缀查找至少要 6 位）" if len(given.strip()) < 6 else ""
        err.print(f"研报库中没有 ID 为 “{given}” 的研报{short}（`touyan reports list` 列出所有 ID）。", markup=False, soft_wrap=True)
    raise typer.Exit(1)


@app.command("show", cls=LightCommand, help="显示一份研报：元数据（含页码与规则）、页数、段数、来源文件、入库状态")
def show(
    ctx: typer.Context,
    report_id: str = typer.Argument(..., help="研报 ID（或其前 6 位以上）", callback=utf8_text),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    from memory.report_details import details, render
    from memory.report_removal import resolve

    with _open(ctx) as library:
        found, candidates = resolve(library, report_id)
        if found is None:
            _unknown(report_id, candidates)
        info = details(library, found)
    if as_json:
        print(json.dumps({"schema_version": JSON_SCHEMA_VERSION, **info}, ensure_ascii=False, indent=2))
        return
    for line in render(info):
        out.print(line, markup=False, soft_wrap=True)


_REMOVED_MARK = {"removed": "✓ 已删除", "not_found": "✗ 未找到", "ambiguous": "✗ ID 不唯一", "busy": "✗ 未删除"}


@app.command("rm", cls=LightCommand, help="从研报库删除研报（目录、关键词索引、向量一并删除）")
def rm(
    ctx: typer.Context,
    report_ids: List[str] = typer.Argument(..., help="一个或多个研报 ID（或其前 6 位以上）", callback=utf8_text),
) -> None:
    from memory.report_removal import remove

    with _open(ctx) as library:
        results = remove(library, report_ids)
    failed = 0
    for r in results:
        what = f"《{r.title}》 {r.report_id}" if r.title else f"“{r.given}”"
        detail = {"not_found": "研报库中没有这个 ID", "ambiguous": f"可能是：{r.detail}"}.get(r.status, r.detail)
        line = f"{_REMOVED_MARK[r.status]} {what}" + (f"：{detail}" if detail else "")
        (out if r.status == "removed" else err).print(line, markup=False, soft_wrap=True)
        failed += r.status != "removed"
    if failed:
        raise typer.Exit(1)
