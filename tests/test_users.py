"""The user store (memory/users.py) on the SQLite catalog file; tests/team/test_users_team.py collects these
tests again on PostgreSQL: one interface, the same behaviour on both engines."""

from __future__ import annotations

import time

import pytest

from memory.users import TOKEN_PREFIX, UserError, UserStore, digest, open_users, seconds_to_room

PASSWORD = "correct horse battery"


@pytest.fixture()
def user_store(tmp_path):
    store = open_users(tmp_path / "library")
    yield store
    store.close()


def test_users_live_in_the_catalog_file(tmp_path):
    store = open_users(tmp_path / "library")
    store.close()
    assert (tmp_path / "library" / "catalog.sqlite3").is_file()


def test_password_sign_in_and_roles(user_store):
    admin = user_store.add("Alice", "admin", PASSWORD)
    assert admin.name == "alice" and admin.is_admin
    user_store.add("bob", "user", PASSWORD + "!")
    assert user_store.authenticate("ALICE", PASSWORD) == user_store.get("alice")
    assert user_store.authenticate("alice", PASSWORD + "!") is None
    assert user_store.authenticate("nobody", PASSWORD) is None
    assert [(u.name, u.role) for u in user_store.list()] == [("alice", "admin"), ("bob", "user")]
    assert user_store.active_count() == 2


def test_nothing_secret_is_stored_as_given(user_store):
    user_store.add("alice", "user", PASSWORD)
    token = user_store.new_token("alice", "script")
    signed = user_store.open_session(user_store.get("alice"), 60)
    rows = [row for table in ("users", "user_tokens", "user_sessions")
            for row in user_store._run(f"SELECT * FROM {table}")[0]]
    stored = repr(rows)
    assert PASSWORD not in stored and token not in stored and signed.session_id not in stored
    assert "$argon2id$" in stored and digest(token) in stored and digest(signed.session_id) in stored


@pytest.mark.parametrize("name, role, password", [
    ("bad/name", "user", PASSWORD), ("", "user", PASSWORD), ("x" * 65, "user", PASSWORD),
    ("carol", "root", PASSWORD), ("carol", "user", "short"),
])
def test_bad_requests_are_one_line_and_store_nothing(user_store, name, role, password):
    with pytest.raises(UserError) as caught:
        user_store.add(name, role, password)
    assert "\n" not in str(caught.value) and password not in str(caught.value)
    assert user_store.list() == []


def test_a_name_is_taken_once(user_store):
    user_store.add("alice", "user", PASSWORD)
    with pytest.raises(UserError, match="已存在"):
        user_store.add("Alice", "admin", PASSWORD)
    assert user_store.get("alice").role == "user"


def test_api_tokens(user_store):
    user_store.add("alice", "user")  # token-only: no password, so no password sign-in
    assert user_store.authenticate("alice", "") is None
    token = user_store.new_token("alice", "ci")
    assert token.startswith(TOKEN_PREFIX) and len(token) > 40
    assert user_store.user_for_token(token).name == "alice"
    assert user_store.user_for_token(token + "x") is None
    assert user_store.get("alice").tokens == 1
    with pytest.raises(UserError):
        user_store.new_token("nobody")


def test_sessions_expire_and_end(user_store):
    alice = user_store.add("alice", "user", PASSWORD)
    signed = user_store.open_session(alice, 60)
    assert user_store.session(signed.session_id) == (user_store.get("alice"), signed.csrf)
    assert user_store.session("forged") is None
    user_store.close_session(signed.session_id)
    assert user_store.session(signed.session_id) is None
    brief = user_store.open_session(alice, 0.01)
    time.sleep(0.05)
    assert user_store.session(brief.session_id) is None


def test_disabling_ends_sessions_and_tokens_at_once(user_store):
    alice = user_store.add("alice", "user", PASSWORD)
    signed, token = user_store.open_session(alice, 60), user_store.new_token("alice")
    user_store.disable("alice")
    assert user_store.session(signed.session_id) is None and user_store.user_for_token(token) is None
    assert user_store.authenticate("alice", PASSWORD) is None
    assert user_store.get("alice").disabled and user_store.active_count() == 0
    with pytest.raises(UserError):
        user_store.disable("nobody")


def test_password_change(user_store):
    user_store.add("alice", "user", PASSWORD)
    user_store.set_password("alice", PASSWORD + "2")
    assert user_store.authenticate("alice", PASSWORD) is None and user_store.authenticate("alice", PASSWORD + "2")


def test_rate_limit_windows(user_store, monkeypatch):
    now = [1_000_020.0]  # 0 s into a minute
    monkeypatch.setattr(time, "time", lambda: now[0])
    assert [user_store.hit("requests:alice", 3) for _ in range(4)] == [True, True, True, False]
    assert user_store.hit("requests:bob", 3)  # per bucket
    now[0] += 60  # a minute on: the previous minute's 4 still weigh in fully
    assert not user_store.hit("requests:alice", 3)
    now[0] += 45  # 45 s in: the previous four weigh a quarter, 2 + 1 <= 3
    assert user_store.hit("requests:alice", 3)
    now[0] += 120  # two minutes on: only the window before this one is kept
    assert user_store.hit("requests:alice", 3)
    assert len(user_store._run("SELECT * FROM user_hits WHERE bucket = ?", ("requests:alice",))[0]) == 1


def test_a_burst_across_a_minute_edge_is_still_limited(user_store, monkeypatch):
    """A fixed per-minute count let 2 + 2 attempts through around the minute's edge (and failed CI once)."""
    now = [1_000_019.5]  # half a second before a minute ends
    monkeypatch.setattr(time, "time", lambda: now[0])
    assert [user_store.hit("sign-in:bob", 2) for _ in range(2)] == [True, True]
    now[0] += 1.0
    assert [user_store.hit("sign-in:bob", 2) for _ in range(2)] == [False, False]


def test_a_refused_request_is_told_when_one_more_fits(user_store, monkeypatch):
    """Retry-After under the sliding count: not "when this minute ends" but when the estimate leaves room."""
    now = [1_000_020.0]  # 0 s into a minute
    monkeypatch.setattr(time, "time", lambda: now[0])
    for bucket in ("requests:alice", "requests:bob"):  # one probe per bucket: a refused request counts too
        assert [user_store.wait(bucket, 3) for _ in range(4)] == [None, None, None, 90.0]
    now[0] += 89.0  # 29 s into the next minute: 1 + 4 × 31/60 > 3
    assert user_store.wait("requests:alice", 3) is not None
    now[0] += 1.0  # 30 s in: 1 + 4 × 30/60 ≤ 3, as promised
    assert user_store.wait("requests:bob", 3) is None


@pytest.mark.parametrize("current, before, into, limit, expected", [
    (1, 4, 0.0, 3, 45.0),    # room in this window once the previous 4 weigh ≤ 1
    (1, 4, 50.0, 3, 0.0),    # already there (asked late)
    (4, 0, 0.0, 3, 90.0),    # this window is full: the next, once these 4 weigh ≤ 2
    (3, 0, 59.0, 3, 21.0),   # full: 1 s to the next window, then 20 s until these 3 weigh ≤ 2
])
def test_seconds_to_room(current, before, into, limit, expected):
    assert seconds_to_room(current, before, into, limit, 60) == pytest.approx(expected)


def test_a_second_store_on_the_same_database_sees_the_same_users_and_counts(user_store, tmp_path):
    """What two server replicas see: one user table, one rate-limit count."""
    other = UserStore(user_store._sqlite, user_store._pool and user_store._pool.conninfo)
    try:
        user_store.add("alice", "user", PASSWORD)
        assert other.authenticate("alice", PASSWORD) is not None
        assert user_store.hit("messages:alice", 1) and not other.hit("messages:alice", 1)
    finally:
        other.close()
