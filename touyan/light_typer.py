"""typer classes that keep the CLI's start-up light, and speak Chinese (touyan/cli_messages.py).

typer (0.29) coerces every option value through a pydantic TypeAdapter, and builds one even for an
absent --help flag (its value is None, not False). Importing pydantic's validators for that costs
more than the whole rest of `touyan threads` or `touyan CMD --help`. The global options and the help
flags need no validation: they get plain classes here. Commands' own options keep typer's coercion;
they are only processed when the command runs, and then it imports much more anyway.

A command registered without `cls=` (a plain TyperCommand or TyperGroup) is given these classes when
the root group looks it up, so every command's help and errors are light and Chinese.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any, get_args

from typer import BadParameter, Context
from typer._click.exceptions import ClickException
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from touyan.cli_messages import HELP_OPTION_HELP, ChineseContext, translated
from touyan.lazy_commands import Lazy, LazyCommands


class PlainOption(TyperOption):
    """The option's text, or a Path where the option is one, or one of its choices; no TypeAdapter."""

    def process_value(self, ctx: Context, value: Any) -> Any:
        desc = self.type_descriptor
        if isinstance(value, str) and desc.is_choice:
            choices = [str(getattr(c, "value", c)) for c in desc.choices or ()]
            if value not in choices:
                raise BadParameter(f"“{value}” 不是可选值，只能是 {' | '.join(choices)}", ctx=ctx, param=self)
        return Path(value) if isinstance(value, str) and desc.is_path else value


class HelpFlag(TyperOption):
    """--help: an absent flag is False (typer skips coercing a bool), so no TypeAdapter is built."""

    def process_value(self, ctx: Context, value: Any) -> Any:
        return super().process_value(ctx, bool(value))


def _light_help(option: TyperOption | None) -> TyperOption | None:
    if option is not None and type(option) is TyperOption:
        option.__class__ = HelpFlag
        option.help = HELP_OPTION_HELP
    return option


# No mixin class: a plain TyperCommand's class can then be swapped for these (same instance layout).
class LightCommand(TyperCommand):
    """Every `touyan` command: --help without pydantic."""

    context_class = ChineseContext

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        return _light_help(super().get_help_option(ctx))


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


class LightGroup(TyperGroup):
    """A group of commands (`touyan eval`): --help without pydantic."""

    context_class = ChineseContext

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        return _light_help(super().get_help_option(ctx))

    def get_command(self, ctx: Context, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if type(command) is TyperCommand:
            command.__class__ = LightCommand
        elif type(command) is TyperGroup:
            command.__class__ = LightGroup
        return command


def _stand_in(lazy: Lazy) -> TyperCommand:
    """A command as a help listing sees it: name and help (typer cleans a command's help like this)."""
    return TyperCommand(name=lazy.name, help=inspect.cleandoc(lazy.help))


class RootGroup(LightGroup):
    """The top-level group: its options named in `plain` are processed without pydantic too (they are
    processed before any command's --help). The commands in `listed` are built when first looked up
    (touyan/lazy_commands.py); its help lists them without building any."""

    plain: tuple[str, ...] = ("data_dir", "embedding", "env_file", "catalog_url")
    listed: tuple[Lazy, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.name in self.plain and type(param) is TyperOption:
                param.__class__ = PlainOption
        self.commands = LazyCommands(self.listed, self._build, self.commands)

    def _build(self, lazy: Lazy) -> Any:
        return lazy.build(rich_markup_mode=self.rich_markup_mode, suggest_commands=self.suggest_commands)

    def format_commands(self, ctx: Context, formatter: Any) -> None:
        # typer's own listing, given stand-ins for the commands not built yet
        commands, self.commands = self.commands, self.commands.stand_ins(_stand_in)
        try:
            super().format_commands(ctx, formatter)
        finally:
            self.commands = commands

    # Usage errors of the root or of any command below it leave through here: shown in Chinese.
    def make_context(self, *args: Any, **kwargs: Any) -> Context:
        try:
            return super().make_context(*args, **kwargs)
        except ClickException as exc:
            raise translated(exc) from None

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except ClickException as exc:
            raise translated(exc) from None
