"""`touyan summarize … --queue` run by two real `touyan worker` processes against a real PostgreSQL, Chroma
server and the local OpenAI-compatible server: every file summarized once, the rate limit and the token
budget shared by both workers (memory/pg_llm_limits.py), jobs over the budget failed with their reason in
`touyan jobs`, and the output folder's index listing every finished summary."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import psycopg
import pytest

from tests.conftest import SAMPLES
from tests.support.openai_server import OpenAIServer
from tests.support.report_reader import ReportReader
from tests.team.test_queue_team import TOUYAN, status_counts, touyan
from tools.documents import iter_document_paths

RPM = 30  # one request every 2 s for all workers together
JITTER_S = 1.0  # between taking the limiter's token and the request reaching the server, on a loaded machine
FILES = 8


@pytest.fixture()
def llm_server():
    with OpenAIServer(ReportReader(), embedding_dim=32) as server:
        yield server


@pytest.fixture()
def env(tmp_path, catalog_url, chroma_url, llm_server) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("TOUYAN_", "OPENAI_"))}
    env.update({"TOUYAN_HOME": str(tmp_path / "home"), "TOUYAN_EMBEDDING": "openai", "OPENAI_API_KEY": "sk-queue-test",
                "OPENAI_BASE_URL": llm_server.base_url, "TOUYAN_CATALOG_URL": catalog_url, "TOUYAN_CHROMA_URL": chroma_url,
                "TOUYAN_WORKER_HEARTBEAT_S": "5", "TOUYAN_REQUESTS_PER_MINUTE": str(RPM), "COLUMNS": "200"})
    (tmp_path / "home").mkdir()
    return env


def _run_workers(env: dict, tmp_path, n: int = 2) -> None:
    workers = [subprocess.Popen([TOUYAN, "worker", "--burst", "--concurrency", "2"], env=env, cwd=env["TOUYAN_HOME"],
                                stdout=(tmp_path / f"w{i}.log").open("w"), stderr=subprocess.STDOUT) for i in range(n)]
    for i, worker in enumerate(workers):
        assert worker.wait(timeout=600) == 0, (tmp_path / f"w{i}.log").read_text()


def _budget(dsn: str) -> dict:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT budget, used, reserved, refused FROM touyan_llm_budget").fetchone()
        conn.execute("DELETE FROM touyan_llm_budget")
    return dict(zip(("budget", "used", "reserved", "refused"), row))


def test_queued_summaries_share_the_rate_limit_and_the_budget(tmp_path, env, catalog_url, llm_server):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(iter_document_paths([SAMPLES]))[:FILES]:
        shutil.copy(path, corpus / path.name)

    queued = touyan(env, "summarize", str(corpus), "--out", str(tmp_path / "all"), "--engine", "llm", "--queue",
                    "--budget-tokens", "100000000")
    assert queued.returncode == 0 and f"已加入队列 {FILES} 个摘要任务" in queued.stdout, queued.stdout + queued.stderr
    again = touyan(env, "summarize", str(corpus), "--out", str(tmp_path / "all"), "--engine", "llm", "--queue")
    assert f"已加入队列 0 个摘要任务；{FILES} 个内容相同的已在队列中" in again.stdout
    _run_workers(env, tmp_path)
    assert status_counts(catalog_url) == {"succeeded": FILES}
    rows = list(csv.DictReader(io.StringIO((tmp_path / "all" / "index.csv").read_text(encoding="utf-8"))))
    assert len(rows) == FILES and {r["status"] for r in rows} == {"ok"}
    assert len(llm_server.chat_requests) == FILES  # one call per report, none repeated
    starts = sorted(r.received_at for r in llm_server.chat_requests)
    # two workers × 2 slots, yet one shared pace: the first and last requests are FILES-1 intervals apart (14 s);
    # each worker's own limiter would send two at a time, FILES/2-1 intervals (6 s). Only the whole span is
    # checked: a loaded machine can delay any one request between the limiter and the server by a second or two
    assert starts[-1] - starts[0] >= (FILES - 1) * 60 / RPM - 2 * JITTER_S, [round(b - a, 2) for a, b in zip(starts, starts[1:])]
    whole = _budget(catalog_url)
    assert whole["reserved"] == 0 and whole["refused"] == 0 and whole["used"] > 0

    # The same files again into another folder, with half the tokens the whole batch took.
    half = whole["used"] // 2
    queued = touyan(env, "summarize", str(corpus), "--out", str(tmp_path / "half"), "--engine", "llm", "--queue",
                    "--budget-tokens", str(half))
    assert queued.returncode == 0, queued.stderr
    _run_workers(env, tmp_path)
    spent = _budget(catalog_url)
    assert spent["used"] <= half and spent["reserved"] == 0, spent  # never past the budget, in total
    counts = status_counts(catalog_url)
    done, refused = counts["succeeded"] - FILES, counts.get("failed", 0)
    assert done >= 1 and refused >= 1 and done + refused == FILES, counts
    shown = touyan(env, "jobs")
    assert shown.returncode == 0 and "摘要任务" in shown.stdout and shown.stdout.count("token budget") + \
        shown.stdout.count("预算") >= refused, shown.stdout
    rows = list(csv.DictReader(io.StringIO((tmp_path / "half" / "index.csv").read_text(encoding="utf-8"))))
    assert len([r for r in rows if r["status"] == "ok"]) == done
