"""`touyan ingest PATH...`: files or folders into the report library, one result line per file."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import List

import typer

from touyan.console import err, out

_MARK = {"ingested": "[green]✓ 已入库[/]", "replaced": "[green]↻ 已更新[/]", "unchanged": "[dim]= 未变化[/]",
         "failed": "[red]✗ 失败[/]"}


def ingest(
    ctx: typer.Context,
    paths: List[Path] = typer.Argument(..., help="文件或目录 (递归)"),
    reread: bool = typer.Option(False, "--reread", help="重新读取每个文件（默认按大小、修改时间与内容哈希跳过未变化的文件）"),
) -> None:
    from memory.file_fingerprints import FileFingerprints
    from tools.document_paths import PARSER_VERSION, DocumentError, collect_paths

    settings = ctx.obj
    files, failures = collect_paths(paths)
    counts = {"ingested": 0, "replaced": 0, "unchanged": 0, "failed": len(failures)}
    for path, reason in failures:
        out.print(f"{_MARK['failed']}  {path}: {reason}")
    if not files and not failures:
        err.print("没有找到可入库的文件 (支持 .pdf .docx .txt .md .html)")
        raise typer.Exit(1)
    # -- no-op re-ingest (issue 15): unchanged files are known before anything is parsed or loaded --
    fingerprints = FileFingerprints(settings.library_dir)
    known, files = fingerprints.split(files, PARSER_VERSION) if not reread else ([], files)
    for path, record in known:
        counts["unchanged"] += 1
        out.print(f"{_MARK['unchanged']}  {path}  ({record.page_count} 页, {record.chunk_count} 段)")
    if not files:  # nothing left to parse: no library, model or progress bar is loaded
        fingerprints.close()
        return _summary(counts, failures)
    # ------------------------------------------------------------------------------------------------
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from memory.report_library import INGEST_BATCH
    from tools.documents import load_document
    from tools.errors import brief
    from touyan.context_factory import library_spec

    opened = contextlib.closing(library_spec(settings).open()) if files else contextlib.nullcontext()
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, transient=True)

    def fail(path: Path, reason: str) -> None:
        counts["failed"] += 1
        failures.append((str(path), reason))
        out.print(f"{_MARK['failed']}  {path}: {reason}")

    with opened as library, progress, contextlib.closing(fingerprints):
        task = progress.add_task("入库中", total=len(files))
        for start in range(0, len(files), INGEST_BATCH):
            batch, docs = files[start:start + INGEST_BATCH], []
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
                    fail(doc.source, brief(result))
                else:
                    counts[result.status] += 1
                    fingerprints.record(doc.source, result.report_id)  # no-op re-ingest (issue 15)
                    out.print(f"{_MARK[result.status]}  {doc.source}  ({result.pages} 页, {result.chunks} 段)")
                progress.advance(task)

    _summary(counts, failures)


def _summary(counts: dict[str, int], failures: list) -> None:
    from rich.table import Table

    table = Table(title="入库结果", show_header=True)
    for column in ("已入库", "已更新", "未变化", "失败"):
        table.add_column(column, justify="right")
    table.add_row(*(str(counts[k]) for k in ("ingested", "replaced", "unchanged", "failed")))
    out.print(table)
    if failures:
        raise typer.Exit(1)
