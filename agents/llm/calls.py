"""Bounded calls: an output cap on every request, a timeout that scales with the work, retries that
do not pile onto a single-slot server, and the length cut detected whatever the server says.

- Cap: `max_tokens` per call purpose (defaults sized to each schema, `TOUYAN_MAX_OUTPUT_TOKENS`
  overrides), sent as `max_tokens` in the body (langchain-openai 1.7 sends only
  `max_completion_tokens`, which llama.cpp and others ignore) or, for OpenAI, natively.
- Timeout: floor + 1.5 × (prompt / prefill speed + cap / decode speed), with the decode speed
  measured on this run's calls once there are any. A fixed `timeout_s` overrides it.
- Retries: 429 (honouring Retry-After), 5xx and connection errors up to `max_retries`; a timeout
  only where the preset allows it, and on a single-slot server only after waiting as long as the
  abandoned request needs (it keeps running there).
- Cut: finish_reason "length", or as many output tokens as the cap (llama.cpp reports a cut tool
  call as "tool_calls").
"""

from __future__ import annotations

import asyncio
import json
import random
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from agents.llm.errors import CallTimedOut, PromptTooLong

if TYPE_CHECKING:
    from langchain_core.messages import AIMessage, BaseMessage

    from agents.llm.config import LLMConfig

# Output caps per call purpose, in tokens: the schema's bounded size (maxItems/maxLength) plus margin.
OUTPUT_CAPS: dict[str, int] = {
    "route": 256, "answer": 700, "summary": 1200, "notes": 800, "chain": 1200, "rationale": 1100,
    "commentary": 500, "judge": 300, "default": 800,
}
TIMEOUT_FACTOR = 1.5
MAX_TIMEOUT_S = 1800.0
MAX_RETRY_WAIT_S = 60.0
CUT_SHARE = 0.97  # estimated (not reported) output this close to the cap counts as cut


def message_tokens(messages: Sequence[BaseMessage], extra: str = "") -> int:
    """Prompt tokens by tiktoken (cl100k): every message's text and tool-call arguments, 4 per message."""
    from tools.tokens import count_tokens

    total = count_tokens(extra) if extra else 0
    for m in messages:
        total += 4 + count_tokens(m.content if isinstance(m.content, str) else json.dumps(m.content, ensure_ascii=False))
        for call in getattr(m, "tool_calls", None) or []:
            total += count_tokens(json.dumps(call.get("args"), ensure_ascii=False))
    return total


def reply_tokens(reply: AIMessage) -> int:
    from tools.tokens import count_tokens

    text = reply.content if isinstance(reply.content, str) else json.dumps(reply.content, ensure_ascii=False)
    args = [json.dumps(c.get("args"), ensure_ascii=False) for c in reply.tool_calls]
    args += [str(c.get("args") or "") for c in reply.invalid_tool_calls]
    return count_tokens(text + "".join(args))


class SpeedMeter:
    """Output tokens per second seen on this run's calls (a moving average), shared by a Context's calls."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.decode_tps: float | None = None
        self.samples = 0

    def observe(self, prompt_tokens: int, output_tokens: int, seconds: float, prefill_tps: float) -> None:
        if output_tokens < 20 or seconds <= 0:
            return  # too short to say anything about decode speed
        decode_s = max(seconds - prompt_tokens / prefill_tps, seconds * 0.2)
        speed = output_tokens / decode_s
        with self._lock:
            self.decode_tps = speed if self.decode_tps is None else 0.7 * self.decode_tps + 0.3 * speed
            self.samples += 1


@dataclass(frozen=True)
class CallPlan:
    """One request's bounds: what is bound to the model, and what the caller checks afterwards."""

    purpose: str
    max_tokens: int
    prompt_tokens: int
    timeout_s: float
    stream_deadline_s: float | None
    bind: dict[str, Any]


class CallPolicy:
    """Plans and runs bounded calls for one configured endpoint (one per Context)."""

    def __init__(self, config: LLMConfig, meter: SpeedMeter | None = None) -> None:
        self.config = config
        self.meter = meter or SpeedMeter()

    def cap(self, purpose: str) -> int:
        caps = self.config.max_output_tokens
        return int(caps.get(purpose) or caps.get("default") or OUTPUT_CAPS.get(purpose) or OUTPUT_CAPS["default"])

    def decode_tps(self) -> float:
        measured = self.meter.decode_tps
        return min(measured, self.config.decode_tps) if measured else self.config.decode_tps

    def timeout_for(self, prompt_tokens: int, max_tokens: int) -> float:
        if self.config.timeout_s is not None:
            return self.config.timeout_s
        c = self.config
        expected = prompt_tokens / c.prefill_tps + max_tokens / self.decode_tps()
        return min(MAX_TIMEOUT_S, c.timeout_floor_s + TIMEOUT_FACTOR * expected)

    def plan(self, purpose: str, messages: Sequence[BaseMessage], *, max_tokens: int | None = None,
             response_format: dict | None = None, schema_text: str = "") -> CallPlan:
        c = self.config
        prompt = message_tokens(messages, schema_text)
        cap = max_tokens or self.cap(purpose)
        room = c.context_window - prompt - 16
        if room < min(cap, 64):
            raise PromptTooLong(prompt, c.context_window)
        cap = min(cap, room)
        timeout = self.timeout_for(prompt, cap)
        bind: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        if c.token_param == "max_completion_tokens":
            bind["max_tokens"] = cap  # langchain-openai sends it as max_completion_tokens
        else:
            extra["max_tokens"] = cap
        if response_format is not None:
            extra["response_format"] = response_format
        if extra:
            bind["extra_body"] = extra
        import httpx

        if c.streaming:
            # Between chunks the wait is at most the prompt's prefill; the whole call has its own deadline.
            first_token = c.timeout_floor_s + TIMEOUT_FACTOR * prompt / c.prefill_tps
            bind["timeout"] = httpx.Timeout(min(timeout, first_token), connect=min(30.0, timeout))
            return CallPlan(purpose, cap, prompt, timeout, timeout, bind)
        bind["timeout"] = httpx.Timeout(timeout, connect=min(30.0, timeout))
        return CallPlan(purpose, cap, prompt, timeout, None, bind)

    async def run(self, model: Any, messages: Sequence[BaseMessage], plan: CallPlan) -> AIMessage:
        """One bounded call with the preset's retry policy; usage estimated when the server sent none."""
        import time

        bound = model.bind(**plan.bind)
        attempt = 0
        while True:
            started = time.perf_counter()
            try:
                call = bound.ainvoke(list(messages))
                if plan.stream_deadline_s is not None:
                    reply = await asyncio.wait_for(call, plan.stream_deadline_s)
                else:
                    reply = await call
            except asyncio.TimeoutError:
                error: BaseException = CallTimedOut(plan.stream_deadline_s or plan.timeout_s)
            except Exception as exc:  # sorted below: retryable or not
                error = exc
            else:
                attach_estimated_usage(reply, plan.prompt_tokens)
                usage = reply.usage_metadata or {}
                self.meter.observe(plan.prompt_tokens, usage.get("output_tokens", 0), time.perf_counter() - started,
                                   self.config.prefill_tps)
                return reply
            wait = self._retry_wait(error, attempt, plan)
            if wait is None:
                raise error
            attempt += 1
            await asyncio.sleep(wait)

    def _retry_wait(self, error: BaseException, attempt: int, plan: CallPlan) -> float | None:
        import openai

        c = self.config
        if attempt >= c.max_retries:
            return None
        backoff = min(8.0, 0.5 * 2 ** attempt) * (1 - 0.25 * random.random())
        if isinstance(error, (openai.APITimeoutError, CallTimedOut)):
            if not c.retry_timeouts:
                return None
            # A streamed call was disconnected (the slot is free); a non-streamed one still runs there.
            return backoff if plan.stream_deadline_s is not None or not c.single_slot else plan.timeout_s
        if isinstance(error, openai.APIConnectionError):
            return backoff
        if isinstance(error, openai.APIStatusError):
            status = error.status_code
            if status == 429:
                return retry_after(error) or backoff
            if status in (408, 409) or status >= 500:
                return backoff
        return None


def retry_after(error: Any) -> float | None:
    headers = getattr(getattr(error, "response", None), "headers", None) or {}
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value:
            try:
                return min(MAX_RETRY_WAIT_S, max(0.0, float(value) * scale))
            except ValueError:
                continue
    return None


def attach_estimated_usage(reply: AIMessage, prompt_tokens: int) -> None:
    """A server that sends no usage (llama.cpp streams, Kimi's in-choice usage) still counts: tiktoken's
    estimate goes into usage_metadata, flagged, so budgets hold."""
    if reply.usage_metadata:
        return
    output = reply_tokens(reply)
    reply.usage_metadata = {"input_tokens": prompt_tokens, "output_tokens": output,
                            "total_tokens": prompt_tokens + output}
    reply.response_metadata["usage_estimated"] = True


def is_cut(reply: AIMessage, max_tokens: int | None) -> bool:
    """The reply stopped at its cap: finish_reason "length", or reported/estimated output at the cap."""
    if reply.response_metadata.get("finish_reason") == "length":
        return True
    if not max_tokens:
        return False
    output = (reply.usage_metadata or {}).get("output_tokens", 0)
    if reply.response_metadata.get("usage_estimated"):
        return output >= CUT_SHARE * max_tokens
    return output >= max_tokens
