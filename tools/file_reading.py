"""Reading one report file safely: only regular files, never blocking, never past a size cap.

A FIFO named `x.txt` would block `open()` forever and a character device would stream without end, so
the file is checked with stat() before it is opened, opened non-blocking (a FIFO swapped in after the
check still cannot block), and checked again on the open descriptor. The size cap is applied to the
stat size before a byte is read, so a 200 MB text file is refused at once, not read into memory.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024


class DocumentError(Exception):
    """One-line, user-facing reason a file cannot be ingested; `.reason` holds it, `.path` the file."""

    def __init__(self, path: str | Path, reason: str):
        self.path = Path(path)
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{display_path(self.path)}: {self.reason}")


@dataclass(frozen=True)
class FileLimits:
    """What one file may cost. PDFs are compressed and read page by page; text is decoded whole, so its
    cap is lower. 2,000 pages is more than the longest broker report in the seeds by far (an annual
    report runs to ~300); past it a file is almost certainly not a report."""

    max_bytes: int = 100 * MB
    max_text_bytes: int = 20 * MB
    max_pages: int = 2000


def display_path(path: str | Path) -> str:
    """The path as text that prints and stores anywhere: bytes that are not UTF-8 (kept by Python as
    surrogate escapes) appear as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def name_problem(path: str | Path) -> str | None:
    """Why this name cannot be stored in the catalog (SQLite keeps UTF-8 text only), or None."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return "文件名不是有效的 UTF-8 编码，请重命名后再入库 (file name is not valid UTF-8)"
    return None


def kind_problem(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "这是目录，不是文件 (is a directory)"
    what = ("FIFO 管道" if stat.S_ISFIFO(mode) else "设备文件" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "套接字" if stat.S_ISSOCK(mode) else "特殊文件")
    return f"不是普通文件（{what}），已跳过 (not a regular file)"


def stat_problem(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "符号链接循环，已跳过 (symlink loop)"
    if exc.errno == errno.ENOENT:
        return "文件不存在（或符号链接指向的文件不存在） (no such file)"
    if exc.errno == errno.EACCES:
        return "没有读取权限 (permission denied)"
    return f"无法读取文件 (cannot read file): {exc.strerror or exc}"


def size_problem(size: int, limit: int) -> str | None:
    if size <= limit:
        return None
    return (f"文件过大：{size / MB:.1f} MB，超过上限 {limit / MB:.0f} MB，未读取（上限可用 TOUYAN_MAX_FILE_MB / "
            f"TOUYAN_MAX_TEXT_MB 调整） (file too large)")


def too_many_pages(count: int, limit: int) -> str:
    return f"页数过多：{count} 页，超过上限 {limit} 页（TOUYAN_MAX_PAGES 可调） (too many pages)"


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The file's bytes; DocumentError for anything that is not a regular file of at most `max_bytes`."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise DocumentError(path, stat_problem(exc)) from None
    problem = kind_problem(info.st_mode) or size_problem(info.st_size, max_bytes)
    if problem:
        raise DocumentError(path, problem)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise DocumentError(path, stat_problem(exc)) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)  # the file we actually opened, not the one we looked at
        problem = kind_problem(info.st_mode) or size_problem(info.st_size, max_bytes)
        if problem:
            raise DocumentError(path, problem)
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise DocumentError(path, stat_problem(exc)) from None
    if len(data) > max_bytes:  # grew while we read
        raise DocumentError(path, size_problem(len(data), max_bytes) or "文件过大 (file too large)")
    return data
