"""`kill -9` from outside, at a moment no checkpoint chose: after a random number of result lines plus a
random delay (fixed seeds, so a failure names its case). Whatever the process was doing then, what
readers see is whole, a changed file is one version, and a rerun — or a writer still running beside
the killed one — completes every file exactly once."""

from __future__ import annotations

import random
import re
import time

import pytest

from tests.reliability import procs
from tests.reliability.conftest import write_corpus
from tests.reliability.library_checks import assert_consistent, assert_visible_is_whole, raw_state, report_id_of

FILES = 40  # two batches (INGEST_BATCH = 32): a kill after the first batch's lines lands in the second
RESULT = re.compile(r"^(✓ 已入库|= 未变化|↻ 已更新|✗ 失败)  ", re.M)


def _kill_after(run: procs.Run, lines: int, delay_s: float, timeout_s: float = 300) -> bool:
    """SIGKILL once the run printed `lines` result lines and `delay_s` more passed; False if it ended first."""
    deadline = time.monotonic() + timeout_s
    while len(RESULT.findall(run.output)) < lines:
        if not run.process.is_alive():
            return False
        assert time.monotonic() < deadline, run.output
        time.sleep(0.05)
    time.sleep(delay_s)
    if not run.process.is_alive():
        return False
    run.process.kill()
    run.process.join()
    return True


@pytest.mark.parametrize("seed", [1, 2])
def test_a_kill_at_a_random_moment_then_a_rerun(tmp_path, home, touyan_env, embedding, seed):
    rng = random.Random(seed)
    folder = tmp_path / "reports"
    files = write_corpus(folder, FILES)
    old = {}
    if seed % 2 == 0:  # replacement: every other file changed before the killed run
        assert procs.run(["ingest", str(folder)], touyan_env, tmp_path / "first.log").code == 0
        old = {p: report_id_of(p) for p in files[::2]}
        for i in range(0, FILES, 2):
            write_corpus(folder, 1, version=1, start=i)
    run = procs.start(["ingest", str(folder)], touyan_env, tmp_path / "killed.log")
    _kill_after(run, rng.randint(0, FILES - 1), rng.uniform(0, 1.5))

    raw = raw_state(home / "library", embedding)
    assert_visible_is_whole(raw)
    for path, old_id in old.items():
        assert len({old_id, report_id_of(path)} & raw.complete) == 1, (path, raw)
    rerun = procs.run(["ingest", str(folder)], touyan_env, tmp_path / "rerun.log")
    assert rerun.code == 0, rerun.output
    assert_consistent(home / "library", embedding, files)


def test_a_writer_killed_beside_a_live_one(tmp_path, home, touyan_env, embedding):
    """The live writer waits for the reports the killed one held, takes them over once its pid is gone,
    and finishes the whole folder itself: no rerun needed."""
    folder = tmp_path / "reports"
    files = write_corpus(folder, FILES)
    doomed = procs.start(["ingest", str(folder)], touyan_env, tmp_path / "doomed.log")
    live = procs.start(["ingest", str(folder)], touyan_env, tmp_path / "live.log")
    _kill_after(doomed, 1, random.Random(3).uniform(0, 1.0))
    live.wait(timeout=300)
    assert live.code == 0, live.output
    assert len(RESULT.findall(live.output)) == FILES and "✗ 失败" not in live.output, live.output
    assert_consistent(home / "library", embedding, files)
