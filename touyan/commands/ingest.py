"""`touyan ingest PATH...`: files or folders into the report library, one result line per file.

Every path fails alone: whatever goes wrong while collecting, reading, parsing, storing or printing one
file becomes that file's `✗ 失败` line, and the rest of the batch goes in.

An unchanged file (same size and mtime, or else the same hash, of a report the catalog holds complete)
is recognized before anything is parsed or loaded (memory/file_fingerprints.py): when nothing is left
to parse and no report is half-written or half-dropped, the parsers, the library, chromadb and the
embedding model are never imported (issue 15)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import List

import typer

from touyan.console import err, out
from touyan.result_lines import result_line, say, say_all, say_failed

_MARK = {"ingested": ("✓ 已入库", "green"), "replaced": ("↻ 已更新", "green"), "unchanged": ("= 未变化", "dim"),
         "duplicate": ("≈ 重复", "yellow")}


def ingest(
    ctx: typer.Context,
    paths: List[Path] = typer.Argument(..., help="文件或目录 (递归)"),
    reread: bool = typer.Option(False, "--reread", help="重新读取每个文件（默认按大小、修改时间与内容哈希跳过未变化的文件）"),
    queue: bool = typer.Option(False, "--queue", help="团队模式：每个文件一个任务放入队列，由 touyan worker 处理"),
) -> None:
    from memory.file_fingerprints import FileFingerprints
    from tools.document_paths import PARSER_VERSION, collect_paths

    settings = ctx.obj
    files, failures = collect_paths(paths)
    counts = {"ingested": 0, "replaced": 0, "unchanged": 0, "duplicate": 0, "failed": len(failures)}
    for path, reason in failures:
        say_failed(path, reason)
    if not files and not failures:
        err.print("没有找到可入库的文件 (支持 .pdf .docx .txt .md .html)")
        raise typer.Exit(1)
    if queue:
        _enqueue(settings, files, counts["failed"])
        return
    fingerprints = FileFingerprints(settings.library_dir, settings.postgres_dsn)
    known, files = fingerprints.split(files, PARSER_VERSION) if not reread else ([], files)
    counts["unchanged"] = len(known)
    say_all([result_line(_MARK["unchanged"], path, f"  ({report.page_count} 页, {report.chunk_count} 段)")
             for path, report in known])
    with contextlib.closing(fingerprints):
        if files or fingerprints.unfinished():  # the library's sweep finishes what a killed writer left
            _ingest(settings, files, counts, fingerprints)
    _summary(counts)


def _ingest(settings, files: list[Path], counts: dict[str, int], fingerprints) -> None:
    from memory.embed_helper import helper_for
    from memory.ingest_pipeline import ingest_stream
    from memory.report_library import INGEST_BATCH
    from tools.errors import brief
    from touyan.context_factory import file_limits, library_spec
    from touyan.file_batch import FileProgress, read_batches
    from touyan.parse_pool import POOL_MIN_FILES

    progress = FileProgress("入库", len(files), settings.progress_every)

    def fail(path: Path, reason: str) -> None:
        counts["failed"] += 1
        say_failed(path, reason)
        progress.advance()

    with contextlib.ExitStack() as stack:
        # Started first: it loads its model while the library opens and the first files parse.
        if helper := helper_for(settings.embedding, len(files), POOL_MIN_FILES):
            stack.callback(helper.close)
        # The parse workers start before the library opens: the first files parse meanwhile.
        batches = stack.enter_context(contextlib.closing(read_batches(files, file_limits(settings), INGEST_BATCH, fail)))
        library = stack.enter_context(contextlib.closing(library_spec(settings).open()))
        stack.enter_context(progress.shown())
        # Each batch is embedded while the one before it is written (memory/ingest_pipeline.py).
        for docs, results in ingest_stream(library, batches, helper):
            for doc, result in zip(docs, results):
                if isinstance(result, Exception):  # a store or embedding fault on one file must not stop the batch
                    fail(doc.source, brief(result, 300))
                    continue
                counts[result.status] += 1
                fingerprints.record(doc.source, result.report_id)
                detail = f"  ({result.pages} 页, {result.chunks} 段)"
                if result.status == "duplicate":  # a copy of a report already in the library: one report, two sources
                    detail = f"  并入已有研报 {result.report_id}（{result.duplicate_reason}）"
                say(result_line(_MARK[result.status], doc.source, detail))
                progress.advance()


def _summary(counts: dict[str, int]) -> None:
    from rich.table import Table

    table = Table(title="入库结果", show_header=True)
    for column in ("已入库", "已更新", "未变化", "重复（已并入）", "失败"):
        table.add_column(column, justify="right")
    table.add_row(*(str(counts[k]) for k in ("ingested", "replaced", "unchanged", "duplicate", "failed")))
    out.print(table)
    if counts["failed"]:
        raise typer.Exit(1)


def _enqueue(settings, files: list[Path], failed: int) -> None:
    from touyan.commands.worker import team_dsn
    from touyan.work_queue import enqueue_files

    done = enqueue_files(team_dsn(settings), files)
    out.print(f"已加入队列 {done.added} 个文件；{done.already_queued} 个内容相同的已在队列中。进度：touyan jobs")
    if failed:
        raise typer.Exit(1)
