"""Issue 11, case 1: several `touyan ingest` processes on one data directory lose nothing.

Before: two concurrent runs both printed ✓ for all 200 files and exited 0, yet 168 (another run: 188)
reports were complete, with orphan chunks and dangling sources: opening the library deleted the
reports another live process was writing, and the later status flip matched 0 rows unchecked."""

from __future__ import annotations

import re

import pytest

from tests.reliability import procs
from tests.reliability.conftest import write_corpus
from tests.reliability.library_checks import assert_consistent

RESULT = re.compile(r"^(✓ 已入库|= 未变化|↻ 已更新|✗ 失败)  (\S+)", re.M)


@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_ingests_lose_nothing(tmp_path, home, touyan_env, embedding, writers):
    files = write_corpus(tmp_path / "reports", 200)
    runs = [procs.start(["ingest", str(tmp_path / "reports")], touyan_env, tmp_path / f"ingest{n}.log")
            for n in range(writers)]
    for run in runs:
        run.wait(timeout=300)
    ok: set[str] = set()
    for run in runs:
        assert run.code == 0, run.output
        lines = RESULT.findall(run.output)
        assert len(lines) == len(files), run.output  # one line per file in every process
        assert not [line for line in lines if line[0] == "✗ 失败"], run.output
        ok |= {path for mark, path in lines if mark == "✓ 已入库"}
    assert len(ok) == len(files)  # every file was written by exactly one of them …
    assert sum(run.output.count("✓ 已入库") for run in runs) == len(files)
    assert_consistent(home / "library", embedding, files)  # … and every ✓ is in all three indexes
