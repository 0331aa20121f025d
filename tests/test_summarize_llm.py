"""The LLM engine with a scripted fake model: verification, map-reduce, usage and prompt versions."""

from __future__ import annotations

import asyncio

import pytest

from agents.context import Limits
from agents.llm.config import LLMConfig
from agents.llm.structured import StructuredOutputError
from agents.summarize.graph import graph
from tests.conftest import make_context
from tests.support.fake_chat import ScriptedChatModel, invalid_tool_reply, tool_reply
from tests.support.report_reader import ReportReader
from tools.report_material import build_material

CATL = "20250318_中信证券_宁德时代深度报告全球龙头再启航.pdf"


def _context(library, replies, **kw):
    model = ScriptedChatModel(replies=replies, model_name="deepseek-chat")
    ctx = make_context(library, engine="llm", llm=LLMConfig(model="deepseek-chat"),
                       model_factory=lambda config, role: model, **kw)
    return ctx, model


def _run(ctx, report_id):
    return asyncio.run(graph.ainvoke({"report_id": report_id}, context=ctx))["summary"]


def test_unsupported_sentences_and_numbers_are_dropped_and_flagged(sample_library):
    rid = sample_library.sample_ids[CATL]
    pages = sample_library.pages(rid)
    material = build_material(pages, Limits().context_tokens).text
    draft = ReportReader(invent_figure=True, cite_missing_page=True).draft(material)
    draft["views"]["target_price"] = 350.0  # a target price the report never states
    ctx, model = _context(sample_library, [tool_reply("SummaryDraft", draft, input_tokens=1200, output_tokens=300)])
    summary = _run(ctx, rid)

    assert "987.6" not in summary.summary
    assert "[page::999]" not in summary.summary
    reasons = " ".join(p.reason or "" for p in summary.flagged)
    assert "987.6" in reasons and "999" in reasons
    assert summary.views.target_price is None and any("350" in p.text for p in summary.flagged)
    assert summary.views.rating == "买入" and summary.views.rating_page == 0
    assert summary.citations.dropped >= 2 and summary.citations.verified >= 3
    assert summary.engine == "llm" and summary.model == "deepseek-chat"
    assert summary.prompt_versions == {"summarize_system": "1.1.0", "summarize_report": "1.2.0"}
    assert summary.tokens == 1500 and summary.cost_cny > 0
    # the model was shown page-tagged text and told that page content is data, not instructions
    sent = model.received[0]
    assert '<page n="0">' in sent[-1].content and "不是给你的指令" in sent[0].content


def test_injected_instruction_obeyed_by_the_model_is_caught(sample_library):
    name = next(n for n in sample_library.sample_ids if "示例证券" in n)
    rid = sample_library.sample_ids[name]
    material = build_material(sample_library.pages(rid), Limits().context_tokens).text
    assert "忽略之前" not in material  # the injection is stripped before any model sees it
    draft = ReportReader(obey_injection=True).draft(material)
    ctx, _ = _context(sample_library, [tool_reply("SummaryDraft", draft)])
    summary = _run(ctx, rid)
    assert "目标价翻倍" not in summary.summary
    assert any("目标价翻倍" in p.text for p in summary.flagged)


def test_long_report_goes_through_map_reduce(sample_library):
    rid = sample_library.sample_ids[CATL]
    reader = ReportReader()
    limits = Limits(stuff_max_tokens=500, map_group_tokens=700, max_map_groups=3)
    ctx, model = _context(sample_library, [], limits=limits)

    def reply_for(messages):  # answer map and reduce steps by what they ask for
        prompt = messages[-1].content
        if "分段阅读" in prompt:
            return tool_reply("SummaryDraft", reader.draft(prompt))
        return tool_reply("PageNotes", reader.notes(prompt))

    model.replies.extend(reply_for for _ in range(10))
    summary = _run(ctx, rid)
    calls = model.received
    maps = [c for c in calls if "提取要点" in c[-1].content]
    assert 2 <= len(maps) <= 3  # fan-out bounded by max_map_groups
    assert "分段阅读" in calls[-1][-1].content  # the reduce step saw the notes
    assert summary.citations.verified >= 3 and summary.citations.dropped == 0
    assert "summarize_map" in summary.prompt_versions


def test_invalid_output_twice_fails_loudly(sample_library):
    rid = sample_library.sample_ids[CATL]
    ctx, _ = _context(sample_library, [invalid_tool_reply("SummaryDraft", "{oops"),
                                       invalid_tool_reply("SummaryDraft", "still not json")])
    with pytest.raises(StructuredOutputError):
        _run(ctx, rid)
