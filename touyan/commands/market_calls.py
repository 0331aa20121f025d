"""akshare calls the fetch and consensus commands share: one dataset fresh from the network, and the one
Chinese line a user reads when it cannot be had (network down, malformed answer, renamed columns)."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from touyan.console import err

EXIT_FAILED = 1


def a_share_code(code: str) -> str:
    from tools.tickers import StockMaster

    canonical = StockMaster.bundled().code_of(code.strip())
    if not canonical or not canonical.endswith((".SH", ".SZ", ".BJ")):
        raise typer.BadParameter(f"无法识别的 A 股代码或名称：{code}（如 300750 或 宁德时代）")
    return canonical


_NETWORK = ("ConnectionError", "ConnectTimeout", "ReadTimeout", "Timeout", "SSLError", "ProxyError",
            "ConnectError", "OSError", "gaierror")
_HOST = re.compile(r"host='([^']+)'")


PDF_HINT = "离线时可用 `touyan ingest` 导入本地 PDF"


def unavailable_line(code: str, reason: str, what: str = "研报列表", source: str = "东方财富",
                     hint: str = PDF_HINT) -> str:
    """One line for a listing that could not be had: the network, or an answer akshare could not read."""
    kind = reason.split(":", 1)[0].strip()
    if kind in _NETWORK or "Max retries" in reason:
        host = _HOST.search(reason)
        return (f"无法获取 {code} 的{what}：网络不可达（{host.group(1) if host else source}，{kind}）。"
                f"请检查网络连接；{hint}。")
    from tools.errors import first_line

    return f"无法获取 {code} 的{what}：{source}返回的内容无法解析（{first_line(reason)[:120]}），未下载任何文件。"


def market_frame(home: Path, dataset: str, subject: str, what: str, *, refresh: bool = True, source: str = "东方财富",
                 hint: str = PDF_HINT, **args):
    """A dataset fresh from akshare (or, refresh=False, from a fresh cache); one Chinese line (typer.Exit)
    when it cannot be had: the network, a malformed answer, or columns akshare renamed."""
    from tools.errors import first_line
    from tools.market_data import MarketData, MarketDataError, SchemaDriftError, default_cache_dir
    from tools.market_data.errors import MarketDataUnavailable

    market = MarketData(default_cache_dir(home), offline=False)
    try:
        return market.refresh(dataset, **args) if refresh else market.load(dataset, **args)
    except SchemaDriftError as exc:
        line = (f"akshare 返回的{what}格式不对（缺少列 {'、'.join(exc.missing)}），未下载任何文件；"
                "请升级 akshare 或在 tools/market_data/schemas.py 补充列名别名。")
    except MarketDataUnavailable as exc:
        line = unavailable_line(subject, exc.reason, what, source, hint)
    except MarketDataError as exc:
        line = f"无法获取 {subject} 的{what}：{first_line(exc)}"
    err.print(line, markup=False, soft_wrap=True)
    raise typer.Exit(EXIT_FAILED)


