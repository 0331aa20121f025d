"""chromadb clients that several processes can share safely.

Measured here with chromadb 1.5.9 (two processes on one PersistentClient folder, 1,200 vectors per
write, so that HNSW is persisted past its sync threshold of 1,000; /tmp probe, recorded in
docs/reliability.md): each process keeps its own in-memory HNSW index and loads it from disk once.
- A process that queries after another wrote fails with "Error finding id" (the ids are in the
  shared SQLite metadata but not in its HNSW copy), or silently misses the new vectors.
- A process that writes from a stale copy persists that copy over the other's: the other's vectors
  stay in the metadata (count() includes them) but are gone from HNSW for good, in every later
  process too.
- With every operation serialized across processes and the client reopened whenever another
  process wrote since this one last looked, both failures vanish, also after a kill -9 mid-run: a
  fresh client loads the persisted index and replays the log tail that was not persisted yet.

So: one PersistentClient per folder per process (chromadb caches its System per path anyway), and
every operation runs in `session()`: a thread lock plus an exclusive `flock` on `<folder>.lock`, whose
content is a generation number. A write bumps it before touching chromadb (so a writer killed half
way still makes the others reload); a session that finds a generation it did not see reopens the
client first. Reopening costs ~30 ms on a 20,000-vector index once loaded (the first load replays the
log). A Chroma server (`TOUYAN_CHROMA_URL`) is one process already: no lock, no reopening.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

_GEN_WIDTH = 20


def _chroma_settings():
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False)


@dataclass(frozen=True)
class Handle:
    client: Any
    epoch: int  # changes whenever the client was reopened: cached collections must be fetched again


class LocalStore:
    """One chromadb folder, shared by every library object in this process that opens it."""

    _registry: dict[str, LocalStore] = {}
    _registry_lock = threading.Lock()

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self._lock_fd = os.open(path.parent / f"{path.name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._client = None
        self._epoch = 0
        self._seen: int | None = None
        self._users = 0
        self.reopens = 0  # for tests and the reliability note

    @classmethod
    def acquire(cls, path: Path) -> LocalStore:
        key = str(path.resolve())
        with cls._registry_lock:
            store = cls._registry.get(key)
            if store is None:
                store = cls._registry[key] = cls(path)
            store._users += 1
            return store

    def release(self) -> None:
        with self._registry_lock:
            self._users -= 1
            if self._users > 0:
                return
            self._registry.pop(str(self.path.resolve()), None)
        with self._thread_lock:
            self._close_client()
            os.close(self._lock_fd)

    def _generation(self) -> int:
        raw = os.pread(self._lock_fd, _GEN_WIDTH, 0)
        try:
            return int(raw.decode("ascii"))
        except ValueError:  # a new (empty) lock file
            return 0

    def _bump(self, generation: int) -> int:
        generation += 1
        os.pwrite(self._lock_fd, str(generation).zfill(_GEN_WIDTH).encode("ascii"), 0)
        return generation

    def _close_client(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            client.close()

    def _open_client(self) -> None:
        import chromadb

        self._close_client()
        self._client = chromadb.PersistentClient(path=str(self.path), settings=_chroma_settings())
        self._epoch += 1
        self.reopens += 1

    @contextlib.contextmanager
    def session(self, *, write: bool) -> Iterator[Handle]:
        """The client, current with every other process's writes, held exclusively until the block ends."""
        with self._thread_lock:
            outer = self._depth == 0
            if outer:
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
            self._depth += 1
            try:
                generation = self._generation()
                if self._client is None or generation != self._seen:
                    self._open_client()
                if write:
                    generation = self._bump(generation)
                self._seen = generation
                yield Handle(self._client, self._epoch)
            finally:
                self._depth -= 1
                if outer:
                    fcntl.flock(self._lock_fd, fcntl.LOCK_UN)


class RemoteStore:
    """A Chroma server: it serializes its own writes and every client sees them."""

    def __init__(self, url: str) -> None:
        import chromadb
        from urllib.parse import urlparse

        from memory.team_servers import chroma_unreachable

        parts = urlparse(url)
        try:
            self._client = chromadb.HttpClient(host=parts.hostname or "localhost", port=parts.port or 8000,
                                               ssl=parts.scheme == "https", settings=_chroma_settings())
        except Exception as exc:  # the client asks the server at once: refused, timed out, not a Chroma server
            raise chroma_unreachable(url, exc) from None
        self.reopens = 0

    @contextlib.contextmanager
    def session(self, *, write: bool) -> Iterator[Handle]:
        yield Handle(self._client, 0)

    def release(self) -> None:
        return None


def open_store(path: Path | None = None, url: str | None = None) -> LocalStore | RemoteStore:
    if url:
        return RemoteStore(url)
    if path is None:
        raise ValueError("a chroma path or url is required")
    return LocalStore.acquire(path)
