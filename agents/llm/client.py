"""The one factory for chat models (any OpenAI-compatible endpoint through `ChatOpenAI`), the rate
limiter its models share and the gate that bounds concurrent calls.

OpenAI, DeepSeek, Qwen (DashScope compatible mode), Zhipu, Kimi, SiliconFlow, vLLM, Ollama and
llama.cpp all speak the same `/v1/chat/completions` protocol, so one client covers them; how each
differs is its preset (agents/llm/presets.py). The openai client's own retries are off: they retry
timeouts at once, which queues a second full request behind the abandoned one on a single-slot
server. agents/llm/calls.py retries instead (429 with Retry-After, 5xx, connection errors; timeouts
as the preset allows), proven against the local test server in tests/test_llm_server.py.
"""

from __future__ import annotations

import asyncio
import time
from contextlib import AbstractAsyncContextManager, nullcontext
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Sequence

import httpx
from pydantic import SecretStr

from agents.llm.config import LLMConfig, Role

if TYPE_CHECKING:
    from langchain_core.messages import AIMessage, BaseMessage
    from langchain_core.rate_limiters import InMemoryRateLimiter
    from langchain_openai import ChatOpenAI

    from agents.llm.calls import CallPlan, CallPolicy
    from agents.llm.usage import UsageTracker


class LLMGate:
    """Bounds how many LLM calls run at once (`async with gate:`). Tracks the peak for reports."""

    def __init__(self, max_concurrency: int) -> None:
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be >= 1")
        self.max_concurrency = max_concurrency
        self._semaphore = asyncio.Semaphore(max_concurrency)
        self.in_flight = 0
        self.peak = 0

    async def __aenter__(self) -> LLMGate:
        await self._semaphore.acquire()
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.in_flight -= 1
        self._semaphore.release()


@lru_cache(maxsize=None)
def shared_rate_limiter(base_url: str | None, requests_per_minute: int) -> InMemoryRateLimiter:
    """One limiter per endpoint and rate, so map and reduce models share the same budget."""
    from langchain_core.rate_limiters import InMemoryRateLimiter

    # Bucket of 1: never more than `requests_per_minute` in any minute, at the cost of no bursts.
    return InMemoryRateLimiter(
        requests_per_second=requests_per_minute / 60.0, check_every_n_seconds=0.05, max_bucket_size=1
    )


@lru_cache(maxsize=None)
def team_rate_limiter(dsn: str, base_url: str | None, requests_per_minute: int):
    """The same limit shared by every process on the team database (workers, serve replicas)."""
    from memory.pg_llm_limits import PostgresRateLimiter

    return PostgresRateLimiter(dsn, base_url or "default", requests_per_minute)


def make_chat_model(config: LLMConfig, role: Role = "default", *, streaming: bool = False) -> ChatOpenAI:
    """A ChatOpenAI for `role` on the configured endpoint, with retries, timeout and rate limit."""
    from agents.llm.compat import CompatChatOpenAI  # langchain_openai takes seconds to import

    kwargs: dict[str, Any] = {}
    if streaming or config.streaming:  # streaming=False would hard-disable the token streaming LangGraph asks for
        kwargs["streaming"] = True
    if config.requests_per_minute and config.shared_limits_dsn:
        kwargs["rate_limiter"] = team_rate_limiter(config.shared_limits_dsn, config.base_url, config.requests_per_minute)
    elif config.requests_per_minute:
        kwargs["rate_limiter"] = shared_rate_limiter(config.base_url, config.requests_per_minute)
    return CompatChatOpenAI(
        model=config.model_for(role),
        base_url=config.base_url,
        # ChatOpenAI insists on a key even for local servers that ignore it; "EMPTY" is vLLM's convention.
        api_key=config.api_key or SecretStr("EMPTY"),
        temperature=config.temperature,
        # An httpx.Timeout (unhashable) makes langchain-openai build a fresh HTTP client instead of
        # reusing a process-wide cached one, which stays bound to the first event loop that used it.
        timeout=httpx.Timeout(config.timeout_s or config.timeout_floor_s),  # each call binds its own
        max_retries=0,  # agents/llm/calls.py retries, by the preset's policy
        # Ask for the usage chunk when streaming where the server supports it; calls.py estimates otherwise.
        stream_usage=config.stream_usage,
        touyan_config=config,
        # Off: its 120 s gap between chunks kills a long prompt's prefill on a slow server; each call has its
        # own deadline instead (agents/llm/calls.py), and a disconnected stream frees the server's slot.
        stream_chunk_timeout=None,
        **kwargs,
    )


async def gated_call(model: Any, messages: Sequence[BaseMessage], gate: LLMGate | None,
                     usage: UsageTracker | None, policy: CallPolicy | None = None,
                     plan: CallPlan | None = None) -> tuple[AIMessage, float]:
    """One model call inside a gate slot: (reply, seconds the call took, not the wait for the slot).
    With a policy and plan the call is bounded (cap, timeout, retries); without, it is a plain call."""
    slot: AbstractAsyncContextManager = gate if gate is not None else nullcontext()
    async with slot:
        # Checked after waiting for a slot: others may have spent the budget meanwhile.
        if usage is not None:
            usage.check_budget()
        ledger = usage.shared_budget() if usage is not None else None
        held = worst_case(plan) if ledger is not None and plan is not None else 0
        if held and (refused := await asyncio.to_thread(ledger.reserve, held)) is not None:
            from agents.llm.usage import BudgetExceeded

            raise BudgetExceeded(*refused)
        spent = held  # a call that failed may still have cost tokens: it keeps its reservation
        started = time.perf_counter()
        try:
            if policy is not None and plan is not None:
                reply = await policy.run(model, messages, plan)
            else:
                reply = await model.ainvoke(list(messages))
            usage_metadata = getattr(reply, "usage_metadata", None) or {}
            spent = int(usage_metadata.get("total_tokens") or held)
        finally:
            if held:
                await asyncio.to_thread(ledger.settle, held, spent)
        return reply, time.perf_counter() - started


# The prompt estimate (tiktoken) may count a few tokens fewer than the server's tokenizer: a margin.
PROMPT_MARGIN, PROMPT_SLACK = 1.2, 64


def worst_case(plan: CallPlan) -> int:
    """The most tokens one planned call may use: its prompt with a margin, and its output cap."""
    return int(plan.prompt_tokens * PROMPT_MARGIN) + PROMPT_SLACK + plan.max_tokens
