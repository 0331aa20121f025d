"""Provider presets: what each OpenAI-compatible endpoint needs from us, from its documentation.

`TOUYAN_PROVIDER` picks one; without it the provider is guessed from the base URL's host, and an
unknown host gets the conservative `generic` preset. Every field can still be overridden by a
setting (README "Models"); `touyan llm check` measures what a server really does and recommends.

Sources, read 2026-12 (no network here, so re-check with `touyan llm check` against the real thing):
- deepseek: api-docs.deepseek.com (chat completion, function calling, JSON output, reasoning model).
  `deepseek-reasoner` returns `reasoning_content` and is used without tools (JSON mode).
- qwen: DashScope "OpenAI Chat 接口兼容" (compatible-mode/v1): tools with named tool_choice,
  `stream_options.include_usage`, json_object; json_schema only on some models.
- zhipu: open.bigmodel.cn/api/paas/v4: tool_choice accepts only "auto", `stream_options` unsupported,
  only `max_tokens`; structured output therefore goes through json_object.
- kimi: platform.moonshot.cn chat API: tool_choice "none"/"auto" only ("required" refused), json_object.
- siliconflow: docs.siliconflow.cn chat-completions: tools, json_object, `max_tokens`, streamed
  `reasoning_content` for reasoning models.
- vllm: docs.vllm.ai OpenAI-compatible server: named tool_choice and json_schema by guided
  decoding, `stream_options`; `auto` needs --enable-auto-tool-choice.
- ollama: docs/api/openai-compatibility: tools, response_format (json_schema), stream_options;
  tool_choice NOT supported; default context 4096 unless the Modelfile sets num_ctx.
- llamacpp: measured on llama-cpp-python 0.3.36 --chat_format chatml-function-calling (a 0.5B
  Qwen2.5 coder GGUF, 1 thread): `max_completion_tokens` ignored (we send `max_tokens`), no usage in
  streams, "required" → HTTP 500, streamed "auto" → empty body, json_schema → HTTP 500,
  json_object with a "schema" key is enforced by grammar; one slot, abandoned non-streamed
  requests keep running (so: stream, retry once, never retry a timeout at once).
- openai: platform.openai.com: everything, with `max_completion_tokens`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal
from urllib.parse import urlparse

StructuredMethod = Literal["tool", "json_schema", "json_object"]
STRUCTURED_METHODS: tuple[str, ...] = ("tool", "json_schema", "json_object")
TokenParam = Literal["max_tokens", "max_completion_tokens"]


@dataclass(frozen=True)
class Preset:
    name: str
    base_url: str | None
    model: str
    map_model: str | None = None
    reduce_model: str | None = None
    structured: StructuredMethod = "tool"
    # llama-cpp-python: response_format {"type": "json_object", "schema": …} constrains output to the schema.
    json_object_schema: bool = False
    tool_choice: frozenset[str] = frozenset({"named", "required", "auto"})  # what the server honours
    stream_usage: bool = True  # sends a usage chunk when asked with stream_options.include_usage
    streaming: bool = False  # stream every call: keeps long calls alive, a disconnect frees the server
    context_window: int = 32768
    token_param: TokenParam = "max_tokens"
    needs_key: bool = True
    single_slot: bool = False  # one request at a time: retries queue behind abandoned work
    max_concurrency: int = 4  # calls in flight at once (1 where the server has one slot: a queued call's wait
    # would count against its own timeout)
    prefill_tps: float = 2000.0  # expected prompt tokens/s (timeouts; measured speed takes over)
    decode_tps: float = 30.0  # expected output tokens/s
    timeout_floor_s: float = 60.0
    max_retries: int = 2
    retry_timeouts: bool = True
    # Models that answer without tools (reasoning models): structured output goes through JSON mode.
    toolless_models: frozenset[str] = field(default_factory=frozenset)
    docs: str = ""

    def models(self) -> dict[str, str]:
        return {"default": self.model, "map": self.map_model or self.model, "reduce": self.reduce_model or self.model}


_CLOUD = {"streaming": False, "needs_key": True}
PRESETS: dict[str, Preset] = {p.name: p for p in (
    Preset("deepseek", "https://api.deepseek.com/v1", "deepseek-chat", context_window=131072,
           toolless_models=frozenset({"deepseek-reasoner"}), docs="https://api-docs.deepseek.com", **_CLOUD),
    Preset("qwen", "https://dashscope.aliyuncs.com/compatible-mode/v1", "qwen-plus", map_model="qwen-turbo",
           context_window=131072, tool_choice=frozenset({"named", "auto"}),
           toolless_models=frozenset({"qwq-plus", "qwq-32b"}),
           docs="https://help.aliyun.com/zh/model-studio/compatibility-of-openai-with-dashscope", **_CLOUD),
    Preset("zhipu", "https://open.bigmodel.cn/api/paas/v4", "glm-4-plus", map_model="glm-4-flash",
           structured="json_object", tool_choice=frozenset({"auto"}), stream_usage=False, context_window=131072,
           docs="https://docs.bigmodel.cn/api-reference", **_CLOUD),
    Preset("kimi", "https://api.moonshot.cn/v1", "moonshot-v1-32k", map_model="moonshot-v1-8k",
           structured="json_object", tool_choice=frozenset({"auto"}), stream_usage=False, context_window=32768,
           docs="https://platform.moonshot.cn/docs/api/chat", **_CLOUD),
    Preset("siliconflow", "https://api.siliconflow.cn/v1", "deepseek-ai/DeepSeek-V3",
           map_model="Qwen/Qwen2.5-7B-Instruct", structured="json_object", context_window=65536,
           toolless_models=frozenset({"deepseek-ai/DeepSeek-R1"}),
           docs="https://docs.siliconflow.cn/cn/api-reference/chat-completions/chat-completions", **_CLOUD),
    Preset("vllm", "http://127.0.0.1:8000/v1", "Qwen/Qwen2.5-7B-Instruct", structured="json_schema",
           tool_choice=frozenset({"named", "required"}), streaming=True, needs_key=False, prefill_tps=500.0,
           decode_tps=20.0, docs="https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html"),
    Preset("ollama", "http://127.0.0.1:11434/v1", "qwen2.5:7b", structured="json_schema",
           tool_choice=frozenset(), streaming=True, needs_key=False, context_window=4096, single_slot=True,
           max_concurrency=1,
           prefill_tps=100.0, decode_tps=10.0, timeout_floor_s=30.0, max_retries=1, retry_timeouts=False,
           docs="https://github.com/ollama/ollama/blob/main/docs/api/openai-compatibility.mdx"),
    Preset("llamacpp", "http://127.0.0.1:8000/v1", "local", structured="json_object", json_object_schema=True,
           tool_choice=frozenset({"named"}), stream_usage=False, streaming=True, needs_key=False,
           context_window=8192, single_slot=True, max_concurrency=1, prefill_tps=20.0, decode_tps=8.0,
           timeout_floor_s=30.0,
           max_retries=1, retry_timeouts=False,
           docs="llama-cpp-python 0.3.36 server, measured (/work/llama/NOTES.md)"),
    Preset("openai", "https://api.openai.com/v1", "gpt-4o-mini", structured="json_schema", context_window=128000,
           token_param="max_completion_tokens", docs="https://platform.openai.com/docs/api-reference/chat", **_CLOUD),
    # An endpoint we know nothing about: forced named tool calls (the most widely supported structured
    # mode), usage asked for and estimated when missing, a key only if one is given.
    Preset("generic", None, "deepseek-chat", needs_key=False, prefill_tps=500.0, decode_tps=20.0),
)}
PROVIDERS: tuple[str, ...] = tuple(name for name in PRESETS if name != "generic")

_HOSTS = {"api.deepseek.com": "deepseek", "dashscope.aliyuncs.com": "qwen", "dashscope-intl.aliyuncs.com": "qwen",
          "open.bigmodel.cn": "zhipu", "api.moonshot.cn": "kimi", "api.moonshot.ai": "kimi",
          "api.siliconflow.cn": "siliconflow", "api.siliconflow.com": "siliconflow", "api.openai.com": "openai"}
_LOCAL_PORTS = {11434: "ollama"}


class UnknownProvider(ValueError):
    pass


def guess_provider(base_url: str | None) -> str:
    """The preset for a base URL: a known cloud host, Ollama's port, else generic; no URL means OpenAI's."""
    if not base_url:
        return "openai"
    parsed = urlparse(base_url)
    host = (parsed.hostname or "").lower()
    if host in _HOSTS:
        return _HOSTS[host]
    return _LOCAL_PORTS.get(parsed.port or 0, "generic")


def preset_for(provider: str | None, base_url: str | None = None) -> Preset:
    if provider:
        key = provider.strip().lower()
        if key not in PRESETS:
            raise UnknownProvider(f"未知的 TOUYAN_PROVIDER={provider}；可选：{' | '.join(PROVIDERS)}")
        return PRESETS[key]
    return PRESETS[guess_provider(base_url)]


def with_base_url(preset: Preset, base_url: str | None) -> Preset:
    return replace(preset, base_url=base_url) if base_url else preset
