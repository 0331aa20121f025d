"""Polite, resumable PDF downloads with checksums.

- Polite: one request at a time, at least `delay` seconds between the starts of two requests, a
  User-Agent that says who asks, a timeout, and a few retries with growing pauses.
- Resumable: bytes arrive in `<file>.part`; a later try asks for the rest (`Range: bytes=N-`) and
  appends when the server answers 206, starts over on 200. A killed run leaves only the `.part`.
- Checked: the byte count must match Content-Length, the file must be a PDF (%PDF- … %%EOF), and
  its sha256 is returned; `verify(path, sha256)` tells a later run whether the file on disk is
  still the one it downloaded.
- Only http(s) URLs; the finished file appears by rename, never half-written.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

USER_AGENT = "touyan/0.1 (broker-report library; polite fetcher)"
CHUNK = 64 * 1024


class DownloadError(Exception):
    """One line, Chinese: why this file could not be downloaded."""


@dataclass(frozen=True)
class Downloaded:
    path: Path
    sha256: str
    size: int
    resumed: bool  # part of it came from an earlier, interrupted try


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(path: Path, sha256: str | None) -> bool:
    return bool(sha256) and path.is_file() and sha256_of(path) == sha256


def _looks_like_pdf(path: Path) -> bool:
    size = path.stat().st_size
    with open(path, "rb") as handle:
        head = handle.read(1024)
        handle.seek(max(0, size - 2048))
        tail = handle.read()
    return b"%PDF-" in head and b"%%EOF" in tail


class Downloader:
    def __init__(self, delay: float = 1.0, timeout: float = 60.0, retries: int = 2,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic):
        import httpx

        self.delay, self.retries, self.sleep, self.clock = delay, retries, sleep, clock
        self._client = httpx.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT})
        self._last: float | None = None

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Downloader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _wait_turn(self) -> None:
        if self._last is not None:
            pause = self.delay - (self.clock() - self._last)
            if pause > 0:
                self.sleep(pause)
        self._last = self.clock()

    def fetch(self, url: str, dest: Path) -> Downloaded:
        """Download `url` to `dest` (resuming a `.part` left by an earlier try); DownloadError on failure."""
        import httpx

        if not url.lower().startswith(("http://", "https://")):
            raise DownloadError(f"不是 http(s) 链接：{url}")
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + ".part")
        resumed, last_error = False, ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.delay * 2 ** attempt)
            try:
                resumed = self._get(url, part) or resumed
                break
            except httpx.HTTPStatusError as exc:
                code = exc.response.status_code
                if code < 500 and code != 429:  # 404, 403…: asking again will not help
                    raise DownloadError(f"服务器拒绝（HTTP {code}）：{url}") from None
                last_error = f"HTTP {code}"
            except (httpx.TransportError, DownloadError) as exc:  # network cut or short body: the .part resumes
                last_error = str(exc) or type(exc).__name__
        else:
            raise DownloadError(f"下载失败（重试 {self.retries} 次后）：{last_error}")
        if not _looks_like_pdf(part):
            part.unlink(missing_ok=True)
            raise DownloadError(f"下载的内容不是完整的 PDF（可能是网页或验证页）：{url}")
        digest, size = sha256_of(part), part.stat().st_size
        os.replace(part, dest)
        return Downloaded(dest, digest, size, resumed)

    def _get(self, url: str, part: Path) -> bool:
        """One request; returns whether it resumed. Raises on HTTP errors and short bodies."""
        offset = part.stat().st_size if part.is_file() else 0
        headers = {"Range": f"bytes={offset}-"} if offset else {}
        self._wait_turn()
        with self._client.stream("GET", url, headers=headers) as response:
            if response.status_code == 416:  # nothing left to send for our range: start over
                part.unlink(missing_ok=True)
                raise DownloadError("续传位置无效，重新下载")
            response.raise_for_status()
            resuming = offset > 0 and response.status_code == 206
            expected = response.headers.get("Content-Length")
            received = 0
            with open(part, "ab" if resuming else "wb") as handle:
                for block in response.iter_bytes():  # as received: a cut keeps what arrived
                    handle.write(block)
                    received += len(block)
        if expected is not None and received != int(expected):
            raise DownloadError(f"下载不完整：收到 {received} / {expected} 字节")
        return resuming
