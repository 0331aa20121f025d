"""A second process that embeds part of each ingest batch with the same local model (issue 15, goal 4).

The local models run one BLAS thread per call (memory/embeddings.py MODEL_THREADS): a second thread in
the same call spins more than it computes. Two processes of one thread each do better when two cores
are free: the 99 chunks of the sample PDFs embedded in 1.09 s against 1.53 s in one process (CPU 1.54 s
against 1.43 s), where two BLAS threads took 2.01 s (CPU 3.08 s); measured with this session's
scheduling group at nice -10 on the shared 2-core machine. Under load the second process only competes
for the same core, so it is used for ingest of several files only (memory/ingest_pipeline.py).

The helper loads the model itself, in the background: until it says it is ready, everything is
embedded in process. It embeds the second part of a call while this process embeds the first; the
split is by characters (the model's cost is per token), half and half at first, then by the speed each
side measured on the calls before (characters per second of its own embedding): during `touyan ingest`
this process also tokenizes and writes, and the parse workers share the other core, so even halves
leave one side waiting for the other. If it dies or fails, its part is embedded here and it is not
asked again. It exits when this process closes it or dies (its pipe reaches EOF).
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from multiprocessing.connection import Connection

import numpy as np

# Calls below this many characters are embedded in process: sending them costs more than it saves.
MIN_SPLIT_CHARS = 2000
# Bounds of the helper's share of a call's characters: one slow call (a page fault, a burst of load) must
# not leave either side with almost nothing to do on the next.
MIN_SHARE, MAX_SHARE = 0.2, 0.8


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
            started = time.perf_counter()
            vectors = embed_local(kind, texts)
            conn.send((vectors, time.perf_counter() - started))
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
        self.share = 0.5  # of each call's characters, for the helper: follows the measured speeds

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
        while cut < len(texts) - 1 and acc + len(texts[cut]) <= total * (1 - self.share):
            acc += len(texts[cut])
            cut += 1
        if cut == 0:
            cut, acc = 1, len(texts[0])
        try:
            self._conn.send(texts[cut:])
        except (OSError, ValueError):
            self._dead = True
            return embed_here(texts)
        started = time.perf_counter()
        head = embed_here(texts[:cut])
        here_s = time.perf_counter() - started
        try:
            reply = self._conn.recv()
        except (EOFError, OSError):
            reply = None
        tail, there_s = reply if isinstance(reply, tuple) and len(reply) == 2 else (None, 0.0)
        if not isinstance(tail, np.ndarray) or tail.shape[0] != len(texts) - cut:
            self._dead = True
            tail = embed_here(texts[cut:])
        else:
            self._learn(acc / max(here_s, 1e-6), (total - acc) / max(there_s, 1e-6))
        return np.vstack([np.asarray(head, dtype=np.float32), np.asarray(tail, dtype=np.float32)])

    def _learn(self, here_rate: float, there_rate: float) -> None:
        """Move the helper's share halfway to the one that would have had both sides finish together."""
        balanced = there_rate / (here_rate + there_rate)
        self.share = min(MAX_SHARE, max(MIN_SHARE, (self.share + balanced) / 2))

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
