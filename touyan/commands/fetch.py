"""`touyan fetch --code 300750 [--since 2025-01-01] [--broker 华泰]`: the broker reports eastmoney lists
for a stock (akshare stock_research_report_em), downloaded politely and ingested with their listing.

Per report, under <数据目录>/downloads/research/<code>/: the PDF (named YYYYMMDD_券商_标题.pdf, which the
library's metadata reader falls back on) and <info code>.json with the listing (rating, forecasts),
the file's sha256, its report_id and the listing-vs-PDF differences. A report whose record and file
are intact and whose report_id is in the library is skipped without a request; a PDF already in the
library (same bytes, whoever added them) is not ingested twice.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from datetime import date as Date
from pathlib import Path
from typing import Optional

import typer

from touyan.arguments import utf8_text
from touyan.commands.market_calls import a_share_code, market_frame
from touyan.console import err, out

EXIT_FAILED = 1


def _since(text: str | None) -> Date | None:
    if not text:
        return None
    try:
        return Date.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(f"--since 的格式为 YYYY-MM-DD：{text}") from None


def list_reports(home: Path, code: str):
    """The listing, fresh from akshare; one Chinese line (typer.Exit) when it cannot be had."""
    from tools.market_data.research_reports import listings

    return listings(market_frame(home, "research_reports", code, "研报列表", symbol=code.split(".")[0]))


def print_listing(items) -> None:
    from rich.table import Table

    table = Table(title=f"东方财富研报列表（{len(items)} 份）")
    for column in ("日期", "券商", "标题", "评级", "EPS 预测（元）"):
        table.add_column(column, overflow="fold")
    for r in items:
        eps = "；".join(f"{y}E {f['eps']:g}" for y, f in r.forecasts.items() if "eps" in f) or "-"
        table.add_row(r.date, r.broker, r.title, r.rating or "-", eps)
    out.print(table)


class Records:
    """<folder>/<info code>.json per report: what was downloaded, its checksum, and what it became."""

    def __init__(self, folder: Path):
        self.folder = folder

    def pdf(self, item) -> Path:
        return self.folder / item.info_code / item.file_name()

    def read(self, item) -> dict | None:
        path = self.folder / f"{item.info_code}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def write(self, item, **fields) -> None:
        from tools.files import write_atomic

        record = {"listing": item.to_json(), **fields}
        write_atomic(self.folder / f"{item.info_code}.json", json.dumps(record, ensure_ascii=False, indent=2))


def with_listing(doc, item):
    """The document, its stock code filled in from the listing when the PDF names none."""
    if doc.metadata.stock_code.value is None and item.code not in doc.tickers:
        return dataclasses.replace(doc, tickers=(*doc.tickers, item.code))
    return doc


def fetch_one(item, records: Records, downloader, library) -> tuple[str, str, list[str]]:
    """(status, line, differences) for one listed report; status ∈ ingested | present | failed."""
    from tools.documents import DocumentError, load_document
    from tools.downloads import DownloadError, verify
    from tools.errors import brief
    from tools.market_data.research_reports import cross_check

    record, pdf = records.read(item), records.pdf(item)
    if record and record.get("report_id") and library.report(record["report_id"]) and verify(pdf, record.get("sha256")):
        return "present", "已在库中（跳过下载）", record.get("differences", [])
    if not item.pdf_url:
        return "failed", "列表中没有 PDF 链接", []
    try:
        got = downloader.fetch(item.pdf_url, pdf)
    except DownloadError as exc:
        return "failed", str(exc), []
    report_id = got.sha256[:16]
    if library.report(report_id):
        records.write(item, sha256=got.sha256, size=got.size, report_id=report_id, differences=[])
        return "present", "同一份 PDF 已在库中，未重复入库", []
    try:
        doc = load_document(pdf)
    except DocumentError as exc:
        return "failed", exc.reason, []
    differences = cross_check(item, doc)
    try:
        outcome = library.ingest(with_listing(doc, item))
    except Exception as exc:  # a store or embedding fault on one report must not stop the others
        return "failed", brief(exc), differences
    records.write(item, sha256=got.sha256, size=got.size, report_id=doc.report_id, differences=differences)
    resumed = "，断点续传" if got.resumed else ""
    return "ingested", f"已入库（{outcome.pages} 页{resumed}）", differences


_MARK = {"ingested": "[green]✓[/]", "present": "[dim]=[/]", "failed": "[red]✗[/]"}


def fetch_stock(settings, stock: str, start: Date | None, broker: str | None, limit: int | None, delay: float,
                list_only: bool) -> dict[str, int]:
    """List, download and ingest one stock's reports; the counts by status."""
    from rich.markup import escape

    from touyan.context_factory import library_spec
    from tools.downloads import Downloader
    from tools.market_data.research_reports import select

    counts = {"ingested": 0, "present": 0, "failed": 0}
    items = select(list_reports(settings.home, stock), start, broker, limit)
    if not items:
        err.print(f"东方财富没有列出 {stock} 符合条件的研报。")
        return counts
    print_listing(items)
    if list_only:
        return counts
    records = Records(settings.home / "downloads" / "research" / stock.split(".")[0])
    with contextlib.closing(library_spec(settings).open()) as library, Downloader(delay=delay) as downloader:
        for item in items:
            status, line, differences = fetch_one(item, records, downloader, library)
            counts[status] += 1
            out.print(f"{_MARK[status]} {item.date} {escape(item.broker)}《{escape(item.title)}》：{escape(line)}",
                      highlight=False)
            for difference in differences:
                out.print(f"  [yellow]⚠ 列表与 PDF 不一致：{escape(difference)}[/]", highlight=False)
    out.print(f"已入库 {counts['ingested']}，已在库中 {counts['present']}，失败 {counts['failed']}。")
    return counts


def fetch(
    ctx: typer.Context,
    code: Optional[str] = typer.Option(None, "--code", help="股票代码或名称，如 300750 或 宁德时代", callback=utf8_text),
    fund: Optional[str] = typer.Option(None, "--fund", help="基金代码：下载季报/中报/年报，切出运作分析与展望，缓存持仓"),
    industry: Optional[str] = typer.Option(None, "--industry", callback=utf8_text,
                                           help="东方财富行业板块名，如 电池：逐只成分股下载研报（--limit 只数）"),
    since: Optional[str] = typer.Option(None, "--since", help="只取该日期（含）之后发布的研报，YYYY-MM-DD"),
    broker: Optional[str] = typer.Option(None, "--broker", help="只取该券商的研报，如 华泰 或 中信证券", callback=utf8_text),
    limit: Optional[int] = typer.Option(None, "--limit", min=1,
                                        help="最多下载几份（从最新的开始）；--fund 为期数，--industry 为股票只数（默认 5）"),
    per_stock: int = typer.Option(2, "--per-stock", min=1, help="--industry：每只股票最多下载几份"),
    delay: float = typer.Option(1.0, "--delay", min=0.0, help="两次请求之间至少间隔的秒数（礼貌限速）"),
    list_only: bool = typer.Option(False, "--list", help="只列出，不下载"),
) -> None:
    settings, start = ctx.obj, _since(since)
    if sum(x is not None for x in (code, fund, industry)) != 1:
        raise typer.BadParameter("请给出 --code、--fund 或 --industry 之一")
    if fund is not None:
        from touyan.commands.fetch_fund import fetch_fund

        fetch_fund(settings, fund, start, limit, delay, list_only)
        return
    if industry is not None:
        from touyan.commands.fetch_industry import fetch_industry

        counts = fetch_industry(settings, industry, start, broker, limit or 5, per_stock, delay, list_only, fetch_stock)
    else:
        counts = fetch_stock(settings, a_share_code(code), start, broker, limit, delay, list_only)
    if counts["failed"]:
        raise typer.Exit(EXIT_FAILED)
