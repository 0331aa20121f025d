"""Which files are reports, and the one error a bad file raises: what `touyan ingest` needs before it
parses anything (listing a folder, the parser version a no-op re-ingest checks), kept apart from the
parsers so that a run with nothing new to parse does not import them (issue 15)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

# Bump when parsing changes what comes out (page text, furniture, boilerplate, metadata): the library
# records it per report, and `touyan ingest --reparse` re-reads every report parsed by an older version.
PARSER_VERSION = "2"
SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".pdf", ".docx", ".txt", ".md", ".markdown", ".html", ".htm"})
KINDS = {".pdf": "pdf", ".docx": "docx", ".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


class DocumentError(Exception):
    """One-line, user-facing reason a file cannot be ingested; `.reason` holds it, `.path` the file."""

    def __init__(self, path: str | Path, reason: str):
        self.path = Path(path)
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{self.path}: {self.reason}")


# Report-like files we cannot read are still yielded from folders, so each gets its "unsupported" line.
_REPORT_LIKE = frozenset({".doc", ".wps", ".rtf", ".ppt", ".pptx", ".xls", ".xlsx", ".epub", ".caj"})


def iter_document_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given, folders searched recursively for supported files (sorted, no hidden ones).

    A file named explicitly is yielded even with an unsupported suffix, and so is a report-like file
    (.doc, .pptx…) found in a folder, so that load_document tells the user why it was not ingested
    instead of skipping it in silence.
    """
    seen: set[Path] = set()
    for given in paths:
        path = Path(given).expanduser()
        if not path.exists():
            raise DocumentError(path, "文件或目录不存在 (no such file or directory)")
        if path.is_dir():
            found = []
            for folder, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found += [Path(folder, f) for f in files
                          if not f.startswith(".") and Path(f).suffix.lower() in SUPPORTED_SUFFIXES | _REPORT_LIKE]
            candidates = sorted(found)
        else:
            candidates = [path]
        for candidate in candidates:
            resolved = candidate.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield resolved


def collect_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Every document under `paths`, and (path, reason) for each path that cannot be read at all."""
    files, failures = [], []
    for path in paths:
        try:
            files.extend(iter_document_paths([path]))
        except DocumentError as exc:
            failures.append((str(path), exc.reason))
    return files, failures
