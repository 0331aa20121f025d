"""`touyan users add | list | disable | token | passwd`: who may use `touyan serve` with auth (TOUYAN_AUTH=1).

Users live in the catalog's database (memory/users.py): the data directory's SQLite catalog, or the team
PostgreSQL (TOUYAN_CATALOG_URL), so every replica knows them. Passwords are read from a hidden prompt or
the first line of stdin (--password-stdin), never from the command line (other users see it in `ps`).
Only typer is imported at module load: this module is loaded to build the CLI's help."""

from __future__ import annotations

import contextlib
import sys

import typer

from touyan.console import err, out
from touyan.light_typer import LightCommand, LightGroup

app = typer.Typer(cls=LightGroup, add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="网页登录用户：add 添加 | list 列出 | disable 停用 | token 生成 API 令牌 | passwd 改密码")
PASSWORD_STDIN_HELP = "从标准输入的第一行读密码（脚本用；默认隐藏输入并确认）"


@contextlib.contextmanager
def _users(ctx: typer.Context):
    """The user store, with a person's mistake (bad name, short password, unknown user) as one line."""
    from memory.users import UserError, open_users

    settings = ctx.obj
    store = open_users(settings.library_dir, settings.postgres_dsn)
    try:
        yield store
    except UserError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(1) from None
    finally:
        store.close()


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise typer.BadParameter("标准输入里没有密码")
        return line
    return typer.prompt("密码", hide_input=True, confirmation_prompt="再输入一次")


@app.command("add", cls=LightCommand, help="添加用户（默认角色 user；admin 可管理用户和网页入库）")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="用户名（小写字母、数字、. _ -）"),
    role: str = typer.Option("user", "--role", help="user | admin"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=PASSWORD_STDIN_HELP),
    no_password: bool = typer.Option(False, "--no-password", help="不设密码，只能用 API 令牌（touyan users token）"),
) -> None:
    password = None if no_password else _password(password_stdin)
    with _users(ctx) as users:
        user = users.add(name, role.strip().lower(), password)  # type: ignore[arg-type] - checked inside
    out.print(f"已添加用户 {user.name}（{user.role}）", markup=False)


@app.command("list", cls=LightCommand, help="列出用户：角色、状态、API 令牌数")
def list_users(ctx: typer.Context) -> None:
    with _users(ctx) as users:
        found = users.list()
    if not found:
        out.print("还没有用户：touyan users add 名字 --role admin", markup=False)
        return
    for user in found:
        out.print(f"{user.name}\t{user.role}\t{'已停用' if user.disabled else '可用'}\t令牌 {user.tokens} 个", markup=False)


@app.command("disable", cls=LightCommand, help="停用用户：立即失效（登录会话和 API 令牌一并删除）")
def disable(ctx: typer.Context, name: str = typer.Argument(..., help="用户名")) -> None:
    with _users(ctx) as users:
        users.disable(name)
    out.print(f"已停用用户 {name.strip().lower()}", markup=False)


@app.command("token", cls=LightCommand, help="为用户生成 API 令牌（只显示这一次；请求时用 Authorization: Bearer 令牌）")
def token(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="用户名"),
    label: str = typer.Option("", "--label", help="备注，如 脚本名"),
) -> None:
    with _users(ctx) as users:
        value = users.new_token(name, label)
    err.print("新的 API 令牌（只显示这一次，请妥善保存）：", markup=False)
    print(value)  # alone on stdout, so a script can capture it


@app.command("passwd", cls=LightCommand, help="设置或更改用户的密码")
def passwd(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="用户名"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=PASSWORD_STDIN_HELP),
) -> None:
    password = _password(password_stdin)
    with _users(ctx) as users:
        users.set_password(name, password)
    out.print(f"已更新 {name.strip().lower()} 的密码", markup=False)
