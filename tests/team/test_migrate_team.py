"""`touyan library migrate`: the sample corpus ingested into an embedded library is copied to a real
PostgreSQL + Chroma server and back, through the real CLI. The command verifies the copy itself (counts and a
sample of vector searches); the test checks that verification against what the servers hold, that a
rerun copies nothing, that a report missing on one side is copied by the rerun (resumable), and that
searches through both engines return the same chunks."""

from __future__ import annotations

import json
import re
import shutil

import psycopg

from tests.conftest import SAMPLES
from tests.team.test_queue_team import team_env, touyan  # noqa: F401 (fixtures)
from tests.team.test_queue_team import embed_server  # noqa: F401


def _embedded(env: dict) -> dict:
    return {k: v for k, v in env.items() if k not in ("TOUYAN_CATALOG_URL", "TOUYAN_CHROMA_URL")}


def _ids(result) -> list[tuple]:
    """(report, page) of each hit, best first. Scores are not compared: BM25 is PostgreSQL's in team mode and
    tantivy's embedded (the same ranking formula, different document statistics)."""
    assert result.returncode == 0, result.stderr
    return [(hit["report_id"], hit["page"]) for hit in json.loads(result.stdout)["hits"]]


def _counts(text: str) -> tuple[int, ...]:
    found = re.search(r"研报 (\d+) → (\d+)，文本段 (\d+) → (\d+)，向量 (\d+) → (\d+)；抽样向量检索 (\d+)/(\d+) 份结果相同，(\d+)/(\d+) 份首条", text)
    assert found, text
    return tuple(int(g) for g in found.groups())


def test_migrate_to_team_and_back_verified_idempotent_resumable(tmp_path, team_env, catalog_url):  # noqa: F811
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus)
    home = tmp_path / "home"
    home.mkdir()
    embedded = _embedded(team_env)
    assert touyan(embedded, "ingest", str(corpus)).returncode == 0

    first = touyan(team_env, "library", "migrate", "--to", "team")
    assert first.returncode == 0, first.stdout + first.stderr
    reports, reports2, chunks, chunks2, vectors, vectors2, same, sampled, itself, sampled2 = _counts(first.stdout)
    assert reports == reports2 > 10 and chunks == chunks2 == vectors == vectors2
    assert same == sampled == itself == sampled2 > 10
    assert f"已复制 {reports} 份；目标中已有 0 份；失败 0 份" in first.stdout
    with psycopg.connect(catalog_url) as conn:  # what the servers really hold, not what the command says
        assert conn.execute("SELECT count(*) FROM reports WHERE status = 'complete'").fetchone()[0] == reports
        assert conn.execute("SELECT count(*) FROM chunks").fetchone()[0] == chunks
        assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == reports
        removed = conn.execute("SELECT report_id FROM reports ORDER BY report_id LIMIT 1").fetchone()[0]

    for query in ("人形机器人 灵巧手 供应商", "储能 毛利率", "宁德时代 盈利预测"):
        args = ("search", query, "--mode", "vector", "--json", "-k", "10", "--no-floor")
        assert _ids(touyan(team_env, *args)) == _ids(touyan(embedded, *args)), query
    # Keyword ranks differ by engine (PostgreSQL's BM25, tantivy's embedded): every matching chunk must be found.
    args = ("search", "灵巧手 谐波减速器", "--mode", "keyword", "--json", "-k", "200", "--no-floor", "--all-chunks")
    team_hits, embedded_hits = _ids(touyan(team_env, *args)), _ids(touyan(embedded, *args))
    assert 0 < len(embedded_hits) < 200 and sorted(team_hits) == sorted(embedded_hits)

    again = touyan(team_env, "library", "migrate", "--to", "team")
    assert f"已复制 0 份；目标中已有 {reports} 份" in again.stdout, again.stdout + again.stderr

    assert touyan(team_env, "reports", "rm", removed).returncode == 0  # one report lost on the team side
    resumed = touyan(team_env, "library", "migrate", "--to", "team")
    assert f"已复制 1 份；目标中已有 {reports - 1} 份" in resumed.stdout, resumed.stdout + resumed.stderr

    back_env = {**team_env, "TOUYAN_HOME": str(tmp_path / "back")}
    (tmp_path / "back").mkdir()
    back = touyan(back_env, "library", "migrate", "--to", "embedded")
    assert back.returncode == 0, back.stdout + back.stderr
    assert _counts(back.stdout)[:6] == (reports, reports, chunks, chunks, vectors, vectors)
    query = ("search", "人形机器人 灵巧手 供应商", "--json", "-k", "5")
    assert _ids(touyan(_embedded(back_env), *query)) == _ids(touyan(embedded, *query))


def test_migrate_refuses_a_password_on_the_command_line_and_needs_servers(tmp_path, team_env):  # noqa: F811
    (tmp_path / "home").mkdir()
    shown = touyan(team_env, "library", "migrate", "--to", "postgresql://u:hunter2secret@127.0.0.1:1/db")
    assert shown.returncode == 2 and "hunter2secret" not in shown.stdout + shown.stderr
    assert "不要写在命令行上" in shown.stderr
    alone = touyan(_embedded(team_env), "library", "migrate", "--to", "team")
    assert alone.returncode == 2 and "TOUYAN_CATALOG_URL" in alone.stderr and "Traceback" not in alone.stderr
