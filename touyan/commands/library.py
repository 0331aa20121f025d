"""`touyan library migrate --to team|embedded|URL`: copy the report library between the embedded engines
(SQLite + chromadb in the data directory) and the team servers (PostgreSQL + Chroma server), then verify
the copy (memory/library_migration.py). The library and chromadb are imported inside the command."""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

import typer

from touyan.console import err, out
from touyan.light_typer import LightCommand, LightGroup

app = typer.Typer(cls=LightGroup, add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="研报库迁移：migrate 在嵌入式与团队服务器之间复制")
TO_HELP = ("team：数据目录的嵌入式研报库 → TOUYAN_CATALOG_URL + TOUYAN_CHROMA_URL；embedded：反向；"
           "或一个不含密码的 postgresql:// 地址（密码由 ~/.pgpass 或 PGPASSWORD 提供）")
NEEDS_TEAM = "迁移需要团队服务器：设置 TOUYAN_CATALOG_URL（PostgreSQL）与 TOUYAN_CHROMA_URL（Chroma 服务器），见 README「团队模式」"


def _specs(settings, to: str, chroma: str | None):
    """(source, target) LibrarySpecs."""
    from urllib.parse import urlparse

    from touyan.context_factory import library_spec

    spec = library_spec(settings)
    embedded = replace(spec, catalog_url=None, chroma_url=None)
    if to in ("team", "embedded"):
        catalog_url, chroma_url = settings.postgres_dsn, chroma or settings.chroma_url
    elif urlparse(to).scheme in ("postgres", "postgresql"):
        if urlparse(to).password:
            raise typer.BadParameter("数据库地址含密码，不要写在命令行上：用 ~/.pgpass、PGPASSWORD，或设置 TOUYAN_CATALOG_URL 后用 --to team")
        catalog_url, chroma_url = to, chroma or settings.chroma_url
    else:
        raise typer.BadParameter(f"--to 只能是 team、embedded 或 postgresql:// 地址，不是 “{to}”")
    if not catalog_url or not chroma_url:
        raise typer.BadParameter(NEEDS_TEAM)
    team = replace(spec, catalog_url=catalog_url, chroma_url=chroma_url)
    return (team, embedded) if to == "embedded" else (embedded, team)


@app.command("migrate", cls=LightCommand,
             help="把研报库复制到另一种存储（可重复运行：已复制的跳过，中断后接着复制），并以计数和抽样检索核验")
def migrate(
    ctx: typer.Context,
    to: str = typer.Option(..., "--to", help=TO_HELP),
    chroma: Optional[str] = typer.Option(None, "--chroma", help="Chroma 服务器地址（默认 TOUYAN_CHROMA_URL）"),
    sample: int = typer.Option(20, "--sample", min=1, max=1000, help="核验时抽样检索的研报数"),
) -> None:
    import contextlib

    from memory.library_migration import migrate as copy_library
    from memory.library_migration import verify
    from touyan.result_lines import say_failed

    settings = ctx.obj
    source_spec, target_spec = _specs(settings, to, chroma)
    direction = "团队服务器 → 嵌入式" if to == "embedded" else "嵌入式 → 团队服务器"
    with contextlib.closing(source_spec.open()) as source, contextlib.closing(target_spec.open()) as target:
        total = len(source.catalog.reports())
        err.print(f"迁移研报库（{direction}）：{total} 份研报")
        seen = {"n": 0}

        def progress(record, outcome: str) -> None:
            seen["n"] += 1
            if seen["n"] % settings.progress_every == 0 or seen["n"] == total:
                err.print(f"  {seen['n']}/{total}")

        result = copy_library(source, target, on_report=progress)
        for report_id, reason in result.failed:
            say_failed(report_id, reason)
        check = verify(source, target, sample=sample)
    out.print(f"已复制 {result.copied} 份；目标中已有 {result.present} 份；失败 {len(result.failed)} 份")
    s, t = check.source, check.target
    out.print(f"核验：研报 {s.reports} → {t.reports}，文本段 {s.chunks} → {t.chunks}，向量 {s.vectors} → {t.vectors}；"
              f"抽样向量检索 {check.identical}/{check.sampled} 份结果相同，{check.found_self}/{check.sampled} 份首条为该文本段本身")
    if not check.ok:
        err.print("[red]核验未通过[/]：" + ("计数不一致" if s != t else "抽样的向量在目标中未被检索到")
                  + "。再次运行同一命令会补齐缺少的研报。")
    if result.failed or not check.ok:
        raise typer.Exit(1)
