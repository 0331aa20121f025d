"""LLMConfig and make_chat_model: roles, client settings, rate limiter wiring, secrecy."""

from __future__ import annotations

import asyncio

import pytest
from langchain_core.rate_limiters import InMemoryRateLimiter
from pydantic import SecretStr

from agents.llm.client import LLMGate, make_chat_model
from agents.llm.compat import normalize_arguments_text
from agents.llm.config import LLMConfig

KEY = "sk-touyan-cfg-DO-NOT-LEAK-7f3a"


def test_roles_fall_back_to_the_default_model():
    plain = LLMConfig(model="deepseek-chat")
    assert {r: plain.model_for(r) for r in ("default", "map", "reduce")} == dict.fromkeys(
        ("default", "map", "reduce"), "deepseek-chat")
    split = LLMConfig(model="qwen-plus", map_model="qwen-turbo", reduce_model="qwen-max")
    assert (split.model_for("map"), split.model_for("reduce"), split.model_for("default")) == (
        "qwen-turbo", "qwen-max", "qwen-plus")
    with pytest.raises(ValueError):
        split.model_for("summarize")  # type: ignore[arg-type]


def test_chat_model_carries_the_configured_client_settings():
    config = LLMConfig(model="qwen-plus", map_model="qwen-turbo", base_url="http://127.0.0.1:9/v1",
                       api_key=SecretStr(KEY), temperature=0.3, timeout_s=12.5, max_retries=5)
    model = make_chat_model(config, "map", streaming=True)
    assert model.model_name == "qwen-turbo"
    assert model.openai_api_base == "http://127.0.0.1:9/v1"
    assert model.openai_api_key.get_secret_value() == KEY
    # The openai client never retries (it would retry a timeout at once, queueing a second request behind
    # the abandoned one on a single-slot server); agents/llm/calls.py retries by the configured policy.
    assert (model.temperature, model.max_retries, model.async_client._client.max_retries) == (0.3, 0, 0)
    assert model.touyan_config is config and config.max_retries == 5
    # an httpx.Timeout (not a float) so each model gets its own HTTP client, not a process-wide cached one
    assert model.request_timeout.read == 12.5 and model.request_timeout.connect == 12.5
    assert model.streaming and model.stream_usage
    assert model.rate_limiter is None


def test_rate_limiter_is_wired_and_shared_when_rpm_is_set():
    config = LLMConfig(base_url="http://127.0.0.1:9/v1", requests_per_minute=120,
                       map_model="a", reduce_model="b")
    map_model, reduce_model = make_chat_model(config, "map"), make_chat_model(config, "reduce")
    assert isinstance(map_model.rate_limiter, InMemoryRateLimiter)
    assert map_model.rate_limiter.requests_per_second == pytest.approx(2.0)
    assert map_model.rate_limiter is reduce_model.rate_limiter  # one budget per endpoint


def test_the_key_never_shows_in_reprs():
    config = LLMConfig(api_key=SecretStr(KEY), base_url="http://127.0.0.1:9/v1")
    model = make_chat_model(config)
    for text in (repr(config), str(config), repr(model), str(model)):
        assert KEY not in text


def test_a_plain_string_key_is_refused_without_echoing_it():
    with pytest.raises(TypeError) as caught:
        LLMConfig(api_key=KEY)  # type: ignore[arg-type]
    assert KEY not in str(caught.value)


def test_config_rejects_nonsense_limits():
    for bad in ({"max_concurrency": 0}, {"max_retries": -1}, {"requests_per_minute": 0}):
        with pytest.raises(ValueError):
            LLMConfig(**bad)


async def test_gate_bounds_concurrency():
    gate = LLMGate(2)
    running = 0
    seen = []

    async def job() -> None:
        nonlocal running
        async with gate:
            running += 1
            seen.append(running)
            await asyncio.sleep(0.01)
            running -= 1

    await asyncio.gather(*(job() for _ in range(7)))
    assert max(seen) == 2 and gate.peak == 2 and gate.in_flight == 0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('"{\\"a\\": 1}"', '{"a": 1}'),
        ('```json\n{"a": 1}\n```', '{"a": 1}'),
        ('{"a": ', '{"a": '),  # malformed stays as is (an invalid tool call)
        ("", ""),
    ],
)
def test_tool_arguments_are_normalized_to_object_text(raw, expected):
    assert normalize_arguments_text(raw) == expected


def test_non_object_arguments_become_unparseable_not_a_crash():
    fixed = normalize_arguments_text("[1, 2]")
    assert fixed != "[1, 2]" and fixed.startswith("not a JSON object")
