"""The global options (`--data-dir`, `--env-file`, `--embedding`) and the Settings they make, built the
first time a command reads a setting. pydantic-settings costs about three times the start-up of the
whole CLI, and `touyan threads` needs only the data directory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from touyan.home import default_home, env_file_names_catalog

if TYPE_CHECKING:
    from touyan.settings import Settings


class SettingsOnDemand:
    """Stands in for `Settings` as the commands' `ctx.obj`: any attribute but `home` loads them (once).
    A setting that does not validate is one line about which one (never its value), as a usage error."""

    def __init__(self, *, home: Path | None, env_file: Path | None, embedding: str | None,
                 catalog_in_environment: bool = False):
        self._home, self._env_file, self._embedding = home, env_file, embedding
        self._catalog_in_environment = catalog_in_environment  # TOUYAN_CATALOG_URL set (team mode), as click saw it
        self._settings: Settings | None = None

    @property
    def home(self) -> Path:
        # --data-dir, else TOUYAN_HOME (both given to us by the option), else the default: what Settings
        # would say, unless an --env-file may name another one.
        if self._env_file is None:
            return self._home or default_home()
        return self.settings.home

    @property
    def library_dir(self) -> Path:
        return self.home / "library"  # as Settings.library_dir: a no-op `touyan ingest` needs no more

    @property
    def postgres_dsn(self) -> str | None:
        """The team PostgreSQL, or None (embedded mode) without loading Settings when nothing names one."""
        if not (self._catalog_in_environment or env_file_names_catalog(self.home, self._env_file)):
            return None
        return self.settings.postgres_dsn

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            import typer

            from tools.errors import first_line
            from touyan.settings import load_settings

            try:
                self._settings = load_settings(env_file=self._env_file, home=self._home, embedding=self._embedding)
            except Exception as exc:  # pydantic's ValidationError: which setting is wrong, never values of secrets
                raise typer.BadParameter(first_line(exc)) from None
        return self._settings

    def __getattr__(self, name: str) -> Any:
        return getattr(self.settings, name)
