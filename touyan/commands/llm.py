"""`touyan llm check`: what the configured endpoint supports, and the settings it recommends."""

from __future__ import annotations

from typing import Literal

import typer

from touyan.console import err, out
from touyan.light_typer import LightCommand, LightGroup

app = typer.Typer(cls=LightGroup, add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="LLM 端点：检测与建议设置")
MARK = {True: "[green]✓[/]", False: "[red]✗[/]", None: "[dim]-[/]"}


def _route_probe():
    """The structured-output probe's model (pydantic is imported only when the check runs)."""
    from pydantic import BaseModel, Field

    class RouteProbe(BaseModel):
        """选择处理流程"""

        route: Literal["summarize", "concept", "strategy", "search"] = Field(description="处理流程")
        ticker: str = Field(description="股票代码", json_schema_extra={"maxLength": 12})

    return RouteProbe


async def _check(llm):
    import httpx
    from langchain_core.messages import HumanMessage, SystemMessage

    from agents.llm.calls import CallPolicy
    from agents.llm.client import make_chat_model
    from agents.llm.errors import describe, is_llm_failure
    from agents.llm.probe import run_probes
    from agents.llm.structured import invoke_structured

    async def structured_check():
        messages = [SystemMessage("你是路由器。根据用户问题选择处理流程。"), HumanMessage("总结一下宁德时代（300750）的研报观点")]
        try:
            result = await invoke_structured(make_chat_model(llm), _route_probe(), messages, policy=CallPolicy(llm),
                                             purpose="route")
        except Exception as exc:
            if not is_llm_failure(exc):
                raise
            return False, describe(exc, llm)
        return True, f"解析为 {result.model_dump()}"

    headers = {"Authorization": f"Bearer {llm.api_key.get_secret_value()}"} if llm.has_key else {}
    async with httpx.AsyncClient(base_url=llm.base_url or "https://api.openai.com/v1", headers=headers) as client:
        return await run_probes(llm, client=client, structured_check=structured_check)


def check(ctx: typer.Context) -> None:
    """Probe the endpoint: models, plain completion, tool calls (forced/automatic, streamed or not), each
    structured-output method, streaming usage, tokens/s. Exit 0 when the configured method works, 1 when
    it fails, 5 when the endpoint cannot be reached."""
    import asyncio

    from rich.table import Table

    from agents.llm.errors import EXIT_LLM
    from agents.llm.probe import recommend
    from touyan.context_factory import llm_config, llm_problem

    llm = llm_config(ctx.obj)
    problem = llm_problem(llm)
    if problem:
        raise typer.BadParameter(problem)
    err.print(f"检测 {llm.base_url or '默认 OpenAI 端点'}（预设 {llm.provider}，模型 {llm.model}）：每项一个小请求，"
              "慢速本地服务器需要一两分钟…")
    report = asyncio.run(_check(llm))
    if not report.reachable:
        err.print(f"[red]✗ 连不上 {llm.base_url}：{report.probes[0].detail}。检查 OPENAI_BASE_URL 与服务是否已启动。[/]")
        raise typer.Exit(EXIT_LLM)
    table = Table(title=f"LLM 端点检测：{llm.base_url}")
    for column in ("项目", "结果", "说明", "耗时"):
        table.add_column(column, overflow="fold")
    for probe in report.probes:
        table.add_row(probe.label, MARK[probe.ok], probe.detail, f"{probe.seconds:.1f} s")
    out.print(table, width=max(out.width, 120))  # cells unwrapped even in a narrow terminal or pipe
    speed = [f"输出 {report.decode_tps:.1f} tokens/s" if report.decode_tps else "",
             f"读入 {report.prefill_tps:.0f} tokens/s" if report.prefill_tps else ""]
    if any(speed):
        out.print("实测速度：" + "，".join(s for s in speed if s) + "（超时按此估算，见 README「模型」）")
    advice = recommend(llm, report)
    if advice:
        out.print("建议写入 .env：")
        for name, value in advice.items():
            out.print(f"  {name}={value}")
    else:
        out.print("当前设置与检测结果一致，无需修改。")
    if not report.works("configured"):
        err.print(f"[red]✗ 当前配置的结构化输出方式 {llm.structured} 不可用：按上面的建议修改设置。[/]")
        raise typer.Exit(1)


app.command("check", cls=LightCommand, help="检测 LLM 端点支持什么（工具调用、结构化输出、流式 usage、速度）并给出建议设置")(check)
