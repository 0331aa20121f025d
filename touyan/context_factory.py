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
from agents.llm.presets import preset_for
from agents.llm.prices import DEFAULT_PRICES, ModelPrice
from tools.file_reading import MB, FileLimits
from touyan.arguments import ENGINE_HELP, Engine  # noqa: F401  (commands import them from here too)
from touyan.console import announce_engine, err
from touyan.faults import kill_at

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
        catalog_url=settings.postgres_dsn,
        lease_timeout_s=settings.lease_timeout_s,
        checkpoint=kill_at(settings.fault_point),
    )


def file_limits(settings: Settings) -> FileLimits:
    return FileLimits(max_bytes=int(settings.max_file_mb * MB), max_text_bytes=int(settings.max_text_mb * MB),
                      max_pages=settings.max_pages)


def llm_config(settings: Settings) -> LLMConfig:
    """The endpoint: the provider preset (TOUYAN_PROVIDER, else guessed from OPENAI_BASE_URL) with every
    explicit setting on top. No provider, no base URL and no key: nothing is configured (offline engine)."""
    prices = dict(DEFAULT_PRICES)
    prices.update({name: ModelPrice(**values) for name, values in settings.prices.items()})
    preset = preset_for(settings.provider, settings.openai_base_url)
    config = LLMConfig.from_preset(
        preset, base_url=settings.openai_base_url, model=settings.model, map_model=settings.map_model,
        reduce_model=settings.reduce_model, api_key=settings.openai_api_key, temperature=settings.temperature,
        timeout_s=settings.timeout_s, max_retries=settings.max_retries, max_concurrency=settings.max_concurrency,
        requests_per_minute=settings.requests_per_minute, prices=prices, structured=settings.structured_output,
        streaming=settings.streaming, context_window=settings.context_window, decode_tps=settings.decode_tps,
        prefill_tps=settings.prefill_tps, max_output_tokens=dict(settings.max_output_tokens),
        shared_limits_dsn=settings.postgres_dsn)  # team mode: one rate limit for every process (memory/pg_llm_limits.py)
    if not (settings.provider or settings.openai_base_url or settings.has_llm_key):
        config = replace(config, base_url=None)
    return config


def build_context(settings: Settings, *, engine: Engine | str | None = None, budget_tokens: int | None = None,
                  prompts_dir: Path | None = None, max_concurrency: int | None = None) -> Context:
    from agents.context import Context, Limits, default_engine
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
        limits=Limits(verified_floor=settings.verified_floor),
    )


@contextlib.contextmanager
def closing_context(context: Context) -> Iterator[Context]:
    """Closes the Context's shared resources (the report library's database) however the block ends."""
    try:
        yield context
    finally:
        context.shared.close()


def check_engine(settings: Settings, engine: Engine | str | None) -> None:
    """The llm engine, asked for or the default, needs an endpoint (and a key where one is needed): checked
    before anything is built (`touyan serve` checks here, then builds the Context in the background)."""
    llm = llm_config(settings)
    if (Engine(engine) if engine else (Engine.llm if llm.configured else Engine.extractive)) is Engine.llm:
        problem = llm_problem(llm)
        if problem:
            raise typer.BadParameter(problem)


@contextlib.contextmanager
def open_context(settings: Settings, engine: Engine | None, **options) -> Iterator[Context]:
    """The Context for one command: checked (the llm engine needs an endpoint), built, announced, closed."""
    check_engine(settings, engine)
    context = build_context(settings, engine=engine, **options)
    with closing_context(context):
        announce_engine(context.engine, engine is not None, context.llm)
        try:
            yield context
        except Exception as exc:
            from agents.llm.errors import EXIT_LLM, describe, is_llm_failure

            if not is_llm_failure(exc):
                raise
            from rich.text import Text

            err.print(Text(f"✗ {describe(exc, context.llm)}", style="red"))  # one line, never a traceback; text, not markup
            raise typer.Exit(EXIT_LLM) from None


def llm_problem(llm: LLMConfig) -> str | None:
    """The one rule every command applies before using the LLM: an endpoint, and a key where one is needed."""
    if not llm.configured:
        return "llm 引擎需要一个端点：设置 OPENAI_BASE_URL（本地服务器）或 TOUYAN_PROVIDER 与 OPENAI_API_KEY（见 README「模型」）"
    return llm.key_problem()
