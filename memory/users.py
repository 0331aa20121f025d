"""Users of `touyan serve` beyond loopback: accounts, API tokens, sign-in sessions and rate-limit counters.

They live in the catalog's database, so every server replica sees the same people: the SQLite catalog
file in the data directory (embedded), or the team PostgreSQL (TOUYAN_CATALOG_URL). One class runs the
same SQL on both (`?` becomes `%s` on PostgreSQL, as memory/pg_catalog.py does).

Nothing secret is stored as given: passwords as argon2id hashes (argon2-cffi's defaults), API tokens and
session ids as SHA-256 digests (they are 256 random bits, so a fast digest is enough and lets the
lookup be an index probe). What a person types or holds is never logged nor put into an exception.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Sequence

Role = Literal["user", "admin"]
ROLES: tuple[Role, ...] = ("user", "admin")
TOKEN_PREFIX = "ty_"
NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-")
MAX_NAME = 64
MIN_PASSWORD = 10

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT,
  disabled INTEGER NOT NULL DEFAULT 0, created_at DOUBLE PRECISION NOT NULL);
CREATE TABLE IF NOT EXISTS user_tokens (token_hash TEXT PRIMARY KEY, name TEXT NOT NULL, label TEXT NOT NULL,
  created_at DOUBLE PRECISION NOT NULL);
CREATE TABLE IF NOT EXISTS user_sessions (session_hash TEXT PRIMARY KEY, name TEXT NOT NULL, csrf TEXT NOT NULL,
  expires_at DOUBLE PRECISION NOT NULL);
CREATE TABLE IF NOT EXISTS user_hits (bucket TEXT NOT NULL, slot BIGINT NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (bucket, slot))
"""
_USER = ("SELECT u.name, u.role, u.disabled, (SELECT count(*) FROM user_tokens t WHERE t.name = u.name) "
         "FROM users u")


class UserError(ValueError):
    """A request a person can fix (bad name, short password, unknown user): one Chinese line."""


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    disabled: bool = False
    tokens: int = 0

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class SignIn:
    session_id: str  # goes into the cookie, never stored
    csrf: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def check_name(name: str) -> str:
    name = name.strip().lower()
    if not name or len(name) > MAX_NAME or not set(name) <= NAME_CHARS:
        raise UserError(f"用户名只能用小写字母、数字和 . _ -（1 到 {MAX_NAME} 个字符）")
    return name


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


class UserStore:
    def __init__(self, catalog_path: Path | None = None, postgres_dsn: str | None = None):
        self._sqlite, self._pool = catalog_path, None
        if postgres_dsn:
            from psycopg_pool import ConnectionPool

            self._pool = ConnectionPool(postgres_dsn, min_size=1, max_size=3, open=True, timeout=30,
                                        kwargs={"autocommit": True}, check=ConnectionPool.check_connection,
                                        name="touyan-users")
        elif catalog_path is None:
            raise ValueError("UserStore needs the catalog file or the team database")
        else:
            catalog_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            for statement in _SCHEMA.split(";\n"):
                self._run(statement)
        except BaseException:
            self.close()
            raise
        self._dummy_hash: str | None = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()

    def _run(self, sql: str, params: Sequence = ()) -> tuple[list[tuple], int]:
        """(rows, rowcount) of one statement in its own transaction."""
        if self._pool is not None:
            with self._pool.connection() as conn:
                cursor = conn.execute(sql.replace("?", "%s"), params)
                return (cursor.fetchall() if cursor.description else []), cursor.rowcount
        with contextlib.closing(sqlite3.connect(self._sqlite, timeout=30, isolation_level=None)) as db:
            cursor = db.execute(sql, params)
            return cursor.fetchall(), cursor.rowcount

    # -- accounts ------------------------------------------------------------------------
    def add(self, name: str, role: Role, password: str | None = None) -> User:
        name = check_name(name)
        if role not in ROLES:
            raise UserError(f"角色只能是 {' | '.join(ROLES)}")
        hashed = self._hash(password) if password is not None else None
        _, added = self._run("INSERT INTO users VALUES (?, ?, ?, 0, ?) ON CONFLICT (name) DO NOTHING",
                             (name, role, hashed, time.time()))
        if not added:
            raise UserError(f"用户 {name} 已存在")
        return User(name, role)

    def set_password(self, name: str, password: str) -> None:
        if not self._run("UPDATE users SET password_hash = ? WHERE name = ?", (self._hash(password), check_name(name)))[1]:
            raise UserError(f"没有用户 {name}")

    def _hash(self, password: str) -> str:
        if len(password) < MIN_PASSWORD:
            raise UserError(f"密码至少 {MIN_PASSWORD} 个字符")
        return _hasher().hash(password)

    def get(self, name: str) -> User | None:
        rows, _ = self._run(f"{_USER} WHERE u.name = ?", (name.strip().lower(),))
        return User(rows[0][0], rows[0][1], bool(rows[0][2]), rows[0][3]) if rows else None

    def list(self) -> list[User]:
        rows, _ = self._run(f"{_USER} ORDER BY u.name")
        return [User(name, role, bool(disabled), tokens) for name, role, disabled, tokens in rows]

    def active_count(self) -> int:
        return self._run("SELECT count(*) FROM users WHERE disabled = 0")[0][0][0]

    def disable(self, name: str) -> None:
        """Disabled at once everywhere: its sessions and tokens are deleted, and sign-in refuses it."""
        name = check_name(name)
        if not self._run("UPDATE users SET disabled = 1 WHERE name = ?", (name,))[1]:
            raise UserError(f"没有用户 {name}")
        self._run("DELETE FROM user_sessions WHERE name = ?", (name,))
        self._run("DELETE FROM user_tokens WHERE name = ?", (name,))

    def authenticate(self, name: str, password: str) -> User | None:
        """The user when the password is theirs and they are not disabled. An unknown name costs the same
        argon2 verification as a known one, so timing does not tell which names exist."""
        from argon2.exceptions import InvalidHashError, VerificationError

        rows, _ = self._run("SELECT password_hash FROM users WHERE name = ? AND disabled = 0",
                            (name.strip().lower(),))
        stored = rows[0][0] if rows and rows[0][0] else None
        if stored is None:
            self._dummy_hash = self._dummy_hash or _hasher().hash(secrets.token_hex(16))
        try:
            _hasher().verify(stored or self._dummy_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        return self.get(name) if stored else None

    # -- API tokens ------------------------------------------------------------------------
    def new_token(self, name: str, label: str = "") -> str:
        """A new API token for `name`, shown once: only its digest is kept."""
        user = self.get(name)
        if user is None or user.disabled:
            raise UserError(f"没有可用的用户 {name}")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self._run("INSERT INTO user_tokens VALUES (?, ?, ?, ?)", (digest(token), user.name, label[:80], time.time()))
        return token

    def user_for_token(self, token: str) -> User | None:
        rows, _ = self._run("SELECT name FROM user_tokens WHERE token_hash = ?", (digest(token),))
        user = self.get(rows[0][0]) if rows else None
        return user if user is not None and not user.disabled else None

    # -- sign-in sessions --------------------------------------------------------------------
    def open_session(self, user: User, ttl_s: float) -> SignIn:
        session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = time.time()
        self._run("DELETE FROM user_sessions WHERE expires_at < ?", (now,))
        self._run("INSERT INTO user_sessions VALUES (?, ?, ?, ?)", (digest(session_id), user.name, csrf, now + ttl_s))
        return SignIn(session_id, csrf)

    def session(self, session_id: str) -> tuple[User, str] | None:
        """(user, CSRF token) of a live session of an enabled user."""
        rows, _ = self._run("SELECT name, csrf FROM user_sessions WHERE session_hash = ? AND expires_at > ?",
                            (digest(session_id), time.time()))
        user = self.get(rows[0][0]) if rows else None
        return (user, rows[0][1]) if user is not None and not user.disabled else None

    def close_session(self, session_id: str) -> None:
        self._run("DELETE FROM user_sessions WHERE session_hash = ?", (digest(session_id),))

    # -- rate limits ---------------------------------------------------------------------------
    def hit(self, bucket: str, limit: int, window_s: int = 60) -> bool:
        """Count one request in `bucket`; False once the last `window_s` seconds hold more than `limit`."""
        return self.wait(bucket, limit, window_s) is None

    def wait(self, bucket: str, limit: int, window_s: int = 60) -> float | None:
        """Count one request in `bucket`: None when the last `window_s` seconds hold at most `limit`, else the
        seconds until one more would be allowed (a refused request counts too). A sliding estimate (this
        window's count plus the previous window's, weighted by how much of it still lies within the last
        `window_s`), so a burst straddling a window's edge is not counted twice afresh. Counted in the
        database, so the limit holds across every replica."""
        now = time.time()
        slot = int(now // window_s)
        rows, _ = self._run("INSERT INTO user_hits VALUES (?, ?, 1) ON CONFLICT (bucket, slot) "
                            "DO UPDATE SET n = user_hits.n + 1 RETURNING n", (bucket, slot))
        current = rows[0][0]
        if current == 1:  # first of its window: windows before the previous one are done with
            self._run("DELETE FROM user_hits WHERE bucket = ? AND slot < ?", (bucket, slot - 1))
        rows, _ = self._run("SELECT n FROM user_hits WHERE bucket = ? AND slot = ?", (bucket, slot - 1))
        before = rows[0][0] if rows else 0
        into = now % window_s
        if current + before * (1.0 - into / window_s) <= limit:
            return None
        return seconds_to_room(current, before, into, limit, window_s)


def seconds_to_room(current: int, before: int, into: float, limit: int, window_s: int) -> float:
    """Under the sliding count, how long until one more request fits: in this window once the previous one
    weighs little enough, else in the next, where this window's `current` is the one that decays."""
    if current + 1 <= limit:  # refused now, so before > 0: wait for its weight to fall
        return max(0.0, window_s * (1.0 - (limit - current - 1) / before) - into)
    return window_s - into + max(0.0, window_s * (1.0 - (limit - 1) / current))


def same_secret(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def open_users(library_dir: Path, postgres_dsn: str | None = None) -> UserStore:
    """The users of this library: in the team PostgreSQL when there is one, else in the SQLite catalog
    file (memory/catalog_api.open_catalog's `catalog.sqlite3`)."""
    return UserStore(None if postgres_dsn else library_dir / "catalog.sqlite3", postgres_dsn)
