"""A second process that embeds part of each ingest batch with the same local model (issue 15, goal 4).

The local models run one BLAS thread per call (memory/embeddings.py MODEL_THREADS): a second thread in
the same call spins more than it computes. Two processes of one thread each do better when two cores
are free: the 99 chunks of the sample PDFs embedded in 1.09 s against 1.53 s in one process (CPU 1.54 s
against 1.43 s), where two BLAS threads took 2.01 s (CPU 3.08 s); measured with this session's
scheduling group at nice -10 on the shared 2-core machine. Under load the second process only competes
for the same core, so it is used for ingest of several files only (memory/ingest_pipeline.py).

The helper loads the model itself, in the background: until it says it is ready, everything is
embedded in process. It embeds the second part of a call while this process embeds the first; the
split is by characters (the model's cost is per token). If it dies or fails, its part is embedded here
and it is not asked again. It exits when this process closes it or dies (its pipe reaches EOF).
"""

from __future__ import annotations

import multiprocessing
import threading
from multiprocessing.connection import Connection

import numpy as np

# Calls below this many characters are embedded in process: sending them costs more than it saves.
MIN_SPLIT_CHARS = 2000


def _serve(kind: str, conn: Connection) -> None:
    """In the helper: load the model, say so, then embed what comes until None or EOF."""
    from memory.embeddings import embed_local, local_model

    local_model(kind)
    conn.send("ready")
    while True:
        try:
            texts = conn.recv()
        except EOFError:  # the ingest process is gone
            return
        if texts is None:
            return
        try:
            conn.send(embed_local(kind, texts))
        except Exception as exc:  # noqa: BLE001 - the caller embeds this part itself
            conn.send(RuntimeError(str(exc)[:200]))


class EmbedHelper:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        # A fresh interpreter: no fork of a process running chromadb's threads, and the parse pool's fork
        # server (touyan/parse_pool.py) is left to start with its own preloads.
        context = multiprocessing.get_context("spawn")
        self._conn, theirs = context.Pipe()
        self._process = context.Process(target=_serve, args=(kind, theirs), name=f"embed-helper-{kind}", daemon=True)
        self._process.start()
        theirs.close()
        self._ready = False
        self._dead = False
        self._lock = threading.Lock()  # one call at a time on the pipe

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def ready(self, wait_s: float = 0.0) -> bool:
        """Whether the helper has its model loaded (waiting up to `wait_s` for it)."""
        if not self._ready and not self._dead:
            try:
                if self._conn.poll(wait_s):
                    self._ready = self._conn.recv() == "ready"
            except (EOFError, OSError):
                self._dead = True
        return self._ready and not self._dead

    def embed(self, texts: list[str], embed_here) -> np.ndarray:
        """Vectors of `texts`, in order: the tail (about half the characters) embedded by the helper
        while `embed_here` embeds the head; all of it here when the helper is not ready or fails."""
        total = sum(map(len, texts))
        if total < MIN_SPLIT_CHARS or len(texts) < 2 or not self.ready():
            return embed_here(texts)
        if not self._lock.acquire(blocking=False):  # the helper is busy with another thread's call
            return embed_here(texts)
        try:
            return self._split(texts, total, embed_here)
        finally:
            self._lock.release()

    def _split(self, texts: list[str], total: int, embed_here) -> np.ndarray:
        cut, acc = 0, 0
        while cut < len(texts) - 1 and acc + len(texts[cut]) <= total / 2:
            acc += len(texts[cut])
            cut += 1
        cut = max(cut, 1)
        try:
            self._conn.send(texts[cut:])
        except (OSError, ValueError):
            self._dead = True
            return embed_here(texts)
        head = embed_here(texts[:cut])
        try:
            tail = self._conn.recv()
        except (EOFError, OSError):
            tail = None
        if not isinstance(tail, np.ndarray) or tail.shape[0] != len(texts) - cut:
            self._dead = True
            tail = embed_here(texts[cut:])
        return np.vstack([np.asarray(head, dtype=np.float32), np.asarray(tail, dtype=np.float32)])

    def close(self) -> None:
        # A helper still loading its model holds nothing worth a goodbye: a short ingest must not wait
        # for that load to finish.
        if not self.ready():
            self._process.kill()
        try:
            self._conn.send(None)
        except (OSError, ValueError):
            pass
        self._process.join(5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(5)
        self._conn.close()


def helper_for(kind: str, files: int, min_files: int, cpus: int | None = None) -> EmbedHelper | None:
    """A helper for an ingest of `files` files with a local model that runs one thread per call, when
    there are 2+ cores and at least `min_files` files (below that its model load is not paid back)."""
    from memory.embeddings import MODEL_THREADS
    from tools.cpus import usable_cpus

    cpus = cpus if cpus is not None else usable_cpus()
    if MODEL_THREADS.get(kind, 0) != 1 or cpus < 2 or files < min_files:
        return None
    return EmbedHelper(kind)
