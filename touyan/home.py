"""Where the data directory is when nothing names one (shared by settings.py and options.py)."""

from __future__ import annotations

from pathlib import Path


def default_home() -> Path:
    return Path.home() / ".touyan"
