"""`touyan summarize PATH... --out DIR`: batch summaries with verified citations, resumable."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

from touyan.console import err, out
from touyan.result_lines import FAILED
from touyan.arguments import ENGINE_HELP
from touyan.arguments import Engine

if TYPE_CHECKING:
    from agents.summarize.batch import ItemResult

_MARK = {"done": ("✓ 完成", "green"), "skipped": ("= 已有结果，跳过", "dim"), "failed": FAILED,
         "budget": ("■ 预算用尽", "yellow"), "unverified": ("⚠ 未核验", "yellow")}
# Exit codes (README): 0 all ok, 1 a report failed, 3 the token budget stopped the run, 4 an LLM summary fell
# below the verified floor (marked, with the extractive summary beside it), 5 the LLM endpoint failed.
EXIT_BUDGET, EXIT_UNVERIFIED = 3, 4
MAX_REASON_CHARS = 200


def _ingest(library, paths: list[Path], settings) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(report_id, source) of every report now in the library, and (path, reason) of what could not go in.
    Each path fails alone, whatever goes wrong with it."""
    from memory.report_library import INGEST_BATCH
    from tools.documents import collect_paths
    from tools.errors import brief
    from tools.file_reading import display_path
    from touyan.context_factory import file_limits
    from touyan.file_batch import read_batches

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
    queue: bool = typer.Option(False, "--queue", help="团队模式：每个文件一个摘要任务放入队列，由 touyan worker 处理"),
) -> None:
    import asyncio

    from agents.llm.errors import EXIT_LLM
    from agents.summarize.batch import summarize_batch
    from agents.summarize.outputs import OutputFolder
    from rich.table import Table
    from rich.text import Text
    from tools.file_reading import display_path
    from touyan.context_factory import open_context
    from touyan.faults import kill_at
    from touyan.file_batch import FileProgress, result_line, say, say_failed

    if queue:
        _enqueue(ctx.obj, paths, out_dir, engine, budget_tokens, prompts_dir)
        return
    with open_context(ctx.obj, engine, budget_tokens=budget_tokens, prompts_dir=prompts_dir) as context:
        folder = OutputFolder(out_dir, checkpoint=kill_at(ctx.obj.fault_point))
        reports, failures = _ingest(context.report_library, paths, ctx.obj)
        extra_rows = []
        for path, reason in failures:
            say_failed(path, reason)
            extra_rows.append({"report_id": "", "status": "failed", "source": path, "reason": reason})

        counts = {"done": 0, "skipped": 0, "failed": len(failures), "budget": 0, "unverified": 0, "down": 0}
        progress = FileProgress("摘要中", len(reports), ctx.obj.progress_every)
        with progress.shown():

            def on_result(item: ItemResult) -> None:
                counts[item.status] += 1
                mark, detail = _MARK[item.status], ""
                if item.summary is not None:
                    c = item.summary.citations
                    detail = f"  引用核验 {c.verified}/{c.cited}"
                    if item.summary.status == "unverified":
                        counts["unverified"] += 1
                        mark, detail = _MARK["unverified"], f"{detail}（{item.summary.status_reason}）"
                elif item.reason:
                    detail = f": {item.reason}"
                    counts["down"] += item.endpoint_down
                say(result_line(mark, Path(item.source).name, detail))
                progress.advance()

            results = asyncio.run(summarize_batch(context, reports, folder, concurrency=concurrency,
                                                  on_result=on_result))
            extra_rows += _budget_rows(context.report_library, results)

    index = folder.write_index(extra_rows)
    consensus = folder.write_consensus()
    totals = context.usage.totals()
    table = Table(title="摘要结果")
    for column in ("完成", "其中未核验", "跳过(已有)", "失败", "预算未完成", "tokens", "成本(元)"):
        table.add_column(column, justify="right")
    table.add_row(*(str(counts[k]) for k in ("done", "unverified", "skipped", "failed", "budget")),
                  str(totals.total_tokens) + ("（含估算）" if totals.calls_without_usage else ""),
                  f"{totals.cost_cny:.4f}")
    out.print(table)
    say(Text(f"输出：{display_path(index)}  {display_path(consensus)}"))
    if counts["budget"]:
        err.print("[yellow]token 预算已用完：已完成的结果都已保存，再次运行同一命令会继续未完成的研报。[/]")
        raise typer.Exit(EXIT_BUDGET)
    if counts["down"]:
        raise typer.Exit(EXIT_LLM)
    if counts["failed"]:
        raise typer.Exit(1)
    if counts["unverified"]:
        err.print("[yellow]部分 LLM 摘要未通过核验下限：已标为 unverified，并附离线抽取式摘要作对照。[/]")
        raise typer.Exit(EXIT_UNVERIFIED)


def _budget_rows(library, results: list[ItemResult]) -> list[dict]:
    """index.csv rows for the reports the budget stopped, with their title and broker."""
    rows = []
    for item in results:
        if item.status == "budget":
            record = library.report(item.report_id)
            rows.append({"report_id": item.report_id, "status": "budget-stopped", "source": item.source,
                         "reason": item.reason or "", "title": record.title if record else "",
                         "broker": (record.broker or "") if record else ""})
    return rows


def _enqueue(settings, paths: list[Path], out_dir: Path, engine: Engine | None, budget_tokens: int | None,
             prompts_dir: Path | None) -> None:
    from tools.documents import collect_paths
    from touyan.commands.worker import team_dsn
    from touyan.context_factory import check_engine
    from touyan.file_batch import say_failed
    from touyan.summarize_jobs import enqueue_summaries

    if prompts_dir is not None:
        raise typer.BadParameter("--prompts 不能与 --queue 同用：worker 用它们自己的提示词")
    dsn = team_dsn(settings)
    check_engine(settings, engine)
    files, failures = collect_paths(paths)
    for path, reason in failures:
        say_failed(path, reason)
    out_dir.mkdir(parents=True, exist_ok=True)
    done, budget = enqueue_summaries(dsn, files, out_dir, engine.value if engine else None, budget_tokens)
    shared = f"；本批共用 token 预算 {budget_tokens}" if budget else ""
    out.print(f"已加入队列 {done.added} 个摘要任务；{done.already_queued} 个内容相同的已在队列中{shared}。进度：touyan jobs")
    if failures:
        raise typer.Exit(1)
