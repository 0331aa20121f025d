"""The CLI speaks Chinese (issue 15): every command's help, the usage errors click raises, and the value
errors typer's pydantic coercion raises; options with a fixed set of values list them; flags show no
value type. Run through the real command line: the console script, and the app object it calls."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from touyan.cli import app
from touyan.lazy_commands import command_paths as every_command_path
from touyan.light_typer import RootGroup

ENGLISH = re.compile(r"Usage:|Options|Arguments|Commands|Show this message|Try '|Error:|Invalid value|Missing "
                     r"(argument|option)|No such|default:|required\]|<(str|int|float|bool|path|int range)>|Input should")
TOUYAN = str(Path(sys.executable).with_name("touyan"))


def command_paths() -> list[tuple[str, ...]]:
    """Every command and group under the root, as the user types it."""
    return every_command_path(typer.main.get_command(app))


def run(*args: str):
    return CliRunner().invoke(app, list(args), prog_name="touyan")


def test_every_help_is_in_chinese():
    paths = command_paths()
    assert {("ingest",), ("search",), ("eval", "run"), ("llm", "check"), ("fetch",), ("data", "status")} <= set(paths)
    for argv in [(), *paths]:
        result = run(*argv, "-h")
        assert result.exit_code == 0, (argv, result.output)
        assert result.output.startswith(f"用法：touyan {' '.join(argv)}".rstrip() + " "), result.output
        assert "显示本帮助并退出" in result.output
        assert not ENGLISH.search(result.output), (argv, ENGLISH.search(result.output), result.output)


def test_options_with_fixed_values_list_them_and_flags_show_no_type():
    search = run("search", "-h").output
    assert "--mode <hybrid|vector|keyword>" in search and "[默认 hybrid]" in search and "[默认 10；1–200]" in search
    assert re.search(r"^  --json +输出 JSON$", search, re.M)  # a flag: no value type
    assert "--embedding <use|e5|openai>" in run("-h").output
    assert "--engine <llm|extractive>" in run("chat", "-h").output
    assert "--cache <replay|record|off>" in run("eval", "run", "-h").output


@pytest.mark.parametrize("argv, message", [
    (["search", "储能", "-k", "0"], "错误：-k 的值无效：应大于或等于 1（收到 “0”）"),
    (["search", "储能", "-k", "300"], "错误：-k 的值无效：应小于或等于 200（收到 “300”）"),
    (["serve", "--port", "abc"], "错误：--port 的值无效：应为整数（收到 “abc”）"),
    (["search", "储能", "--mode", "bm25"], "错误：--mode 的值无效：“bm25” 不是可选值，只能是 hybrid | vector | keyword"),
    (["--embedding", "bert", "threads"], "错误：--embedding 的值无效：“bert” 不是可选值，只能是 use | e5 | openai"),
    (["search"], "错误：缺少参数 QUERY"),
    (["eval", "run", "--out", "x"], "错误：缺少选项 --suite"),
    (["search", "储能", "--bogus"], "错误：没有选项 --bogus"),
    (["serach", "储能"], "错误：没有命令 “serach”（是不是要用 search？）"),
    (["serch"], "错误：没有命令 “serch”（是不是要用 search、users、serve？）"),
    (["eval", "rn"], "错误：没有命令 “rn”（是不是要用 run？）"),
    (["search", "储能", "-k"], "错误：选项 -k 需要一个值"),
    (["threads", "extra"], "错误：多余的参数：extra"),
])
def test_usage_errors_are_one_chinese_line_with_the_usage(argv, message):
    result = run(*argv)
    assert result.exit_code == 2, result.output
    assert message in result.output.splitlines(), result.output
    if argv[-1] != "-k":  # click's parser raises this one without the command, so without its usage line
        assert "用法：touyan" in result.output and "查看帮助" in result.output
    assert not ENGLISH.search(result.output), result.output


def test_the_console_script_prints_the_error_on_stderr_in_chinese(tmp_path):
    done = subprocess.run([TOUYAN, "--data-dir", str(tmp_path), "search", "储能", "-k", "0"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines()[-1] == "错误：-k 的值无效：应大于或等于 1（收到 “0”）"


def test_a_command_registered_without_a_class_gets_chinese_help_and_errors():
    """Other commands are registered with a bare `app.command(...)`: the root group gives them the
    light, Chinese classes when it looks them up."""
    other = typer.Typer(cls=RootGroup, add_completion=False, rich_markup_mode=None,
                        context_settings={"help_option_names": ["-h", "--help"]})
    sub = typer.Typer()

    @other.command("reports")
    def reports(limit: int = typer.Option(20, "--limit", min=1, help="最多几条")) -> None:
        print(limit)

    @sub.command("status")
    def status() -> None:
        print("ok")

    other.add_typer(sub, name="jobs")
    help_text = CliRunner().invoke(other, ["reports", "-h"], prog_name="touyan").output
    assert "用法：touyan reports [选项]" in help_text and "--limit <整数>" in help_text and "[默认 20；≥ 1]" in help_text
    assert "用法：touyan jobs status" in CliRunner().invoke(other, ["jobs", "status", "-h"], prog_name="touyan").output
    error = CliRunner().invoke(other, ["reports", "--limit", "0"], prog_name="touyan")
    assert error.exit_code == 2 and "错误：--limit 的值无效：应大于或等于 1（收到 “0”）" in error.output
