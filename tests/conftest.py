"""Shared fixtures. Everything runs offline; the embedding model is the real offline one."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "data" / "samples" / "reports"
TEAM = REPO / "tests" / "team"


def pytest_ignore_collect(collection_path: Path, config) -> bool | None:
    """The team suite (real PostgreSQL and Chroma servers) runs only when named: `make test-team`, or
    `pytest tests/team/...`. `make test` and a bare `pytest` need no server."""
    if collection_path != TEAM:
        return None
    named = [Path(str(arg).split("::")[0]).resolve() for arg in config.args]
    return not any(p == TEAM or TEAM in p.parents for p in named)


@pytest.fixture(scope="session")
def use_embedding():
    from memory.embeddings import make_embedding_function

    return make_embedding_function("use")


@pytest.fixture()
def open_library(use_embedding):
    """Opens a ReportLibrary at a root (again: the same library). Embedded here; the team suite
    (tests/team/conftest.py) overrides it with PostgreSQL and a Chroma server, so the library tests
    run on both."""
    from memory.report_library import ReportLibrary

    def open_(root: Path, **options):
        return ReportLibrary(root, use_embedding, **options)

    return open_


@pytest.fixture()
def library(tmp_path, open_library):
    lib = open_library(tmp_path / "library")
    yield lib
    lib.close()


def write_report(folder: Path, name: str, pages: list[str]) -> Path:
    """A text report whose pages are separated by form feeds (the TXT page convention)."""
    path = folder / name
    path.write_text("\f".join(pages), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def sample_library(tmp_path_factory, use_embedding):
    """The sample corpus ingested once per test session (read-only for tests)."""
    from memory.report_library import ReportLibrary
    from tools.documents import iter_document_paths, load_document

    root = tmp_path_factory.mktemp("sample_library")
    lib = ReportLibrary(root / "library", use_embedding)
    ids = {}
    for path in iter_document_paths([SAMPLES]):
        ids[path.name] = lib.ingest(load_document(path)).report_id
    lib.sample_ids = ids  # file name -> report_id
    yield lib
    lib.close()


@pytest.fixture(scope="session")
def manifest():
    import json

    return {item["file"]: item for item in json.loads((SAMPLES / "MANIFEST.json").read_text(encoding="utf-8"))}


def make_context(library, **kw):
    """A Context whose library is an already-open ReportLibrary."""
    from agents.context import Context, LibrarySpec, SharedResources

    shared = SharedResources()
    shared._library = library
    return Context(data_dir=library.root, library=LibrarySpec(library.root), shared=shared, **kw)
