"""User-facing configuration: environment variables, `.env`, and CLI overrides.

This is the only place that reads the environment. The CLI turns a `Settings` into
the `Context` the graph runs with; nothing below `touyan/` sees `os.environ`.

`.env` is read from the data directory (or a file named with `--env-file`), never from the current
directory: a `.env` inside a downloaded reports folder must not redirect OPENAI_BASE_URL and so
receive the key.
"""

from __future__ import annotations

from pathlib import Path
from pydantic import AliasChoices, Field, SecretStr
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
    )

    home: Path = Field(default_factory=default_home, description="data directory")

    # Embeddings: `use` (multilingual USE, numpy, fast), `e5` (multilingual-e5-small,
    # slower), or `openai` (any OpenAI-compatible embeddings endpoint).
    embedding: EmbeddingKind = "use"
    embedding_model: str = "text-embedding-3-small"
    embedding_base_url: str | None = None
    chroma_url: str | None = Field(default=None, description="Chroma server; embedded when unset")

    # LLM endpoint (any OpenAI-compatible server). The key is a SecretStr: never printed.
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "TOUYAN_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "TOUYAN_OPENAI_BASE_URL")
    )
    model: str = "deepseek-chat"
    map_model: str | None = None
    reduce_model: str | None = None
    temperature: float = 0.0
    timeout_s: float = 60.0
    max_concurrency: int = 4
    requests_per_minute: int | None = None
    max_retries: int = 3
    # Extra or overriding prices per 1M tokens, e.g. TOUYAN_PRICES='{"my-model": {"input_cny": 1,
    # "output_cny": 2, "input_usd": 0.14, "output_usd": 0.28}}'
    prices: dict[str, dict[str, float]] = Field(default_factory=dict)
    budget_tokens: int | None = None

    @property
    def has_llm_key(self) -> bool:
        return self.openai_api_key is not None and bool(self.openai_api_key.get_secret_value())

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
