"""Parsing in worker processes (touyan/parse_pool.py): results in the order given, a file that kills its
worker fails alone with one line, and `touyan ingest` of a folder goes through the pool."""

from __future__ import annotations

import pytest

from tests.support import crashing_parse
from tools.documents import FileLimits
from touyan.file_batch import read_batches
from touyan.parse_pool import CRASHED, POOL_MIN_FILES, parsed_in_order, pool_workers


@pytest.fixture
def texts(tmp_path):
    paths = []
    for i in range(12):
        path = tmp_path / f"{i:02d}.txt"
        path.write_text(f"report {i}", encoding="utf-8")
        paths.append(path)
    return paths


def _results(paths, workers, lookahead=4):
    return [(path, result) for path, result, _ in
            parsed_in_order(paths, FileLimits(), workers, lookahead, parse=crashing_parse.parse)]


def test_worker_results_come_back_in_the_order_given(texts):
    assert _results(texts, workers=2) == _results(texts, workers=0) == [(p, p.read_text().upper()) for p in texts]


def test_a_file_that_kills_its_worker_fails_alone(tmp_path, texts):
    crash = tmp_path / "crash.txt"
    crash.write_text("x", encoding="utf-8")
    second = tmp_path / "crash-again.txt"
    second.write_text("y", encoding="utf-8")
    order = texts[:5] + [crash] + texts[5:9] + [second] + texts[9:]
    results = _results(order, workers=2)
    assert [p for p, _ in results] == order
    assert dict(results)[crash] == dict(results)[second] == CRASHED
    assert all(result == path.read_text().upper() for path, result in results if path not in (crash, second))


def test_read_batches_hands_over_every_document_once_in_order(tmp_path):
    paths = []
    for i in range(POOL_MIN_FILES + 3):
        path = tmp_path / f"2025010{i % 9 + 1}_示例证券_报告{i}.txt"
        path.write_text(f"第{i}份报告。储能出货同比增长{i}成。", encoding="utf-8")
        paths.append(path)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    failed = []
    pooled = list(read_batches(paths + [broken], FileLimits(), 4, lambda p, r: failed.append(p), workers=1))
    assert all(0 < len(batch) <= 4 for batch in pooled)
    assert [doc.source for batch in pooled for doc in batch] == paths and failed == [broken]
    in_process = list(read_batches(paths, FileLimits(), 4, lambda p, r: None, workers=0))
    assert [len(b) for b in in_process] == [4, 4, 3]  # nothing runs meanwhile: batches fill up
    assert [d.report_id for b in in_process for d in b] == [d.report_id for b in pooled for d in b]


def test_pool_only_for_enough_files_and_cores():
    assert pool_workers(POOL_MIN_FILES - 1, cpus=8) == 0
    assert pool_workers(POOL_MIN_FILES, cpus=1) == 0
    assert pool_workers(POOL_MIN_FILES, cpus=2) == 1
    assert pool_workers(100, cpus=8) == 7


_KILLED_MAIN = """
import json, sys, time
from touyan.parse_pool import _pool
pool = _pool(1)
pool.submit(sum, [1, 2]).result()  # the worker is up
print(json.dumps(list(pool._processes)), flush=True)
time.sleep(600)
"""


def test_workers_exit_when_the_process_that_made_them_is_killed():
    """A killed ingest never shuts its pool down: its parse worker must not wait for work forever."""
    import json
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import REPO

    main = subprocess.Popen([sys.executable, "-c", _KILLED_MAIN], cwd=REPO, stdout=subprocess.PIPE, text=True)
    workers = json.loads(main.stdout.readline())
    assert workers
    main.send_signal(signal.SIGKILL)
    main.wait()
    deadline = time.monotonic() + 30

    def alive(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True

    while any(map(alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(map(alive, workers))
