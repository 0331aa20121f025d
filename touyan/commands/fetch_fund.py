"""`touyan fetch --fund 110011 [--since 2024-01-01] [--limit 4]`: a fund's periodic reports (季报/中报/年报,
akshare fund_announcement_report_em) downloaded, their manager commentary cut out per period, and the
fund's holdings (fund_portfolio_hold_em) and the held stocks' valuations cached, so that
`touyan fund-style 110011` reads a real fund instead of the bundled samples.

Per report, under <数据目录>/downloads/funds/<code>/: <报告ID>.pdf and <报告ID>.json (listing, sha256, the
sections found). The commentary goes to <数据目录>/commentary/<code>_<period>.txt, which the fund-style agent
reads before the samples, and the fund's name and type to commentary/catalog.csv.
"""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import date as Date
from pathlib import Path

import typer
from rich.markup import escape

from tools.files import write_atomic
from touyan.console import err, out

EXIT_FAILED = 1
OFFLINE_HINT = "离线时可把基金经理评论放到 <数据目录>/commentary/<基金代码>_<2024Q3>.txt"
_MARK = {"written": "[green]✓[/]", "present": "[dim]=[/]", "failed": "[red]✗[/]"}


def fund_row(home: Path, code: str) -> dict:
    """The fund's row of the fund list (fetched when the cached list is old); one line and exit 1 if unknown."""
    from touyan.commands.market_calls import market_frame

    code = code.strip().upper().removesuffix(".OF")
    if not code.isdigit() or len(code) != 6:
        raise typer.BadParameter(f"“{code}”不是基金代码：基金代码为 6 位数字，如 110011。")
    funds = market_frame(home, "fund_list", code, "基金列表", refresh=False, hint=OFFLINE_HINT)
    row = funds[funds["code"] == code]
    if row.empty:
        err.print(f"基金代码 {code} 不在东方财富的基金列表中（{len(funds)} 只基金），请核对代码。", markup=False)
        raise typer.Exit(EXIT_FAILED)
    return row.iloc[0].to_dict()


def _write_catalog(folder: Path, fund: dict) -> None:
    """commentary/catalog.csv: one row per fetched fund (code, name, fund_type), the fund's row replaced."""
    path, rows = folder / "catalog.csv", {}
    if path.is_file():
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = {r["code"]: r for r in csv.DictReader(handle) if r.get("code")}
    rows[fund["code"]] = {"code": fund["code"], "name": fund.get("name") or "", "fund_type": fund.get("fund_type") or ""}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["code", "name", "fund_type"], extrasaction="ignore")
    writer.writeheader()
    writer.writerows(sorted(rows.values(), key=lambda r: r["code"]))
    write_atomic(path, buffer.getvalue())


def fetch_report(item, folder: Path, commentary: Path, downloader) -> tuple[str, str]:
    """(status, line) for one periodic report: download (skipped when the record, file and text are intact),
    cut the two sections, write the period's commentary file."""
    from tools.documents import DocumentError, load_document
    from tools.downloads import DownloadError, verify
    from tools.fund_sections import OUTLOOK, STRATEGY, commentary_text, cut_sections

    pdf, record_path = folder / f"{item.report_id}.pdf", folder / f"{item.report_id}.json"
    text_path = commentary / f"{item.fund_code}_{item.period}.txt"
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = None
    if record and verify(pdf, record.get("sha256")) and text_path.is_file():
        return "present", "已下载并切分过（跳过）"
    try:
        got = downloader.fetch(item.pdf_url(), pdf)
        doc = load_document(pdf)
    except DownloadError as exc:
        return "failed", str(exc)
    except DocumentError as exc:
        return "failed", exc.reason
    sections = cut_sections([page.text for page in doc.pages])
    record = {"listing": item.to_json(), "sha256": got.sha256, "size": got.size,
              "sections": {title: {"page": s.page, "heading": s.heading, "chars": len(s.text)}
                           for title, s in sections.items()}}
    write_atomic(record_path, json.dumps(record, ensure_ascii=False, indent=2))
    if STRATEGY not in sections and OUTLOOK not in sections:
        return "failed", f"PDF 中没有找到「{STRATEGY}」或「{OUTLOOK}」章节"
    write_atomic(text_path, commentary_text(sections) + "\n")
    found = "、".join(f"{'运作分析' if t == STRATEGY else '展望'}（{len(sections[t].text)} 字，p.{sections[t].page + 1}）"
                     for t in (STRATEGY, OUTLOOK) if t in sections)
    missing = "" if OUTLOOK in sections else "；本期报告没有展望章节"
    return "written", f"已切出 {found}{missing}"


def cache_holdings(home: Path, code: str, years: list[int], delay: float, sleep=time.sleep) -> list[str]:
    """Holdings per year and the held stocks' valuations, fetched into the market-data cache; one line each."""
    from tools.market_data import MarketData, MarketDataError, default_cache_dir
    from tools.market_data.codes import canonical_stock_code, symbol_of

    market, lines, held = MarketData(default_cache_dir(home), offline=False), [], set()
    for year in years:
        try:
            frame = market.refresh("fund_holdings", code=code, year=str(year))
        except MarketDataError as exc:
            lines.append(f"[yellow]⚠ {year} 年持仓获取失败：{escape(str(exc).splitlines()[0][:160])}[/]")
            continue
        held |= set(frame["code"].dropna())
        lines.append(f"{year} 年持仓：{frame['quarter_label'].nunique()} 个报告期，{len(frame)} 行" if len(frame)
                     else f"{year} 年没有股票持仓数据")
    failed = []
    for stock in sorted(held):
        sleep(delay)
        try:
            market.refresh("stock_valuation", symbol=symbol_of(canonical_stock_code(stock) or stock))
        except MarketDataError:
            failed.append(stock)
    if held:
        lines.append(f"持仓股票估值：{len(held) - len(failed)}/{len(held)} 只已缓存"
                     + (f"（失败：{'、'.join(failed[:8])}{'…' if len(failed) > 8 else ''}）" if failed else ""))
    return lines


def fetch_fund(settings, code: str, since: Date | None, limit: int | None, delay: float, list_only: bool) -> None:
    from tools.downloads import Downloader
    from tools.fund_reports import periodic_reports, select
    from touyan.commands.market_calls import market_frame

    fund = fund_row(settings.home, code)
    code = fund["code"]
    frame = market_frame(settings.home, "fund_announcements", code, "定期报告列表", hint=OFFLINE_HINT, code=code)
    items = select(periodic_reports(frame), since, limit)
    if not items:
        err.print(f"东方财富没有列出基金 {code} 符合条件的定期报告（季报/中报/年报）。", markup=False)
        raise typer.Exit(EXIT_FAILED)
    out.print(f"{code} {escape(fund.get('name') or '')}（{escape(fund.get('fund_type') or '')}）：{len(items)} 期定期报告",
              highlight=False)
    for item in items:
        out.print(f"  {item.period} {item.kind} {item.date}《{escape(item.title)}》", highlight=False)
    if list_only:
        return
    folder, commentary = settings.home / "downloads" / "funds" / code, settings.home / "commentary"
    counts = {"written": 0, "present": 0, "failed": 0}
    with Downloader(delay=delay) as downloader:
        for item in items:
            status, line = fetch_report(item, folder, commentary, downloader)
            counts[status] += 1
            out.print(f"{_MARK[status]} {item.period} {item.kind}：{escape(line)}", highlight=False)
    _write_catalog(commentary, fund)
    for line in cache_holdings(settings.home, code, sorted({int(i.period[:4]) for i in items}), delay):
        out.print(line, highlight=False)
    out.print(f"评论已写出 {counts['written']}，已有 {counts['present']}，失败 {counts['failed']}。"
              f"下一步：touyan fund-style {code}")
    if counts["failed"]:
        raise typer.Exit(EXIT_FAILED)
