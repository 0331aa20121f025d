"""`touyan chat` (a streaming REPL over the supervisor graph) and `touyan threads`.

The graph, LangGraph and the models are imported inside `chat`: `touyan threads` and `--help` start
without them.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from touyan.arguments import ENGINE_HELP, Engine, utf8_text
from touyan.console import err, out, plain_table

if TYPE_CHECKING:
    from agents.supervisor.session import ChatSession
    from memory.threads import ThreadRegistry
    from touyan.chat_display import AnswerPrinter

HELP = ("命令：/new 新会话  /threads 会话列表  /export [文件.md|文件.xlsx] 导出对话  /watch 代码… 加自选  "
        "/prefer 券商… 设偏好券商  /help 命令列表  /exit 退出；Ctrl-C 取消当前回答")
COMMANDS = ("/new", "/threads", "/export", "/watch", "/prefer", "/help", "/exit", "/quit")


def registry_for(settings) -> ThreadRegistry:
    from memory.threads import open_registry

    return open_registry(settings.home, settings.postgres_dsn)


async def _print_turn(session: ChatSession, thread_id: str, text: str, printer: AnswerPrinter) -> None:
    from rich.markup import escape

    try:
        async for event in session.turn(thread_id, text):
            if event.type == "agent" and event.status == "start":
                err.print(f"[dim]… {event.agent}[/]")
            elif event.type == "token":
                printer.token(event.text)
            elif event.type == "message":
                printer.message(event.text, streamed=event.status == "streamed")
            elif event.type == "error":
                printer.abort()
                err.print(f"[red]{escape(event.text)}[/]")  # the reason quotes a provider's message: text, not markup
    except BaseException:
        printer.abort()
        raise


def _title_lookup(context):
    def title_of(report_id: str) -> str | None:
        record = context.report_library.report(report_id)
        return record.title if record else None

    return title_of


def _printer(context) -> AnswerPrinter:
    from agents.supervisor.nodes import OFFLINE_NOTE
    from touyan.chat_display import AnswerPrinter

    return AnswerPrinter(out, _title_lookup(context), OFFLINE_NOTE)


def command_word(text: str) -> str | None:
    """'/export a.md' -> '/export'; None for a question (a lone '/' or a path-like '/…/…' is a question too)."""
    word = text.split(maxsplit=1)[0]
    return word.lower() if word.startswith("/") and len(word) > 1 and "/" not in word[1:] else None


def _lines(interactive: bool):
    while True:
        try:
            line = input("你> ") if interactive else sys.stdin.readline()
        except EOFError:
            return
        if not interactive and line == "":
            return
        yield line.rstrip("\n")


async def _repl(settings, context, thread_id: str | None, interactive: bool) -> None:
    import asyncio

    from agents.supervisor.graph import builder
    from agents.supervisor.session import ChatSession
    from memory.threads import open_persistence

    registry = registry_for(settings)
    async with open_persistence(settings.home, settings.postgres_dsn) as (saver, store):
        session = ChatSession(context, builder.compile(checkpointer=saver, store=store), registry)
        thread_id = thread_id or registry.new_thread()
        printer = _printer(context)
        err.print(f"会话 {thread_id}。{HELP}")
        for line in _lines(interactive):
            text = line.strip()
            if not text:
                continue
            command = command_word(text)
            if command in ("/exit", "/quit"):
                break
            if command == "/new":
                thread_id = registry.new_thread()
                err.print(f"新会话 {thread_id}")
                continue
            if command == "/threads":
                print_threads(registry)
                continue
            if command == "/export":
                err.print(await _export(session, thread_id, text), markup=False)
                continue
            if command in ("/watch", "/prefer"):
                err.print(await _profile_command(store, context, text))
                continue
            if command is not None:  # /help, or a command that does not exist: never sent as a question
                err.print(("" if command == "/help" else f"没有命令 {command}。") + HELP, markup=False)
                continue
            task = asyncio.ensure_future(_print_turn(session, thread_id, text, printer))
            try:
                await asyncio.shield(task)
            except (KeyboardInterrupt, asyncio.CancelledError):
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task
                err.print("[yellow]已取消本轮回答。[/]")


async def _export(session: ChatSession, thread_id: str, text: str) -> str:
    """`/export [文件]`: the thread as Markdown, or as a table when the name ends in .xlsx; a missing
    folder is created, a failure is one line."""
    from tools.errors import first_line
    from tools.files import write_atomic
    from touyan.chat_display import readable_citations

    target = Path(text.split(maxsplit=1)[1]).expanduser() if " " in text else Path(f"touyan-{thread_id}.md")
    if target.is_dir():
        target = target / f"touyan-{thread_id}.md"
    try:
        if target.suffix.lower() == ".xlsx":
            from tools.xlsx import write_xlsx
            from touyan.xlsx_tables import transcript_sheet

            info, title_of = session.registry.get(thread_id), _title_lookup(session.ctx)
            history = [(role, readable_citations(said, title_of)) for role, said in await session.history(thread_id)]
            write_xlsx(target, [transcript_sheet(history, info.title if info else None)])
        else:
            write_atomic(target, await session.export_markdown(thread_id))
    except OSError as exc:
        return f"无法导出到 {target}：{exc.strerror or first_line(exc)}"
    return f"已导出 {target}"


async def _profile_command(store, context, text: str) -> str:
    from agents.supervisor.profile import add_to_watchlist, set_brokers

    command, *args = text.split()
    if command == "/watch":
        profile, rejected = await add_to_watchlist(store, context.stock_master, args)
        note = f"（无法识别：{'、'.join(rejected)}）" if rejected else ""
        return f"自选股：{'、'.join(profile.watchlist) or '无'}{note}"
    return f"偏好券商：{'、'.join((await set_brokers(store, args)).brokers) or '无'}"


def print_threads(registry: ThreadRegistry) -> None:
    """A plain aligned table: rich's would double the start-up of `touyan threads`."""
    rows = [(t.thread_id, t.title or "（空）", str(t.turns)) for t in registry.list()]
    print(f"会话（{len(rows)}）\n{plain_table(('thread', '标题', '轮数'), rows)}" if rows else "还没有会话。", flush=True)


def chat(
    ctx: typer.Context,
    thread: Optional[str] = typer.Option(None, "--thread", help="继续已有会话", callback=utf8_text),
    engine: Optional[Engine] = typer.Option(None, "--engine", help=ENGINE_HELP),
) -> None:
    import asyncio

    from touyan.context_factory import open_context

    with open_context(ctx.obj, engine) as context:
        if thread and registry_for(ctx.obj).get(thread) is None:
            raise typer.BadParameter(f"没有会话 {thread}（touyan threads 查看）")
        try:
            asyncio.run(_repl(ctx.obj, context, thread, sys.stdin.isatty()))
        except KeyboardInterrupt:
            err.print("再见。")


def threads(ctx: typer.Context) -> None:
    print_threads(registry_for(ctx.obj))
