"""The web app on the LLM engine, over real HTTP, against the local OpenAI-compatible test server:
token streaming, the agent indicator, the concept graph, two tabs on one thread, a timeout."""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest
from pydantic import SecretStr

from agents.llm.config import LLMConfig
from tests.conftest import make_context
from tests.e2e.chat_script import ANSWER_HEAD, ConceptTurnScript
from tests.e2e.web_support import ThreadedServer, stream_events
from tests.support.openai_server import OpenAIServer
from tests.support.openai_wire import Reply
from touyan.web import create_app

KEY = "sk-touyan-web-DO-NOT-LEAK-7f3a"
CONCEPT_REPORT = "20250305_国泰君安_低空经济产业链全景图谱.pdf"


def llm_context(library, server: OpenAIServer, **llm):
    config = LLMConfig(**({"model": "test-model", "base_url": server.base_url, "api_key": SecretStr(KEY),
                           "timeout_s": 10.0, "max_retries": 0} | llm))
    return make_context(library, engine="llm", llm=config)


async def collect(client, url: str, text: str, into: list[dict]) -> list[dict]:
    async for event in stream_events(client, url, text):
        into.append(event)
    return into


async def wait_for(condition, what: str, seconds: float = 20.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture()
def concept_server():
    with OpenAIServer(ConceptTurnScript("低空经济")) as server:
        yield server


async def test_llm_turn_streams_tokens_after_the_agent_and_links_the_graph(sample_library, tmp_path, concept_server):
    app = create_app(llm_context(sample_library, concept_server), tmp_path / "home")
    with ThreadedServer(app) as live:
        async with httpx.AsyncClient(base_url=live.base_url, timeout=60) as client:
            thread_id = (await client.post("/api/threads")).json()["thread_id"]
            events = await collect(client, f"/api/threads/{thread_id}/messages", "拆解一下低空经济", [])
            kinds = [e["type"] for e in events]
            tokens = [e["text"] for e in events if e["type"] == "token"]
            message = events[-1]
            assert kinds.index("agent") < kinds.index("token") and kinds[-1] == "message"
            assert len(tokens) > 10 and "".join(tokens) == message["text"]
            assert message["text"].startswith(ANSWER_HEAD.format(concept="低空经济")) and "[《" in message["text"]
            assert message["citations"] == {"低空经济产业链全景图谱": sample_library.sample_ids[CONCEPT_REPORT]}
            assert message["agents"] == ["概念拆解"]
            graph = (await client.get(message["concept_url"])).text
            history = (await client.get(f"/api/threads/{thread_id}")).json()["messages"]
    assert "<svg" in graph and "宗申动力" in graph
    assert [m["text"] for m in history] == ["拆解一下低空经济", message["text"]]
    first, draft, answer = concept_server.chat_requests
    assert first.body["tool_choice"]["function"]["name"] == "RouteDecision"
    assert draft.body["tool_choice"]["function"]["name"] == "ChainDraft"
    last = answer.body["messages"][-1]
    assert answer.body["stream"] is True and last["role"] == "user" and "<tool_results>" in last["content"]
    assert KEY not in str(events) + graph


async def test_two_tabs_on_one_thread_take_turns(sample_library, tmp_path):
    hold = threading.Event()
    with OpenAIServer(ConceptTurnScript("低空经济", hold=hold)) as server:
        app = create_app(llm_context(sample_library, server), tmp_path / "home")
        with ThreadedServer(app) as live:
            async with httpx.AsyncClient(base_url=live.base_url, timeout=60) as tab_a, \
                    httpx.AsyncClient(base_url=live.base_url, timeout=60) as tab_b:
                thread_id = (await tab_a.post("/api/threads")).json()["thread_id"]
                url = f"/api/threads/{thread_id}/messages"
                events_a, events_b = [], []
                turn_a = asyncio.create_task(collect(tab_a, url, "拆解一下低空经济", events_a))
                await wait_for(lambda: server.chat_requests, "tab A's turn to reach the model")
                turn_b = asyncio.create_task(collect(tab_b, url, "这些公司里谁的覆盖最多？", events_b))
                await wait_for(lambda: events_b, "tab B's first event")
                assert events_b[0]["type"] == "waiting" and len(server.chat_requests) == 1
                hold.set()
                await asyncio.gather(turn_a, turn_b)
                history = (await tab_a.get(f"/api/threads/{thread_id}")).json()["messages"]
        requests = server.chat_requests
    answer_a, answer_b = events_a[-1]["text"], events_b[-1]["text"]
    assert [m["text"] for m in history] == ["拆解一下低空经济", answer_a, "这些公司里谁的覆盖最多？", answer_b]
    # Tab B's turn started only after tab A's answer was stored: its model call saw it.
    assert answer_a in [m.get("content") for m in requests[-1].body["messages"]]


async def test_llm_timeout_degrades_the_turn_and_names_the_setting(sample_library, tmp_path):
    with OpenAIServer([Reply.hang(3.0)]) as server:
        app = create_app(llm_context(sample_library, server, timeout_s=0.5), tmp_path / "home")
        with ThreadedServer(app) as live:
            async with httpx.AsyncClient(base_url=live.base_url, timeout=60) as client:
                thread_id = (await client.post("/api/threads")).json()["thread_id"]
                events = await collect(client, f"/api/threads/{thread_id}/messages", "拆解一下低空经济", [])
                history = (await client.get(f"/api/threads/{thread_id}")).json()["messages"]
    # The routing call timed out: the rules routed, the chain was drafted offline, the line names the setting.
    assert not [e for e in events if e["type"] == "error"] and events[-1]["type"] == "message"
    assert "模型路由失败" in events[-1]["text"] and "TOUYAN_TIMEOUT_S" in events[-1]["text"]
    assert "万丰奥威" in events[-1]["text"]
    assert [m["role"] for m in history] == ["user", "assistant"]
