"""`touyan summarize PATH... --out DIR`: batch summaries with verified citations, resumable."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

from touyan.arguments import ENGINE_HELP, Engine
from touyan.console import err, out

if TYPE_CHECKING:
    from agents.summarize.batch import ItemResult

_MARK = {"done": "[green]✓ 完成[/]", "skipped": "[dim]= 已有结果，跳过[/]", "failed": "[red]✗ 失败[/]",
         "budget": "[yellow]■ 预算用尽[/]"}
EXIT_BUDGET = 3
MAX_REASON_CHARS = 200


def _ingest(library, paths: list[Path]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(report_id, source) of every report now in the library, and (path, reason) of what could not go in."""
    from memory.report_library import INGEST_BATCH
    from tools.documents import DocumentError, collect_paths, load_document
    from tools.errors import brief

    files, failures = collect_paths(paths)
    reports, docs = [], []
    for path in files:
        try:
            docs.append(load_document(path))
        except DocumentError as exc:
            failures.append((str(path), exc.reason))
    for start in range(0, len(docs), INGEST_BATCH):
        chunk = docs[start:start + INGEST_BATCH]
        for doc, result in zip(chunk, library.ingest_many(chunk)):
            if isinstance(result, Exception):
                failures.append((str(doc.source), brief(result, MAX_REASON_CHARS)))
            else:
                reports.append((result.report_id, str(doc.source)))
    return reports, failures


def summarize(
    ctx: typer.Context,
    paths: List[Path] = typer.Argument(..., help="研报文件或目录"),
    out_dir: Path = typer.Option(..., "--out", help="输出目录"),
    engine: Optional[Engine] = typer.Option(None, "--engine", help=ENGINE_HELP),
    concurrency: int = typer.Option(2, "--concurrency", min=1, max=64, help="同时处理的研报数"),
    budget_tokens: Optional[int] = typer.Option(None, "--budget-tokens", min=1, help="本次运行的 token 上限"),
    prompts_dir: Optional[Path] = typer.Option(None, "--prompts", help="试用另一套提示词目录"),
) -> None:
    import asyncio

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from agents.summarize.batch import summarize_batch
    from agents.summarize.outputs import OutputFolder
    from touyan.context_factory import open_context

    with open_context(ctx.obj, engine, budget_tokens=budget_tokens, prompts_dir=prompts_dir) as context:
        folder = OutputFolder(out_dir)
        reports, failures = _ingest(context.report_library, paths)
        extra_rows = []
        for path, reason in failures:
            out.print(f"{_MARK['failed']}  {path}: {reason}")
            extra_rows.append({"report_id": "", "status": "failed", "source": path, "reason": reason})

        counts = {"done": 0, "skipped": 0, "failed": len(failures), "budget": 0}
        progress = Progress(TextColumn("摘要中"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err,
                            transient=True)
        with progress:
            task = progress.add_task("summarize", total=len(reports))

            def on_result(item: ItemResult) -> None:
                counts[item.status] += 1
                detail = ""
                if item.summary is not None:
                    c = item.summary.citations
                    detail = f"  引用核验 {c.verified}/{c.cited}"
                elif item.reason:
                    detail = f": {item.reason}"
                out.print(f"{_MARK[item.status]}  {Path(item.source).name}{detail}")
                progress.advance(task)

            asyncio.run(summarize_batch(context, reports, folder, concurrency=concurrency, on_result=on_result))

    index = folder.write_index(extra_rows)
    consensus = folder.write_consensus()
    totals = context.usage.totals()
    table = Table(title="摘要结果")
    for column in ("完成", "跳过(已有)", "失败", "预算未完成", "tokens", "成本(元)"):
        table.add_column(column, justify="right")
    table.add_row(*(str(counts[k]) for k in ("done", "skipped", "failed", "budget")), str(totals.total_tokens),
                  f"{totals.cost_cny:.4f}")
    out.print(table)
    out.print(f"输出：{index}  {consensus}")
    if counts["budget"]:
        err.print("[yellow]token 预算已用完：已完成的结果都已保存，再次运行同一命令会继续未完成的研报。[/]")
        raise typer.Exit(EXIT_BUDGET)
    if counts["failed"]:
        raise typer.Exit(1)
