"""Real `touyan` processes, cheaply: children forked from a forkserver that imported the CLI once.

Starting `touyan` costs ~8 s of imports on this machine; the suite starts ~50 processes. A forkserver
(multiprocessing) imports the CLI, chromadb and langchain-openai once, before any client or thread of
ours exists, and forks each child from there: every child is a separate process with its own pid,
running the real CLI entry point, and can be killed with SIGKILL like any other."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

PRELOAD = ["touyan.cli", "chromadb", "langchain_openai", "memory.report_library", "pypdf", "tests.reliability.procs",
           "tests.reliability.preload"]
_context = None


def _forkserver():
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
    return _context


def _child(args: list[str], env: dict[str, str], cwd: str, log: str) -> None:
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.chdir(cwd)  # no .env of the developer's checkout
    for name in [n for n in os.environ if n.startswith(("TOUYAN_", "OPENAI_"))]:
        del os.environ[name]
    os.environ.update(env)
    code = 0
    try:
        from touyan.cli import app

        app(args=args, prog_name="touyan")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # a traceback is a finding: keep it in the log
        import traceback

        traceback.print_exc()
        code = 99
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


@dataclass
class Run:
    process: object
    log: Path

    def wait(self, timeout: float = 300) -> Run:
        self.process.join(timeout)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
            raise TimeoutError(f"touyan did not finish in {timeout} s:\n{self.output}")
        return self

    @property
    def code(self) -> int:
        return self.process.exitcode

    @property
    def killed(self) -> bool:
        return self.process.exitcode == -signal.SIGKILL

    @property
    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""


def start(args: list[str], env: dict[str, str], log: Path) -> Run:
    """`touyan *args` in a new process, output (stdout and stderr) to `log`."""
    process = _forkserver().Process(target=_child, args=(list(args), dict(env), str(log.parent), str(log)))
    process.start()
    return Run(process, log)


def run(args: list[str], env: dict[str, str], log: Path, timeout: float = 300) -> Run:
    return start(args, env, log).wait(timeout)
