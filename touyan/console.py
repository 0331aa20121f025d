"""Output shared by the commands: one stdout console for results, one stderr console for progress and
notes, and the line that says which engine runs."""

from __future__ import annotations

from rich.console import Console

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)


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
