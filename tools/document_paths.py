"""Which files a list of paths names. Folders are walked recursively (symlinked folders are not
followed, so a folder loop cannot trap the walk); every path is checked on its own, so a symlink
loop, a FIFO, a name that is not UTF-8 or an unreadable folder costs one line, not the batch.

Kept apart from the parsers, with the parser version a no-op re-ingest checks, so that a run with nothing
new to parse does not import them (issue 15)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from tools.file_reading import DocumentError, display_path, kind_problem, name_problem, stat_problem

# Bump when parsing changes what comes out (page text, furniture, boilerplate, metadata): the library
# records it per report, and `touyan ingest --reparse` re-reads every report parsed by an older version.
PARSER_VERSION = "2"
SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".pdf", ".docx", ".txt", ".md", ".markdown", ".html", ".htm"})
KINDS = {".pdf": "pdf", ".docx": "docx", ".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}

# Report-like files we cannot read are still taken from folders, so each gets its "unsupported" line.
_REPORT_LIKE = frozenset({".doc", ".wps", ".rtf", ".ppt", ".pptx", ".xls", ".xlsx", ".epub", ".caj"})
_TAKEN = SUPPORTED_SUFFIXES | _REPORT_LIKE
Failure = tuple[str, str]  # (path as printable text, reason)


def _check(path: Path) -> tuple[str | None, bool]:
    """(why this file cannot be read, found without opening it (a FIFO must never be opened), or None;
    whether it is a symlink). A file that is not a link costs one lstat."""
    problem = name_problem(path)
    if problem:
        return problem, False
    try:
        info = os.lstat(path)
        link = stat.S_ISLNK(info.st_mode)
        if link:
            info = os.stat(path)
    except OSError as exc:
        return stat_problem(exc), True
    return kind_problem(info.st_mode), link


def _walk(folder: Path, failures: list[Failure]) -> list[str]:
    def unreadable(exc: OSError) -> None:
        failures.append((display_path(exc.filename or folder), stat_problem(exc)))

    found = []
    for parent, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [os.path.join(parent, f) for f in files
                  if not f.startswith(".") and os.path.splitext(f)[1].lower() in _TAKEN]
    return sorted(found, key=lambda path: path.split(os.sep))  # Path's order, without 1,000 Path objects


def _expand(given: Path, failures: list[Failure]) -> list[str] | list[Path]:
    try:
        os.lstat(given)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError):
            failures.append((display_path(given), "文件或目录不存在 (no such file or directory)"))
        else:
            failures.append((display_path(given), stat_problem(exc)))
        return []
    if given.is_dir():  # a symlink to a folder given by name is followed: the user asked for it
        return _walk(given, failures)
    return [given]  # an unsupported suffix is still tried, so that the user is told why it is not ingested


def collect_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Failure]]:
    """Every readable document under `paths` (resolved, each once), and (path, reason) for each path
    that cannot be read: missing, a symlink loop, not a regular file, a name that is not UTF-8."""
    files: list[Path] = []
    failures: list[Failure] = []
    seen: set[str] = set()
    folders: dict[str, str] = {}  # folder -> its realpath: resolved once, not once per file in it
    for given in paths:
        for candidate in _expand(Path(given).expanduser(), failures):
            problem, link = _check(candidate)
            if problem:
                failures.append((display_path(candidate), problem))
                continue
            if link:
                resolved = os.path.realpath(candidate)
            else:
                folder, name = os.path.split(candidate)
                if folder not in folders:
                    folders[folder] = os.path.realpath(folder)
                resolved = os.path.join(folders[folder], name)
            if resolved not in seen:
                seen.add(resolved)
                files.append(Path(resolved))
    return files, failures


def iter_document_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given, folders searched recursively for supported files (sorted, no hidden ones);
    DocumentError for the first path that cannot be read (for trusted folders: evals, benchmarks)."""
    files, failures = collect_paths(paths)
    if failures:
        raise DocumentError(failures[0][0], failures[0][1])
    yield from files
