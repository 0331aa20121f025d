"""`touyan concept NAME`: industry chain + validated tickers, as a tree and table or files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from touyan.arguments import ENGINE_HELP, Engine, utf8_text
from touyan.console import err, out, wrote

if TYPE_CHECKING:
    from agents.concept.models import ConceptChain


def print_chain(chain: ConceptChain) -> None:
    from rich.table import Table
    from rich.tree import Tree

    from tools.chain.model import LEVEL_LABEL

    tree = Tree(f"[bold]{chain.concept}[/]" + (f"（别名：{'、'.join(chain.aliases)}）" if chain.aliases else ""))
    for level in ("up", "mid", "down"):
        branch = tree.add(f"[bold]{LEVEL_LABEL[level]}[/]")
        for node in (n for n in chain.nodes if n.level == level):
            names = [f"{c.name} {c.code}{' ★' if c.in_board else ''}" for c in chain.companies if c.node == node.id]
            branch.add(node.name + (f"：{'、'.join(names)}" if names else ""))
    out.print(tree)
    if chain.companies:
        table = Table(title="相关上市公司（★ = 在概念板块成分股中）")
        for column in ("代码", "名称", "环节", "层级", "证据强度", "出处"):
            table.add_column(column, overflow="fold")
        nodes = {n.id: n.name for n in chain.nodes}
        for c in chain.companies:
            where = "；".join(f"{e.broker or ''} p.{e.page}" for e in c.evidence[:3])
            table.add_row(c.code, c.name, nodes.get(c.node, ""), LEVEL_LABEL[c.level], f"{c.score:g}", where)
        out.print(table)
    if chain.board:
        how = "输入的名称" if chain.board_matched_by == chain.concept else f"别名“{chain.board_matched_by}”"
        out.print(f"概念板块：{chain.board}（按{how}匹配）")
    if chain.board_only:
        out.print(f"板块“{chain.board}”中、但资料未提及的成分股：" + "、".join(f"{m.name} {m.code}" for m in chain.board_only))
    for dropped in chain.dropped:
        out.print(f"[dim]已剔除：{dropped.name} {dropped.code or ''} —— {dropped.reason}[/]")
    for note in chain.notes:
        err.print(f"[yellow]{note}[/]")


def write_outputs(chain: ConceptChain, folder: Path) -> list[Path]:
    from agents.concept.render import to_csv, to_html, to_json, to_mermaid
    from tools.files import write_atomic

    files = {"chain.json": to_json(chain), "companies.csv": to_csv(chain), "chain.mmd": to_mermaid(chain),
             "chain.html": to_html(chain)}
    for name, text in files.items():
        write_atomic(folder / name, text)
    return [folder / name for name in files]


def concept(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="概念名称，如 人形机器人、低空经济、AI算力", callback=utf8_text),
    as_json: bool = typer.Option(False, "--json", help="把产业链对象以 JSON 打印到标准输出"),
    out_dir: Optional[Path] = typer.Option(None, "--out", help="写出 chain.json / companies.csv / chain.mmd / chain.html"),
    engine: Optional[Engine] = typer.Option(None, "--engine", help=ENGINE_HELP),
) -> None:
    if not name.strip():
        raise typer.BadParameter("概念名称不能为空")
    import asyncio

    from agents.concept.graph import graph
    from agents.concept.render import to_json
    from touyan.context_factory import open_context

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
