"""What `touyan ingest` and `touyan summarize` share: reading a batch of files where every path fails
alone with one line, result lines (touyan/result_lines.py) and progress that also shows without a
terminal."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Callable, Iterable, Iterator

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from tools.documents import Document, FileLimits
from touyan.console import err
from touyan.parse_pool import Closing, parsed_in_order, pool_workers
from touyan.result_lines import FAILED, result_line, say, say_failed  # noqa: F401 (re-exported)


def read_batches(files: Iterable[Path], limits: FileLimits, batch: int, on_fail: Callable[[Path, str], None],
                 workers: int | None = None) -> Closing:
    """Documents in batches of at most `batch`; a file that cannot be read or parsed, for any reason,
    goes to `on_fail` with one line and the rest carry on. With parse workers (touyan/parse_pool.py;
    by default for 8 files or more on 2+ cores) they start on this call, the next files are parsed
    while the caller handles a batch, and a batch is handed over as soon as the next file is not parsed
    yet: the caller's embedding never waits for a full batch. close() ends the workers."""
    files = list(files)
    workers = pool_workers(len(files)) if workers is None else workers
    parsed = parsed_in_order(files, limits, workers, lookahead=2 * batch)
    return Closing(_batches(parsed, batch, on_fail), parsed.close)


def _batches(parsed: Iterator[tuple[Path, object, bool]], batch: int, on_fail: Callable[[Path, str], None]
             ) -> Iterator[list[Document]]:
    docs: list[Document] = []
    for path, result, next_ready in parsed:
        if isinstance(result, str):
            on_fail(path, result)
        else:
            docs.append(result)
        if len(docs) >= batch or (docs and not next_ready):
            yield docs
            docs = []
    if docs:
        yield docs


class FileProgress:
    """A bar on a terminal; otherwise (a log, a pipe, CI) one line every `every` files and at the end."""

    def __init__(self, label: str, total: int, every: int) -> None:
        self.label, self.total, self.every, self.done = label, total, every, 0
        self._bar: Progress | None = None
        self._task = None

    def advance(self, description: str | None = None) -> None:
        self.done += 1
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=description or self.label)
        elif self.done % self.every == 0 or self.done == self.total:
            err.print(Text(f"{self.label}：{self.done}/{self.total}"))

    @contextlib.contextmanager
    def shown(self) -> Iterator[FileProgress]:
        if not err.is_terminal:
            yield self
            return
        # markup=False: the description carries file names
        self._bar = Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                             TimeElapsedColumn(), console=err, transient=True)
        with self._bar:
            self._task = self._bar.add_task(self.label, total=self.total)
            yield self
