"""Chat in team mode: two web app instances (two `touyan serve` replicas) on one PostgreSQL —
checkpointer, store and thread registry — continue the same thread, and keep nothing in their data
directories."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import SAMPLES, make_context
from tests.test_web_app import ask, new_thread
from tools.documents import load_document
from touyan.web import create_app

CONCEPT_REPORT = "20250305_国泰君安_低空经济产业链全景图谱.pdf"


@pytest.fixture()
def team_library(library):
    library.ingest(load_document(SAMPLES / CONCEPT_REPORT))
    return library


def test_one_thread_continues_across_two_replicas(team_library, catalog_url, tmp_path):
    homes = [tmp_path / "replica1", tmp_path / "replica2"]
    apps = [create_app(make_context(team_library), home, postgres_dsn=catalog_url) for home in homes]
    with TestClient(apps[0]) as first, TestClient(apps[1]) as second:
        thread_id = new_thread(first)
        answer_one = ask(first, thread_id, "拆解一下低空经济")[-1]["text"]
        assert thread_id in [t["thread_id"] for t in second.get("/api/threads").json()]
        answer_two = ask(second, thread_id, "上游有哪些公司？")[-1]["text"]
        for replica in (first, second):
            thread = replica.get(f"/api/threads/{thread_id}").json()
            assert [m["text"] for m in thread["messages"]] == ["拆解一下低空经济", answer_one, "上游有哪些公司？",
                                                               answer_two]
            assert thread["turns"] == 2 and thread["title"] == "拆解一下低空经济"
        # The concept chain of answer one, read back from the shared checkpoint by the other replica.
        assert second.get(f"/api/threads/{thread_id}/concept").status_code == 200
    for home in homes:  # no SQLite checkpoints, store or registry beside a replica
        assert list(home.glob("*.sqlite3")) == []


async def test_profiles_in_the_store_are_shared(catalog_url, tmp_path):
    from agents.supervisor.profile import Profile, load_profile, save_profile
    from memory.threads import open_persistence

    async with open_persistence(tmp_path / "a", catalog_url) as (_saver, store_a), \
            open_persistence(tmp_path / "b", catalog_url) as (_saver_b, store_b):
        assert await load_profile(store_b) == Profile()
        await save_profile(store_a, Profile(watchlist=["300750.SZ"], brokers=["中信证券"]))
        assert await load_profile(store_b) == Profile(watchlist=["300750.SZ"], brokers=["中信证券"])
