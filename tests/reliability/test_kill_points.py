"""Issue 11, case 3: `kill -9` at 20 points of ingest, replacement and summarize leaves a library (and
an output folder) that a rerun completes with every file exactly once.

The points are the library's crash-safety checkpoints (TOUYAN_FAULT_POINT, touyan/faults.py: the
process sends itself SIGKILL the Nth time it passes the named one), drawn with a fixed seed so that a
failure replays. Before: a kill between completing the new version of a changed file and dropping the
old one left both `complete` (reruns said 未变化 and search returned both); a kill between a summary's
.json and .md left the .md missing for good."""

from __future__ import annotations

import csv
import io
import random

import pytest

from tests.reliability import procs
from tests.reliability.conftest import write_corpus
from tests.reliability.library_checks import assert_consistent, assert_visible_is_whole, raw_state, report_id_of

FILES = 12
CHANGED = 6  # files rewritten before the run that is killed (replacement)
POINTS = {
    # per batch (one batch of 12 files)        per file
    "ingest": [("ingest.leased", 1), ("ingest.vectors_written", 1), ("ingest.completed", FILES)],
    "replace": [("ingest.leased", 1), ("ingest.vectors_written", 1), ("ingest.completed", CHANGED),
                ("drop.vectors_deleted", CHANGED)],
    "summarize": [("ingest.completed", 8), ("summary.md_written", 8), ("summary.saved", 8)],
}


def _draw(seed: int = 11) -> list[tuple[str, str, int]]:
    """20 distinct (scenario, point, nth): every point of every scenario at least once, the rest drawn."""
    rng = random.Random(seed)
    drawn: list[tuple[str, str, int]] = []
    for scenario, share in (("ingest", 6), ("replace", 8), ("summarize", 6)):
        space = [(scenario, point, n) for point, most in POINTS[scenario] for n in range(1, most + 1)]
        chosen = [rng.choice([c for c in space if c[1] == point]) for point, _ in POINTS[scenario]]
        chosen += rng.sample([c for c in space if c not in chosen], share - len(chosen))
        drawn += sorted(chosen)
    return drawn


KILLS = _draw()


def _killed(args, env, log, point: str, nth: int) -> procs.Run:
    run = procs.run(args, {**env, "TOUYAN_FAULT_POINT": f"{point}:{nth}"}, log)
    assert run.killed, f"never reached {point}:{nth}\n{run.output}"
    return run


@pytest.mark.parametrize("scenario, point, nth", KILLS, ids=[f"{s}-{p}-{n}" for s, p, n in KILLS])
def test_kill_then_rerun_completes_every_file_once(tmp_path, home, touyan_env, embedding, scenario, point, nth):
    folder, library = tmp_path / "reports", home / "library"
    files = write_corpus(folder, 8 if scenario == "summarize" else FILES)
    if scenario == "summarize":
        _check_summaries_after_kill(tmp_path, touyan_env, embedding, files, point, nth)
        return
    old = {}
    if scenario == "replace":
        assert procs.run(["ingest", str(folder)], touyan_env, tmp_path / "first.log").code == 0
        old = {p: report_id_of(p) for p in files[:CHANGED]}
        write_corpus(folder, CHANGED, version=1)
    _killed(["ingest", str(folder)], touyan_env, tmp_path / "killed.log", point, nth)

    raw = raw_state(library, embedding)
    assert_visible_is_whole(raw)
    for path, old_id in old.items():  # a changed file is visible as exactly one version, never two or none
        assert len({old_id, report_id_of(path)} & raw.complete) == 1, (path, raw)

    rerun = procs.run(["ingest", str(folder)], touyan_env, tmp_path / "rerun.log")
    assert rerun.code == 0, rerun.output
    assert_consistent(library, embedding, files)


def _check_summaries_after_kill(tmp_path, env, embedding, files, point, nth) -> None:
    out = tmp_path / "out"
    args = ["summarize", str(files[0].parent), "--out", str(out), "--engine", "extractive"]
    _killed(args, env, tmp_path / "killed.log", point, nth)
    for summary in out.glob("*.json"):  # what a kill leaves: at most an .md without its .json
        assert summary.with_suffix(".md").exists(), summary

    rerun = procs.run(args, env, tmp_path / "rerun.log")
    assert rerun.code == 0, rerun.output
    ids = {report_id_of(p) for p in files}
    named = sorted(out.glob("*.json")), sorted(p for p in out.glob("*.md") if p.stem != "consensus")
    assert all(len(n) == len(ids) for n in named)  # one file pair per report, named …_<report_id>
    assert {p.stem.rsplit("_", 1)[-1] for p in named[0]} == ids == {p.stem.rsplit("_", 1)[-1] for p in named[1]}
    rows = list(csv.DictReader(io.StringIO((out / "index.csv").read_text(encoding="utf-8"))))
    assert sorted(r["report_id"] for r in rows) == sorted(ids) and {r["status"] for r in rows} == {"ok"}
    again = procs.run(args, env, tmp_path / "again.log")  # and now every report is finished: nothing redone
    assert again.code == 0 and again.output.count("已有结果，跳过") == len(files), again.output
    assert_consistent(tmp_path / "home" / "library", embedding, files)
