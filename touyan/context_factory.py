"""Turn Settings into the run-time Context (the only bridge from environment to graph), and the one
way commands open it: `with open_context(settings, engine) as ctx:` closes what it opened on every path.

agents.context (and through it the LLM client and httpx) is imported when a Context is built, not
with this module: `touyan serve` checks its options here before it starts serving, and builds the
Context in the background.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import typer

from agents.llm.config import LLMConfig
from agents.llm.prices import DEFAULT_PRICES, ModelPrice
from touyan.arguments import ENGINE_HELP, Engine  # noqa: F401  (commands import them from here too)
from touyan.console import announce_engine

if TYPE_CHECKING:
    from agents.context import Context, LibrarySpec
    from touyan.settings import Settings


def library_spec(settings: Settings) -> LibrarySpec:
    from agents.context import LibrarySpec

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    return LibrarySpec(
        root=settings.library_dir,
        embedding=settings.embedding,
        embedding_model=settings.embedding_model,
        embedding_base_url=settings.embedding_base_url or settings.openai_base_url,
        embedding_api_key=key if settings.embedding == "openai" else None,
        chroma_url=settings.chroma_url,
    )


def llm_config(settings: Settings) -> LLMConfig:
    prices = dict(DEFAULT_PRICES)
    prices.update({name: ModelPrice(**values) for name, values in settings.prices.items()})
    return LLMConfig(
        model=settings.model, map_model=settings.map_model, reduce_model=settings.reduce_model,
        base_url=settings.openai_base_url, api_key=settings.openai_api_key, temperature=settings.temperature,
        timeout_s=settings.timeout_s, max_retries=settings.max_retries, max_concurrency=settings.max_concurrency,
        requests_per_minute=settings.requests_per_minute, prices=prices,
    )


def build_context(settings: Settings, *, engine: Engine | str | None = None, budget_tokens: int | None = None,
                  prompts_dir: Path | None = None, max_concurrency: int | None = None) -> Context:
    from agents.context import Context, default_engine
    from agents.llm.usage import UsageTracker
    from tools.tokens import install_offline_encodings

    install_offline_encodings(settings.home / "tiktoken")
    llm = llm_config(settings)
    if max_concurrency:
        llm = replace(llm, max_concurrency=max_concurrency)
    budget = budget_tokens if budget_tokens is not None else settings.budget_tokens
    return Context(
        data_dir=settings.home,
        library=library_spec(settings),
        llm=llm,
        engine=Engine(engine).value if engine else default_engine(llm),
        prompts_dir=prompts_dir,
        usage=UsageTracker(llm.prices, budget),
    )


@contextlib.contextmanager
def closing_context(context: Context) -> Iterator[Context]:
    """Closes the Context's shared resources (the report library's database) however the block ends."""
    try:
        yield context
    finally:
        context.shared.close()


def check_engine(settings: Settings, engine: Engine | None) -> None:
    """--engine llm needs a key (without --engine, the engine follows the key)."""
    if engine is not None and Engine(engine) is Engine.llm and not llm_config(settings).has_key:
        raise typer.BadParameter("llm 引擎需要 OPENAI_API_KEY（见 .env.example）")


@contextlib.contextmanager
def open_context(settings: Settings, engine: Engine | None, **options) -> Iterator[Context]:
    """The Context for one command: checked (the llm engine needs a key), built, announced, closed."""
    check_engine(settings, engine)
    context = build_context(settings, engine=engine, **options)
    with closing_context(context):
        announce_engine(context.engine, engine is not None)
        yield context
