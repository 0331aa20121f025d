"""Chat turns answered from the thread itself: "我们刚才聊了哪些话题？" lists the thread's own questions (not
search snippets), and "帮我把这些研报导出成Excel" writes the reports the conversation showed to an xlsx file."""

from __future__ import annotations

import asyncio

import pytest
from openpyxl import load_workbook

from agents.context import Context, LibrarySpec, SharedResources
from agents.llm.config import LLMConfig
from agents.supervisor.graph import builder
from agents.supervisor.models import ChatArtifacts, ExportReports, RecallTopics, SearchLibrary
from agents.supervisor.router import route
from agents.supervisor.session import ChatSession
from memory.threads import ThreadRegistry, open_persistence
from tests.support.fake_chat import ScriptedChatModel, text_reply
from tools.tickers import StockMaster


@pytest.mark.parametrize("message,expected", [
    ("我们刚才聊了哪些话题？", RecallTopics), ("之前讨论了什么", RecallTopics), ("今天都聊过哪些？", RecallTopics),
    ("帮我把这些研报导出成Excel", ExportReports), ("把上面的研报导出为 xlsx", ExportReports),
    ("保存成表格", ExportReports), ("储能行业有哪些话语权强的公司", SearchLibrary),
    ("Excel 里的储能数据从哪来", SearchLibrary),
])
def test_router_knows_the_thread_intents(message, expected):
    assert isinstance(route(message, ChatArtifacts(), [], StockMaster.bundled()), expected)


def _context(library, data_dir, **kw) -> Context:
    shared = SharedResources()
    shared._library = library
    return Context(data_dir=data_dir, library=LibrarySpec(library.root), shared=shared, **kw)


async def _conversation(ctx, tmp_path, texts):
    persistence = open_persistence(tmp_path / "chat")
    saver, store = await persistence.__aenter__()
    session = ChatSession(ctx, builder.compile(checkpointer=saver, store=store), ThreadRegistry(tmp_path / "t.sqlite3"))
    thread = session.registry.new_thread()
    turns = [[e async for e in session.turn(thread, text)] for text in texts]
    await persistence.__aexit__(None, None, None)
    return turns


def test_recall_and_export_offline(sample_library, tmp_path):
    ctx = _context(sample_library, tmp_path, engine="extractive")
    first, concept, summary, recall, export = asyncio.run(_conversation(ctx, tmp_path, [
        "我们刚才聊了哪些话题？", "拆解一下低空经济", "总结一下贵州茅台的研报", "我们刚才聊了哪些话题？",
        "帮我把这些研报导出成Excel"]))
    assert "本会话此前还没有讨论过任何话题" in first[-1].text
    text = recall[-1].text
    assert "1. 我们刚才聊了哪些话题？（会话回顾）" in text
    assert "2. 拆解一下低空经济（概念拆解）" in text and "3. 总结一下贵州茅台的研报（研报摘要）" in text
    assert "4." not in text and "检索到的相关段落" not in text  # the thread, not the library

    files = list((tmp_path / "exports").glob("研报_*.xlsx"))
    assert len(files) == 1 and str(files[0]) in export[-1].text
    sheet = load_workbook(files[0]).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header == ["日期", "券商", "标题", "股票", "页数", "报告编号", "文件"]
    titles = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "贵州茅台2024年报点评稳健增长穿越周期" in titles  # from the summary turn
    assert "低空经济产业链全景图谱" in titles  # the chain's evidence
    assert len(titles) < len(sample_library.reports())  # what the thread showed, not the whole library
    assert all(isinstance(row[4], int) for row in sheet.iter_rows(min_row=2, values_only=True))


def test_thread_tools_need_no_routing_call(sample_library, tmp_path):
    model = ScriptedChatModel(model_name="deepseek-chat", replies=[text_reply("本会话还没有讨论过话题。")])
    ctx = _context(sample_library, tmp_path, engine="llm", llm=LLMConfig(), model_factory=lambda c, role: model)
    (recall,) = asyncio.run(_conversation(ctx, tmp_path, ["我们刚才聊了哪些话题？"]))
    assert [e.agent for e in recall if e.type == "agent" and e.status == "start"] == ["会话回顾"]
    assert len(model.received) == 1 and not any(k.get("tools") for k in model.call_kwargs)  # only the answer
    assert "本会话此前还没有讨论过任何话题" in model.received[0][-1].content
