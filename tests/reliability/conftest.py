"""Fixtures of the reliability suite: a local OpenAI-compatible server that embeds (deterministic
32-dimensional vectors, so the suite's time goes to concurrency and crashes, not to a model), the
environment a `touyan` child process runs with, and small corpora with a findable token per file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.openai_server import OpenAIServer

KEY = "sk-reliability-test"
BROKERS = ("中信证券", "华泰证券", "国泰君安", "广发证券", "招商证券")


@pytest.fixture(scope="module")
def embed_server():
    with OpenAIServer(embedding_dim=32) as server:
        yield server


@pytest.fixture()
def home(tmp_path) -> Path:
    return tmp_path / "home"


@pytest.fixture()
def touyan_env(embed_server, home) -> dict[str, str]:
    return {"TOUYAN_HOME": str(home), "TOUYAN_EMBEDDING": "openai", "TOUYAN_EMBEDDING_BASE_URL": embed_server.base_url,
            "OPENAI_API_KEY": KEY, "TOUYAN_PROGRESS_EVERY": "1000"}


@pytest.fixture()
def embedding(embed_server):
    from memory.embeddings import make_embedding_function

    return make_embedding_function("openai", base_url=embed_server.base_url, api_key=KEY)


def token(i: int, version: int = 0) -> str:
    """A word only file i (in this version) contains: every file can be found by keyword search."""
    return f"K{i:04d}V{version}Z"


def report_text(i: int, version: int = 0, pages: int = 2) -> str:
    body = [f"第{i}号研报（版本{version}）：行业景气度跟踪，样本编号{i}，关键词{token(i, version)}。"
            f"{'储能 光伏 半导体 机器人'.split()[i % 4]}需求改善。"]
    body += [f"第{p + 1}页：风险提示，编号{i}，页{p}，版本{version}。" for p in range(1, pages)]
    return "\f".join(body)


def write_corpus(folder: Path, count: int, version: int = 0, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        path = folder / f"2025{i % 12 + 1:02d}01_{BROKERS[i % len(BROKERS)]}_行业跟踪{i:04d}.txt"
        path.write_text(report_text(i, version), encoding="utf-8")
        paths.append(path)
    return paths
