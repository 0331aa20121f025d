"""Configuration mistakes through the real CLI (a subprocess, as a person runs it): one Chinese line on
stderr, an exit code, no traceback, no key."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from tests.conftest import REPO, write_report

CLI = [sys.executable, "-m", "touyan.cli"]


def run(home, *args, **env_extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TOUYAN_"))}
    env.update(env_extra)
    return subprocess.run([*CLI, "--data-dir", str(home), *args], env=env, capture_output=True, text=True, cwd=REPO,
                          timeout=300)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("errors") / "home"
    folder = home.parent / "in"
    folder.mkdir()
    report = write_report(folder, "20250318_中信证券_储能.txt", ["储能需求高增，宁德时代份额领先。"])
    assert run(home, "ingest", str(report)).returncode == 0
    return home


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed when the with block ends: nothing listens there


def one_line(result) -> str:
    assert "Traceback" not in result.stderr and "sk-" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_embedding_mismatch(home):
    result = run(home, "--embedding", "e5", "search", "储能")
    assert result.returncode == 2
    assert one_line(result) == ("这个研报库是用 use 向量模型建立的，不能用 --embedding e5 打开：去掉 --embedding"
                                "（或写 --embedding use）；要换模型，请用新的 --data-dir 重新导入。")


def test_openai_embedding_without_a_key(tmp_path):
    result = run(tmp_path / "new", "--embedding", "openai", "search", "储能")
    assert result.returncode == 2 and one_line(result).startswith("--embedding openai 需要 API key")


def test_unreachable_embedding_endpoint(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}/v1"
    result = run(tmp_path / "new", "--embedding", "openai", "search", "储能", OPENAI_API_KEY="sk-test-secret-123",
                 TOUYAN_EMBEDDING_BASE_URL=url)
    assert result.returncode == 3
    line = one_line(result)
    assert line.startswith(f"无法连接模型端点 {url}/embeddings （APIConnectionError）") and "--embedding use" in line
