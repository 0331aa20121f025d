"""The keyword index behind memory.keyword_index.KeywordIndex, run against every implementation.

A team catalog (issue 18) adds its implementation to IMPLEMENTATIONS and passes the same suite.
Filters must be exact: a filtered search returns exactly the matching chunks a brute-force scan of
the same documents finds, never a top-k cut before filtering.
"""

from __future__ import annotations

import random
import threading
import time

import pytest

from memory.filters import SearchFilters
from memory.keyword_index import KeywordDoc, TantivyKeywordIndex


def tantivy_index(tmp_path):
    return TantivyKeywordIndex(tmp_path / "keywords")


IMPLEMENTATIONS = {"tantivy": tantivy_index}


@pytest.fixture(params=sorted(IMPLEMENTATIONS))
def make_index(request, tmp_path):
    opened = []

    def make():
        index = IMPLEMENTATIONS[request.param](tmp_path)
        opened.append(index)
        return index

    yield make
    for index in opened:
        index.close()


def doc(chunk_id: str, tokens: str, broker: str | None = None, date: str | None = None, tickers=(),
        boilerplate: bool = False) -> KeywordDoc:
    return KeywordDoc(chunk_id, chunk_id.split(":")[0], tokens, broker, date, tuple(tickers), boilerplate)


def test_ranks_by_bm25_and_any_token_matches(make_index):
    index = make_index()
    index.write([doc("a:0:0", "储能 电池 电池 电池 价格"), doc("b:0:0", "储能 光伏 组件"), doc("c:0:0", "光伏 组件 价格"),
                 doc("d:0:0", "银行 存款 利率")])
    hits = index.search(["电池", "储能"], 10, SearchFilters())
    assert [cid for cid, _ in hits] == ["a:0:0", "b:0:0"]  # 'd' and 'c' hold neither token
    assert hits[0][1] > hits[1][1] > 0
    assert index.search(["不存在的词"], 10, SearchFilters()) == []
    assert index.search([], 10, SearchFilters()) == []
    assert index.count() == 4


def test_tokens_are_matched_whole_and_as_written(make_index):
    index = make_index()
    index.write([doc("a:0:0", "宁德时代 300750.sz catl")])
    assert index.search(["宁德时代"], 5, SearchFilters())
    assert index.search(["300750.sz"], 5, SearchFilters())
    assert index.search(["宁德"], 5, SearchFilters()) == []  # a token, not a substring
    assert index.search(["CATL"], 5, SearchFilters()) == []  # tokenize() lower-cases; the index does not


def _corpus(seed: int = 7) -> list[KeywordDoc]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(40)]
    brokers = ["中信证券", "华泰证券", "国泰君安", None]
    docs = []
    for r in range(60):
        broker = brokers[r % len(brokers)]
        date = None if r % 9 == 0 else f"2024-{1 + r % 12:02d}-{1 + r % 28:02d}"
        tickers = [t for t in ("300750.SZ", "002594.SZ", "600519.SH") if rng.random() < 0.3]
        for i in range(5):
            docs.append(doc(f"r{r:03d}:0:{i}", " ".join(rng.choices(words, k=rng.randint(3, 12))), broker, date, tickers,
                            boilerplate=i == 4 and r % 2 == 0))  # a disclaimer at the end of every other report
    return docs


FILTERS = [
    SearchFilters(broker="中信证券"),
    SearchFilters(ticker="300750.SZ"),
    SearchFilters(report_id="r007"),
    SearchFilters(date_from="2024-03-01"),
    SearchFilters(date_to="2024-03-01"),
    SearchFilters(date_from="2024-02-03", date_to="2024-06-06"),  # bounds that exist in the corpus: inclusive
    SearchFilters(date_from="2024-05-05", date_to="2024-05-05"),
    SearchFilters(broker="华泰证券", ticker="002594.SZ", date_from="2024-02-01"),
    SearchFilters(broker="没有这家券商"),
    SearchFilters(include_boilerplate=True),
    SearchFilters(broker="国泰君安", include_boilerplate=True),
    SearchFilters(report_ids=("r003", "r010", "r044")),  # a catalog-side filter (search --industry)
    SearchFilters(report_ids=("r010",), broker="华泰证券"),
    SearchFilters(report_ids=()),  # no report of the industry: nothing
]


def _matches(d: KeywordDoc, f: SearchFilters) -> bool:
    key = int(d.date.replace("-", "")) if d.date else None
    return ((f.include_boilerplate or not d.boilerplate) and (f.broker is None or d.broker == f.broker) and (f.report_id is None or d.report_id == f.report_id)
            and (f.report_ids is None or d.report_id in f.report_ids)
            and (f.ticker is None or f.ticker in d.tickers)
            and (f.date_from is None or (key is not None and key >= int(f.date_from.replace("-", ""))))
            and (f.date_to is None or (key is not None and key <= int(f.date_to.replace("-", "")))))


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in vars(f).items() if v))
def test_filters_are_exact(make_index, filters):
    docs = _corpus()
    index = make_index()
    index.write(docs)
    query = ["w3", "w17"]
    expected = {d.chunk_id for d in docs if set(d.tokens.split()) & set(query) and _matches(d, filters)}
    got = index.search(query, len(docs), filters)
    assert {cid for cid, _ in got} == expected
    # The same ranking as unfiltered, restricted: filters add nothing to a score.
    unfiltered = dict(index.search(query, len(docs), SearchFilters(include_boilerplate=True)))
    assert all(score == pytest.approx(unfiltered[cid]) for cid, score in got)
    # And k cuts after filtering: the best k of the matching chunks, not of all chunks.
    top = index.search(query, 3, filters)
    assert [cid for cid, _ in top] == [cid for cid, _ in got[:3]]


def test_delete_and_replace_a_report(make_index):
    index = make_index()
    index.write([doc("a:0:0", "储能"), doc("a:0:1", "储能 电池"), doc("b:0:0", "储能")])
    index.write(delete_reports=["a"])
    assert [cid for cid, _ in index.search(["储能"], 10, SearchFilters())] == ["b:0:0"]
    # Delete and add in one write: a retried report's new chunks survive, its old ones do not.
    index.write([doc("b:0:7", "电池")], delete_reports=["b"])
    assert [cid for cid, _ in index.search(["储能", "电池"], 10, SearchFilters())] == ["b:0:7"]
    assert index.count() == 1


def test_a_second_index_object_sees_commits_of_the_first(make_index):
    writer, reader = make_index(), make_index()
    assert reader.search(["储能"], 5, SearchFilters()) == []
    writer.write([doc("a:0:0", "储能")])
    assert [cid for cid, _ in reader.search(["储能"], 5, SearchFilters())] == ["a:0:0"]


def test_a_writer_waits_for_another_writer_to_finish(tmp_path):
    first, second = TantivyKeywordIndex(tmp_path / "k"), TantivyKeywordIndex(tmp_path / "k")
    held = first._writer()  # what another process's commit in progress looks like
    released = threading.Event()

    def release_later():
        time.sleep(0.5)
        held.commit()
        held.wait_merging_threads()
        released.set()

    threading.Thread(target=release_later).start()
    second.write([doc("a:0:0", "储能")])  # blocks until the lock is free, then commits
    assert released.is_set()
    assert second.count() == 1



def test_a_library_from_before_the_keyword_index_is_filled_from_its_catalog(tmp_path, use_embedding):
    """Opening a library whose catalog has reports but no keyword index (ingested before it existed, or
    before its schema version) copies the catalog's tokens, filter fields and disclaimer flags: keyword
    search finds what it found before, with no re-ingest; filling again replaces, never duplicates."""
    import contextlib
    import shutil
    from pathlib import Path

    from memory.keyword_backfill import backfill
    from memory.report_library import ReportLibrary
    from memory.search import search
    from tests.conftest import write_report
    from tools.documents import load_document

    folder = tmp_path / "reports"
    folder.mkdir()
    catl = write_report(folder, "20250312_中信证券_宁德时代深度报告.txt",
                        ["中信证券 宁德时代(300750.SZ) 买入。储能业务毛利率较高。", "风险提示：原材料价格波动。"])
    layout = Path(__file__).resolve().parents[1] / "data" / "layout_corpus" / "lc01.pdf"  # ends in disclaimers
    queries = [(q, f) for q in ("宁德时代 储能", "分析师声明", "储能业务")
               for f in (SearchFilters(), SearchFilters(include_boilerplate=True), SearchFilters(broker="华泰证券"),
                         SearchFilters(ticker="300750.SZ"))]

    def keyword_hits(library):
        return [[h.chunk_id for h in search(library, q, 20, mode="keyword", filters=f)] for q, f in queries]

    root = tmp_path / "lib"
    with contextlib.closing(ReportLibrary(root, use_embedding)) as library:
        for path in (catl, layout):
            library.ingest(load_document(path))
        before, chunks = keyword_hits(library), library.keywords.count()
        assert chunks == sum(r.chunk_count for r in library.reports())
    assert all(before[:4]) and before[4] != before[5]  # hits, and disclaimers only on request
    shutil.rmtree(root / "keywords")
    with contextlib.closing(ReportLibrary(root, use_embedding)) as library:
        assert library.keywords.count() == chunks
        assert keyword_hits(library) == before
        assert backfill(library.keywords, root / "catalog.sqlite3") == chunks
        assert library.keywords.count() == chunks and keyword_hits(library) == before
