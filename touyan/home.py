"""Where the data directory is when nothing names one (shared by settings.py and options.py)."""

from __future__ import annotations

from pathlib import Path


def default_home() -> Path:
    return Path.home() / ".touyan"



CATALOG_URL_VARIABLE = "TOUYAN_CATALOG_URL"


def env_file_names_catalog(home: Path, env_file: Path | None) -> bool:
    """Whether the .env that Settings would read names TOUYAN_CATALOG_URL (names compare
    case-insensitively, as pydantic-settings reads them). Only a hint, which Settings then validates:
    without it `touyan threads` needs no Settings (pydantic, three times the CLI's start-up)."""
    try:
        text = (env_file or home / ".env").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    wanted = CATALOG_URL_VARIABLE.casefold()
    for line in text.splitlines():
        name, _, value = line.strip().removeprefix("export ").partition("=")
        if name.strip().casefold() == wanted and value.strip().strip("'\""):
            return True
    return False
