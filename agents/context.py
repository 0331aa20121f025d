"""The one run-time Context: built once by the CLI from Settings, passed to graphs and tools.

Nodes read models, limits and paths from here (LangGraph `Runtime[Context]`), never from
the environment.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from agents.llm.calls import CallPolicy, SpeedMeter
from agents.llm.client import LLMGate, make_chat_model
from agents.llm.config import Engine, LLMConfig, Role
from agents.llm.usage import UsageTracker
from memory import EmbeddingKind
from memory.leases import LEASE_TIMEOUT_S
from tools.errors import dsn_password, register_secrets


@dataclass(frozen=True)
class LibrarySpec:
    """Where the report library lives and how it embeds text."""

    root: Path
    embedding: EmbeddingKind = "use"
    embedding_model: str | None = None
    embedding_base_url: str | None = None
    embedding_api_key: str | None = field(default=None, repr=False)
    chroma_url: str | None = None
    catalog_url: str | None = field(default=None, repr=False)  # PostgreSQL DSN (team mode): it holds a password
    lease_timeout_s: float = LEASE_TIMEOUT_S
    # Called with the name of each crash-safety checkpoint the library passes (tests kill the process there).
    checkpoint: Callable[[str], None] | None = field(default=None, repr=False, compare=False)

    def open(self):
        from memory.embeddings import make_embedding_function
        from memory.report_library import ReportLibrary

        ef = make_embedding_function(self.embedding, model=self.embedding_model,
                                     base_url=self.embedding_base_url, api_key=self.embedding_api_key)
        return ReportLibrary(self.root, ef, chroma_url=self.chroma_url, catalog_url=self.catalog_url,
                             lease_timeout_s=self.lease_timeout_s, checkpoint=self.checkpoint)


@dataclass(frozen=True)
class Limits:
    # Tokens of report text one LLM call may see; longer reports are condensed (ranked
    # sentences) or, past `stuff_max_tokens`, go through map-reduce in groups of pages.
    context_tokens: int = 1600  # benchmarks/results/summarize.md: 0.70x naive tokens, no coverage loss
    stuff_max_tokens: int = 12000
    map_group_tokens: int = 6000  # 3000 cost 1.44x a naive prompt on a 54-page report, 6000 0.97x
    max_map_groups: int = 24
    max_fan_out: int = 4  # tool calls run from one supervisor decision
    # An LLM output whose verified share (citations, companies) is below this is marked `unverified` and
    # shown with the offline engine's result beside it. A policy: at least half of what the model
    # claims must check out against the sources before its text stands alone (TOUYAN_VERIFIED_FLOOR).
    verified_floor: float = 0.5


class SharedResources:
    """Expensive things opened once and shared by every copy of a Context (see `Context.scoped`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._gate: LLMGate | None = None
        self._library = None
        self._market = None
        self._models: dict[tuple, Any] = {}
        self.speed = SpeedMeter()  # decode speed measured on this run's calls: timeouts follow it

    def gate(self, max_concurrency: int) -> LLMGate:
        with self._lock:
            if self._gate is None:
                self._gate = LLMGate(max_concurrency)
            return self._gate

    def model(self, key: tuple, build: Callable[[], Any]):
        """One chat model (and so one HTTP connection pool) per role and event loop."""
        import asyncio

        try:
            loop_id = id(asyncio.get_running_loop())
        except RuntimeError:
            loop_id = None
        with self._lock:
            if (key, loop_id) not in self._models:
                self._models[(key, loop_id)] = build()
            return self._models[(key, loop_id)]

    def library(self, spec: LibrarySpec):
        with self._lock:
            if self._library is None:
                self._library = spec.open()
            return self._library

    def stock_master(self, data_dir: Path | None = None):
        from tools.tickers.snapshot import load_master

        # The lists `touyan data refresh` wrote into the data directory, else the bundled snapshot;
        # each version of the files is loaded once per process.
        return load_master(data_dir)

    def market_data(self, data_dir: Path, offline: bool):
        from tools.market_data import MarketData

        with self._lock:
            if self._market is None:
                self._market = MarketData(data_dir / "market_cache", offline=offline)
            return self._market

    def close(self) -> None:
        with self._lock:
            if self._library is not None:
                self._library.close()
                self._library = None


def default_engine(llm: LLMConfig) -> Engine:
    """The LLM when an endpoint is configured (a base URL, or a key), else the offline engine."""
    return "llm" if llm.configured else "extractive"


@dataclass(frozen=True)
class Context:
    data_dir: Path
    library: LibrarySpec
    llm: LLMConfig = field(default_factory=LLMConfig)
    engine: Engine = "extractive"
    limits: Limits = field(default_factory=Limits)
    prompts_dir: Path | None = None
    usage: UsageTracker = field(default_factory=UsageTracker)
    # Tests and the eval harness swap in a scripted model; production uses ChatOpenAI.
    model_factory: Callable[[LLMConfig, Role], Any] | None = None
    market_offline: bool = True  # no data source is reachable here; the CLI flips it with --online
    shared: SharedResources = field(default_factory=SharedResources, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Every error message from here on is redacted of this run's keys (tools/errors.py).
        key = self.llm.api_key.get_secret_value() if self.llm.api_key is not None else None
        register_secrets(key, self.library.embedding_api_key, dsn_password(self.library.catalog_url))

    @property
    def gate(self) -> LLMGate:
        return self.shared.gate(self.llm.max_concurrency)

    @property
    def report_library(self):
        return self.shared.library(self.library)

    @property
    def stock_master(self):
        return self.shared.stock_master(self.data_dir)

    @property
    def market(self):
        return self.shared.market_data(self.data_dir, self.market_offline)

    @property
    def calls(self) -> CallPolicy:
        """Bounded calls on the configured endpoint (caps, timeouts, retries), one speed meter per run."""
        return CallPolicy(self.llm, self.shared.speed)

    def scoped(self) -> Context:
        """A copy whose usage is counted separately (e.g. per report) and also in this one's."""
        return replace(self, usage=self.usage.scoped())

    def chat_model(self, role: Role = "default"):
        if self.model_factory is not None:
            return self.model_factory(self.llm, role)
        return self.shared.model(("chat", role), lambda: make_chat_model(self.llm, role))
