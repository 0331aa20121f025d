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
    assert not (library.root / "keywords").exists()  # keyword search is the catalog's: shared, no tantivy folder


def test_keyword_search_in_team_mode_is_the_catalogs(library, corpus):
    """The library's keyword index answers from PostgreSQL: what one replica ingested, another finds."""
    from memory.chunk_indexes import CatalogKeywords
    from memory.filters import SearchFilters
    from tools.documents import load_document
    from tools.text import tokenize

    assert isinstance(library.keywords, CatalogKeywords)
    outcome = library.ingest(load_document(corpus[0]))
    body = library.catalog.read("SELECT text FROM chunks WHERE boilerplate = 0 ORDER BY chunk_id LIMIT 1")[0]["text"]
    words = tokenize(body)[:20]
    hits = library.keywords.search(words, 5, SearchFilters())
    assert hits and hits == library.catalog.keyword_search(words, 5, SearchFilters())
    assert {library.catalog.chunks([c])[c].report_id for c, _ in hits} == {outcome.report_id}
    assert library.keywords.count() == library.catalog.chunk_count() == outcome.chunks


def test_the_chroma_server_collection_has_the_embedded_hnsw_settings(library):
    from memory.vector_index import HNSW_CONFIG

    with library.vectors.session(write=False) as collection:
        hnsw = collection.configuration["hnsw"]
    assert {k: hnsw[k] for k in HNSW_CONFIG["hnsw"]} == HNSW_CONFIG["hnsw"]


def test_a_client_pointed_at_an_empty_chroma_does_not_wipe_the_shared_catalog(library, corpus, use_embedding,
                                                                               catalog_url, tmp_path, caplog):
    """Opening a library reconciles vectors with the catalog. On shared servers a client whose
    TOUYAN_CHROMA_URL names another (here: an empty, local) store must not drop the team's reports."""
    from memory.report_library import ReportLibrary
    from tools.documents import load_document

    ids = {library.ingest(load_document(path)).report_id for path in corpus}
    misconfigured = ReportLibrary(tmp_path / "other", use_embedding, catalog_url=catalog_url, chroma_url=None)
    assert misconfigured.swept.dropped == 0 and "向量库与目录不一致" in caplog.text
    assert {r.report_id for r in library.catalog.reports()} >= ids
    assert library.vectors.count() > 0
