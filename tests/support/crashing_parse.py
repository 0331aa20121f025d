"""A parse function for touyan.parse_pool tests: a file named crash*.txt kills the worker process that
parses it (as a PDFium segfault or the OOM killer would); any other file is read as text. Importable by
the pool's worker processes, which cannot see a test's monkeypatches."""

from __future__ import annotations

import os
from pathlib import Path


def parse(path: Path, limits) -> tuple[Path, object]:
    if path.name.startswith("crash"):
        os._exit(70)
    return path, path.read_text(encoding="utf-8").upper()
