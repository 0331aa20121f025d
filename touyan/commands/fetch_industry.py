"""`touyan fetch --industry 电池 [--limit 5] [--per-stock 2]`: akshare lists broker reports per stock only
(stock_research_report_em; it has no industry-report list), so an industry is fetched as its eastmoney
board's constituents (stock_board_industry_cons_em), the most traded first, each through `fetch --code`.
"""

from __future__ import annotations

from datetime import date as Date

import typer
from rich.markup import escape

from tools.errors import first_line
from touyan.console import err, out

EXIT_FAILED = 1


def industry_members(home, name: str) -> tuple[str, list[tuple[str, str]]]:
    """(board, [(code, name)…]) the most traded first; one Chinese line (typer.Exit) when unavailable."""
    from tools.market_data import MarketData, MarketDataError, SchemaDriftError, UnknownBoard, default_cache_dir
    from tools.market_data.errors import MarketDataUnavailable
    from touyan.commands.market_calls import unavailable_line

    market = MarketData(default_cache_dir(home), offline=False)
    try:
        frame = market.industry_constituents(name, source="em")
    except UnknownBoard as exc:
        line = str(exc)
    except SchemaDriftError as exc:
        line = f"akshare 返回的行业板块格式不对（缺少列 {'、'.join(exc.missing)}），未下载任何研报。"
    except MarketDataUnavailable as exc:
        line = unavailable_line(name, exc.reason, "行业成分股")
    except MarketDataError as exc:
        line = f"无法获取行业 {name} 的成分股：{first_line(exc)}"
    else:
        if "amount" in frame.columns:
            frame = frame.sort_values("amount", ascending=False, na_position="last", kind="stable")
        board = frame.attrs.get("provenance", {}).get("board", name)
        return board, [(str(c), str(n)) for c, n in zip(frame["code"], frame["name"]) if isinstance(c, str)]
    err.print(line, markup=False, soft_wrap=True)
    raise typer.Exit(EXIT_FAILED)


def fetch_industry(settings, name: str, start: Date | None, broker: str | None, stocks: int, per_stock: int,
                   delay: float, list_only: bool, fetch_stock) -> dict[str, int]:
    """Each chosen constituent through `fetch_stock` (fetch.py's, passed in: it imports this module)."""
    board, members = industry_members(settings.home, name)
    chosen = members[:stocks]
    out.print(f"行业板块「{escape(board)}」共 {len(members)} 只成分股，取成交额最大的 {len(chosen)} 只，"
              f"每只最多 {per_stock} 份研报。", highlight=False)
    totals = {"ingested": 0, "present": 0, "failed": 0}
    for code, stock_name in chosen:
        out.print(f"\n[bold]{escape(code)} {escape(stock_name)}[/]", highlight=False)
        try:
            counts = fetch_stock(settings, code, start, broker, per_stock, delay, list_only)
        except typer.Exit:  # this stock's listing failed (its line is printed): the others still run
            totals["failed"] += 1
            continue
        for key, value in counts.items():
            totals[key] += value
    out.print(f"\n行业合计：已入库 {totals['ingested']}，已在库中 {totals['present']}，失败 {totals['failed']}。")
    return totals
