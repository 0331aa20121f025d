"""`touyan summarize PATH... --out DIR`: batch summaries with verified citations, resumable."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from agents.summarize.batch import ItemResult, summarize_batch
from agents.summarize.outputs import OutputFolder
from touyan.commands.ingest import BATCH, _collect
from touyan.context_factory import build_context
from tools.documents import DocumentError, load_document

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)
_MARK = {"done": "[green]✓ 完成[/]", "skipped": "[dim]= 已有结果，跳过[/]", "failed": "[red]✗ 失败[/]",
         "budget": "[yellow]■ 预算用尽[/]"}
EXIT_BUDGET = 3


def announce_engine(engine: str, explicit: bool) -> None:
    if engine == "extractive" and not explicit:
        err.print("[yellow]未配置 OPENAI_API_KEY：使用离线 extractive 引擎（句子抽取 + 规则提取评级/目标价/EPS）。"
                  "配置 key 后默认使用 llm 引擎。[/]")
    else:
        err.print(f"引擎：{engine}")


def summarize(
    ctx: typer.Context,
    paths: List[Path] = typer.Argument(..., help="研报文件或目录"),
    out_dir: Path = typer.Option(..., "--out", help="输出目录"),
    engine: Optional[str] = typer.Option(None, "--engine", help="llm | extractive（默认：有 key 用 llm）"),
    concurrency: int = typer.Option(2, "--concurrency", min=1, max=64, help="同时处理的研报数"),
    budget_tokens: Optional[int] = typer.Option(None, "--budget-tokens", min=1, help="本次运行的 token 上限"),
    prompts_dir: Optional[Path] = typer.Option(None, "--prompts", help="试用另一套提示词目录"),
) -> None:
    if engine not in (None, "llm", "extractive"):
        raise typer.BadParameter("--engine 只能是 llm 或 extractive")
    settings = ctx.obj
    context = build_context(settings, engine=engine, budget_tokens=budget_tokens, prompts_dir=prompts_dir)  # type: ignore[arg-type]
    if context.engine == "llm" and not context.llm.has_key:
        raise typer.BadParameter("llm 引擎需要 OPENAI_API_KEY（见 .env.example）")
    announce_engine(context.engine, engine is not None)
    folder = OutputFolder(out_dir)

    files, failures = _collect(paths)
    library = context.report_library
    reports: list[tuple[str, str]] = []
    extra_rows = []
    docs = []
    for path in files:
        try:
            docs.append(load_document(path))
        except DocumentError as exc:
            failures.append((str(path), exc.reason))
    for start in range(0, len(docs), BATCH):
        chunk = docs[start:start + BATCH]
        for doc, result in zip(chunk, library.ingest_many(chunk)):
            if isinstance(result, Exception):
                failures.append((str(doc.source), f"{type(result).__name__}: {str(result).splitlines()[0][:200]}"))
            else:
                reports.append((result.report_id, str(doc.source)))
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
    context.shared.close()

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
