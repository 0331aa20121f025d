"""The two catalogs given the same reports answer alike: the same keyword hits in the same order with
the same BM25 scores (filters included), and the same checked transitions. The sample corpus is
parsed and chunked for real; no embeddings are needed at this level."""

from __future__ import annotations

import pytest

from memory.catalog import Catalog
from memory.chunking import chunk_pages
from memory.filters import SearchFilters
from memory.leases import Owner
from memory.pg_catalog import PostgresCatalog, lexemes, tsvector_literal
from memory.ingest_rows import report_record
from memory.report_states import LeaseLost
from tests.conftest import SAMPLES
from tools.documents import iter_document_paths, load_document
from tools.text import tokenize

QUERIES = ["人形机器人 灵巧手 供应商", "储能 价格战 毛利率", "宁德时代", "半导体设备 国产化率", "光伏 供给侧",
           "AI 算力 光模块", "低空经济 eVTOL", "风险提示", "核心 卫星 配置", "谐波减速器 丝杠"]


def _fill(catalog, docs, owner) -> None:
    for doc in docs:
        chunks = chunk_pages(doc.report_id, [(p.number, p.text) for p in doc.pages], 400,
                             [p.boilerplate_from for p in doc.pages])
        assert catalog.begin_report(report_record(doc, len(chunks)), owner)[0] == "acquired"
        rows = [(c.id, c.page, c.index, c.text, " ".join(tokenize(c.text)), c.boilerplate) for c in chunks]
        catalog.complete_report(doc.report_id, str(doc.source), [(p.number, p.text) for p in doc.pages], rows,
                                doc.tickers, owner)


@pytest.fixture(scope="module")
def sample_docs():
    return [load_document(p) for p in iter_document_paths([SAMPLES])]


@pytest.fixture()
def both(tmp_path, catalog_url, sample_docs):
    owner = Owner.current()
    lite, pg = Catalog(tmp_path / "catalog.sqlite3"), PostgresCatalog(catalog_url)
    for catalog in (lite, pg):
        _fill(catalog, sample_docs, owner)
    yield lite, pg, owner
    lite.close()
    pg.close()


def _filters(docs) -> list[SearchFilters]:
    dated = sorted(d.date for d in docs if d.date)
    ticker = next(t for d in docs for t in d.tickers)
    return [SearchFilters(), SearchFilters(broker="中信证券"), SearchFilters(date_from=dated[len(dated) // 2]),
            SearchFilters(ticker=ticker), SearchFilters(include_boilerplate=True),
            SearchFilters(report_id=docs[0].report_id)]


def _by_score(hits: list[tuple[str, float]]) -> list[tuple[float, str]]:
    """Hits in a tie-proof order: equal scores (to 9 places) may come back in either engine's order, and
    a tie at the k-th place may keep either chunk, so those are left out."""
    if not hits:
        return []
    last = round(hits[-1][1], 9)
    return sorted((-round(score, 9), cid) for cid, score in hits if round(score, 9) != last)


def test_keyword_search_ranks_and_scores_alike(both, sample_docs):
    lite, pg, _ = both
    assert lite.chunk_count() == pg.chunk_count() > 100
    compared = 0
    for query in QUERIES:
        for filters in _filters(sample_docs):
            want = lite.keyword_search(tokenize(query), 20, filters)
            got = pg.keyword_search(tokenize(query), 20, filters)
            assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=1e-9), (query, filters)
            assert _by_score(got) == _by_score(want), (query, filters)
            compared += len(want)
    assert compared > 300  # the queries really hit: not a comparison of empty lists


def test_reads_agree(both, sample_docs):
    lite, pg, _ = both
    assert [r.report_id for r in lite.reports()] == [r.report_id for r in pg.reports()]
    assert lite.expected_vectors() == pg.expected_vectors()
    rid = sample_docs[0].report_id
    assert lite.report(rid) == pg.report(rid) and lite.pages(rid) == pg.pages(rid)
    ids = [c for c, _ in lite.keyword_search(tokenize("储能"), 30, SearchFilters())]
    assert lite.chunks(ids) == pg.chunks(ids)


def test_transitions_are_checked_alike(both, sample_docs):
    lite, pg, owner = both
    other = Owner.current()
    doc = sample_docs[0]
    for catalog in (lite, pg):
        assert catalog.drop_report(doc.report_id, owner) is True
        assert catalog.drop_report(doc.report_id, owner) is False  # already dropping: not twice
        assert catalog.forget(doc.report_id, other) is False  # not the owner of that drop
        assert catalog.forget(doc.report_id, owner) is True
        assert catalog.begin_report(report_record(doc, 1), owner)[0] == "acquired"
        state, lease = catalog.begin_report(report_record(doc, 1), other)
        assert state == "busy" and lease.held_by(owner)  # this process is alive: its lease holds
        with pytest.raises(LeaseLost):
            catalog.complete_report(doc.report_id, str(doc.source), [], [], [], other)
        assert catalog.report(doc.report_id).status == "writing"
        assert [rid for rid, _s, _l in catalog.leased()] == [doc.report_id]
    assert lite.generation() > 0 and pg.generation() > 0


def test_tsvector_keeps_jieba_tokens_whole():
    vector, count = tsvector_literal("人形机器人 300750.sz 人形机器人 a_b")
    assert vector == "'人形机器人':1,4 '300750':2 'sz':3 'a':5 'b':6" and count == 6
    assert lexemes("谐波减速器 ") == ["谐波减速器"]


def test_source_reports_answer_alike(both, sample_docs):
    """The no-op re-ingest's one catalog question (memory/file_fingerprints.py), as plain tuples on both."""
    lite, pg, _owner = both
    paths = [str(d.source) for d in sample_docs] + ["/nowhere/never-ingested.pdf"]
    on_lite, on_pg = lite.source_reports(paths), pg.source_reports(paths)
    assert on_lite == on_pg and len(on_lite) == len(sample_docs)
    doc = sample_docs[0]
    assert on_pg[str(doc.source)] == (doc.report_id, "complete", doc.parser_version, doc.page_count,
                                      on_pg[str(doc.source)].chunk_count)
    assert all(r.chunk_count > 0 for r in on_pg.values())
