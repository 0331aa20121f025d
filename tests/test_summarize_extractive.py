"""The offline extractive engine on the sample corpus: every citation checked, fields right."""

from __future__ import annotations

import asyncio

import pytest

from agents.summarize.graph import graph
from agents.summarize.nodes import ReportNotFound
from tests.conftest import make_context
from tools.citations import parse_cited_sentences, verify_sentence
from tools.sentence_rank import squash


@pytest.fixture(scope="module")
def summaries(sample_library):
    ctx = make_context(sample_library, engine="extractive")

    async def run():
        return {name: (await graph.ainvoke({"report_id": rid}, context=ctx.scoped()))["summary"]
                for name, rid in sample_library.sample_ids.items()}

    return asyncio.run(run())


def test_every_summary_sentence_cites_a_page_that_supports_it(summaries, sample_library):
    for name, s in summaries.items():
        pages = dict(sample_library.pages(s.report_id))
        sentences = parse_cited_sentences(s.summary)
        assert len(sentences) >= 3, name
        for sentence in sentences:
            assert sentence.pages and all(0 <= p < s.page_count for p in sentence.pages), (name, sentence)
            assert verify_sentence(sentence.text, sentence.pages, pages).verified, (name, sentence)
        assert s.citations.cited == s.citations.verified + s.citations.dropped
        assert s.citations.verified_share == 1.0 or s.flagged


def test_points_quote_their_pages(summaries, sample_library):
    for name, s in summaries.items():
        pages = dict(sample_library.pages(s.report_id))
        for point in s.core_arguments + s.risks:
            assert point.verified is True
            assert any(squash(point.text.rstrip("。")) in squash(pages[p]) for p in point.pages), (name, point.text)
        assert s.risks, f"{name}: 风险提示 not found"


def test_rating_and_target_price_match_the_manifest(summaries, manifest):
    for name, s in summaries.items():
        truth = manifest[name]
        assert s.views.rating == truth["rating"], name
        assert s.views.target_price == truth["target_price"], name


def test_eps_forecasts_are_on_their_page(summaries, sample_library):
    catl = [s for s in summaries.values() if s.broker == "中信证券" and "宁德时代" in s.title][0]
    years = [e.year for e in catl.views.eps_forecasts]
    assert years[:4] == ["2024A", "2025E", "2026E", "2027E"]
    for row in catl.views.eps_forecasts:
        assert f"{row.eps:g}" in squash(sample_library.page_text(catl.report_id, row.page))


def test_injected_instruction_never_reaches_the_summary(summaries):
    adversarial = [s for s in summaries.values() if s.broker == "示例证券"][0]
    text = adversarial.summary + "".join(p.text for p in adversarial.core_arguments + adversarial.risks)
    assert "忽略" not in text and "目标价翻倍" not in text


def test_unknown_report_is_a_clear_error(sample_library):
    ctx = make_context(sample_library, engine="extractive")
    with pytest.raises(ReportNotFound, match="touyan ingest"):
        asyncio.run(graph.ainvoke({"report_id": "0000000000000000"}, context=ctx))
