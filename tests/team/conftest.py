"""The team suite: a real PostgreSQL 15 and a real Chroma server (`chroma run`) on 127.0.0.1 free
ports, started once per run and stopped at its end. `make test-team` runs it; `make test` never
collects it (tests/conftest.py), so the default suite needs no server.

Each test gets its own database and an empty Chroma server state, so tests do not see each other.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tests.support import postgres_server
from tests.support.chroma_server import ChromaServer
from tests.support.postgres_server import PostgresServer

_databases = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server():
    problem = postgres_server.available()
    if problem:
        pytest.skip(problem)
    with PostgresServer() as server:
        yield server


@pytest.fixture(scope="session")
def chroma_server():
    with ChromaServer() as server:
        yield server


@pytest.fixture()
def catalog_url(pg_server) -> str:
    """A fresh, empty database on the shared server."""
    return pg_server.create_database(f"t{next(_databases)}")


@pytest.fixture()
def chroma_url(chroma_server) -> str:
    """The Chroma server, emptied of every collection an earlier test left."""
    import chromadb
    from chromadb.config import Settings

    client = chromadb.HttpClient(host="127.0.0.1", port=chroma_server.port,
                                 settings=Settings(anonymized_telemetry=False))
    for collection in client.list_collections():
        client.delete_collection(collection.name)
    return chroma_server.url


@pytest.fixture()
def open_library(use_embedding, catalog_url, chroma_url):
    """The library tests' factory (tests/conftest.py), on PostgreSQL and the Chroma server. The root
    still names where nothing but local scratch lives: in team mode the catalog and vectors are remote."""
    from memory.report_library import ReportLibrary

    def open_(root: Path, **options):
        return ReportLibrary(root, use_embedding, catalog_url=catalog_url, chroma_url=chroma_url, **options)

    return open_
