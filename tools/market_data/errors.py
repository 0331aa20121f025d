"""Typed failures of the market-data layer. Messages are Chinese (they reach users) and say what to do."""

from __future__ import annotations

from typing import Mapping, Sequence


class MarketDataError(Exception):
    """Base class: anything the market-data layer raises on purpose."""


def format_args(args: Mapping[str, object]) -> str:
    return ", ".join(f"{key}={value}" for key, value in args.items())


class SchemaDriftError(MarketDataError):
    """akshare returned a frame without a column we require (it renames columns often)."""

    def __init__(self, dataset: str, missing: Sequence[str], seen: Sequence[str]):
        self.dataset = dataset
        self.missing = list(missing)
        self.seen = [str(column) for column in seen]
        super().__init__(
            f"数据集 {dataset} 的列结构变了：缺少必需列 {self.missing}；实际列为 {self.seen}。"
            f"请在 tools/market_data/schemas.py 中为该列补充别名。"
        )


class MarketDataUnavailable(MarketDataError):
    """Neither the source, the cache nor a fixture can answer."""

    def __init__(self, dataset: str, args: Mapping[str, object], function: str, reason: str,
                 fixtures_dir: str | None = None):
        self.dataset = dataset
        self.arguments = dict(args)  # not `args`: Exception.args holds the message
        self.function = function
        self.reason = reason
        call = f"{dataset}({format_args(args)})"
        refresh = " ".join([dataset, *(f"--{key} {value}" for key, value in args.items())])
        where = fixtures_dir or "tools/data/fixtures/"
        super().__init__(
            f"缺少市场数据 {call}（来源 akshare.{function}）：{reason}。"
            f"联网后运行 `touyan data refresh {refresh}` 写入缓存；"
            f"或将 fixtures 放到 {where}（并登记到其中的 MANIFEST.json）。"
        )


class UnknownBoard(MarketDataError):
    """A board name that matches no board, even through the alias table."""

    def __init__(self, name: str, kind: str, suggestions: Sequence[str]):
        self.name = name
        self.kind = kind
        self.suggestions = list(suggestions)
        hint = f"相近的板块：{'、'.join(self.suggestions)}" if self.suggestions else "没有相近的板块"
        super().__init__(f"未找到{kind}板块「{name}」。{hint}。")
