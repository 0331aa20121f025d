"""What the LLM layer is configured with: the endpoint and its models (`LLMConfig`), the role of a
call (`Role`: map steps may use a cheap model, reduce steps a strong one) and the generate engine
(`Engine`: the LLM, or the offline extractive engine that needs no key)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Mapping

from pydantic import SecretStr

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
    timeout_s: float = 60.0
    max_retries: int = 3
    max_concurrency: int = 4
    requests_per_minute: int | None = None
    prices: Mapping[str, ModelPrice] = field(default_factory=lambda: DEFAULT_PRICES, repr=False, hash=False)

    def __post_init__(self) -> None:
        if self.api_key is not None and not isinstance(self.api_key, SecretStr):
            raise TypeError("LLMConfig.api_key must be a pydantic SecretStr")  # never echo the value
        if self.max_concurrency < 1:
            raise ValueError("max_concurrency must be >= 1")
        if self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if self.requests_per_minute is not None and self.requests_per_minute < 1:
            raise ValueError("requests_per_minute must be >= 1 or None")

    def model_for(self, role: Role) -> str:
        if role == "map":
            return self.map_model or self.model
        if role == "reduce":
            return self.reduce_model or self.model
        if role == "default":
            return self.model
        raise ValueError(f"unknown LLM role: {role!r}")

    @property
    def has_key(self) -> bool:
        return self.api_key is not None and bool(self.api_key.get_secret_value())
