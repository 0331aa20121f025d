"""Ingest with each batch embedded while the one before it is written (memory/ingest_pipeline.py), and
the second embedding process (memory/embed_helper.py): the same reports, chunks and vectors as the
plain loop over ingest_many, nothing embedded twice, and a helper that dies costs nothing but time.
Timings are in benchmarks/ingest_throughput.py."""

from __future__ import annotations

import numpy as np
import pytest

from memory.embed_helper import MIN_SPLIT_CHARS, EmbedHelper
import memory.ingest_pipeline as pipeline
from memory.chunking import chunk_document
from memory.ingest_pipeline import ingest_stream
from memory.search import search
from tests.conftest import write_report
from tools.documents import load_document

TOPICS = ["宁德时代储能出货高增，毛利率改善。", "谐波减速器国产替代加速，丝杠产能扩张。", "光伏组件价格企稳，硅料库存去化。",
          "半导体设备国产化率提升，刻蚀设备订单饱满。", "白酒批价回落，渠道库存偏高。", "创新药出海授权金额创新高。"]


def _docs(folder, n: int):
    folder.mkdir()
    paths = [write_report(folder, f"2025030{i % 9 + 1}_券商{i}_报告{i}.txt", [TOPICS[i % 6] * 30, TOPICS[(i + 1) % 6] * 20])
             for i in range(n)]
    return [load_document(p) for p in paths]


def _counting(library):
    calls: list[list[str]] = []
    embed = library.vectors.embed_documents

    def counted(texts):
        calls.append(list(texts))
        return embed(texts)
    library.vectors.embed_documents = counted
    return calls


def test_batches_are_written_in_order_and_embedded_once(tmp_path, open_library):
    docs = _docs(tmp_path / "reports", 6)
    library = open_library(tmp_path / "library")
    calls = _counting(library)
    try:
        out = list(ingest_stream(library, [docs[:2], docs[2:5], docs[5:]]))
        assert [d for batch, _ in out for d in batch] == docs
        assert [o.status for _, outcomes in out for o in outcomes] == ["ingested"] * 6
        embedded = [t for call in calls for t in call]
        assert len(embedded) == library.vectors.count() == library.catalog.chunk_count()  # each chunk once
        assert search(library, "谐波减速器", k=1)[0].text.startswith(TOPICS[1][:5])
    finally:
        library.close()


def _counting_writes(library, monkeypatch) -> list[int]:
    writes: list[int] = []
    ingest_many = library.ingest_many
    monkeypatch.setattr(library, "ingest_many", lambda docs, known=None: writes.append(len(docs)) or ingest_many(docs, known))
    return writes


def test_embedded_batches_wait_to_be_written_together(tmp_path, open_library, monkeypatch):
    docs = _docs(tmp_path / "reports", 6)
    library = open_library(tmp_path / "library")
    writes = _counting_writes(library, monkeypatch)
    try:
        assert sum(len(chunk_document(d, library.chunk_chars)) for d in docs) < pipeline.WRITE_MIN_CHUNKS
        out = list(ingest_stream(library, [docs[:2], docs[2:4], docs[4:]]))
        assert writes == [6] and [d for batch, _ in out for d in batch] == docs  # one write, files in order
        assert [o.status for _, outcomes in out for o in outcomes] == ["ingested"] * 6
    finally:
        library.close()


def test_a_batch_with_enough_chunks_is_written_while_the_next_embeds(tmp_path, open_library, monkeypatch):
    docs = _docs(tmp_path / "reports", 6)
    library = open_library(tmp_path / "library")
    writes = _counting_writes(library, monkeypatch)
    monkeypatch.setattr(pipeline, "WRITE_MIN_CHUNKS", 1)
    try:
        out = list(ingest_stream(library, [docs[:2], docs[2:4], docs[4:]]))
        assert writes[0] == 2 and len(writes) >= 2 and sum(writes) == 6  # the first batch did not wait
        assert [d for batch, _ in out for d in batch] == docs
        assert library.catalog.chunk_count() == library.vectors.count() > 0
    finally:
        library.close()


def test_a_file_already_complete_is_not_embedded_ahead(tmp_path, open_library):
    docs = _docs(tmp_path / "reports", 2)
    library = open_library(tmp_path / "library")
    try:
        library.ingest_many(docs)
        calls = _counting(library)
        [(_, outcomes)] = list(ingest_stream(library, [docs]))
        assert [o.status for o in outcomes] == ["unchanged", "unchanged"] and calls == []
    finally:
        library.close()


def test_chunks_that_changed_after_embedding_ahead_are_embedded_again(tmp_path, open_library):
    [doc] = _docs(tmp_path / "reports", 1)
    library = open_library(tmp_path / "library")
    try:
        library.prepared.prepare(library.vectors, [doc], library.chunk_chars)
        library.chunk_chars = 40  # the writer now plans other chunks than those embedded ahead
        calls = _counting(library)
        outcome = library.ingest(doc)
        assert outcome.status == "ingested" and sum(map(len, calls)) == outcome.chunks == library.vectors.count()
    finally:
        library.close()


@pytest.fixture(scope="module")
def helper():
    helper = EmbedHelper("use")
    assert helper.ready(wait_s=120)
    yield helper
    helper.close()


def _texts() -> list[str]:
    texts = [TOPICS[i % 6] * (3 + i % 4) for i in range(32)]
    assert sum(map(len, texts)) >= MIN_SPLIT_CHARS
    return texts


def test_the_helper_embeds_part_of_a_call_as_this_process_would(helper, use_embedding):
    here: list[int] = []

    def embed_here(texts):
        here.append(len(texts))
        return use_embedding(texts)
    texts = _texts()
    vectors = helper.embed(texts, embed_here)
    assert 0 < here[0] < len(texts)  # the rest went to the helper
    np.testing.assert_allclose(vectors, np.asarray(use_embedding(texts)), atol=1e-6)


def test_a_helper_that_dies_costs_nothing_but_time(use_embedding):
    helper = EmbedHelper("use")
    try:
        assert helper.ready(wait_s=120)
        helper._process.kill()
        helper._process.join(10)
        texts = _texts()
        np.testing.assert_allclose(helper.embed(texts, use_embedding), np.asarray(use_embedding(texts)), atol=1e-6)
        assert not helper.ready()  # not asked again
    finally:
        helper.close()


def test_an_ingest_with_the_helper_matches_one_without(tmp_path, open_library, helper, monkeypatch):
    docs = _docs(tmp_path / "reports", 6)  # (a seventh would be a near-copy of the first)
    split = helper._split
    splits: list[int] = []
    monkeypatch.setattr(helper, "_split", lambda texts, *args: splits.append(len(texts)) or split(texts, *args))
    libraries = [open_library(tmp_path / name) for name in ("with", "without")]
    try:
        for library, with_helper in zip(libraries, (helper, None)):
            assert all(o.status == "ingested" for _, out in ingest_stream(library, [docs[:3], docs[3:]], with_helper)
                       for o in out)
        by_id = []
        for library in libraries:
            with library.vectors.session(write=False) as collection:
                got = collection.get(include=["embeddings"])
            by_id.append(dict(zip(got["ids"], got["embeddings"])))
        assert sorted(by_id[0]) == sorted(by_id[1]) and len(by_id[0]) == libraries[0].catalog.chunk_count()
        assert len(splits) == 2  # both batches' calls were shared with the helper
        for chunk_id, vector in by_id[0].items():
            np.testing.assert_allclose(vector, by_id[1][chunk_id], atol=1e-6)
    finally:
        for library in libraries:
            library.close()
