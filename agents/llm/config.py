"""What the LLM layer is configured with: the endpoint and its models (`LLMConfig`), the role of a
call (`Role`: map steps may use a cheap model, reduce steps a strong one) and the generate engine
(`Engine`: the LLM, or the offline extractive engine that needs no key).

How the endpoint behaves (structured-output method, tool choice, streaming usage, speeds, retries)
comes from a provider preset (agents/llm/presets.py) and can be overridden per setting."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Literal, Mapping

from pydantic import SecretStr

from agents.llm.presets import STRUCTURED_METHODS, Preset, StructuredMethod, TokenParam
from agents.llm.prices import DEFAULT_PRICES, ModelPrice

Role = Literal["default", "map", "reduce"]
Engine = Literal["llm", "extractive"]


@dataclass(frozen=True)
class LLMConfig:
    """Everything needed to talk to one OpenAI-compatible endpoint. Built by touyan/ from Settings."""

    model: str = "deepseek-chat"
    map_model: str | None = None  # cheap model for map steps; falls back to `model`
    reduce_model: str | None = None  # strong model for reduce steps; falls back to `model`
    base_url: str | None = None
    api_key: SecretStr | None = None  # SecretStr: its repr is '**********'
    temperature: float = 0.0
    timeout_s: float | None = None  # fixed per-call timeout; None: scaled from tokens and speed
    max_retries: int = 2
    max_concurrency: int = 4
    requests_per_minute: int | None = None
    prices: Mapping[str, ModelPrice] = field(default_factory=lambda: DEFAULT_PRICES, repr=False, hash=False)
    # -- how the endpoint behaves (a provider preset, overridable) -----------------------------------
    provider: str = "generic"
    structured: StructuredMethod = "tool"
    json_object_schema: bool = False
    tool_choice: frozenset[str] = frozenset({"named", "required", "auto"})
    stream_usage: bool = True
    streaming: bool = False
    context_window: int = 32768
    token_param: TokenParam = "max_tokens"
    needs_key: bool = False
    single_slot: bool = False
    prefill_tps: float = 500.0
    decode_tps: float = 20.0
    timeout_floor_s: float = 60.0
    retry_timeouts: bool = True
    toolless_models: frozenset[str] = frozenset()
    max_output_tokens: Mapping[str, int] = field(default_factory=dict, hash=False)  # per call purpose
    # Team mode: the PostgreSQL whose rows hold the rate limit every process shares (memory/pg_llm_limits.py).
    # A DSN with a password: never shown, never compared.
    shared_limits_dsn: str | None = field(default=None, repr=False, hash=False, compare=False)

    def __post_init__(self) -> None:
        if self.api_key is not None and not isinstance(self.api_key, SecretStr):
            raise TypeError("LLMConfig.api_key must be a pydantic SecretStr")  # never echo the value
        if self.max_concurrency < 1:
            raise ValueError("max_concurrency must be >= 1")
        if self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if self.requests_per_minute is not None and self.requests_per_minute < 1:
            raise ValueError("requests_per_minute must be >= 1 or None")
        if self.structured not in STRUCTURED_METHODS:
            raise ValueError(f"structured must be one of {STRUCTURED_METHODS}")
        if self.timeout_s is not None and self.timeout_s <= 0:
            raise ValueError("timeout_s must be > 0 or None")
        if min(self.prefill_tps, self.decode_tps) <= 0 or self.context_window < 256:
            raise ValueError("speeds must be > 0 and context_window >= 256")

    @classmethod
    def from_preset(cls, preset: Preset, **overrides) -> LLMConfig:
        """The preset's behaviour and models; `overrides` (None values ignored) win."""
        names = {f.name for f in fields(cls)}
        values = {name: getattr(preset, name) for name in (
            "base_url", "model", "map_model", "reduce_model", "structured", "json_object_schema", "tool_choice",
            "stream_usage", "streaming", "context_window", "token_param", "needs_key", "single_slot", "prefill_tps",
            "decode_tps", "timeout_floor_s", "max_retries", "retry_timeouts", "toolless_models", "max_concurrency")}
        values["provider"] = preset.name
        values.update({k: v for k, v in overrides.items() if v is not None and k in names})
        return cls(**values)

    def model_for(self, role: Role) -> str:
        if role == "map":
            return self.map_model or self.model
        if role == "reduce":
            return self.reduce_model or self.model
        if role == "default":
            return self.model
        raise ValueError(f"unknown LLM role: {role!r}")

    def method_for(self, model: str) -> StructuredMethod:
        """Reasoning models without tool calling get JSON mode; the same validation follows."""
        return "json_object" if model in self.toolless_models and self.structured == "tool" else self.structured

    @property
    def has_key(self) -> bool:
        return self.api_key is not None and bool(self.api_key.get_secret_value())

    @property
    def configured(self) -> bool:
        """An endpoint to call: a base URL (keyless local servers need nothing else) or a key."""
        return bool(self.base_url) or self.has_key

    def key_problem(self) -> str | None:
        """The one key rule every command applies: a provider that needs a key must have one."""
        if self.needs_key and not self.has_key:
            return f"{self.provider} 需要 API key：设置 OPENAI_API_KEY（本地服务器不需要 key，设 OPENAI_BASE_URL 即可）"
        return None
