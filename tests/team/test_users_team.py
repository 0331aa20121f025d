"""The user store tests (tests/test_users.py), collected here a second time so that they run on PostgreSQL:
this module's `user_store` fixture replaces the SQLite one."""

from pathlib import Path

import pytest

from tests.test_users import *  # noqa: F403 - every test of that module, on the team database


@pytest.fixture()
def user_store(catalog_url):  # noqa: F811 - replaces the SQLite store of tests/test_users.py
    from memory.users import open_users

    store = open_users(Path("/nonexistent-data-dir/library"), catalog_url)  # nothing is written there
    yield store
    store.close()


def test_team_users_are_in_postgresql(user_store, catalog_url):
    import psycopg

    user_store.add("alice", "admin")
    with psycopg.connect(catalog_url) as conn:
        assert conn.execute("SELECT name, role FROM users").fetchall() == [("alice", "admin")]
