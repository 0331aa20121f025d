"""Shared fixtures. Everything runs offline; the embedding model is the real offline one."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "data" / "samples" / "reports"


@pytest.fixture(scope="session")
def use_embedding():
    from memory.embeddings import make_embedding_function

    return make_embedding_function("use")


@pytest.fixture()
def library(tmp_path, use_embedding):
    from memory.report_library import ReportLibrary

    lib = ReportLibrary(tmp_path / "library", use_embedding)
    yield lib
    lib.close()


def write_report(folder: Path, name: str, pages: list[str]) -> Path:
    """A text report whose pages are separated by form feeds (the TXT page convention)."""
    path = folder / name
    path.write_text("\f".join(pages), encoding="utf-8")
    return path
