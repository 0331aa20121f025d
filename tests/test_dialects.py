"""The dialect suite: the real ChatOpenAI client and every provider preset against the local server
speaking that provider's documented quirks (tests/support/dialects.py): refusals of json_schema or
forced/required tool choice, no usage in streams, usage inside the choice, reasoning_content,
<think> tags, tool deltas repeating their header, cut tool calls reported as "tool_calls", output
that never ends unless capped, 429 with Retry-After."""

from __future__ import annotations

import asyncio
import json

import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field, SecretStr

from agents.llm.calls import CallPolicy
from agents.llm.client import gated_call, make_chat_model
from agents.llm.config import LLMConfig
from agents.llm.errors import OutputTruncated
from agents.llm.presets import PRESETS, PROVIDERS
from agents.llm.structured import SHORTER, invoke_structured, message_text
from agents.llm.usage import BudgetExceeded, UsageTracker
from tests.support.dialects import DIALECTS, REASONER, REASONING
from tests.support.openai_server import OpenAIServer
from tests.support.openai_wire import Reply, count_tokens, requested_tool, structured, wants_json

KEY = "sk-dialect-test-DO-NOT-LEAK"
ALL = (*PROVIDERS, "generic")
GOOD = {"rating": "增持", "target_price": 18.6}
ASK = [SystemMessage("你是研究助理。"), HumanMessage("读取评级与目标价")]


class RatingView(BaseModel):
    """一份研报的评级与目标价"""

    rating: str = Field(description="投资评级")
    target_price: float = Field(gt=0, description="目标价（元）")


def config(provider: str, server: OpenAIServer, **overrides) -> LLMConfig:
    values = {"base_url": server.base_url, "api_key": SecretStr(KEY), "timeout_s": 10.0} | overrides
    return LLMConfig.from_preset(PRESETS[provider], **values)


def rating_reply(body: dict, obj: dict = GOOD) -> Reply:
    return structured(body, "RatingView", obj) if wants_json(body) else Reply.text("好的。")


def cap_in(body: dict, cfg: LLMConfig) -> int | None:
    field = "max_completion_tokens" if cfg.token_param == "max_completion_tokens" else "max_tokens"
    return body.get(field)


@pytest.mark.parametrize("provider", ALL)
async def test_structured_output_by_the_preset_method(provider):
    with OpenAIServer(rating_reply, dialect=DIALECTS[provider]) as server:
        cfg = config(provider, server)
        usage = UsageTracker()
        result = await invoke_structured(make_chat_model(cfg), RatingView, ASK, usage=usage, purpose="route")
    assert result == RatingView(**GOOD)
    (request,) = server.chat_requests  # first try: the method this server takes
    body = request.body
    assert cap_in(body, cfg) == CallPolicy(cfg).cap("route")  # the cap reaches the server in the field it reads
    method = cfg.structured
    assert ("tools" in body) == (method == "tool")
    assert (body.get("response_format") or {}).get("type") == {"tool": None, "json_schema": "json_schema",
                                                               "json_object": "json_object"}[method]
    assert usage.totals().input_tokens > 0 and usage.totals().output_tokens > 0


@pytest.mark.parametrize("provider", ALL)
async def test_a_cut_reply_is_retried_once_shorter_without_the_cut_in_the_history(provider):
    long = {"rating": "增持" + "，理由很长" * 60, "target_price": 18.6}
    replies = iter([long, GOOD])
    with OpenAIServer(lambda body: rating_reply(body, next(replies)), dialect=DIALECTS[provider]) as server:
        cfg = config(provider, server, max_output_tokens={"route": 40})
        result = await invoke_structured(make_chat_model(cfg), RatingView, ASK, purpose="route")
    assert result == RatingView(**GOOD)
    first, second = (r.body["messages"] for r in server.chat_requests)
    assert len(second) == len(first)  # a smaller request, never the cut reply added to the history
    assert SHORTER in second[-1]["content"] and SHORTER not in first[-1]["content"]


@pytest.mark.parametrize("provider", ALL)
async def test_cut_twice_is_reported_as_a_cut_naming_the_setting(provider):
    long = {"rating": "增持" + "，理由很长" * 60, "target_price": 18.6}
    with OpenAIServer(lambda body: rating_reply(body, long), dialect=DIALECTS[provider]) as server:
        cfg = config(provider, server, max_output_tokens={"route": 40})
        with pytest.raises(OutputTruncated) as caught:
            await invoke_structured(make_chat_model(cfg), RatingView, ASK, purpose="route")
    assert caught.value.max_tokens == 40 and len(server.chat_requests) == 2


@pytest.mark.parametrize("provider", ALL)
async def test_every_answer_ends_within_its_cap_even_on_a_server_that_never_stops(provider):
    with OpenAIServer(lambda body: Reply.text("储能价格战接近尾声。" * 200), dialect=DIALECTS[provider]) as server:
        cfg = config(provider, server)
        policy = CallPolicy(cfg)
        plan = policy.plan("answer", ASK)
        reply, _ = await gated_call(make_chat_model(cfg), ASK, None, None, policy, plan)
    # The visible answer (reasoning, which some servers count outside the cap, is never part of it).
    assert count_tokens(message_text(reply)) <= plan.max_tokens + 2
    assert reply.response_metadata.get("finish_reason") == "length"
    assert cap_in(server.chat_requests[0].body, cfg) == plan.max_tokens


@pytest.mark.parametrize("provider", ALL)
async def test_usage_counts_and_the_budget_holds_when_a_stream_has_no_usage(provider):
    with OpenAIServer(lambda body: Reply.text("宁德时代二季度盈利超预期，维持增持评级。"),
                      dialect=DIALECTS[provider]) as server:
        cfg = config(provider, server, streaming=True)
        policy, usage = CallPolicy(cfg), UsageTracker(budget_tokens=30)
        plan = policy.plan("answer", ASK)
        reply, latency = await gated_call(make_chat_model(cfg), ASK, None, usage, policy, plan)
        usage.record_message(cfg.model, reply, latency)
        with pytest.raises(BudgetExceeded):  # the next call never reaches the server
            await gated_call(make_chat_model(cfg), ASK, None, usage, policy, plan)
    totals = usage.totals()
    assert totals.input_tokens > 0 and totals.output_tokens > 0
    dialect = DIALECTS[provider]
    sends_usage = cfg.stream_usage and dialect.stream_usage and not dialect.usage_in_choice
    assert totals.calls_without_usage == (0 if sends_usage else 1)  # estimated with tiktoken, and flagged
    assert len(server.chat_requests) == 1


@pytest.mark.parametrize("provider", ALL)
async def test_429_with_retry_after_is_honoured(provider):
    script = [Reply.rate_limited(retry_after=1.0)]
    with OpenAIServer(lambda body: script.pop() if script else rating_reply(body), dialect=DIALECTS[provider]) as server:
        result = await invoke_structured(make_chat_model(config(provider, server)), RatingView, ASK)
    assert result.rating == "增持"
    first, second = server.chat_requests
    assert second.received_at - first.received_at >= 0.95


@pytest.mark.parametrize("provider", ALL)
async def test_a_timeout_is_retried_only_where_the_server_is_not_single_slot(provider):
    # A 1 s timeout, not less: on a loaded machine the server thread may not accept the retried connection
    # before a shorter timeout fires, and a connection never accepted is never recorded (seen at 0.3 s).
    with OpenAIServer([Reply.hang(4.0), Reply.hang(4.0)], dialect=DIALECTS[provider]) as server:
        cfg = config(provider, server, timeout_s=1.0, max_retries=1)
        with pytest.raises(Exception) as caught:
            await invoke_structured(make_chat_model(cfg), RatingView, ASK)
    from agents.llm.errors import describe, is_llm_failure

    assert is_llm_failure(caught.value) and "TOUYAN_TIMEOUT_S" in describe(caught.value, cfg)
    # Retrying a timed-out request on a single-slot server queues it behind the abandoned one.
    assert len(server.chat_requests) == (1 if not PRESETS[provider].retry_timeouts else 2)


async def test_a_reasoning_model_without_tools_goes_through_json_mode_and_keeps_reasoning_out():
    with OpenAIServer(rating_reply, dialect=REASONER) as server:
        cfg = config("deepseek", server, model="deepseek-reasoner")
        result = await invoke_structured(make_chat_model(cfg), RatingView, ASK)
        answer, _ = await gated_call(make_chat_model(cfg), ASK, None, None, CallPolicy(cfg),
                                     CallPolicy(cfg).plan("answer", ASK))
    assert result == RatingView(**GOOD)
    assert "tools" not in server.chat_requests[0].body  # refused by this model: never sent
    assert server.chat_requests[0].body["response_format"] == {"type": "json_object"}
    assert REASONING not in message_text(answer)


@pytest.mark.parametrize("provider", ["vllm", "siliconflow"])
async def test_reasoning_text_and_think_tags_stay_out_of_streamed_answers(provider):
    with OpenAIServer(lambda body: Reply.text("价格战接近尾声。"), dialect=DIALECTS[provider]) as server:
        cfg = config(provider, server, streaming=True)
        chunks = [c async for c in make_chat_model(cfg).astream(ASK)]
    text = "".join(c.content for c in chunks if isinstance(c.content, str))
    assert text == "价格战接近尾声。" and REASONING not in text


async def test_llamacpp_tool_deltas_that_repeat_their_header_parse_as_one_call():
    with OpenAIServer(rating_reply, dialect=DIALECTS["llamacpp"]) as server:
        cfg = config("llamacpp", server, structured="tool")  # the preset uses json_object; the tool path too
        result = await invoke_structured(make_chat_model(cfg), RatingView, ASK)
    assert result == RatingView(**GOOD)
    assert server.chat_requests[0].body["stream"] is True and requested_tool(server.chat_requests[0].body) == "RatingView"


async def test_llamacpp_gets_the_schema_in_response_format_where_its_grammar_enforces_it():
    with OpenAIServer(rating_reply, dialect=DIALECTS["llamacpp"]) as server:
        await invoke_structured(make_chat_model(config("llamacpp", server)), RatingView, ASK)
    fmt = server.chat_requests[0].body["response_format"]
    assert fmt["type"] == "json_object" and fmt["schema"]["properties"]["rating"]["type"] == "string"
    assert json.dumps(GOOD, ensure_ascii=False) not in json.dumps(server.chat_requests[0].body, ensure_ascii=False)


@pytest.mark.parametrize("provider", ALL)
def test_a_chat_turn_routes_through_a_tool_on_every_preset(provider, sample_library, tmp_path):
    from tests.test_chat import _events, _session

    def responder(body: dict) -> Reply:
        if wants_json(body):
            return structured(body, "RouteDecision", {"tool": "SearchLibrary", "query": "储能价格战"})
        return Reply.text("以上是研报库中关于储能价格战的段落。")

    with OpenAIServer(responder, dialect=DIALECTS[provider]) as server:
        async def run():
            session, persistence = await _session(sample_library, tmp_path, engine="llm", llm=config(provider, server))
            events = await _events(session, session.registry.new_thread(), "储能价格战会持续多久？")
            await persistence.__aexit__(None, None, None)
            return events

        events = asyncio.run(run())
    assert [e.agent for e in events if e.type == "agent" and e.status == "start"] == ["检索研报库"]
    assert events[-1].type == "message" and events[-1].text.startswith("以上是研报库中关于储能价格战的段落。")
    bodies = [r.body for r in server.chat_requests]
    assert len(bodies) == 2 and all(not any(m.get("role") == "tool" for m in b["messages"]) for b in bodies)
    assert KEY not in json.dumps([r.headers for r in server.requests])


def _probe_responder(body: dict) -> Reply:
    if wants_json(body):
        return structured(body, requested_tool(body) or "Route", {"route": "summarize", "ticker": "300750"})
    return Reply.text("我是投研助手，可以帮你阅读研报、对比券商观点。" * 4)


def _llm_check(server: OpenAIServer | None, provider: str, tmp_path, **env):
    from typer.testing import CliRunner

    from touyan.cli import app

    base = server.base_url if server else "http://127.0.0.1:9/v1"
    env = {"OPENAI_BASE_URL": base, "TOUYAN_PROVIDER": provider, "TOUYAN_HOME": str(tmp_path), "OPENAI_API_KEY": KEY,
           "TOUYAN_TIMEOUT_S": "10", "COLUMNS": "250"} | env
    from touyan.console import err, out

    # rich fixes a console's width from COLUMNS when the console is built, i.e. by whichever test imported
    # touyan.console first in this worker: read COLUMNS at print time for this run, then put it back.
    saved = out._width, err._width
    out._width = err._width = None
    try:
        return CliRunner().invoke(app, ["llm", "check"], env=env)
    finally:
        out._width, err._width = saved


def test_llm_check_on_llamacpp_reports_what_works_and_passes_with_the_preset(tmp_path):
    with OpenAIServer(_probe_responder, dialect=DIALECTS["llamacpp"]) as server:
        result = _llm_check(server, "llamacpp", tmp_path)
    lines = {line.split("│")[1].strip(): line for line in result.output.splitlines() if line.count("│") >= 4}
    assert result.exit_code == 0, result.output
    assert "✗" in lines["tool_choice=required"] and "500" in lines["tool_choice=required"]
    assert "✗" in lines["response_format=json_schema"] and "✓" in lines["强制指定工具（非流式）"]
    assert "流为空" in result.output  # streamed automatic tool choice: HTTP 200 with an empty body
    assert "usage 块：无" in result.output and "实测速度" in result.output
    assert KEY not in result.output


def test_llm_check_exits_1_when_the_configured_method_fails_and_recommends_one(tmp_path):
    with OpenAIServer(_probe_responder, dialect=DIALECTS["llamacpp"]) as server:
        result = _llm_check(server, "llamacpp", tmp_path, TOUYAN_STRUCTURED_OUTPUT="json_schema")
    assert result.exit_code == 1, result.output
    assert "TOUYAN_STRUCTURED_OUTPUT=tool" in result.output and "json_schema 不可用" in result.output


def test_llm_check_exits_5_when_nothing_answers(tmp_path):
    result = _llm_check(None, "vllm", tmp_path)
    assert result.exit_code == 5 and "连不上" in result.output and "OPENAI_BASE_URL" in result.output
