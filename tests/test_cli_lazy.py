"""The root's commands are built on demand (touyan/lazy_commands.py) and `touyan --help` lists them from
the table in touyan/cli.py: the listing must be the one typer writes from the real commands."""

from __future__ import annotations

from dataclasses import replace

import pytest
import typer
from typer.testing import CliRunner

from touyan.cli import COMMANDS, App, Root, app
from touyan.lazy_commands import LazyCommands
from touyan.light_typer import LightCommand, LightGroup


def _root():
    return typer.main.get_command(app)


def _help(group) -> str:
    ctx = group.make_context("touyan", ["--help"], resilient_parsing=True)
    return group.get_help(ctx)


def _build_all(group) -> None:
    ctx = group.context_class(group, info_name="touyan")
    for name in group.list_commands(ctx):
        assert group.get_command(ctx, name) is not None, name


def test_the_listing_from_the_table_is_the_listing_of_the_built_commands():
    lazy = _root()
    listed = _help(lazy)
    assert lazy.commands._built == {}  # the listing built no command (and imported no command module)
    eager = _root()
    _build_all(eager)
    assert len(eager.commands._built) == len(COMMANDS)
    assert listed == _help(eager)
    for name, command in eager.commands.items():
        assert command.name == name and not command.hidden and not command.deprecated and not command.short_help


def test_every_listed_command_is_its_module_command_with_the_listed_help():
    group = _root()
    ctx = group.context_class(group, info_name="touyan")
    assert group.list_commands(ctx) == [lazy.name for lazy in COMMANDS]
    for lazy in COMMANDS:
        command = group.get_command(ctx, lazy.name)
        assert command.help == lazy.help
        if lazy.function is None:
            assert isinstance(command, LightGroup) and command.commands, lazy.name
        else:
            assert isinstance(command, LightCommand) and command.callback is not None, lazy.name
    assert len({lazy.name for lazy in COMMANDS}) == len(COMMANDS)


def test_the_comparison_sees_a_table_that_drifted_from_its_commands():
    # The check above is not blind: a table whose help is not what its command says gives another listing.
    drifted = _root()
    drifted.commands.listed["threads"] = replace(drifted.commands.listed["threads"], help="另一句帮助")
    eager = _root()
    _build_all(eager)
    assert "另一句帮助" in _help(drifted) and _help(drifted) != _help(eager)


def test_a_command_registered_the_typer_way_is_listed_and_runs_too():
    extra = App(cls=Root, add_completion=False, rich_markup_mode=None)
    extra.callback()(lambda: None)
    extra.command("hello", help="打个招呼")(lambda: print("你好"))
    group = typer.main.get_command(extra)
    assert isinstance(group.commands, LazyCommands) and list(group.commands)[-1] == "hello"
    assert "打个招呼" in _help(group)
    assert CliRunner().invoke(extra, ["hello"]).output == "你好\n"


def test_an_unknown_command_is_a_usage_error_suggesting_listed_commands_not_built():
    group = _root()
    with pytest.raises(Exception):
        group.main(["serch"], prog_name="touyan", standalone_mode=False)
    assert group.commands._built == {}
    result = CliRunner().invoke(app, ["serch"], prog_name="touyan")
    assert result.exit_code == 2 and "错误：没有命令 “serch”（是不是要用 search、users、serve？）" in result.output
