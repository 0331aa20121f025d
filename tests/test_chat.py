"""The supervisor graph and chat sessions: routing, limits, persistence, streaming, faults."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import pytest
from langchain_core.messages import AIMessage

from agents.llm.config import LLMConfig
from agents.concept.models import ChainCompany, ConceptChain
from agents.supervisor.graph import builder
from agents.supervisor.models import (ChatArtifacts, ClassifyFundStyle, CompareBrokers, DecomposeConcept,
                                      ProposeStrategy, RankCoverage, SearchLibrary, SummarizeReports)
from agents.supervisor.router import route
from agents.supervisor.session import ChatSession
from memory.threads import ThreadRegistry, open_persistence
from tests.conftest import REPO, SAMPLES, make_context
from tests.support.fake_chat import ScriptedChatModel, text_reply, tool_reply
from tests.support.report_reader import ReportReader
from tools.tickers import StockMaster


@pytest.mark.parametrize("message,expected,args", [
    ("拆解一下低空经济", DecomposeConcept, {"concept": "低空经济"}),
    ("人形机器人的产业链是怎样的", DecomposeConcept, {"concept": "人形机器人"}),
    ("把中信和华泰对宁德时代的观点对比一下", CompareBrokers, {"subject": "300750.SZ", "brokers": ["中信证券", "华泰证券"]}),
    ("看看 005827 和 163406 这两只基金的风格", ClassifyFundStyle, {"codes": ["005827", "163406"]}),
    ("给我一个核心卫星的配置建议", ProposeStrategy, {"funds": []}),
    ("总结一下贵州茅台的研报", SummarizeReports, {"ticker": "600519.SH"}),
    ("储能价格战会持续多久？", SearchLibrary, {"query": "储能价格战会持续多久？"}),
])
def test_offline_router_gives_one_typed_call(message, expected, args):
    call = route(message, ChatArtifacts(), [], StockMaster.bundled())
    assert isinstance(call, expected)
    assert {k: getattr(call, k) for k in args} == args


def test_follow_up_about_these_companies_uses_the_last_chain():
    companies = [ChainCompany(code=code, name="", node="n0", level="up") for code in ("002085.SZ", "000099.SZ", "002085.SZ")]
    artifacts = ChatArtifacts(concept=ConceptChain(concept="低空经济", companies=companies))
    call = route("这些公司里谁的研报覆盖最多?", artifacts, [], StockMaster.bundled())
    assert call == RankCoverage(codes=["002085.SZ", "000099.SZ"])


async def _session(library, tmp_path, **ctx_kw):
    ctx = make_context(library, **ctx_kw)
    persistence = open_persistence(tmp_path / "chat")
    saver, store = await persistence.__aenter__()
    session = ChatSession(ctx, builder.compile(checkpointer=saver, store=store), ThreadRegistry(tmp_path / "t.sqlite3"))
    return session, persistence


async def _events(session, thread, text):
    return [e async for e in session.turn(thread, text)]


def test_offline_conversation_uses_every_route(sample_library, tmp_path):
    async def run():
        session, persistence = await _session(sample_library, tmp_path, engine="extractive")
        thread = session.registry.new_thread()
        concept = await _events(session, thread, "拆解一下低空经济")
        follow = await _events(session, thread, "这些公司里谁的研报覆盖最多?")
        compare = await _events(session, thread, "把中信和华泰对宁德时代的观点对比一下")
        summary = await _events(session, thread, "总结一下贵州茅台的研报")
        empty = await _events(session, thread, "   ")
        huge = await _events(session, thread, "研" * 50_000)
        history = await session.history(thread)
        await persistence.__aexit__(None, None, None)
        return concept, follow, compare, summary, empty, huge, history

    concept, follow, compare, summary, empty, huge, history = asyncio.run(run())
    assert any(e.type == "agent" and e.agent == "概念拆解" for e in concept)
    assert "万丰奥威(002085.SZ)" in concept[-1].text and "[《低空经济产业链全景图谱》p.3]" in concept[-1].text
    assert "覆盖统计" in follow[-1].text and "002085.SZ" in follow[-1].text
    assert "280" in compare[-1].text and "320" in compare[-1].text
    assert "1870" in summary[-1].text and "离线模式" in summary[-1].text
    assert empty[-1].text == "请输入问题。"
    assert "消息过长" in huge[-1].text
    assert [role for role, _ in history].count("user") == 6


def test_llm_supervisor_routes_through_tools_and_marks_what_the_tools_do_not_support(sample_library, tmp_path):
    route = lambda **args: tool_reply("RouteDecision", args)  # noqa: E731
    model = ScriptedChatModel(model_name="deepseek-chat", replies=[
        route(tool="CompareBrokers", subject="宁德时代"),
        text_reply("两家券商对宁德时代的目标价分别为 280 元和 320 元。"),  # every figure is in the tool result
        route(tool="SearchLibrary", query="储能价格战"),
        text_reply("储能价格战将持续到 2031 年，宁德时代目标价 999 元。"),  # invented figures
        route(tool="Answer", answer="宁德时代是全球最大的动力电池企业，市占率 37%。"),  # a claim without a tool
        route(tool="Answer", answer="不客气。"),  # small talk needs no tool
    ])
    reader = ReportReader()  # the summarizer inside CompareBrokers has its own (reduce-role) model
    summarizer = ScriptedChatModel(model_name="deepseek-chat", replies=[
        (lambda messages: tool_reply("SummaryDraft", reader.draft(messages[-1].content))) for _ in range(6)])

    async def run():
        session, persistence = await _session(
            sample_library, tmp_path, engine="llm", llm=LLMConfig(),
            model_factory=lambda c, role: model if role == "default" else summarizer)
        thread = session.registry.new_thread()
        turns = [await _events(session, thread, text) for text in
                 ("宁德时代各家怎么看？", "储能价格战会持续多久？", "宁德时代是做什么的？", "谢谢")]
        await persistence.__aexit__(None, None, None)
        return turns

    grounded, invented, direct, thanks = asyncio.run(run())
    assert [e.agent for e in grounded if e.type == "agent" and e.status == "start"] == ["卖方观点对比"]
    assert grounded[-1].text == "两家券商对宁德时代的目标价分别为 280 元和 320 元。"
    # The routing calls force the RouteDecision schema by name: no tools for the model to skip.
    routing = [k for k in model.call_kwargs if k.get("tools")]
    assert routing and all(k["tool_choice"] == "RouteDecision" for k in routing)
    # The answer call gets the tool results as text in the user message, never a role "tool" message.
    answer_call = model.received[1]
    assert not any(m.type == "tool" for m in answer_call) and "280" in answer_call[-1].content
    assert invented[-1].text.startswith("储能价格战将持续到 2031 年") and "【未核验】" in invented[-1].text
    assert "数字 2031" in invented[-1].text and "数字 999" in invented[-1].text and "检索到的相关段落" in invented[-1].text
    assert direct[-1].text.startswith("【未核验】") and "市占率 37%" in direct[-1].text
    assert [e.agent for e in direct if e.type == "agent" and e.status == "start"] == ["检索研报库"]  # offline route
    assert thanks[-1].text == "不客气。" and not [e for e in thanks if e.type == "agent"]


def test_llm_route_failure_falls_back_to_the_rules_and_says_which_setting(sample_library, tmp_path):
    import httpx
    import openai

    refused = openai.APIConnectionError(request=httpx.Request("POST", "http://127.0.0.1:9/v1/chat/completions"))
    model = ScriptedChatModel(model_name="deepseek-chat", replies=[refused] * 6)  # route, then the concept draft

    async def run():
        session, persistence = await _session(sample_library, tmp_path, engine="llm",
                                              llm=LLMConfig(base_url="http://127.0.0.1:9/v1"),
                                              model_factory=lambda c, role: model)
        thread = session.registry.new_thread()
        events = await _events(session, thread, "拆解一下低空经济")
        await persistence.__aexit__(None, None, None)
        return events

    events = asyncio.run(run())
    assert not [e for e in events if e.type == "error"]
    assert "万丰奥威" in events[-1].text  # the concept chain, routed by the rules (drafted offline too)
    assert "模型路由失败" in events[-1].text and "OPENAI_BASE_URL" in events[-1].text


def test_a_tool_raising_an_exception_without_a_message_ends_that_call_not_the_turn(sample_library, tmp_path,
                                                                                  monkeypatch):
    from agents.supervisor import executors

    async def times_out(ctx, call):
        raise TimeoutError()  # str() is empty: the error text must not index into it

    monkeypatch.setitem(executors.EXECUTORS, SearchLibrary, times_out)

    async def run():
        session, persistence = await _session(sample_library, tmp_path, engine="extractive")
        thread = session.registry.new_thread()
        events = await _events(session, thread, "储能价格战")
        await persistence.__aexit__(None, None, None)
        return events

    events = asyncio.run(run())
    assert not [e for e in events if e.type == "error"]
    assert events[-1].type == "message" and "检索研报库失败：TimeoutError" in events[-1].text


def test_thread_resumes_in_a_new_process(tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "TOUYAN_HOME": str(home)}
    env.pop("OPENAI_API_KEY", None)
    cli = [sys.executable, "-m", "touyan.cli"]
    subprocess.run(cli + ["ingest", str(SAMPLES / "20250305_国泰君安_低空经济产业链全景图谱.pdf")], env=env, check=True,
                   capture_output=True, cwd=REPO)
    first = subprocess.run(cli + ["chat"], input="拆解一下低空经济\n", env=env, capture_output=True, text=True,
                           cwd=REPO, timeout=300)
    assert "万丰奥威" in first.stdout, first.stderr
    threads = subprocess.run(cli + ["threads"], env=env, capture_output=True, text=True, cwd=REPO).stdout
    # The thread id is the first cell of its row, however the table is drawn (plain or with box lines).
    thread = next([cell for cell in line.split() if cell.strip("│┃|")][0]
                  for line in threads.splitlines() if "拆解一下低空经济" in line)
    second = subprocess.run(cli + ["chat", "--thread", thread], input="这些公司里谁的研报覆盖最多?\n/exit\n", env=env,
                            capture_output=True, text=True, cwd=REPO, timeout=300)
    assert "覆盖统计" in second.stdout and "002085.SZ" in second.stdout, second.stderr


def test_concurrent_turns_on_one_thread_do_not_interleave(sample_library, tmp_path):
    async def run():
        session, persistence = await _session(sample_library, tmp_path, engine="extractive")
        thread = session.registry.new_thread()
        await asyncio.gather(_events(session, thread, "储能价格战"), _events(session, thread, "谐波减速器国产替代"))
        history = await session.history(thread)
        await persistence.__aexit__(None, None, None)
        return history

    roles = [role for role, _ in asyncio.run(run())]
    assert roles == ["user", "assistant", "user", "assistant"]


def test_turn_cut_off_between_tool_call_and_result_is_finished_first(sample_library, tmp_path):
    async def run():
        session, persistence = await _session(sample_library, tmp_path, engine="extractive")
        thread = session.registry.new_thread()
        config = {"configurable": {"thread_id": thread}}
        # What a crash leaves: the user's message and a tool call whose result was never written.
        from langchain_core.messages import HumanMessage

        await session.graph.aupdate_state(config, {"messages": [HumanMessage("拆解一下低空经济")], "router": "rules"},
                                          as_node="guard")
        call = {"name": "DecomposeConcept", "args": {"concept": "低空经济"}, "id": "cut-1", "type": "tool_call"}
        await session.graph.aupdate_state(config, {"messages": [AIMessage("", tool_calls=[call])]}, as_node="rules_router")
        assert (await session.graph.aget_state(config)).next == ("run_tools",)
        events = await _events(session, thread, "这些公司里谁的研报覆盖最多?")
        history = await session.history(thread)
        await persistence.__aexit__(None, None, None)
        return events, history

    events, history = asyncio.run(run())
    assert "覆盖统计" in events[-1].text  # the follow-up could use the finished round's companies
    assert any("万丰奥威" in text for role, text in history if role == "assistant")
