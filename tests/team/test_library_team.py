"""The report library tests (tests/test_report_library.py), collected here a second time so that they
run on PostgreSQL and the Chroma server: this folder's `open_library` fixture replaces the embedded one."""

from tests.test_report_library import *  # noqa: F403 - every test of that module, on the team backends


def test_the_team_library_keeps_nothing_in_the_data_directory(library, corpus):
    from memory.pg_catalog import PostgresCatalog
    from memory.vector_store import RemoteStore
    from tools.documents import load_document

    assert isinstance(library.catalog, PostgresCatalog) and isinstance(library.vectors._store, RemoteStore)
    library.ingest(load_document(corpus[0]))
    assert not (library.root / "catalog.sqlite3").exists() and not (library.root / "chroma").exists()


def test_the_chroma_server_collection_has_the_embedded_hnsw_settings(library):
    from memory.vector_index import HNSW_CONFIG

    with library.vectors.session(write=False) as collection:
        hnsw = collection.configuration["hnsw"]
    assert {k: hnsw[k] for k in HNSW_CONFIG["hnsw"]} == HNSW_CONFIG["hnsw"]
