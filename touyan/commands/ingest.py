"""`touyan ingest PATH...`: files or folders into the report library, one result line per file."""

from __future__ import annotations

from pathlib import Path
from typing import List

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from touyan.context_factory import library_spec
from tools.documents import DocumentError, iter_document_paths, load_document

# Files per embedding call: the embedding model and chromadb both have a fixed cost per call.
BATCH = 32
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)

_MARK = {"ingested": "[green]✓ 已入库[/]", "replaced": "[green]↻ 已更新[/]", "unchanged": "[dim]= 未变化[/]",
         "failed": "[red]✗ 失败[/]"}


def _collect(paths: list[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    files, failures = [], []
    for path in paths:
        try:
            files.extend(iter_document_paths([path]))
        except DocumentError as exc:
            failures.append((str(path), exc.reason))
    return files, failures


def ingest(
    ctx: typer.Context,
    paths: List[Path] = typer.Argument(..., help="文件或目录 (递归)"),
) -> None:
    settings = ctx.obj
    files, failures = _collect(paths)
    counts = {"ingested": 0, "replaced": 0, "unchanged": 0, "failed": len(failures)}
    for path, reason in failures:
        out.print(f"{_MARK['failed']}  {path}: {reason}")
    if not files and not failures:
        err.print("没有找到可入库的文件 (支持 .pdf .txt .md .html)")
        raise typer.Exit(1)

    library = library_spec(settings).open() if files else None
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, transient=True)

    def fail(path: Path, reason: str) -> None:
        counts["failed"] += 1
        failures.append((str(path), reason))
        out.print(f"{_MARK['failed']}  {path}: {reason}")

    with progress:
        task = progress.add_task("入库中", total=len(files))
        for start in range(0, len(files), BATCH):
            batch, docs = files[start:start + BATCH], []
            for path in batch:
                progress.update(task, description=f"读取 {path.name[:40]}")
                try:
                    docs.append(load_document(path))
                except DocumentError as exc:
                    fail(path, exc.reason)
                    progress.advance(task)
            progress.update(task, description=f"入库中（{len(docs)} 份）")
            for doc, result in zip(docs, library.ingest_many(docs) if docs else []):
                if isinstance(result, Exception):  # a store or embedding fault on one file must not stop the batch
                    fail(doc.source, f"{type(result).__name__}: {str(result).splitlines()[0] if str(result) else ''}")
                else:
                    counts[result.status] += 1
                    out.print(f"{_MARK[result.status]}  {doc.source}  ({result.pages} 页, {result.chunks} 段)")
                progress.advance(task)
    if library is not None:
        library.close()

    table = Table(title="入库结果", show_header=True)
    for column in ("已入库", "已更新", "未变化", "失败"):
        table.add_column(column, justify="right")
    table.add_row(*(str(counts[k]) for k in ("ingested", "replaced", "unchanged", "failed")))
    out.print(table)
    if failures:
        raise typer.Exit(1)
