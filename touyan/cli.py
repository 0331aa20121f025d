"""`touyan` command line. Global options build Settings once; each command builds what it needs."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Any, Optional

import typer

from tools.errors import first_line, redact
from touyan.commands import chat as chat_cmd
from touyan.commands import concept as concept_cmd
from touyan.commands import data as data_cmd
from touyan.commands import eval as eval_cmd
from touyan.commands import fetch as fetch_cmd
from touyan.commands import fund_style as fund_style_cmd
from touyan.commands import ingest as ingest_cmd
from touyan.commands import llm as llm_cmd
from touyan.commands import reparse as reparse_cmd
from touyan.commands import search as search_cmd
from touyan.commands import serve as serve_cmd
from touyan.commands import strategy as strategy_cmd
from touyan.commands import summarize as summarize_cmd
from touyan.commands import worker as worker_cmd
from touyan.settings import load_settings


class App(typer.Typer):
    """The `touyan` entry point. An exception no command handled is printed as a plain traceback with
    secrets redacted (a provider's error may carry the key), not typer's traceback with local variables."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except Exception as exc:
            sys.stderr.write(redact("".join(traceback.format_exception(exc))))
            sys.exit(1)


app = App(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
          help="投研 touyan: 券商研报库、摘要与投研智能体")


@app.callback()
def main(
    ctx: typer.Context,
    data_dir: Optional[Path] = typer.Option(None, "--data-dir", help="数据目录 (默认 $TOUYAN_HOME 或 ~/.touyan)"),
    embedding: Optional[str] = typer.Option(None, "--embedding", help="use | e5 | openai"),
    env_file: Optional[Path] = typer.Option(None, "--env-file",
                                            help="从这个文件读取设置（默认只读数据目录下的 .env，从不读当前目录的）"),
) -> None:
    try:
        ctx.obj = load_settings(env_file=env_file, home=data_dir, embedding=embedding)
    except Exception as exc:  # pydantic's ValidationError: show which setting is wrong, never values of secrets
        raise typer.BadParameter(first_line(exc)) from None


app.command("ingest", help="把研报 (PDF/Word/TXT/MD/HTML, 文件或目录) 加入研报库")(ingest_cmd.ingest)
app.command("fetch", help="从东方财富（akshare）下载个股研报 PDF 并入库：--code 300750 [--since --broker]")(fetch_cmd.fetch)
app.command("reparse", help="解析器升级后，重新解析研报库中由旧版本解析的报告")(reparse_cmd.reparse)
app.command("search", help="在研报库中混合检索 (BM25 + 向量)")(search_cmd.search)
app.command("chat", help="与投研助手对话（会话可恢复）")(chat_cmd.chat)
app.command("threads", help="列出会话")(chat_cmd.threads)
app.command("serve", help="本地网页对话（默认只监听 127.0.0.1）")(serve_cmd.serve)
app.command("concept", help="热点概念解构：产业链图谱与经核验的上市公司")(concept_cmd.concept)
app.command("summarize", help="批量生成带页码引用核验的研报摘要与卖方观点汇总")(summarize_cmd.summarize)
app.command("strategy", help="核心+卫星配置建议：宏观信号、研报行业观点与基金风格")(strategy_cmd.strategy)
app.command("fund-style", help="基金风格识别：持仓主动轮动（定量）+ 基金经理表述（定性）")(fund_style_cmd.fund_style)
app.command("worker", help="团队模式：运行队列中的入库任务（任何能连到服务器的机器）")(worker_cmd.worker)
app.command("jobs", help="团队模式：队列中任务的进度（排队/运行中/完成/失败及原因）")(worker_cmd.jobs)
app.add_typer(eval_cmd.app, name="eval", help="提示词回归评测：run | compare | baseline | record")
app.add_typer(llm_cmd.app, name="llm", help="LLM 端点：check 检测支持的功能并给出建议设置")
app.add_typer(data_cmd.app, name="data", help="股票列表与市场数据：refresh（联网刷新）| status")


if __name__ == "__main__":
    app()
