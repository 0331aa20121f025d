"""The root's commands, built one at a time when a command line names one (touyan/cli.py lists them).

typer builds the click object of every command before it parses anything: it imports every command
module and inspects every function's signature and type hints, which cost more than the rest of
`touyan --help` together. Here the root group's `commands` is a mapping that builds a command (with
typer's own functions, from the same registration typer would make) the first time it is looked up,
and `touyan --help` lists the commands from their names and help alone.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any, Callable

from typer import main as typer_main
from typer.models import CommandInfo, TyperInfo


@dataclass(frozen=True)
class Lazy:
    """One command of the root: `function` of touyan.commands.`module` (a command), or its `app` (a
    group of commands) when `function` is None; `cls` the click class a command is built with."""

    name: str
    module: str
    function: str | None
    help: str
    cls: type | None = None

    def load(self) -> Any:
        module = importlib.import_module(f"touyan.commands.{self.module}")
        return getattr(module, self.function or "app")

    def build(self, *, rich_markup_mode: Any, suggest_commands: bool) -> Any:
        """The click command, as typer makes it for `app.command(name, cls=, help=)` or `app.add_typer`."""
        target = self.load()
        if self.function is None:
            return typer_main.get_group_from_info(
                TyperInfo(target, name=self.name, help=self.help), pretty_exceptions_short=True,
                suggest_commands=suggest_commands, rich_markup_mode=rich_markup_mode)
        return typer_main.get_command_from_info(
            CommandInfo(self.name, cls=self.cls, callback=target, help=self.help), pretty_exceptions_short=True,
            rich_markup_mode=rich_markup_mode)


class LazyCommands(MutableMapping):
    """name → click command, in the listed order; a listed command is built on first lookup."""

    def __init__(self, listed: tuple[Lazy, ...], build: Callable[[Lazy], Any], built: dict[str, Any] | None = None):
        self.listed = {lazy.name: lazy for lazy in listed}
        self._build = build
        self._built: dict[str, Any] = dict(built or {})

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = self._build(self.listed[name])  # KeyError: no such command
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        if self.listed.pop(name, None) is None:
            del self._built[name]
        else:
            self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        yield from self.listed
        yield from (name for name in self._built if name not in self.listed)

    def __len__(self) -> int:
        return len(self.listed) + sum(name not in self.listed for name in self._built)

    def stand_ins(self, make: Callable[[Lazy], Any]) -> dict[str, Any]:
        """Every command for a help listing: the built ones, and for the others `make(lazy)`, a command
        with only the name and help (no module imported)."""
        return {name: self._built[name] if name in self._built else make(self.listed[name]) for name in self}


def command_paths(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and group under `group`, as a user types it (builds them all: tests and benchmarks)."""
    ctx = group.context_class(group, info_name="touyan")
    paths = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        paths.append((*prefix, name))
        if hasattr(command, "list_commands"):
            paths += command_paths(command, (*prefix, name))
    return paths
