"""The real ChatOpenAI client against the local OpenAI-compatible server: retries, re-asks,
budget, streaming and secrecy, proven over HTTP."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time

import openai
import pytest
from langchain_core.messages import HumanMessage
from pydantic import BaseModel, Field, SecretStr

from agents.llm.client import LLMGate, make_chat_model
from agents.llm.config import LLMConfig
from agents.llm.structured import StructuredOutputError, invoke_structured
from agents.llm.usage import BudgetExceeded, UsageTracker
from tests.support.openai_server import OpenAIServer
from tests.support.openai_wire import Reply, count_tokens, prompt_tokens

KEY = "sk-touyan-test-DO-NOT-LEAK-5e1c9b"


class RatingView(BaseModel):
    """一份研报的评级与目标价"""

    rating: str = Field(description="投资评级")
    target_price: float = Field(gt=0, description="目标价（元）")


GOOD = {"rating": "增持", "target_price": 18.6}
ASK = [HumanMessage("读取评级与目标价")]


def config_for(server: OpenAIServer, **overrides) -> LLMConfig:
    settings = {"model": "deepseek-chat", "base_url": server.base_url, "api_key": SecretStr(KEY),
                "timeout_s": 5.0, "max_retries": 2} | overrides
    return LLMConfig(**settings)


async def test_structured_output_through_forced_tool_calling():
    with OpenAIServer([Reply.tool_call("RatingView", GOOD)]) as server:
        usage = UsageTracker()
        result = await invoke_structured(make_chat_model(config_for(server)), RatingView, ASK, usage=usage)
    assert result == RatingView(**GOOD)
    (request,) = server.chat_requests
    assert request.body["tool_choice"] == {"type": "function", "function": {"name": "RatingView"}}
    assert request.body["tools"][0]["function"]["parameters"]["required"] == ["rating", "target_price"]
    assert request.headers["authorization"] == "Bearer REDACTED"
    assert request.auth_sha256 == hashlib.sha256(f"Bearer {KEY}".encode()).hexdigest()
    # Usage comes from the server's response, counted once.
    expected_in = prompt_tokens(request.body)
    expected_out = count_tokens(json.dumps(GOOD, ensure_ascii=False))
    totals = usage.totals()
    assert (totals.calls, totals.input_tokens, totals.output_tokens) == (1, expected_in, expected_out)
    assert totals.cost_cny > 0 and totals.unpriced_models == ()


async def test_429_is_retried_honouring_retry_after():
    # Retry-After 1 s is longer than the client's first backoff (at most 0.5 s), so the gap shows it was honoured.
    with OpenAIServer([Reply.rate_limited(retry_after=1.0), Reply.tool_call("RatingView", GOOD)]) as server:
        result = await invoke_structured(make_chat_model(config_for(server)), RatingView, ASK)
    assert result.rating == "增持"
    first, second = server.chat_requests
    assert second.received_at - first.received_at >= 0.95


async def test_500_is_retried():
    with OpenAIServer([Reply.server_error(), Reply.tool_call("RatingView", GOOD)]) as server:
        result = await invoke_structured(make_chat_model(config_for(server)), RatingView, ASK)
    assert result.target_price == 18.6
    assert len(server.chat_requests) == 2


async def test_timeout_is_retried():
    with OpenAIServer([Reply.hang(5.0), Reply.tool_call("RatingView", GOOD)]) as server:
        result = await invoke_structured(make_chat_model(config_for(server, timeout_s=0.4)), RatingView, ASK)
    assert result == RatingView(**GOOD)
    assert len(server.chat_requests) == 2


async def test_retries_exhausted_raise_the_api_error_without_the_key():
    with OpenAIServer([Reply.server_error()] * 2) as server:
        with pytest.raises(openai.InternalServerError) as caught:
            await invoke_structured(make_chat_model(config_for(server, max_retries=1)), RatingView, ASK)
    assert len(server.chat_requests) == 2  # the first try and max_retries=1 retry, then it gives up
    assert KEY not in str(caught.value) and KEY not in repr(caught.value)


async def test_malformed_arguments_are_reasked_then_accepted():
    script = [Reply.tool_call("RatingView", '{"rating": "增持", "target_price": '), Reply.tool_call("RatingView", GOOD)]
    with OpenAIServer(script) as server:
        usage = UsageTracker()
        result = await invoke_structured(make_chat_model(config_for(server)), RatingView, ASK, usage=usage)
    assert result == RatingView(**GOOD)
    first, second = (r.body["messages"] for r in server.chat_requests)
    # The re-ask is the original request plus one note quoting the bad output: no assistant tool-call turn
    # (llama.cpp answers 500 to one with null content) and no role "tool" message (its template drops it).
    assert second[:-1] == first
    fix = second[-1]
    assert fix["role"] == "user" and "RatingView" in fix["content"] and '"target_price": ' in fix["content"]
    assert {m["role"] for m in second} == {"user"} and usage.totals().calls == 2


async def test_arguments_encoded_twice_are_accepted_through_the_real_client():
    with OpenAIServer([Reply.tool_call("RatingView", json.dumps(json.dumps(GOOD, ensure_ascii=False)))]) as server:
        result = await invoke_structured(make_chat_model(config_for(server)), RatingView, ASK)
    assert result == RatingView(**GOOD)
    assert len(server.chat_requests) == 1


async def test_wrong_schema_twice_raises_structured_output_error():
    wrong = Reply.tool_call("RatingView", {"rating": "增持", "target_price": "很高"})
    with OpenAIServer([wrong, wrong]) as server:
        with pytest.raises(StructuredOutputError, match="target_price"):
            await invoke_structured(make_chat_model(config_for(server)), RatingView, ASK)
    assert len(server.chat_requests) == 2


async def test_budget_stops_the_next_call_before_it_reaches_the_server():
    with OpenAIServer([Reply.tool_call("RatingView", GOOD)] * 2) as server:
        model = make_chat_model(config_for(server))
        usage = UsageTracker(budget_tokens=50)  # one call here uses well over 50 tokens
        await invoke_structured(model, RatingView, ASK, usage=usage)
        with pytest.raises(BudgetExceeded):
            await invoke_structured(model, RatingView, ASK, usage=usage)
    assert len(server.chat_requests) == 1


async def test_streaming_tokens_arrive_incrementally_with_usage():
    text = "宁德时代二季度盈利超预期，维持买入评级。"
    with OpenAIServer([Reply.text(text)], tokens_per_s=40) as server:
        model = make_chat_model(config_for(server), streaming=True)
        arrivals, pieces, usage = [], [], None
        async for chunk in model.astream(ASK):
            if chunk.content:
                arrivals.append(time.monotonic())
                pieces.append(chunk.content)
            usage = chunk.usage_metadata or usage
    assert "".join(pieces) == text
    assert len(pieces) == count_tokens(text) > 10
    # 20 tokens at 40/s: a stream that was buffered and sent at once would show no spread.
    assert arrivals[-1] - arrivals[0] >= 0.25
    assert server.chat_requests[0].body["stream_options"] == {"include_usage": True}
    assert usage is not None and usage["output_tokens"] == count_tokens(text)


async def test_structured_output_over_a_streaming_model():
    with OpenAIServer([Reply.tool_call("RatingView", GOOD)]) as server:
        usage = UsageTracker()
        model = make_chat_model(config_for(server), streaming=True)
        result = await invoke_structured(model, RatingView, ASK, usage=usage)
    assert result == RatingView(**GOOD)
    assert server.chat_requests[0].body["stream"] is True
    assert usage.totals().output_tokens == count_tokens(json.dumps(GOOD, ensure_ascii=False))


async def test_gate_bounds_requests_in_flight_at_the_server():
    with OpenAIServer(lambda body: Reply.tool_call("RatingView", GOOD, delay_s=0.15)) as server:
        model = make_chat_model(config_for(server))
        gate = LLMGate(2)
        results = await asyncio.gather(*(invoke_structured(model, RatingView, ASK, gate=gate) for _ in range(6)))
    assert len(results) == 6
    assert gate.peak == 2
    assert server.peak_in_flight <= 2


async def test_the_key_never_appears_in_logs_errors_or_output(caplog, capsys):
    caplog.set_level(logging.DEBUG)  # openai, httpx and langchain log at DEBUG
    with OpenAIServer([Reply.rate_limited(0.01), Reply.tool_call("RatingView", {"rating": 1}),
                       Reply.tool_call("RatingView", {"x": 1}), Reply.error(401, message="bad key")]) as server:
        config = config_for(server, max_retries=1)
        model = make_chat_model(config)
        print(config, model)
        logging.getLogger("touyan.test").info("config=%r model=%r", config, model)
        with pytest.raises(StructuredOutputError) as structured_error:
            await invoke_structured(model, RatingView, ASK)
        with pytest.raises(openai.AuthenticationError) as auth_error:
            await invoke_structured(model, RatingView, ASK)
    out, err = capsys.readouterr()
    texts = [caplog.text, out, err, str(structured_error.value), str(auth_error.value), repr(auth_error.value),
             json.dumps([r.headers for r in server.requests])]
    assert caplog.records  # DEBUG logging did happen
    for text in texts:
        assert KEY not in text


def test_embeddings_and_models_endpoints_answer_like_openai():
    client_kwargs = {"api_key": KEY, "max_retries": 0}
    with OpenAIServer(embedding_dim=16) as server:
        client = openai.OpenAI(base_url=server.base_url, **client_kwargs)
        vectors = client.embeddings.create(model="emb", input=["招商银行", "招商银行", "贵州茅台"]).data
        floats = client.embeddings.create(model="emb", input="招商银行", encoding_format="float").data
        models = client.models.list().data
    assert [len(v.embedding) for v in vectors] == [16, 16, 16]
    assert vectors[0].embedding == vectors[1].embedding != vectors[2].embedding
    assert floats[0].embedding == pytest.approx(vectors[0].embedding, abs=1e-6)
    assert models[0].id == "test-model"
