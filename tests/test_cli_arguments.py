"""Command-line input that used to be accepted silently or end in a traceback (issue 11): impossible
dates and inverted ranges, arguments that are not UTF-8, and `/export` to a folder that is not there."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from memory.filters import SearchFilters, date_key
from touyan.cli import app

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def no_key(monkeypatch, tmp_path):
    for name in ("OPENAI_API_KEY", "TOUYAN_OPENAI_API_KEY", "OPENAI_BASE_URL", "TOUYAN_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def run(home: Path, *args: str, **kw):
    return CliRunner().invoke(app, ["--data-dir", str(home), *args], **kw)


def one_line(output: str) -> str:
    return " ".join(output.split())


@pytest.mark.parametrize("option, value", [("--from", "2025-13-45"), ("--from", "2025-02-30"), ("--to", "2025-00-10"),
                                           ("--to", "２０２５-０３-１２"), ("--from", "2025-3-1")])
def test_impossible_dates_are_refused(tmp_path, option, value):
    result = run(tmp_path, "search", "储能", option, value)
    assert result.exit_code == 2 and "日期无效" in one_line(result.output) and "Traceback" not in result.output


def test_an_inverted_range_is_refused_with_the_fix(tmp_path):
    result = run(tmp_path, "search", "储能", "--from", "2025-03-01", "--to", "2025-01-01")
    text = one_line(result.output)
    assert result.exit_code == 2 and "晚于" in text and "交换" in text


def test_real_dates_and_a_one_day_range_still_search(tmp_path):
    result = run(tmp_path, "search", "储能", "--from", "2024-02-29", "--to", "2024-02-29")
    assert result.exit_code == 0 and "研报库为空" in result.output  # an empty library says so, not "no hits"


def test_date_rules_in_the_filter_itself():
    assert date_key("20250312") == 20250312
    with pytest.raises(ValueError, match="日期无效"):
        date_key("2025-13-45")
    with pytest.raises(ValueError, match="晚于"):
        SearchFilters(date_from="2025-12-31", date_to="2025-01-01")


def test_a_query_that_is_not_utf8_gets_one_line(tmp_path):
    """Through a real process: the OS hands Python the raw bytes, surrogate-escaped (the cases below pass
    such strings to the CLI directly)."""
    command = [sys.executable, "-m", "touyan.cli", "--data-dir", str(tmp_path).encode(), b"search", b"\xff\xfe\xe5\x82"]
    result = subprocess.run(command, capture_output=True, timeout=120, cwd=REPO,
                            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(tmp_path),
                                 "COLUMNS": "200"})
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2 and "不是有效的 UTF-8" in stderr, stderr
    assert "Traceback" not in stderr and "UnicodeEncodeError" not in stderr


@pytest.mark.parametrize("args", [["search", "x", "--ticker", "30075\udcff"], ["search", "x", "--broker", "\udcc3("],
                                  ["search", "储能", "--report", "\udcff"], ["concept", "低空\udcff"],
                                  ["chat", "--thread", "\udce5abc"]])
def test_other_text_arguments_that_are_not_utf8_get_one_line(tmp_path, args):
    result = run(tmp_path, *args)
    assert result.exit_code == 2 and "不是有效的 UTF-8" in one_line(result.output)


def test_export_creates_a_missing_folder(tmp_path):
    target = tmp_path / "exports" / "2025" / "thread.md"
    result = run(tmp_path / "home", "chat", input=f"/export {target}\n/export {tmp_path / 'exports'}\n/exit\n")
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("# 投研对话")
    assert len(list((tmp_path / "exports").glob("touyan-*.md"))) == 1  # a folder gets the default name inside it
    assert result.output.count("已导出") == 2


def test_export_that_cannot_be_written_says_why_and_the_repl_goes_on(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = run(tmp_path / "home", "chat", input=f"/export {blocker}/sub/thread.md\n/threads\n/exit\n")
    assert result.exit_code == 0 and result.exception is None, result.output
    assert f"无法导出到{blocker}/sub/thread.md" in "".join(result.output.split())  # rich wraps long paths
    assert "会话" in result.output.split("无法导出")[1]  # /threads still ran after the failure
