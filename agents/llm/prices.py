"""Model list prices (per 1M tokens). Kept apart from agents/llm/client.py so that cost accounting
does not import the OpenAI client."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping


@dataclass(frozen=True)
class ModelPrice:
    """List price per 1M tokens. Input is priced at the cache-miss rate (an upper bound)."""

    input_cny: float
    output_cny: float
    input_usd: float
    output_usd: float


# Public list prices, as of 2025-12 (not re-checked since; no internet here). DeepSeek:
# V3.2 price list (from 2025-09-29), chat and reasoner priced alike. Qwen: DashScope
# mainland CNY prices and international (Singapore) USD prices, non-thinking mode, first
# tier. OpenAI publishes USD only; CNY converted at 7.1 CNY/USD. Override per deployment
# through LLMConfig.prices.
DEFAULT_PRICES: Mapping[str, ModelPrice] = MappingProxyType({
    "deepseek-chat": ModelPrice(input_cny=2.0, output_cny=3.0, input_usd=0.28, output_usd=0.42),
    "deepseek-reasoner": ModelPrice(input_cny=2.0, output_cny=3.0, input_usd=0.28, output_usd=0.42),
    "qwen-plus": ModelPrice(input_cny=0.8, output_cny=2.0, input_usd=0.4, output_usd=1.2),
    "qwen-max": ModelPrice(input_cny=2.4, output_cny=9.6, input_usd=1.6, output_usd=6.4),
    "qwen-turbo": ModelPrice(input_cny=0.3, output_cny=0.6, input_usd=0.05, output_usd=0.2),
    "gpt-4o-mini": ModelPrice(input_cny=1.065, output_cny=4.26, input_usd=0.15, output_usd=0.6),
    "gpt-4o": ModelPrice(input_cny=17.75, output_cny=71.0, input_usd=2.5, output_usd=10.0),
})
