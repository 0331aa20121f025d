"""A report's original file, served only while it is still the very file that was ingested.

The catalog keeps the resolved path of each source; what lies at that path now is somebody's folder,
not ours. So the path must still resolve to itself (no symlink anywhere in it, nothing redirecting it
outside where the file was), the last component is opened without following a link, it must be a
regular file, and its bytes must hash to the report id (the first 16 hex digits of their sha256).
Swap the file for a symlink to /etc/passwd, or for other bytes, and nothing is served.

The bytes are copied while they are hashed and the copy is what is sent, so the file cannot change
between the check and the response.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
from pathlib import Path
from typing import IO, Iterator

CHUNK = 1 << 20
REPORT_ID_HEX = 16  # tools/documents.py: the report id is this many hex digits of the file's sha256
SPOOL_IN_MEMORY = 8 << 20  # larger originals are copied to a temporary file, not held in memory
# An ingested HTML report is somebody else's page: shown sandboxed (no scripts, no access to this app).
SOURCE_TYPES = {".pdf": ("application/pdf", {}),
                ".html": ("text/html; charset=utf-8", {"Content-Security-Policy": "sandbox"}),
                ".htm": ("text/html; charset=utf-8", {"Content-Security-Policy": "sandbox"})}
PLAIN = ("text/plain; charset=utf-8", {})


class Unavailable(Exception):
    """Why the original cannot be served (one line for the page)."""


def _open_exact(path: Path) -> int:
    if not path.is_absolute() or os.path.realpath(path) != os.path.normpath(path):
        raise Unavailable("原文件的路径现在经过符号链接或指向别处，不再提供；入库时保存的页面文字仍可查看")
    try:
        # O_NONBLOCK: a FIFO put in the file's place must not hang the request; it is refused below.
        return os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise Unavailable("原文件已不在原处（入库后被移动或删除）；入库时保存的页面文字仍可查看") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Unavailable("原文件已被换成符号链接，不再提供") from None
        raise Unavailable(f"原文件无法读取（{exc.strerror}）") from None


def verified_copy(path: Path, report_id: str) -> tuple[IO[bytes], int]:
    """A copy of the file at `path` (rewound) and its size, if its bytes still hash to `report_id`."""
    fd = _open_exact(path)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
    try:
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise Unavailable("原文件的位置上现在不是普通文件，不再提供")
            digest, size = hashlib.sha256(), 0
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                spool.write(chunk)
                size += len(chunk)
        if digest.hexdigest()[:REPORT_ID_HEX] != report_id:
            raise Unavailable("原文件在入库后被修改或替换，与入库的版本不一致，不再提供；入库时保存的页面文字仍可查看")
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool, size


def chunks(spool: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := spool.read(CHUNK):
            yield chunk
    finally:
        spool.close()


def media_type(path: Path) -> tuple[str, dict[str, str]]:
    return SOURCE_TYPES.get(path.suffix.lower(), PLAIN)
