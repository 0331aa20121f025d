"""The vector side's filters after an unfiltered over-fetch (memory/vector_candidates.py) are exact: for
every filter and depth, the result is the `depth` most similar chunks that pass, the same as brute force
over every stored vector; a broad filter that leaves too few falls back to chromadb's own filter."""

from __future__ import annotations

import pytest

from memory.filters import SearchFilters, date_key
from memory.vector_candidates import OVERFETCH, vector_candidates
from tests.conftest import REPO, write_report
from tools.documents import load_document

QUERY = "储能业务毛利率 国产替代 免责声明"


@pytest.fixture(scope="module")
def library(tmp_path_factory, use_embedding):
    from memory.report_library import ReportLibrary

    folder = tmp_path_factory.mktemp("reports")
    paths = [
        REPO / "data" / "layout_corpus" / "lc01.pdf",  # 华泰, its last page is 分析师声明 + 免责声明 (boilerplate)
        write_report(folder, "20250312_中信证券_宁德时代深度报告.txt", [
            "中信证券 宁德时代(300750.SZ) 买入。公司是全球动力电池龙头。", "储能业务方面，大储项目需求旺盛，毛利率维持高位。",
            "海外工厂投产顺利，欧洲客户订单饱满。"]),
        write_report(folder, "20240105_国泰君安_绿的谐波点评.txt", [
            "国泰君安 绿的谐波(688017.SH) 增持。谐波减速器国产替代加速。", "机器人本体厂商放量，减速器需求提升。"]),
        write_report(folder, "20231120_中信证券_光伏行业周报.txt", [
            "中信证券 光伏行业周报：硅料价格企稳，组件排产环比回升。", "储能配套需求带动逆变器出货。"]),
    ]
    lib = ReportLibrary(tmp_path_factory.mktemp("library") / "library", use_embedding)
    lib.ids = [lib.ingest(load_document(p)).report_id for p in paths]
    yield lib
    lib.close()


def _passes(record, f: SearchFilters) -> bool:
    r, key = record.report, date_key(record.report.date)
    return ((f.include_boilerplate or not record.boilerplate) and (f.broker is None or r.broker == f.broker)
            and (f.report_id is None or r.report_id == f.report_id)
            and (f.report_ids is None or r.report_id in f.report_ids) and (f.ticker is None or f.ticker in r.tickers)
            and (f.date_from is None or (key is not None and key >= date_key(f.date_from)))
            and (f.date_to is None or (key is not None and key <= date_key(f.date_to))))


def _brute_force(library, query_vector, depth: int, f: SearchFilters) -> list[str]:
    ids = [r["chunk_id"] for r in library.catalog.read("SELECT chunk_id FROM chunks")]
    records = library.chunks(ids)
    similarity = library.vectors.similarities(query_vector, ids)
    passing = [cid for cid in ids if _passes(records[cid], f)]
    return sorted(passing, key=lambda cid: -similarity[cid])[:depth]


FILTERS = [
    SearchFilters(),
    SearchFilters(include_boilerplate=True),
    SearchFilters(date_from="2025-01-01"),
    SearchFilters(date_to="2024-06-30"),
    SearchFilters(date_from="2023-11-20", date_to="2023-11-20"),
    SearchFilters(broker="中信证券"),
    SearchFilters(ticker="688017.SH"),
    SearchFilters(date_from="2030-01-01"),  # nothing
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in vars(f).items() if v) or "default")
def test_filtered_vector_candidates_equal_brute_force(library, filters):
    query_vector = library.vectors.embed_query(QUERY)
    n = library.vectors.count()
    assert 15 < n and any(r.boilerplate for r in library.chunks(
        [r["chunk_id"] for r in library.catalog.read("SELECT chunk_id FROM chunks")]).values())
    for depth in (1, 2, 3, 5, n):
        got = [cid for cid, _ in vector_candidates(library, query_vector, depth, filters)]
        assert got == _brute_force(library, query_vector, depth, filters), depth


def _spy(library, monkeypatch) -> list:
    calls = []
    search = library.vectors.search

    def spy(query_vector, k, filters):
        calls.append((k, filters))
        return search(query_vector, k, filters)

    monkeypatch.setattr(library.vectors, "search", spy)
    return calls


def test_a_broad_filter_is_applied_after_an_unfiltered_search(library, monkeypatch):
    calls = _spy(library, monkeypatch)
    query_vector = library.vectors.embed_query("储能业务毛利率")
    vector_candidates(library, query_vector, 2, SearchFilters())
    assert calls == [(2 * OVERFETCH[0], None)]  # enough passed: chromadb's slow metadata filter never ran


def test_too_few_passing_falls_back_to_the_filter_inside_the_index(library, monkeypatch):
    calls = _spy(library, monkeypatch)
    query_vector = library.vectors.embed_query("储能业务毛利率")
    only_2023 = SearchFilters(date_to="2023-12-31")  # one short report: few of the nearest pass
    got = vector_candidates(library, query_vector, 3, only_2023)
    assert calls == [(3 * OVERFETCH[0], None), (3 * OVERFETCH[1], None), (3, only_2023)]
    assert [cid for cid, _ in got] == _brute_force(library, query_vector, 3, only_2023)


def test_a_narrow_filter_over_fetches_by_its_share_of_the_library(library, monkeypatch):
    calls = _spy(library, monkeypatch)
    broker = SearchFilters(broker="国泰君安")
    query_vector = library.vectors.embed_query("减速器")
    passing, total = library.catalog.chunk_share(broker)
    assert 0 < passing < total
    got = vector_candidates(library, query_vector, 1, broker)
    assert calls[0] == (-(-2 * total // passing), None)
    assert [cid for cid, _ in got] == _brute_force(library, query_vector, 1, broker)


def test_a_filter_too_narrow_to_over_fetch_goes_to_the_index(library, monkeypatch):
    import memory.vector_candidates as module

    monkeypatch.setattr(module, "MAX_FETCH", 1)
    calls = _spy(library, monkeypatch)
    ticker = SearchFilters(ticker="688017.SH")
    vector_candidates(library, library.vectors.embed_query("减速器"), 4, ticker)
    assert calls == [(4, ticker)]


def test_a_filter_no_report_passes_goes_to_the_index(library, monkeypatch):
    calls = _spy(library, monkeypatch)
    nobody = SearchFilters(broker="没有这家券商")
    assert vector_candidates(library, library.vectors.embed_query("减速器"), 4, nobody) == []
    assert calls == [(4, nobody)]
