"""`touyan` command line. Global options build Settings once, when a command first reads one; each
command builds what it needs.

Start-up is part of the interface: `touyan --help`, `--version`, `threads` and every `COMMAND --help`
import only typer, click and the one command module they name, if any (COMMANDS below is listed
without importing any; tests/test_cli_startup.py lists what must not load, benchmarks/cli_startup.py
times them). Heavy packages are imported inside the commands.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Optional

import typer

from touyan import __version__
from touyan.arguments import EmbeddingChoice
from touyan.lazy_commands import Lazy
from touyan.light_typer import LightCommand, PathsCommand, RootGroup
from touyan.options import SettingsOnDemand


class App(typer.Typer):
    """The `touyan` entry point. An exception no command handled is printed as a plain traceback with
    secrets redacted (a provider's error may carry the key), not typer's traceback with local variables."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except Exception as exc:
            from touyan.human_errors import human_error

            if (known := human_error(exc)) is not None:  # a configuration a person can fix: one line
                sys.stderr.write(known.line + "\n")
                sys.exit(known.code)
            import traceback

            from tools.errors import redact

            sys.stderr.write(redact("".join(traceback.format_exception(exc))))
            sys.exit(1)


# The commands, in the order `touyan --help` lists them: name, module under touyan/commands, function
# (None: the module's `app`, a group of commands), help, click class. Only the command a command line
# names is imported and built (touyan/lazy_commands.py).
COMMANDS = (
    Lazy("ingest", "ingest", "ingest", "把研报 (PDF/Word/TXT/MD/HTML, 文件或目录) 加入研报库", PathsCommand),
    Lazy("fetch", "fetch", "fetch", "从东方财富（akshare）下载：--code 个股研报 | --industry 行业成分股研报 | --fund 基金定期报告",
         LightCommand),
    Lazy("consensus", "consensus", "consensus", "盈利预测一致预期：市场（同花顺）与本地研报库的对比", LightCommand),
    Lazy("reparse", "reparse", "reparse", "解析器升级后，重新解析研报库中由旧版本解析的报告", LightCommand),
    Lazy("search", "search", "search", "在研报库中混合检索 (BM25 + 向量)", LightCommand),
    Lazy("chat", "chat", "chat", "与投研助手对话（会话可恢复）", LightCommand),
    Lazy("threads", "chat", "threads", "列出会话", LightCommand),
    Lazy("serve", "serve", "serve", "本地网页对话（默认只监听 127.0.0.1）", LightCommand),
    Lazy("concept", "concept", "concept", "热点概念解构：产业链图谱与经核验的上市公司", LightCommand),
    Lazy("summarize", "summarize", "summarize", "批量生成带页码引用核验的研报摘要与卖方观点汇总", LightCommand),
    Lazy("strategy", "strategy", "strategy", "核心+卫星配置建议：宏观信号、研报行业观点与基金风格", LightCommand),
    Lazy("fund-style", "fund_style", "fund_style", "基金风格识别：持仓主动轮动（定量）+ 基金经理表述（定性）", LightCommand),
    Lazy("worker", "worker", "worker", "团队模式：运行队列中的入库任务（任何能连到服务器的机器）", LightCommand),
    Lazy("jobs", "worker", "jobs", "团队模式：队列中任务的进度（排队/运行中/完成/失败及原因）", LightCommand),
    Lazy("library", "library", None, "研报库迁移：migrate 在嵌入式与团队服务器之间复制"),
    Lazy("reports", "reports", None, "研报库管理：list 列出 | show 详情 | rm 删除"),
    Lazy("eval", "eval", None, "提示词回归评测：run | compare | baseline | record"),
    Lazy("llm", "llm", None, "LLM 端点：check 检测支持的功能并给出建议设置"),
    Lazy("data", "data", None, "股票列表与市场数据：refresh（联网刷新）| status"),
    Lazy("users", "users", None, "网页登录用户（TOUYAN_AUTH）：add | list | disable | token | passwd"),
)


class Root(RootGroup):
    listed = COMMANDS


# rich_markup_mode=None: click's plain help. typer's rich help imports rich's markdown, syntax and
# traceback modules, which alone take twice the start-up the help may cost.
app = App(cls=Root, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
          rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]},
          help="投研 touyan: 券商研报库、摘要与投研智能体")


def _print_version(value: bool) -> None:
    if value:
        print(f"touyan {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    data_dir: Optional[Path] = typer.Option(None, "--data-dir", envvar="TOUYAN_HOME", show_envvar=False,
                                            help="数据目录 (默认 $TOUYAN_HOME 或 ~/.touyan)"),
    embedding: Optional[EmbeddingChoice] = typer.Option(None, "--embedding", help="嵌入模型（默认取 TOUYAN_EMBEDDING，否则 use）"),
    env_file: Optional[Path] = typer.Option(None, "--env-file",
                                            help="从这个文件读取设置（默认只读数据目录下的 .env，从不读当前目录的）"),
    version: bool = typer.Option(False, "--version", "-V", callback=_print_version, is_eager=True,
                                 help="显示版本号并退出"),
    # Only whether TOUYAN_CATALOG_URL is set (team mode), read as click reads TOUYAN_HOME, so that
    # `touyan threads` loads Settings only then; Settings reads and validates the value itself.
    catalog_url: Optional[str] = typer.Option(None, "--catalog-url", envvar="TOUYAN_CATALOG_URL", hidden=True,
                                              show_envvar=False),
) -> None:
    if env_file is not None and not env_file.is_file():
        raise typer.BadParameter(f"--env-file {env_file} 不存在或不是文件")
    # typer carries its own click: its ParameterSource is compared by name
    if catalog_url is not None and getattr(ctx.get_parameter_source("catalog_url"), "name", "") != "ENVIRONMENT":
        raise typer.BadParameter("数据库地址含密码，不要写在命令行上：请设置 TOUYAN_CATALOG_URL（环境变量或数据目录的 .env）")
    ctx.obj = SettingsOnDemand(home=data_dir, env_file=env_file, embedding=embedding,
                               catalog_in_environment=bool(catalog_url and catalog_url.strip()))


if __name__ == "__main__":
    app()
