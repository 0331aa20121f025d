"""User-facing configuration: environment variables, `.env`, and CLI overrides.

This is the only place that reads the environment. The CLI turns a `Settings` into
the `Context` the graph runs with; nothing below `touyan/` sees `os.environ`.

`.env` is read from the data directory (or a file named with `--env-file`), never from the current
directory: a `.env` inside a downloaded reports folder must not redirect OPENAI_BASE_URL and so
receive the key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from memory import EmbeddingKind
from touyan.home import default_home


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="TOUYAN_",
        env_file=None,  # load_settings picks the file: the data directory's, or --env-file
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
        env_ignore_empty=True,  # `TOUYAN_MODEL=` in .env (as in .env.example) means unset, not ""
    )

    home: Path = Field(default_factory=default_home, description="data directory")

    # Embeddings: `use` (multilingual USE, numpy, fast), `e5` (multilingual-e5-small,
    # slower), or `openai` (any OpenAI-compatible embeddings endpoint).
    embedding: EmbeddingKind = "use"
    embedding_model: str = "text-embedding-3-small"
    embedding_base_url: str | None = None
    chroma_url: str | None = Field(default=None, description="Chroma server; embedded when unset")
    # Team mode (README "Team mode"): the catalog, keyword index, chat threads and task queue in PostgreSQL,
    # e.g. postgresql://touyan:PASSWORD@db:5432/touyan. Unset: SQLite files in the data directory.
    catalog_url: SecretStr | None = Field(default=None, description="PostgreSQL for the team catalog")
    # `touyan worker` heartbeats this often; the jobs of a worker silent for 3 beats are run again.
    worker_heartbeat_s: float = Field(default=10, gt=0)

    # Users of `touyan serve` (README "Team mode"). Off: no sign-in, and serve binds loopback only. On: every
    # request needs a session (password sign-in) or an API token of a `touyan users add` user.
    auth: bool = False
    session_hours: float = Field(default=12, gt=0)  # a sign-in lasts this long
    # The session cookie's Secure flag: auto = when the request came over HTTPS (X-Forwarded-Proto from a
    # trusted proxy counts), always, or never.
    cookie_secure: Literal["auto", "always", "never"] = "auto"
    # Per user and minute, counted in the catalog database (so across replicas): API requests, chat messages;
    # sign-in attempts per user name.
    requests_per_user_minute: int = Field(default=240, ge=1)
    messages_per_user_minute: int = Field(default=12, ge=1)
    sign_ins_per_minute: int = Field(default=10, ge=1)
    # Reverse proxies whose X-Forwarded-Proto/-Host/-For are believed: comma-separated IPs or networks
    # (e.g. 10.0.0.0/8). Unset: those headers are ignored. root_path: the prefix the proxy serves the page
    # under (e.g. /touyan), which the proxy strips.
    trusted_proxies: str = ""
    root_path: str = ""

    # LLM endpoint (any OpenAI-compatible server). The key is a SecretStr: never printed.
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "TOUYAN_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "TOUYAN_OPENAI_BASE_URL")
    )
    # Provider preset (agents/llm/presets.py): deepseek | qwen | zhipu | kimi | siliconflow | vllm | ollama |
    # llamacpp | openai. Unset: guessed from OPENAI_BASE_URL. The settings below override the preset.
    provider: str | None = None
    model: str | None = None
    map_model: str | None = None
    reduce_model: str | None = None
    temperature: float = 0.0
    timeout_s: float | None = Field(default=None, gt=0)  # fixed per call; unset: scaled from tokens and speed
    max_concurrency: int | None = Field(default=None, ge=1)  # unset: the preset's (1 on single-slot servers)
    requests_per_minute: int | None = None
    max_retries: int | None = Field(default=None, ge=0)
    structured_output: Literal["tool", "json_schema", "json_object"] | None = None
    streaming: bool | None = None
    context_window: int | None = Field(default=None, ge=256)
    decode_tps: float | None = Field(default=None, gt=0)  # output tokens/s the timeouts assume
    prefill_tps: float | None = Field(default=None, gt=0)  # prompt tokens/s the timeouts assume
    # Output caps per call purpose, e.g. TOUYAN_MAX_OUTPUT_TOKENS='{"summary": 1500}' (agents/llm/calls.py)
    max_output_tokens: dict[str, int] = Field(default_factory=dict)
    verified_floor: float = Field(default=0.5, ge=0.0, le=1.0)  # below it an LLM output is marked unverified
    # Extra or overriding prices per 1M tokens, e.g. TOUYAN_PRICES='{"my-model": {"input_cny": 1,
    # "output_cny": 2, "input_usd": 0.14, "output_usd": 0.28}}'
    prices: dict[str, dict[str, float]] = Field(default_factory=dict)
    budget_tokens: int | None = None

    # What one file may cost (docs/reliability.md): larger files and longer documents are refused with
    # one line, before they are read. Text is decoded whole, so its cap is lower than the PDF cap.
    max_file_mb: float = Field(default=100, gt=0)
    max_text_mb: float = Field(default=20, gt=0)
    max_pages: int = Field(default=2000, gt=0)
    # A report being written is leased; a writer on another host whose heartbeat is older than this is
    # taken to be gone (on this host the pid is checked instead).
    lease_timeout_s: float = Field(default=120, gt=0)
    # Without a terminal (a log, a pipe), ingest and summarize print a progress line every N files.
    progress_every: int = Field(default=50, gt=0)
    # Tests only (tests/reliability): "POINT" or "POINT:N" kills this process with SIGKILL the Nth time
    # it passes the named checkpoint (ingest.leased, ingest.vectors_written, ingest.completed,
    # drop.vectors_deleted, summary.md_written, summary.saved).
    fault_point: str | None = None

    @field_validator("provider")
    @classmethod
    def _known_provider(cls, value: str | None) -> str | None:
        from agents.llm.presets import PROVIDERS

        if value is None or not value.strip():
            return None
        if value.strip().lower() not in PROVIDERS:
            raise ValueError(f"未知的 TOUYAN_PROVIDER={value}；可选：{' | '.join(PROVIDERS)}")
        return value.strip().lower()

    @property
    def has_llm_key(self) -> bool:
        return self.openai_api_key is not None and bool(self.openai_api_key.get_secret_value())

    @property
    def postgres_dsn(self) -> str | None:
        """The team PostgreSQL (catalog, checkpointer, store, queue), or None in embedded mode."""
        value = self.catalog_url.get_secret_value().strip() if self.catalog_url else ""
        return value or None

    @field_validator("root_path")
    @classmethod
    def _clean_root_path(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not value.startswith("/"):
            raise ValueError(f"TOUYAN_ROOT_PATH={value} 应以 / 开头，如 /touyan")
        return value

    @property
    def library_dir(self) -> Path:
        return self.home / "library"


ENV_FILE = ".env"


def load_settings(env_file: Path | None = None, **overrides) -> Settings:
    """Build settings once, letting CLI flags win over environment and `.env`.

    Without `env_file` the `.env` in the data directory (chosen by --data-dir, TOUYAN_HOME or the
    default) is read, if there is one; with it, that file must exist.
    """
    clean = {k: v for k, v in overrides.items() if v is not None}
    if env_file is not None:
        if not env_file.is_file():
            raise ValueError(f"--env-file {env_file} 不存在或不是文件")
        return Settings(_env_file=env_file, **clean)
    home = clean.pop("home", None) or Settings().home
    data_env = home / ENV_FILE
    # `home` is passed on: a TOUYAN_HOME inside the data directory's own .env cannot move it.
    return Settings(_env_file=data_env if data_env.is_file() else None, home=home, **clean)
