"""`touyan chat` in a terminal: Markdown rendered, the offline notice once, unknown /commands answered
with the command list (never sent as a question), citations as 《标题》p.N with PDF page numbers,
and `/export` to .xlsx."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import openpyxl
from rich.console import Console

from agents.supervisor.nodes import OFFLINE_NOTE
from tests.conftest import REPO, SAMPLES
from touyan.chat_display import AnswerPrinter, readable_citations
from touyan.commands.chat import command_word

HEX_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{16}(?![0-9a-f])")


def test_citations_get_titles_and_pdf_pages():
    titles = {"0123456789abcdef": "宁德时代深度报告"}
    text = ("储能出货高增 [《储能策略》· p.0]；目标价 320 元 [中信证券 · 0123456789abcdef · p.2]"
            "[华泰证券 · fedcba9876543210 · p.1]；评级 [中信证券 · 0123456789abcdef]")
    shown = readable_citations(text, titles.get, shift=1)
    assert "[《储能策略》p.1]" in shown and "[中信证券《宁德时代深度报告》p.3]" in shown
    assert "[华泰证券 · fedcba9876543210 · p.1]" in shown  # an id the library does not know stays as it was
    assert "[中信证券《宁德时代深度报告》]" in shown
    assert readable_citations("[《储能策略》· p.4]", shift=0) == "[《储能策略》p.4]"  # cite already 1-based


def test_command_words():
    assert command_word("/export a.md") == "/export" and command_word("/FOO bar") == "/foo"
    assert command_word("/etc/hosts 是什么") is None and command_word("/") is None and command_word("储能") is None


def test_printer_renders_tables_and_notes_offline_once():
    console = Console(force_terminal=True, width=100, record=True, color_system=None)
    printer = AnswerPrinter(console, None, OFFLINE_NOTE)
    table = "| 券商 | 目标价 |\n|---|---:|\n| 中信证券 | 320 |"
    printer.message(f"{table}\n\n{OFFLINE_NOTE}", streamed=False)
    printer.message(f"**结论** [《储能策略》· p.0]\n\n{OFFLINE_NOTE}", streamed=False)
    text = console.export_text()
    assert "|---|" not in text and "中信证券" in text and "─" in text  # a drawn table, not pipes
    assert "**" not in text and "p.0" not in text and "《储能策略》p.1" in text
    assert text.count("离线模式") == 1


def test_printer_streams_plain_lines_when_piped():
    console = Console(file=open(os.devnull, "w"), record=True, force_terminal=False, width=100)  # noqa: SIM115
    printer = AnswerPrinter(console, None, OFFLINE_NOTE)
    for token in ("第一行 [《储能策略》· p.0]\n第", "二行"):
        printer.token(token)
    printer.message("第一行 [《储能策略》· p.0]\n第二行", streamed=True)
    assert console.export_text() == "第一行 [《储能策略》p.1]\n第二行\n"


def test_chat_cli_in_a_terminal(tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "TOUYAN_HOME": str(home), "FORCE_COLOR": "1", "COLUMNS": "160"}
    env.pop("OPENAI_API_KEY", None)
    cli = [sys.executable, "-m", "touyan.cli"]
    for name in ("20250318_中信证券_宁德时代深度报告全球龙头再启航.pdf", "20250326_华泰证券_宁德时代储能价格战压制短期盈利弹性.pdf"):
        subprocess.run(cli + ["ingest", str(SAMPLES / name)], env=env, check=True, capture_output=True, cwd=REPO)
    export = tmp_path / "chat.xlsx"
    script = f"/foo\n把中信和华泰对宁德时代的观点对比一下\n总结一下宁德时代的研报\n/export {export}\n/exit\n"
    run = subprocess.run(cli + ["chat"], input=script, env=env, capture_output=True, text=True, cwd=REPO, timeout=600)
    assert run.returncode == 0, run.stderr
    plain = re.sub(r"\x1b\[[0-9;]*m", "", run.stdout)
    assert "没有命令 /foo" in run.stderr and "/export" in run.stderr.split("没有命令 /foo")[1]
    assert "卖方观点汇总" in plain and "|---|" not in plain and "─" in plain  # tables drawn
    assert plain.count("离线模式") == 1
    assert not HEX_ID.search(plain) and "· p." not in plain and "p.0]" not in plain
    assert re.search(r"\[中信证券《宁德时代深度报告全球龙头再启航》p\.[1-9]", plain)
    sheet = openpyxl.load_workbook(export)["对话"]
    rows = list(sheet.iter_rows(min_row=2, max_row=5, values_only=True))
    assert [r[1] for r in rows] == ["研究员", "投研助手", "研究员", "投研助手"]  # /foo was not sent
    assert rows[0][2] == "把中信和华泰对宁德时代的观点对比一下" and not HEX_ID.search(rows[1][2])
