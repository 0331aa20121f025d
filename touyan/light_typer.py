"""typer classes that keep the CLI's start-up light.

typer (0.29) coerces every option value through a pydantic TypeAdapter, and builds one even for an
absent --help flag (its value is None, not False). Importing pydantic's validators for that costs
more than the whole rest of `touyan threads` or `touyan CMD --help`. The global options and the help
flags need no validation: they get plain classes here. Commands' own options keep typer's coercion;
they are only processed when the command runs, and then it imports much more anyway.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typing import get_args

from typer import Context
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption


class PlainOption(TyperOption):
    """The option's text, or a Path where the option is one; no TypeAdapter."""

    def process_value(self, ctx: Context, value: Any) -> Any:
        return Path(value) if isinstance(value, str) and self.type_descriptor.is_path else value


class HelpFlag(TyperOption):
    """--help: an absent flag is False (typer skips coercing a bool), so no TypeAdapter is built."""

    def process_value(self, ctx: Context, value: Any) -> Any:
        return super().process_value(ctx, bool(value))


class _LightHelp:
    def get_help_option(self, ctx: Context) -> TyperOption | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None and type(option) is TyperOption:
            option.__class__ = HelpFlag
        return option


class LightCommand(_LightHelp, TyperCommand):
    """Every `touyan` command: --help without pydantic."""


class PathListArgument(TyperArgument):
    """A `List[Path]` argument: the given strings as Paths, no TypeAdapter."""

    def process_value(self, ctx: Context, value: Any) -> Any:
        value = [Path(v) for v in value or ()]
        if self.required and not value:
            from typer._click.exceptions import MissingParameter  # typer's own click, which handles it

            raise MissingParameter(ctx=ctx, param=self)
        return self.callback(ctx, self, value) if self.callback is not None else value


class PathsCommand(LightCommand):
    """A command whose `List[Path]` arguments need no validation (`touyan ingest DIR`, which can end in
    a few milliseconds when nothing changed): they are processed without pydantic too."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for param in self.params:
            desc = getattr(param, "type_descriptor", None)
            if type(param) is TyperArgument and desc.is_list and get_args(desc.annotation) == (Path,):
                param.__class__ = PathListArgument


class LightGroup(_LightHelp, TyperGroup):
    """A group of commands (`touyan eval`): --help without pydantic."""


class RootGroup(LightGroup):
    """The top-level group: its options named in `plain` are processed without pydantic too (they are
    processed before any command's --help)."""

    plain: tuple[str, ...] = ("data_dir", "embedding", "env_file")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.name in self.plain and type(param) is TyperOption:
                param.__class__ = PlainOption
