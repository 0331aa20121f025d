"""`touyan reparse`: re-read every report the current parser has not parsed (one line after an upgrade).

The catalog records each report's parser version (tools.documents.PARSER_VERSION); this command
re-ingests the source files of every report parsed by another version, with the same per-file lines
and summary as `touyan ingest`. A source file that has gone missing gets its own ✗ line.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import typer

from touyan.commands.ingest import ingest
from touyan.console import out


def reparse(ctx: typer.Context) -> None:
    from tools.documents import PARSER_VERSION
    from touyan.context_factory import library_spec

    with contextlib.closing(library_spec(ctx.obj).open()) as library:
        stale = library.stale_sources(PARSER_VERSION)
    if not stale:
        out.print(f"研报库中的报告都已由当前解析器 (v{PARSER_VERSION}) 解析，无需重新解析")
        return
    out.print(f"重新解析 {len(stale)} 个文件（解析器 v{PARSER_VERSION}）")
    ingest(ctx, [Path(p) for p in stale], reread=True)
