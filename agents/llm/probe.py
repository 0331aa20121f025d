"""What an OpenAI-compatible endpoint really does, probed over raw HTTP (`touyan llm check`).

Each probe is one small request with a low `max_tokens`, so a slow local server answers it in
seconds. The last probe runs the configured structured-output method through the real code path
(agents/llm/structured.py); `touyan llm check` exits non-zero when that one fails.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from agents.llm.config import LLMConfig

PROBE_SCHEMA = {"type": "object", "properties": {
    "route": {"type": "string", "enum": ["summarize", "concept", "strategy", "search"]},
    "ticker": {"type": "string", "maxLength": 12}}, "required": ["route", "ticker"], "additionalProperties": False}
PROBE_TOOL = {"type": "function", "function": {"name": "Route", "description": "选择处理流程", "parameters": PROBE_SCHEMA}}
ASK = [{"role": "system", "content": "你是路由器。根据用户问题选择处理流程。"},
       {"role": "user", "content": "总结一下宁德时代（300750）的研报观点"}]
JSON_ASK = [{"role": "system", "content": "你是路由器。只输出 JSON 对象，字段 route（summarize/concept/strategy/search 之一）"
             "与 ticker（股票代码）。"}, ASK[1]]
LONG_TEXT = "动力电池行业竞争格局稳定，龙头企业市场份额持续提升，储能需求快速增长。" * 12


@dataclass
class Probe:
    name: str
    label: str
    ok: bool | None = None  # None: not run (skipped)
    detail: str = ""
    seconds: float = 0.0


@dataclass
class Report:
    probes: list[Probe] = field(default_factory=list)
    decode_tps: float | None = None
    prefill_tps: float | None = None
    stream_usage: bool | None = None
    reachable: bool = True

    def get(self, name: str) -> Probe | None:
        return next((p for p in self.probes if p.name == name), None)

    def works(self, name: str) -> bool:
        probe = self.get(name)
        return bool(probe and probe.ok)


def _valid_route(args: Any) -> bool:
    if isinstance(args, str):
        try:
            args = json.loads(args)
        except json.JSONDecodeError:
            return False
    return isinstance(args, dict) and args.get("route") in PROBE_SCHEMA["properties"]["route"]["enum"]


class Prober:
    def __init__(self, config: LLMConfig, client: httpx.AsyncClient, timeout_s: float) -> None:
        self.config, self.client, self.timeout_s = config, client, timeout_s

    def _body(self, messages: list[dict], max_tokens: int, **extra) -> dict:
        body = {"model": self.config.model, "messages": messages, "temperature": 0, **extra}
        body["max_completion_tokens" if self.config.token_param == "max_completion_tokens" else "max_tokens"] = max_tokens
        return body

    async def post(self, body: dict) -> tuple[int, dict | str]:
        response = await self.client.post("/chat/completions", json=body, timeout=self.timeout_s)
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, response.text[:200]

    async def stream(self, body: dict) -> tuple[int, list[dict], float | None, float]:
        """(status, chunks, seconds to the first content, total seconds); an error body yields no chunks."""
        started, first, chunks = time.perf_counter(), None, []
        async with self.client.stream("POST", "/chat/completions", json={**body, "stream": True},
                                      timeout=self.timeout_s) as response:
            if response.status_code != 200:
                await response.aread()
                return response.status_code, [], None, time.perf_counter() - started
            async for line in response.aiter_lines():
                if not line.startswith("data:") or line.strip() == "data: [DONE]":
                    continue  # SSE comments (": ping"), blank lines, the end marker
                chunk = json.loads(line[5:])
                delta = ((chunk.get("choices") or [{}])[0]).get("delta") or {}
                if first is None and (delta.get("content") or delta.get("tool_calls")):
                    first = time.perf_counter() - started
                chunks.append(chunk)
        return 200, chunks, first, time.perf_counter() - started


def _message(body: dict | str) -> dict:
    return ((body.get("choices") or [{}])[0].get("message") or {}) if isinstance(body, dict) else {}


def _streamed(chunks: list[dict]) -> tuple[str, str, str, str | None, dict | None]:
    """(content, tool name from the first delta, tool args joined, finish reason, usage) of a stream."""  # noqa: D401
    content, name, args, finish, usage = "", None, "", None, None
    for chunk in chunks:
        usage = chunk.get("usage") or usage
        for choice in chunk.get("choices") or []:
            delta = choice.get("delta") or {}
            content += delta.get("content") or ""
            for call in delta.get("tool_calls") or []:
                function = call.get("function") or {}
                name = name or function.get("name")  # llama.cpp repeats the name in every delta
                args += function.get("arguments") or ""
            finish = choice.get("finish_reason") or finish
            usage = choice.get("usage") or usage  # Kimi puts usage inside the choice
    return content, name or "", args, finish, usage


async def run_probes(config: LLMConfig, *, client: httpx.AsyncClient, structured_check) -> Report:
    """Every probe in turn (the server may have one slot); `structured_check()` runs the configured method."""
    report = Report()
    timeout = max(30.0, config.timeout_floor_s + 200 / config.decode_tps + 600 / config.prefill_tps)
    prober = Prober(config, client, timeout)

    async def probe(name: str, label: str, run) -> Probe:
        result = Probe(name, label)
        started = time.perf_counter()
        try:
            result.ok, result.detail = await run()
        except httpx.TimeoutException:
            result.ok, result.detail = False, f"超时（>{timeout:.0f} s）"
        except (httpx.HTTPError, json.JSONDecodeError, ValueError) as exc:
            result.ok, result.detail = False, f"{type(exc).__name__}: {str(exc)[:120]}"
        result.seconds = time.perf_counter() - started
        report.probes.append(result)
        return result

    async def models():
        response = await client.get("/models", timeout=timeout)
        ids = [m.get("id") for m in response.json().get("data", [])] if response.status_code == 200 else []
        listed = "已列出" if config.model in ids else "未列出（部分服务器忽略 model 字段）"
        return response.status_code == 200, f"HTTP {response.status_code}；模型：{', '.join(map(str, ids[:5])) or '-'}；{config.model} {listed}"

    first = await probe("models", "列出模型 GET /models", models)
    if first.detail.startswith(("ConnectError", "ConnectTimeout")):
        report.reachable = False
        return report

    async def plain():
        status, body = await prober.post(prober._body([{"role": "user", "content": "用一句话介绍你自己。"}], 24))
        usage = body.get("usage") if isinstance(body, dict) else None
        return status == 200 and bool(_message(body).get("content")), f"HTTP {status}；usage：{'有' if usage else '无'}"

    async def length_cap():
        status, body = await prober.post(prober._body([{"role": "user", "content": LONG_TEXT + "请复述上文。"}], 8))
        finish = ((body.get("choices") or [{}])[0].get("finish_reason")) if isinstance(body, dict) else None
        used = ((body.get("usage") or {}).get("completion_tokens")) if isinstance(body, dict) else None
        ok = status == 200 and finish == "length" and (used is None or used <= 8)
        return ok, f"HTTP {status}；finish_reason={finish}；completion_tokens={used}（上限 8）"

    async def plain_stream():
        extra = {"stream_options": {"include_usage": True}} if config.stream_usage else {}
        # A text no earlier probe sent: a server's prompt cache would otherwise fake the prefill speed.
        text = f"编号 {time.time_ns()}。" + LONG_TEXT.replace("储能", "光伏")
        status, chunks, first_s, total = await prober.stream(
            prober._body([{"role": "user", "content": text + "请用三句话概括上文。"}], 48, **extra))
        content, _name, _args, finish, usage = _streamed(chunks)
        report.stream_usage = bool(usage) if config.stream_usage else None
        from tools.tokens import count_tokens

        if first_s and total > first_s:
            report.decode_tps = max(1, count_tokens(content) - 1) / (total - first_s)
            report.prefill_tps = count_tokens(text) / first_s
        return status == 200 and bool(content), (f"HTTP {status}；{len(chunks)} 块；finish_reason={finish}；"
                                                 f"usage 块：{'有' if usage else '无'}")

    def tool_body(choice: Any) -> dict:
        return prober._body(ASK, 64, tools=[PROBE_TOOL], **({"tool_choice": choice} if choice is not None else {}))

    async def tool(choice: Any, streamed: bool):
        if streamed:
            status, chunks, _f, _t = await prober.stream(tool_body(choice))
            _content, name, args, finish, _u = _streamed(chunks)
            calls = [{"function": {"name": name, "arguments": args}}] if name else []
            if status == 200 and not chunks:
                return False, "HTTP 200 但流为空（服务器拒绝了流式自动工具选择）"
        else:
            status, body = await prober.post(tool_body(choice))
            calls, finish = _message(body).get("tool_calls") or [], None
        ok = status == 200 and any(_valid_route((c.get("function") or {}).get("arguments")) for c in calls)
        return ok, f"HTTP {status}；工具调用 {len(calls)} 个{'，参数合法' if ok else ''}" + (f"；finish={finish}" if finish else "")

    named = {"type": "function", "function": {"name": "Route"}}

    async def response_format(fmt: dict, messages: list[dict]):
        status, body = await prober.post(prober._body(messages, 64, response_format=fmt))
        content = _message(body).get("content") or ""
        ok = status == 200 and _valid_route(content.strip().strip("`").removeprefix("json"))
        return ok, f"HTTP {status}；{'JSON 合乎 schema' if ok else (content or str(body))[:80]}"

    await probe("plain", "普通对话（非流式）", plain)
    await probe("max_tokens", "max_tokens 生效（finish_reason=length）", length_cap)
    await probe("stream", "流式输出与 usage 块", plain_stream)
    await probe("tool_named", "强制指定工具（非流式）", lambda: tool(named, False))
    await probe("tool_named_stream", "强制指定工具（流式）", lambda: tool(named, True))
    await probe("tool_required", "tool_choice=required", lambda: tool("required", False))
    await probe("tool_auto", "tool_choice=auto（非流式）", lambda: tool("auto", False))
    await probe("tool_auto_stream", "tool_choice=auto（流式）", lambda: tool("auto", True))
    schema_fmt = {"type": "json_schema", "json_schema": {"name": "Route", "schema": PROBE_SCHEMA, "strict": False}}
    await probe("json_schema", "response_format=json_schema", lambda: response_format(schema_fmt, ASK))
    await probe("json_object", "response_format=json_object", lambda: response_format({"type": "json_object"}, JSON_ASK))
    await probe("json_object_schema", "json_object + schema（llama.cpp 扩展）",
                lambda: response_format({"type": "json_object", "schema": PROBE_SCHEMA}, ASK))
    await probe("configured", f"当前配置的结构化输出（{config.structured}，经 touyan 代码路径）", structured_check)
    return report


def recommend(config: LLMConfig, report: Report) -> dict[str, str]:
    """Settings for .env from what worked (only those that differ from what is configured)."""
    out: dict[str, str] = {}
    if not report.works("configured"):
        for method, probe in (("json_schema", "json_schema"), ("tool", "tool_named"),
                              ("json_object", "json_object_schema"), ("json_object", "json_object")):
            if report.works(probe):
                out["TOUYAN_STRUCTURED_OUTPUT"] = method
                break
    if report.decode_tps:
        out["TOUYAN_DECODE_TPS"] = f"{report.decode_tps * 0.7:.1f}"  # a margin below the measured speed
    if report.prefill_tps:
        out["TOUYAN_PREFILL_TPS"] = f"{report.prefill_tps * 0.7:.1f}"
    if report.works("stream") and not config.streaming and config.single_slot:
        out["TOUYAN_STREAMING"] = "true"
    llamacpp_like = report.works("json_object_schema") and not report.works("json_schema")
    if llamacpp_like and config.provider == "generic":
        out = {"TOUYAN_PROVIDER": "llamacpp"} | {k: v for k, v in out.items() if k != "TOUYAN_STRUCTURED_OUTPUT"}
    return out
