"""`touyan summarize PATH... --out DIR`: batch summaries with verified citations, resumable."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import List, Optional

import typer
from rich.table import Table
from rich.text import Text

from agents.summarize.batch import ItemResult, summarize_batch
from agents.summarize.outputs import OutputFolder
from memory.report_library import INGEST_BATCH
from tools.documents import collect_paths
from tools.errors import brief
from tools.file_reading import display_path
from touyan.console import err, out
from touyan.context_factory import ENGINE_HELP, Engine, file_limits, open_context
from touyan.faults import kill_at
from touyan.file_batch import FAILED, FileProgress, read_batches, result_line, say, say_failed

_MARK = {"done": ("✓ 完成", "green"), "skipped": ("= 已有结果，跳过", "dim"), "failed": FAILED,
         "budget": ("■ 预算用尽", "yellow")}
EXIT_BUDGET = 3
MAX_REASON_CHARS = 200


def _ingest(library, paths: list[Path], settings) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(report_id, source) of every report now in the library, and (path, reason) of what could not go in.
    Each path fails alone, whatever goes wrong with it."""
    files, failures = collect_paths(paths)
    reports = []

    def fail(path, reason: str) -> None:
        failures.append((display_path(path), reason))

    for docs in read_batches(files, file_limits(settings), INGEST_BATCH, fail):
        try:
            results = library.ingest_many(docs)
        except Exception as exc:  # the store failed for the whole batch: each of its files says so
            results = [exc] * len(docs)
        for doc, result in zip(docs, results):
            if isinstance(result, Exception):
                fail(doc.source, brief(result, MAX_REASON_CHARS))
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
    with open_context(ctx.obj, engine, budget_tokens=budget_tokens, prompts_dir=prompts_dir) as context:
        folder = OutputFolder(out_dir, checkpoint=kill_at(ctx.obj.fault_point))
        reports, failures = _ingest(context.report_library, paths, ctx.obj)
        extra_rows = []
        for path, reason in failures:
            say_failed(path, reason)
            extra_rows.append({"report_id": "", "status": "failed", "source": path, "reason": reason})

        counts = {"done": 0, "skipped": 0, "failed": len(failures), "budget": 0}
        progress = FileProgress("摘要中", len(reports), ctx.obj.progress_every)
        with progress.shown():

            def on_result(item: ItemResult) -> None:
                counts[item.status] += 1
                detail = ""
                if item.summary is not None:
                    c = item.summary.citations
                    detail = f"  引用核验 {c.verified}/{c.cited}"
                elif item.reason:
                    detail = f": {item.reason}"
                say(result_line(_MARK[item.status], Path(item.source).name, detail))
                progress.advance()

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
    say(Text(f"输出：{display_path(index)}  {display_path(consensus)}"))
    if counts["budget"]:
        err.print("[yellow]token 预算已用完：已完成的结果都已保存，再次运行同一命令会继续未完成的研报。[/]")
        raise typer.Exit(EXIT_BUDGET)
    if counts["failed"]:
        raise typer.Exit(1)
