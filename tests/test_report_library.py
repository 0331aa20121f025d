"""The report library on the real chromadb and the real offline embedding model. The team suite runs
these same tests on PostgreSQL and a Chroma server (tests/team/test_library_team.py)."""

from __future__ import annotations

import pytest

from memory.filters import SearchFilters
from memory.search import search
from tests.conftest import write_report
from tools.documents import load_document

CATL_PAGES = [
    "中信证券 宁德时代(300750.SZ) 买入 目标价320元。公司是全球动力电池龙头。",
    "动力电池出货量保持高增长，海外工厂投产顺利，欧洲客户订单饱满。",
    "储能业务方面，大储项目需求旺盛，毛利率维持在较高水平。",
    "风险提示：原材料价格大幅波动；新能源车销量不及预期。",
]
ROBOT_PAGES = [
    "华泰证券 人形机器人行业深度 增持。产业链上游为谐波减速器与丝杠。",
    "绿的谐波(688017)是国内谐波减速器龙头，国产替代加速。",
    "本体厂商方面，优必选(9880.HK)已实现小批量交付。",
]


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    catl = write_report(folder, "20250312_中信证券_宁德时代深度报告.txt", CATL_PAGES)
    robot = write_report(folder, "20250601_华泰证券_人形机器人行业深度.txt", ROBOT_PAGES)
    return catl, robot


def test_page_numbers_survive_ingest_and_search(library, corpus):
    catl, robot = corpus
    for path in corpus:
        assert library.ingest(load_document(path)).status == "ingested"
    hits = search(library, "储能项目毛利率", k=3)
    assert hits[0].page == 2 and hits[0].broker == "中信证券" and hits[0].date == "2025-03-12"
    assert "储能" in hits[0].text
    assert library.page_text(hits[0].report_id, 2) == CATL_PAGES[2]


def test_chunk_texts_are_kept_by_the_catalog_not_twice_in_chromadb(library, corpus):
    library.ingest(load_document(corpus[0]))
    with library.vectors.session(write=False) as collection:
        stored = collection.get(include=["documents", "metadatas"])
    assert len(stored["ids"]) == library.catalog.chunk_count() > 0
    assert stored["documents"] == [None] * len(stored["ids"])  # the vectors' filter metadata only
    assert {m["report_id"] for m in stored["metadatas"]} == {library.reports()[0].report_id}
    hits = search(library, "储能项目毛利率", k=1)
    assert hits[0].text == library.chunks([hits[0].chunk_id])[hits[0].chunk_id].text and "储能" in hits[0].text


def test_reingesting_the_same_file_is_a_no_op(library, corpus):
    doc = load_document(corpus[0])
    first = library.ingest(doc)
    vectors_before = library.vectors.count()
    second = library.ingest(load_document(corpus[0]))
    assert (first.status, second.status) == ("ingested", "unchanged")
    assert library.vectors.count() == vectors_before == first.chunks
    assert len(library.reports()) == 1


def test_changed_file_replaces_its_old_chunks(library, corpus):
    path = corpus[0]
    old = library.ingest(load_document(path))
    path.write_text("\f".join(CATL_PAGES[:2] + ["钠离子电池量产进度超预期。"]), encoding="utf-8")
    new = library.ingest(load_document(path))
    assert new.status == "replaced" and new.replaced_report_id == old.report_id
    assert library.report(old.report_id) is None
    assert [r.report_id for r in library.reports()] == [new.report_id]
    assert library.vectors.count() == new.chunks
    texts = " ".join(h.text for h in search(library, "储能 大储 毛利率", k=10))
    assert "大储" not in texts and "钠离子" in " ".join(h.text for h in search(library, "钠离子电池", k=3))


def test_same_content_under_another_path_is_not_embedded_twice(library, corpus, tmp_path):
    library.ingest(load_document(corpus[0]))
    copy = tmp_path / "copy.txt"
    copy.write_bytes(corpus[0].read_bytes())
    count = library.vectors.count()
    assert library.ingest(load_document(copy)).status == "unchanged"
    assert library.vectors.count() == count


def test_filters_by_broker_ticker_date_and_report(library, corpus):
    ids = [library.ingest(load_document(p)).report_id for p in corpus]
    query = "国产替代 龙头"
    assert {h.broker for h in search(library, query, k=10, filters=SearchFilters(broker="华泰证券"))} == {"华泰证券"}
    assert {h.report_id for h in search(library, query, k=10, filters=SearchFilters(ticker="300750.SZ"))} == {ids[0]}
    assert {h.report_id for h in search(library, query, k=10, filters=SearchFilters(ticker="688017.SH"))} == {ids[1]}
    late = search(library, query, k=10, filters=SearchFilters(date_from="2025-05-01"))
    assert {h.report_id for h in late} == {ids[1]}
    early = search(library, query, k=10, filters=SearchFilters(date_to="2025-03-31"))
    assert {h.report_id for h in early} == {ids[0]}
    assert {h.report_id for h in search(library, query, k=10, filters=SearchFilters(report_id=ids[0]))} == {ids[0]}
    assert search(library, query, k=10, filters=SearchFilters(broker="不存在证券")) == []


def test_hybrid_fuses_both_rankings(library, corpus):
    for path in corpus:
        library.ingest(load_document(path))
    keyword = search(library, "谐波减速器", k=3, mode="keyword")
    assert keyword and all("谐波" in h.text for h in keyword)
    hybrid = search(library, "谐波减速器", k=3)
    top = hybrid[0]
    assert top.keyword_rank is not None and top.vector_rank is not None
    assert "谐波" in top.text
    # A paraphrase without shared words still finds the right page through the vectors.
    para = search(library, "电化学储能订单很多、利润率高", k=2, mode="vector")
    assert para[0].page == 2


def test_crash_between_vectors_and_catalog_leaves_nothing_visible(tmp_path, open_library, corpus, monkeypatch):
    root = tmp_path / "lib"
    lib = open_library(root)
    doc = load_document(corpus[0])

    def boom(*args, **kwargs):
        raise RuntimeError("killed mid-write")

    monkeypatch.setattr(lib.catalog, "complete_report", boom)
    with pytest.raises(RuntimeError):
        lib.ingest(doc)
    assert lib.vectors.count() > 0  # vectors were written …
    assert search(lib, "储能", k=5) == []  # … but no reader sees a half-written report
    lib.close()
    monkeypatch.undo()

    reopened = open_library(root)  # a new process cleans up the leftovers
    assert reopened.vectors.count() == 0 and reopened.catalog.reports(status="writing") == []
    assert reopened.ingest(doc).status == "ingested"
    assert search(reopened, "储能", k=1)[0].page == 2
    reopened.close()


def test_library_reopens_from_disk(tmp_path, open_library, corpus):
    root = tmp_path / "lib"
    lib = open_library(root)
    rid = lib.ingest(load_document(corpus[1])).report_id
    lib.close()
    again = open_library(root)
    assert again.report(rid).title == "人形机器人行业深度"
    assert search(again, "优必选 交付", k=1)[0].page == 2
    again.close()


def test_empty_query_is_rejected(library):
    with pytest.raises(ValueError):
        search(library, "   ")


LAYOUT = __import__("pathlib").Path(__file__).resolve().parents[1] / "data" / "layout_corpus"


def test_disclaimers_are_searchable_only_on_request_and_brokers_by_short_name(library):
    doc = load_document(LAYOUT / "lc01.pdf")  # 华泰: its last page is 分析师声明 + 免责声明
    library.ingest(doc)
    disclaimer = "分析师声明"
    for mode in ("keyword", "hybrid"):
        assert all(h.page != 4 for h in search(library, disclaimer, k=20, mode=mode))
        asked = search(library, disclaimer, k=20, mode=mode, filters=SearchFilters(include_boilerplate=True))
        assert any(h.page == 4 for h in asked)
    hits = search(library, "储能业务", k=5, filters=SearchFilters(broker="华泰"))
    assert hits and {h.broker for h in hits} == {"华泰证券"}
    assert all("免责声明和披露" not in h.text for h in search(library, "免责声明和披露", k=20))  # the footer


def test_a_report_parsed_by_an_older_parser_is_reparsed(library, corpus):
    from dataclasses import replace

    catl, _ = corpus
    old = replace(load_document(catl), parser_version="1")
    assert library.ingest(old).status == "ingested"
    assert library.stale_sources("2") == [str(catl.resolve())]
    assert library.ingest(load_document(catl)).status == "ingested"  # not "unchanged": parsed again
    assert library.stale_sources("2") == [] and library.report(old.report_id).parser_version == "2"


def test_the_keyword_commit_is_under_way_before_the_vector_upsert_starts(tmp_path, open_library, corpus,
                                                                         monkeypatch):
    """chromadb's upsert holds the GIL for its whole run and tantivy's commit lets go of it: started
    after the upsert, the commit waited for it (memory/chunk_writes.py)."""
    lib = open_library(tmp_path / "lib")
    events = []
    write, add = lib.vectors.keywords.write, lib.vectors.add

    def recording_write(*args, committing=None, **kwargs):
        def starting():
            events.append("keyword commit")
            committing()
        return write(*args, committing=starting, **kwargs)

    def recording_add(*args, **kwargs):
        events.append("vector upsert")
        return add(*args, **kwargs)

    monkeypatch.setattr(lib.vectors.keywords, "write", recording_write)
    monkeypatch.setattr(lib.vectors, "add", recording_add)
    assert lib.ingest(load_document(corpus[0])).status == "ingested"
    from memory.chunk_indexes import CatalogKeywords

    if isinstance(lib.vectors.keywords, CatalogKeywords):  # the team backend: keywords live in the catalog's
        assert events == ["vector upsert"]  # own transaction, so there is no keyword commit to overlap
    else:
        assert events == ["keyword commit", "vector upsert"]
    assert lib.keywords.count() == lib.vectors.count() > 0
    lib.close()


def test_a_keyword_write_failing_beside_the_vector_upsert_fails_the_report_before_the_catalog(
        tmp_path, open_library, corpus, monkeypatch):
    """tantivy commits in a helper thread while chromadb upserts (memory/chunk_writes.py): its failure
    still reaches ingest, and the report never becomes complete without its keyword documents."""
    lib = open_library(tmp_path / "lib")
    doc = load_document(corpus[0])

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(lib.vectors.keywords, "write", broken)
    outcome = lib.ingest_many([doc])[0]
    assert isinstance(outcome, OSError)
    assert lib.catalog.reports() == [] and search(lib, "储能", k=5) == []
    monkeypatch.undo()
    assert lib.ingest(doc).status == "ingested"  # the failed attempt is released and written again
    hits = search(lib, "储能 毛利率", k=3)
    assert hits and hits[0].page == 2 and hits[0].keyword_rank == 1  # found by the keyword index too
    assert lib.keywords.count() == lib.vectors.count() > 0
    lib.close()
