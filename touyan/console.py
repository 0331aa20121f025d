"""Output shared by the commands: one stdout console for results, one stderr console for progress and
notes, and the line that says which engine runs.

The consoles are built on first use: importing rich.console costs about half the start-up of
`touyan --help`, which prints nothing through them.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:
    from rich.console import Console


class LazyConsole:
    """A rich Console made the first time anything is asked of it (rich's Progress and Live use it as
    a context manager too, which attribute lookup alone does not cover)."""

    def __init__(self, **options: Any):
        self._options = options
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console, name)

    def __enter__(self) -> Console:
        return self.console.__enter__()

    def __exit__(self, *exc: Any) -> None:
        self.console.__exit__(*exc)


out = LazyConsole(highlight=False, soft_wrap=True)
err = LazyConsole(stderr=True, highlight=False)


def announce_engine(engine: str, explicit: bool, llm=None) -> None:
    if engine == "extractive" and not explicit:
        err.print("[yellow]未配置 LLM 端点（OPENAI_BASE_URL / TOUYAN_PROVIDER / OPENAI_API_KEY）：使用离线 extractive 引擎"
                  "（句子抽取 + 规则提取评级/目标价/EPS）。配置端点后默认使用 llm 引擎。[/]")
    elif engine == "llm" and llm is not None:
        err.print(f"引擎：llm（{llm.provider}，模型 {llm.model}，{llm.base_url or '默认端点'}）")
    else:
        err.print(f"引擎：{engine}")


def wrote(paths) -> None:
    for path in paths:
        err.print(f"已写出 {path}", markup=False)  # a folder may be named `[x]`


def display_width(text: str) -> int:
    """Terminal columns: CJK (wide and fullwidth) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def plain_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns aligned for a terminal without rich: for listings on the start-up path (`touyan threads`)."""
    widths = [max(display_width(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        padded = [str(c) + " " * (w - display_width(str(c))) for c, w in zip(cells, widths)]
        return "  ".join(padded).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])
