"""What `touyan` imports before it does anything (issue 15, goal 1). Not a timer: benchmarks/cli_startup.py
times start-up; this checks the cause of a slow one, in a fresh interpreter.

The invocations run one after another in one process, so what any of them imports stays in
sys.modules: none may pull in the heavy packages, which only the code path that needs them imports.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO
from tests.test_cli_messages import command_paths

HEAVY = ("langgraph", "langchain", "chromadb", "pandas", "akshare", "jieba", "numpy", "pyarrow", "fastapi",
         "uvicorn", "httpx", "openai", "tiktoken", "pydantic", "pydantic_settings", "agents", "evals")
# Every command registered on the app, found by walking it (a command added later is covered too).
SUBCOMMANDS = [" ".join(path) for path in command_paths()]
INVOCATIONS = [["--help"], ["-h"], ["--version"], ["-V"], ["threads"], *([*c.split(), "--help"] for c in SUBCOMMANDS),
               ["search", "-h"], ["--data-dir", "{home}", "--embedding", "e5", "threads"]]

_PROBE = """
import contextlib, io, json, sys
from touyan.cli import app
codes, outputs = [], []
for args in json.loads(sys.argv[1]):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            app(args=args, prog_name="touyan")
            codes.append(0)
        except SystemExit as exc:
            codes.append(exc.code or 0)
    outputs.append(out.getvalue())
print(json.dumps({"codes": codes, "outputs": outputs, "modules": sorted(sys.modules)}))
"""


def _run(invocations: list[list[str]], home) -> dict:
    args = [[a.replace("{home}", str(home)) for a in argv] for argv in invocations]
    done = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args)], cwd=REPO, capture_output=True,
                          text=True, timeout=120, env={"TOUYAN_HOME": str(home), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_help_version_threads_and_every_command_help_import_no_heavy_package(tmp_path):
    assert {"ingest", "fetch", "llm check", "eval run", "data status", "serve"} <= set(SUBCOMMANDS)
    result = _run(INVOCATIONS, tmp_path)
    assert result["codes"] == [0] * len(INVOCATIONS), list(zip(INVOCATIONS, result["codes"], result["outputs"]))
    heavy = sorted(m for m in result["modules"] if m.split(".")[0].split("_")[0] in {h.split("_")[0] for h in HEAVY})
    assert heavy == []
    # Our own heavy modules too: the parsers, and what reads files in batches or builds a Context.
    assert {"tools.documents", "touyan.file_batch", "touyan.context_factory", "rich.progress", "rich.table",
            "asyncio"}.isdisjoint(result["modules"])
    # The probe really ran the commands: each help names its command, --version prints it.
    for argv, output in zip(INVOCATIONS, result["outputs"]):
        if argv[-1] in ("--help", "-h") and len(argv) > 1:
            assert f"touyan {' '.join(argv[:-1])}" in output, (argv, output)
    assert result["outputs"][INVOCATIONS.index(["--version"])].startswith("touyan 0.")
    assert "还没有会话" in result["outputs"][INVOCATIONS.index(["threads"])]


def test_the_probe_sees_a_heavy_import_when_a_command_makes_one(tmp_path):
    # A command that does real work is allowed its packages: the check above is not blind to them.
    result = _run([["search", "研报", "--mode", "keyword"]], tmp_path)
    assert "jieba" in result["modules"] and "chromadb" in result["modules"]


def test_threads_lists_threads_in_aligned_columns(tmp_path):
    from memory.threads import ThreadRegistry

    registry = ThreadRegistry(tmp_path / "threads.sqlite3")
    first = registry.new_thread()
    registry.touch(first, "宁德时代的储能毛利率")
    result = _run([["threads"]], tmp_path)
    lines = result["outputs"][0].splitlines()
    assert lines[0] == "会话（1）" and lines[1].split() == ["thread", "标题", "轮数"]
    assert first in lines[3] and "宁德时代的储能毛利率" in lines[3]
    # The CJK title is two columns a character: the turn count lines up under its header.
    from touyan.console import display_width

    assert display_width(lines[3][: lines[3].rindex(" ") + 1]) == display_width(lines[1][: lines[1].index("轮数")])


def test_the_root_help_and_version_import_no_command_module_and_a_command_only_its_own(tmp_path):
    # The root lists its commands from touyan/cli.py's table (tests/test_cli_lazy.py checks the listing).
    result = _run([["--help"], ["-h"], ["--version"], ["nosuch"]], tmp_path)
    assert result["codes"] == [0, 0, 0, 2]
    assert [m for m in result["modules"] if m.startswith("touyan.commands.")] == []
    result = _run([["threads"], ["eval", "run", "--help"]], tmp_path)
    assert [m for m in result["modules"] if m.startswith("touyan.commands.")] == ["touyan.commands.chat",
                                                                                   "touyan.commands.eval"]
