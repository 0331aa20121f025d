"""`touyan data refresh|status`: keep the stock lists and concept boards fresh (needs akshare online).

    touyan data refresh                      A-share list + concept boards of the known concepts
    touyan data refresh --hk --us            … and the Hong Kong / US listings
    touyan data refresh --board 低空经济      … and that board's constituents (repeatable)
    touyan data refresh fund_nav --code 990001   any one dataset of tools/market_data/schemas.py
    touyan data status                       which lists are in use and how old they are
"""

from __future__ import annotations

from typing import List, Optional

import typer

from touyan.console import err, out
from touyan.light_typer import LightCommand, LightGroup

app = typer.Typer(cls=LightGroup, add_completion=False, no_args_is_help=True, rich_markup_mode=None, help="股票列表与市场数据：刷新 | 状态")


def _dataset_args(extra: list[str]) -> dict[str, str]:
    """`--code 990001 --year 2024` → {"code": "990001", "year": "2024"}."""
    if len(extra) % 2 or any(not k.startswith("--") for k in extra[::2]):
        raise typer.BadParameter(f"数据集参数应写成 --名称 值：{' '.join(extra)}")
    return {k[2:].replace("-", "_"): v for k, v in zip(extra[::2], extra[1::2])}


@app.command("refresh", cls=LightCommand, context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
             help="从 akshare 刷新 A 股股票列表（含上市日期、ST、退市）与概念板块；--hk/--us 刷新港股/美股名录")
def refresh(
    ctx: typer.Context,
    dataset: Optional[str] = typer.Argument(None, help="只刷新这一个数据集（其参数写成 --名称 值）"),
    hk: bool = typer.Option(False, "--hk", help="同时刷新港股名录"),
    us: bool = typer.Option(False, "--us", help="同时刷新美股名录"),
    board: Optional[List[str]] = typer.Option(None, "--board", help="同时刷新该概念板块的成分股（可重复）"),
    all_boards: bool = typer.Option(False, "--all-boards", help="刷新全部概念板块的成分股（数百次请求）"),
    force: bool = typer.Option(False, "--force", help="即使新列表比现用列表短得多也替换"),
) -> None:
    from tools.market_data import DATASETS, MarketData, MarketDataError, default_cache_dir
    from tools.market_data.refresh import refresh_boards, refresh_foreign, refresh_stock_master

    settings = ctx.obj
    market = MarketData(default_cache_dir(settings.home), offline=False)
    done = []
    try:
        if dataset:
            if dataset not in DATASETS:
                raise typer.BadParameter(f"没有数据集 {dataset}（可选：{'、'.join(sorted(DATASETS))}）")
            args = _dataset_args(list(ctx.args))
            if board and "board" in DATASETS[dataset].args:  # the message of a missing board says --board
                args["board"] = board[0]
            if set(args) != set(DATASETS[dataset].args):
                raise typer.BadParameter(f"{dataset} 需要参数 {' '.join('--' + a for a in DATASETS[dataset].args) or '（无）'}")
            frame = market.refresh(dataset, **args)
            out.print(f"✓ {dataset}：{len(frame)} 行，已写入缓存 {market.cache.root}")
            return
        done.append(refresh_stock_master(market, settings.home, force=force))
        if hk or us:
            done.append(refresh_foreign(market, settings.home, hk=hk, us=us, force=force))
        done += refresh_boards(market, [*(board or []), *_known_boards(settings.home, market)], every=all_boards)
    except MarketDataError as exc:
        for item in done:
            out.print(f"✓ {item.what}：{item.rows} 行 {item.detail}")
        err.print(f"[red]刷新未完成：{exc}[/]")
        raise typer.Exit(1) from None
    for item in done:
        where = f" → {item.path}" if item.path else ""
        out.print(f"✓ {item.what}：{item.rows} 行{('，' + item.detail) if item.detail else ''}{where}")


def _known_boards(home, market) -> list[str]:
    """Boards the chain templates name that the fresh board list really has (the others are skipped)."""
    from tools.chain.templates import load_templates
    from tools.market_data.boards import board_key

    names = {board_key(n) for n in market.concept_boards()["name"].dropna()}
    wanted = [b for t in load_templates(home / "chain_templates") for b in t.boards]
    return [b for b in dict.fromkeys(wanted) if board_key(b) in names]


@app.command("status", cls=LightCommand, help="显示正在使用的股票列表（随包附带或已刷新）及其数据日期")
def status(ctx: typer.Context) -> None:
    from tools.tickers.snapshot import A_FILE, FOREIGN_FILE, BUNDLED_DIR, describe, pick_list, read_meta

    for name, label in ((A_FILE, "A股股票列表"), (FOREIGN_FILE, "港股/美股名录")):
        path = pick_list(ctx.obj.home, name)
        if path is None:
            out.print(f"{label}：无")
            continue
        meta = read_meta(path)
        origin = "随包附带" if path.parent == BUNDLED_DIR else "已刷新"
        out.print(f"{label}：{origin}，{describe(meta)}，{meta.get('rows', '?')} 行（{path}）")
    if all(pick_list(ctx.obj.home, n) is None or pick_list(ctx.obj.home, n).parent == BUNDLED_DIR
           for n in (A_FILE, FOREIGN_FILE)):
        err.print("联网后运行 `touyan data refresh --hk --us` 更新；较新的上市公司不在随包附带的列表中。")
