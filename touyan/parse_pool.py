"""Parsing files in worker processes while the main process embeds and writes (issue 15, goal 4).

`touyan ingest` on a folder spends its time in two places that can run at once: parsing (PDF layout,
pure Python and PDFium, one core) and embedding (one BLAS thread: memory/embeddings.py MODEL_THREADS).
`parsed_in_order` hands back each file's Document (or the one line saying why it failed) in the order
given, parsing up to `lookahead` files ahead in a pool of worker processes; the caller embeds and writes
one batch while the workers parse the next.

The workers come from a fork server that has imported the parsers once (forking a process that already
runs chromadb's threads is unsafe; spawning a fresh interpreter per worker re-imports everything). A
file that kills its worker (a PDFium crash, the kernel's OOM killer) fails alone: the pool is replaced,
the file that was first in line is parsed again alone, and if that kills its worker too, it gets its
`✗ 失败` line and the rest go on. In process, such a file would have ended the whole run.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from tools.file_reading import FileLimits

# Below this many files the pool's start-up (a fork server importing the parsers: about a second of
# CPU) costs more than the overlap gains, and parsing stays in process.
POOL_MIN_FILES = 8
CRASHED = "解析进程异常退出（文件可能已损坏或过于复杂），已跳过 (parser process crashed)"

Parsed = tuple[Path, object]  # (path, Document) or (path, reason the file failed: str)


def parse_one(path: Path, limits: FileLimits) -> Parsed:
    """Parse one file; every failure becomes its one-line reason (an exception would have to survive
    pickling between processes, and DocumentError's does not)."""
    from tools.documents import DocumentError, load_document
    from tools.errors import brief

    try:
        return path, load_document(path, limits)
    except DocumentError as exc:
        return path, exc.reason
    except Exception as exc:  # a parser bug, RecursionError, MemoryError on one file: that file fails
        return path, f"读取失败 ({brief(exc, 200)})"


def pool_workers(files: int, cpus: int | None = None) -> int:
    """Worker processes for `files` files: none (parse in process) for a few files or a single core,
    else one per core but the one the main process embeds on."""
    from tools.cpus import usable_cpus

    cpus = cpus if cpus is not None else usable_cpus()
    return 0 if files < POOL_MIN_FILES or cpus < 2 else cpus - 1


# Imported once by the fork server, not by every worker on its first file: the PDF reader imports its
# layout code, PDFium and OpenCC on first use, which was ~0.3 s of each new worker's first file (0.47 s
# against 0.14 s warm on the first sample PDF), on ingest's critical path since nothing embeds before it.
PRELOAD = ["tools.documents", "tools.layout.pdf_pages", "pypdfium2", "opencc"]


def _pool(workers: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([*PRELOAD, __name__])
    return ProcessPoolExecutor(workers, mp_context=context, initializer=exit_with, initargs=(os.getpid(),))


def exit_with(main_pid: int, every_s: float = 1.0) -> None:
    """In a worker: exit once the process that made the pool is gone. A killed `touyan ingest` never
    shuts its pool down, and a worker would wait for work forever (it holds its own queue's write end,
    and the fork server stays up while any worker does)."""
    def watch() -> None:
        while True:
            time.sleep(every_s)
            try:
                os.kill(main_pid, 0)
            except (ProcessLookupError, PermissionError):  # gone (or its pid now another user's)
                os._exit(0)

    threading.Thread(target=watch, name="exit-with-main", daemon=True).start()


def parsed_in_order(files: Iterable[Path], limits: FileLimits, workers: int, lookahead: int,
                    parse: Callable[[Path, FileLimits], Parsed] = parse_one) -> Iterator[tuple[Path, object, bool]]:
    """(path, Document or reason, whether the next file's result is ready) for every file, in order;
    `workers` 0 parses in this process (the next one is then always "ready": nothing runs meanwhile).
    With workers, the pool starts and the first files go to it on this call, not on the first `next()`:
    `touyan ingest` calls it before it opens the library, so the first files parse meanwhile. Its close()
    ends the pool, also when it was never iterated (the library could not be opened)."""
    todo = deque(files)
    if workers <= 0:
        return Closing(_in_process(todo, limits, parse))
    pools = [_pool(workers)]  # the one in use: a worker's crash replaces it
    running: deque[tuple[Path, Future]] = deque()
    _submit(pools[0], todo, running, limits, lookahead, parse)
    return Closing(_pooled(pools, todo, running, limits, workers, lookahead, parse),
                   lambda: pools[0].shutdown(wait=True, cancel_futures=True))


class Closing(Iterator):
    """An iterator whose close() also runs `on_close`, whether or not it was ever iterated (a generator's
    `finally` runs only once it started)."""

    def __init__(self, items: Iterator, on_close: Callable[[], None] = lambda: None) -> None:
        self._items, self._on_close = items, on_close

    def __next__(self):
        return next(self._items)

    def close(self) -> None:
        try:
            getattr(self._items, "close", lambda: None)()
        finally:
            self._on_close()


def _in_process(todo: deque[Path], limits: FileLimits, parse) -> Iterator[tuple[Path, object, bool]]:
    while todo:
        yield *parse(todo.popleft(), limits), True


def _submit(pool: ProcessPoolExecutor, todo: deque[Path], running: deque[tuple[Path, Future]], limits: FileLimits,
            lookahead: int, parse) -> None:
    while todo and len(running) < max(1, lookahead):
        running.append((todo[0], pool.submit(parse, todo[0], limits)))
        todo.popleft()


def _pooled(pools: list[ProcessPoolExecutor], todo: deque[Path], running: deque[tuple[Path, Future]],
            limits: FileLimits, workers: int, lookahead: int, parse) -> Iterator[tuple[Path, object, bool]]:
    pool = pools[0]
    try:
        while todo or running:
            try:
                _submit(pool, todo, running, limits, lookahead, parse)
                result = running[0][1].result()
            except BrokenProcessPool:
                # A worker died: every file in flight is lost with it. Parse the first again alone in a
                # new pool, to tell the file that kills its worker from those that were only in flight.
                todo.extendleft(reversed([p for p, _ in running]))
                running.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                path, pool = todo.popleft(), _pool(workers)
                pools[0] = pool
                try:
                    result = pool.submit(parse, path, limits).result()
                except BrokenProcessPool:
                    result = path, CRASHED
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = pools[0] = _pool(workers)
                yield *result, False
                continue
            running.popleft()
            yield *result, bool(running) and running[0][1].done()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
