"""`touyan strategy`: a core + satellite allocation from macro signals, report views and fund styles."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

from touyan.console import out, wrote
from touyan.arguments import Engine

if TYPE_CHECKING:
    from agents.strategy.models import StrategyProposal


def write_outputs(proposal: StrategyProposal, folder: Path) -> list[Path]:
    from agents.strategy.export import to_sheets
    from agents.strategy.render import to_json, to_markdown
    from tools.files import write_atomic
    from tools.xlsx import write_xlsx

    files = {"strategy.json": to_json(proposal), "strategy.md": to_markdown(proposal)}
    for name, text in files.items():
        write_atomic(folder / name, text)
    return [folder / name for name in files] + [write_xlsx(folder / "strategy.xlsx", to_sheets(proposal))]


def _codes(values: list[str] | None) -> list[str]:
    codes = [c.strip() for v in values or [] for c in v.replace("，", ",").split(",") if c.strip()]
    bad = [c for c in codes if not (c.isdigit() and len(c) == 6)]
    if bad:
        raise typer.BadParameter(f"基金代码应为 6 位数字：{'、'.join(bad)}")
    return list(dict.fromkeys(codes))


def strategy(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="把配置建议以 JSON 打印到标准输出"),
    out_dir: Optional[Path] = typer.Option(None, "--out", help="写出 strategy.json / strategy.md / strategy.xlsx"),
    engine: Optional[Engine] = typer.Option(None, "--engine", help="生成引擎，只影响理由文字（默认：有 key 用 llm）"),
    funds: Optional[List[str]] = typer.Option(None, "--funds", help="参与核心仓位的主动基金代码，可重复或用逗号分隔"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="信号月份 YYYY-MM（默认：宏观数据的最新月份）"),
) -> None:
    import asyncio

    from agents.strategy.graph import graph
    from agents.strategy.render import to_json, to_markdown
    from rich.markdown import Markdown
    from touyan.context_factory import open_context

    if as_of is not None and not (len(as_of) == 7 and as_of[4] == "-" and as_of.replace("-", "").isdigit()):
        raise typer.BadParameter("--as-of 的格式为 YYYY-MM")
    codes = _codes(funds)
    with open_context(ctx.obj, engine) as context:
        result = asyncio.run(graph.ainvoke({"fund_codes": codes, "as_of": as_of}, context=context))
    proposal = result["proposal"]
    if as_json:
        print(to_json(proposal))
    else:
        out.print(Markdown(to_markdown(proposal)))
    if out_dir is not None:
        wrote(write_outputs(proposal, out_dir))
