"""`touyan concept NAME`: industry chain + validated tickers, as a tree and table or files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from touyan.arguments import utf8_text
from touyan.console import err, out, wrote
from touyan.arguments import ENGINE_HELP
from touyan.arguments import Engine

if TYPE_CHECKING:
    from agents.concept.models import ConceptChain


def print_chain(chain: ConceptChain) -> None:
    """The typed name and everything taken from documents are text, never Rich markup (`[/]` is a name)."""
    from rich.table import Table
    from rich.text import Text
    from rich.tree import Tree
    from tools.chain.model import LEVEL_LABEL

    if chain.status == "unverified":
        out.print(Text(f"⚠ 未核验：LLM 提出的公司通过核验的比例 {chain.verified_share:.0%}，低于下限；"
                       "下方附离线抽取结果作对照。", style="yellow"))
    aliases = f"（别名：{'、'.join(chain.aliases)}）" if chain.aliases else ""
    tree = Tree(Text(chain.concept, style="bold") + Text(aliases))
    for level in ("up", "mid", "down"):
        branch = tree.add(f"[bold]{LEVEL_LABEL[level]}[/]")
        for node in (n for n in chain.nodes if n.level == level):
            names = [f"{c.name} {c.code}{' ★' if c.in_board else ''}" for c in chain.companies if c.node == node.id]
            branch.add(Text(node.name + (f"：{'、'.join(names)}" if names else "")))
    out.print(tree)
    if chain.companies:
        table = Table(title="相关上市公司（★ = 在概念板块成分股中）")
        for column in ("代码", "名称", "环节", "层级", "证据强度", "出处"):
            table.add_column(column, overflow="fold")
        nodes = {n.id: n.name for n in chain.nodes}
        for c in chain.companies:
            where = "；".join(f"{e.broker or ''}《{e.title or ''}》p.{(e.page or 0) + 1}" for e in c.evidence[:3])
            table.add_row(c.code, Text(c.name), Text(nodes.get(c.node, "")), LEVEL_LABEL[c.level], f"{c.score:g}",
                          Text(where))
        out.print(table)
    if chain.board:
        how = "输入的名称" if chain.board_matched_by == chain.concept else f"别名“{chain.board_matched_by}”"
        out.print(Text(f"概念板块：{chain.board}（按{how}匹配）"))
    if chain.board_only:
        out.print(Text(f"板块“{chain.board}”中、但资料未提及的成分股：" + "、".join(f"{m.name} {m.code}" for m in chain.board_only)))
    for dropped in chain.dropped:
        out.print(Text(f"已剔除：{dropped.name} {dropped.code or ''} —— {dropped.reason}", style="dim"))
    if chain.fallback_companies:
        table = Table(title="对照：离线抽取（extractive）找到并通过核验的公司")
        for column in ("代码", "名称", "环节", "层级", "出处"):
            table.add_column(column, overflow="fold")
        for c in chain.fallback_companies:
            where = "；".join(f"{e.broker or ''}《{e.title or ''}》p.{(e.page or 0) + 1}" for e in c.evidence[:3])
            table.add_row(c.code, Text(c.name), Text(c.node), LEVEL_LABEL[c.level], Text(where))
        out.print(table)
    for note in chain.notes:
        err.print(Text(note, style="yellow"))


def write_outputs(chain: ConceptChain, folder: Path) -> list[Path]:
    from agents.concept.export import to_sheets
    from agents.concept.render import to_csv, to_html, to_json, to_mermaid
    from tools.files import write_atomic
    from tools.xlsx import write_xlsx

    files = {"chain.json": to_json(chain), "companies.csv": to_csv(chain), "chain.mmd": to_mermaid(chain),
             "chain.html": to_html(chain)}
    for name, text in files.items():
        write_atomic(folder / name, text)
    return [folder / name for name in files] + [write_xlsx(folder / "companies.xlsx", to_sheets(chain))]


def concept(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="概念名称，如 人形机器人、低空经济、AI算力", callback=utf8_text),
    as_json: bool = typer.Option(False, "--json", help="把产业链对象以 JSON 打印到标准输出"),
    out_dir: Optional[Path] = typer.Option(None, "--out", help="写出 chain.json / companies.csv / companies.xlsx / chain.mmd / chain.html"),
    engine: Optional[Engine] = typer.Option(None, "--engine", help=ENGINE_HELP),
) -> None:
    import asyncio

    from agents.concept.graph import graph
    from agents.concept.render import to_json
    from touyan.context_factory import open_context

    if not name.strip():
        raise typer.BadParameter("概念名称不能为空")
    with open_context(ctx.obj, engine) as context:
        if not context.report_library.reports():
            err.print("研报库为空：先运行 `touyan ingest DIR` 导入研报。")
            raise typer.Exit(1)
        chain = asyncio.run(graph.ainvoke({"concept": name}, context=context))["chain"]
    if as_json:
        print(to_json(chain))
    else:
        print_chain(chain)
    if out_dir is not None:
        wrote(write_outputs(chain, out_dir))
    if chain.partial:
        raise typer.Exit(4)  # no validated company found: the honest answer is partial
