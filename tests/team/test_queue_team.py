"""Distributed ingest: `touyan ingest --queue` enqueues the sample corpus (plus one broken file), two
real `touyan worker` processes share the jobs, and one of them is killed with SIGKILL in the middle
of a job (after its vectors are written, before the catalog marks the report complete: the
`ingest.vectors_written` fault point). Every file must end up done exactly once: one complete report
per distinct content, vectors equal to the chunks the catalog expects, the killed job retried and
succeeded, the broken file failed once with its reason, and `touyan jobs` saying so."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from tests.conftest import SAMPLES
from tests.support.openai_server import OpenAIServer
from tools.documents import iter_document_paths

TOUYAN = str(Path(sys.executable).parent / "touyan")
KEY = "sk-team-queue-test"


@pytest.fixture()
def embed_server():
    with OpenAIServer(embedding_dim=32) as server:
        yield server


@pytest.fixture()
def team_env(tmp_path, catalog_url, chroma_url, embed_server) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TOUYAN_", "OPENAI_"))}
    env.update({"TOUYAN_HOME": str(tmp_path / "home"), "TOUYAN_EMBEDDING": "openai",
                "TOUYAN_EMBEDDING_BASE_URL": embed_server.base_url, "OPENAI_API_KEY": KEY,
                "TOUYAN_CATALOG_URL": catalog_url, "TOUYAN_CHROMA_URL": chroma_url,
                "TOUYAN_WORKER_HEARTBEAT_S": "1", "COLUMNS": "200"})
    return env


def touyan(env: dict, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([TOUYAN, *args], env=env, cwd=env["TOUYAN_HOME"], capture_output=True, text=True,
                          timeout=timeout)


def start_worker(env: dict, log: Path, *args: str, **extra: str) -> subprocess.Popen:
    with log.open("w") as handle:
        return subprocess.Popen([TOUYAN, "worker", *args], env={**env, **extra}, cwd=env["TOUYAN_HOME"],
                                stdout=handle, stderr=subprocess.STDOUT)


def status_counts(dsn: str) -> dict[str, int]:
    with psycopg.connect(dsn) as conn:
        return dict(conn.execute("SELECT status::text, count(*) FROM procrastinate_jobs GROUP BY status").fetchall())


def test_two_workers_one_killed_every_file_done_exactly_once(tmp_path, team_env, catalog_url, chroma_url):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus)
    (corpus / "20250101_坏文件_损坏的研报.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    files = list(iter_document_paths([corpus]))
    Path(team_env["TOUYAN_HOME"]).mkdir()

    queued = touyan(team_env, "ingest", str(corpus), "--queue")
    assert queued.returncode == 0, queued.stderr
    assert f"已加入队列 {len(files)} 个文件" in queued.stdout
    again = touyan(team_env, "ingest", str(corpus), "--queue")  # nothing ran yet: all already waiting
    assert f"已加入队列 0 个文件；{len(files)} 个内容相同的已在队列中" in again.stdout

    doomed = start_worker(team_env, tmp_path / "a.log", TOUYAN_FAULT_POINT="ingest.vectors_written:2")
    survivor = start_worker(team_env, tmp_path / "b.log", "--concurrency", "2")
    try:
        assert doomed.wait(timeout=240) == -signal.SIGKILL, (tmp_path / "a.log").read_text()
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            counts = status_counts(catalog_url)
            if counts.get("todo", 0) + counts.get("doing", 0) == 0:
                break
            time.sleep(1)
    finally:
        survivor.send_signal(signal.SIGTERM)
        survivor.wait(timeout=60)
        if doomed.poll() is None:
            doomed.kill()
    log = (tmp_path / "b.log").read_text()
    assert status_counts(catalog_url) == {"succeeded": len(files) - 1, "failed": 1}, log

    with psycopg.connect(catalog_url) as conn:
        retried = conn.execute("SELECT attempts FROM procrastinate_jobs WHERE attempts > 0").fetchall()
        outcomes = conn.execute("SELECT path, outcome, report_id, reason FROM touyan_job_outcomes").fetchall()
        reports = conn.execute("SELECT report_id, status, chunk_count FROM reports").fetchall()
        sources = dict(conn.execute("SELECT path, report_id FROM sources").fetchall())
    assert retried, "the job of the killed worker was never retried"
    final = {path: (outcome, rid, reason) for path, outcome, rid, reason in outcomes}
    broken = str((corpus / "20250101_坏文件_损坏的研报.pdf").resolve())
    assert final.pop(broken)[0] == "failed"
    assert {o for o, _rid, _r in final.values()} <= {"ingested", "unchanged"}
    written = [rid for o, rid, _r in final.values() if o == "ingested"]
    assert sorted(written) == sorted(set(written)), "a report was written twice"
    assert {rid for _o, rid, _r in final.values()} == set(written)  # every "unchanged" was written by another job
    assert all(status == "complete" for _rid, status, _n in reports) and len(reports) == len(written)
    assert {str(p.resolve()) for p in files} - {broken} == set(sources)

    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=int(chroma_url.rsplit(":", 1)[1]))
    assert client.get_collection("reports").count() == sum(n for _rid, _s, n in reports)

    shown = touyan(team_env, "jobs")
    assert shown.returncode == 0 and "坏文件" in shown.stdout, shown.stdout + shown.stderr
