"""Chat turns through the real ChatOpenAI client against the local OpenAI-compatible server."""

from __future__ import annotations

import asyncio

from pydantic import SecretStr

from agents.llm.config import LLMConfig
from tests.support.openai_server import OpenAIServer
from tests.support.openai_wire import Reply
from tests.test_chat import _events, _session

ANSWER = "低空经济上游看航空发动机，宗申动力有布局[《低空经济产业链全景图谱》· p.2]。"


def _llm(server, **kw):
    return LLMConfig(model="deepseek-chat", base_url=server.base_url, api_key=SecretStr("sk-local-test"), **kw)


def test_tokens_stream_through_the_real_client(sample_library, tmp_path):
    script = [Reply.tool_call("RouteDecision", {"tool": "SearchLibrary", "query": "低空经济 航空发动机"}),
              Reply.text(ANSWER)]
    with OpenAIServer(script, ttft_s=0.05, tokens_per_s=400) as server:
        async def run():
            session, persistence = await _session(sample_library, tmp_path, engine="llm", llm=_llm(server))
            thread = session.registry.new_thread()
            events = await _events(session, thread, "低空经济上游有哪些公司？")
            await persistence.__aexit__(None, None, None)
            return events

        events = asyncio.run(run())
        requests = server.chat_requests
    tokens = [e.text for e in events if e.type == "token"]
    assert len(tokens) > 5 and "".join(tokens[:len(tokens) - 1]).startswith(ANSWER[:20])  # arrived piece by piece
    final = events[-1]
    # Whatever the answer check appends (a 未核验 mark and the tool results) arrives as the last token.
    assert final.type == "message" and final.text.startswith(ANSWER) and final.status == "streamed"
    assert "".join(tokens) == final.text
    assert [e.agent for e in events if e.type == "agent" and e.status == "start"] == ["检索研报库"]
    assert all(r.body.get("stream") for r in requests)
    routing, answering = (r.body for r in requests)
    assert routing["tool_choice"]["function"]["name"] == "RouteDecision"
    last = answering["messages"][-1]
    assert "tools" not in answering and last["role"] == "user" and "<tool_results>" in last["content"]


def test_llm_timeout_mid_turn_degrades_to_the_tools_and_the_thread_goes_on(sample_library, tmp_path):
    with OpenAIServer([Reply.hang(5), Reply.hang(5)]) as server:
        async def run():
            session, persistence = await _session(sample_library, tmp_path, engine="llm",
                                                  llm=_llm(server, timeout_s=0.5, max_retries=0))
            thread = session.registry.new_thread()
            failed = await _events(session, thread, "第一问")
            server.push(Reply.tool_call("RouteDecision", {"tool": "SearchLibrary"}), Reply.text("好的，已恢复。"))
            retried = await _events(session, thread, "再试一次")
            history = await session.history(thread)
            await persistence.__aexit__(None, None, None)
            return failed, retried, history

        failed, retried, history = asyncio.run(run())
    # Routing and answering both timed out: the rules routed, the tool answered, the line names the setting.
    assert failed[-1].type == "message" and not [e for e in failed if e.type == "error"]
    assert "模型路由失败" in failed[-1].text and "TOUYAN_TIMEOUT_S" in failed[-1].text
    assert retried[-1].text == "好的，已恢复。"
    assert [text for role, text in history if role == "user"] == ["第一问", "再试一次"]  # no turn was lost
