"""The CLI's own words in Chinese: help layout (用法/选项/参数/命令, defaults, ranges, value types) and
usage errors (a missing argument, an unknown option, a value out of range).

typer 0.29 carries its own copy of click, whose texts are English literals, and reports a bad value
with pydantic's message ("Input should be greater than or equal to 1"). Help goes through the
formatter below (commands get it through their context class, touyan/light_typer.py); a usage error is
re-worded from the exception's type and fields, a bad value from pydantic's error type and context,
never by matching English sentences except click's few fixed usage messages.
"""

from __future__ import annotations

import re
from typing import IO, Any

from typer._click.core import Context
from typer._click.exceptions import (BadArgumentUsage, BadOptionUsage, BadParameter, ClickException,
                                     MissingParameter, NoArgsIsHelpError, NoSuchOption, UsageError)
from typer._click.formatting import HelpFormatter
from typer._click.utils import echo

HELP_OPTION_HELP = "显示本帮助并退出"
SECTIONS = {"Options": "选项", "Arguments": "参数", "Commands": "命令"}
# The value types typer writes after an option or argument (`--port <int range>`).
TYPES = {"str": "文本", "int": "整数", "int range": "整数", "float": "数值", "float range": "数值", "path": "路径",
         "Path": "路径", "list[str]": "文本…", "list[Path]": "路径…", "bool": "", "datetime": "日期"}
_TYPE = re.compile(r"<([^<>|]+)>")
_EXTRA = re.compile(r"\s*\[([^\[\]]*)\]$")
_NO_BREAK_BEFORE = set("）」』】》，。、；：！？")
_RANGE = re.compile(r"^(?:(?P<lo>[-\d.]+)<=)?x(?:<=(?P<hi>[-\d.]+)|>=(?P<min>[-\d.]+))?$")


def _type_word(match: re.Match) -> str:
    word = TYPES.get(match.group(1), match.group(1))
    return f"<{word}>" if word else ""


def _extra(part: str) -> str:
    """One item of typer's `[default: 10; 1<=x<=200; required]`."""
    if part == "required":
        return "必填"
    if part.startswith("default: "):
        return f"默认 {part[len('default: '):]}"
    if part.startswith("env var: "):
        return f"环境变量 {part[len('env var: '):]}"
    found = _RANGE.match(part.replace(" ", ""))
    if found and part != "x":
        lo, hi, low = found.group("lo"), found.group("hi"), found.group("min")
        if lo is not None and hi is not None:
            return f"{lo}–{hi}"
        return f"≥ {low}" if low is not None else f"≤ {hi}"
    return part


def help_text(text: str) -> str:
    """An option's help with typer's bracketed extras in Chinese (a command's own brackets stay)."""
    found = _EXTRA.search(text)
    if not found:
        return text
    parts = [_extra(p.strip()) for p in found.group(1).split(";")]
    if parts == [p.strip() for p in found.group(1).split(";")]:
        return text  # nothing typer wrote: `--code 300750 [--since --broker]`
    return f"{text[:found.start()]}  [{'；'.join(parts)}]"


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` terminal columns: CJK characters take two and may break anywhere but
    before closing punctuation, other words break at spaces."""
    from touyan.console import display_width

    lines, line = [], ""
    for piece in re.findall(r"\[[^\[\]]*\]$|(?:(?!\[[^\[\]]*\]$)[\x00-\x7f])+|.", text):  # typer's [默认 …] stays whole
        for word in re.split(r"(?<= )", piece) if piece.isascii() else [piece]:
            if line and display_width(line + word.rstrip()) > width and word not in _NO_BREAK_BEFORE:
                lines.append(line.rstrip())
                line = word.lstrip()
            else:
                line += word
    return [*lines, line.rstrip()] if line.strip() else lines


def usage_args(args: str) -> str:
    args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
    return re.sub(r"\{([^{}]+)\}", lambda m: m.group(1).upper(), args)  # a required argument, click's way


class ChineseHelpFormatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, usage_args(args), "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{SECTIONS.get(heading, heading)}：\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        """click's definition list, measured in terminal columns (a CJK character takes two)."""
        from touyan.console import display_width

        rows = [(_TYPE.sub(_type_word, term).rstrip(), help_text(text)) for term, text in rows]
        first_col = min(max((display_width(t) for t, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for term, text in rows:
            self.write(indent + term)
            lines = _wrap(text, max(self.width - first_col - self.current_indent, 10)) if text else []
            if not lines:
                self.write("\n")
                continue
            if display_width(term) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(term)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first_col + self.current_indent) + line + "\n")


class ChineseContext(Context):
    formatter_class = ChineseHelpFormatter


# -- usage errors ------------------------------------------------------------------------
_VALIDATION = {
    "greater_than_equal": "应大于或等于 {ge}", "greater_than": "应大于 {gt}",
    "less_than_equal": "应小于或等于 {le}", "less_than": "应小于 {lt}",
    "int_parsing": "应为整数", "int_type": "应为整数", "int_from_float": "应为整数",
    "float_parsing": "应为数字", "float_type": "应为数字", "bool_parsing": "应为 true 或 false",
    "date_parsing": "应为日期 YYYY-MM-DD", "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "datetime_parsing": "应为日期时间", "datetime_from_date_parsing": "应为日期时间",
}
_FIXED = [  # click's fixed usage messages
    (re.compile(r"^No such command '(.*)'\. Did you mean (.*)\?$"), "没有命令 “{0}”（是不是要用 {1}？）"),
    (re.compile(r"^No such command '(.*)'\.$"), "没有命令 “{0}”"),
    (re.compile(r"^Missing command\.$"), "缺少命令"),
    (re.compile(r"^Got unexpected extra arguments?(?:\(s\))? \((.*)\)$"), "多余的参数：{0}"),
    (re.compile(r"^Option '(.*)' requires an argument\.$"), "选项 {0} 需要一个值"),
    (re.compile(r"^Option '(.*)' requires (\d+) arguments\.$"), "选项 {0} 需要 {1} 个值"),
    (re.compile(r"^Option '(.*)' does not take a value\.$"), "选项 {0} 不接受值"),
    (re.compile(r"^Argument '(.*)' takes (\d+) values\.$"), "参数 {0} 需要 {1} 个值"),
    (re.compile(r"^Value (.*) is not a valid (.*)\.$"), "{0} 不是有效的 {1}"),
]


def _choices(param: Any) -> list[str]:
    desc = getattr(param, "type_descriptor", None)
    return [str(getattr(c, "value", c)) for c in (getattr(desc, "choices", None) or ())]


def validation_text(exc: BadParameter) -> str:
    """pydantic's first error on this parameter's value, in Chinese, with the value given."""
    errors = exc.__cause__.errors()  # type: ignore[union-attr]
    if not errors:
        return "值无效"
    error = errors[0]
    given = error.get("input")
    shown = f"“{given}”" if isinstance(given, str) else repr(given)
    choices = _choices(exc.param)
    if choices and str(given) not in choices:  # typer's choice check, or pydantic's enum / literal error
        return f"{shown} 不是可选值，只能是 {' | '.join(choices)}"
    template = _VALIDATION.get(error["type"])
    if template is None:
        return f"无法识别的值 {shown}"
    return f"{template.format(**error.get('ctx', {}))}（收到 {shown}）"


def _fixed(message: str) -> str:
    for pattern, template in _FIXED:
        found = pattern.match(message)
        if found:  # a list of names ('search', 'serve') as a Chinese list (search、serve)
            return template.format(*("、".join(re.findall(r"'([^']*)'", g)) if g[:1] == g[-1:] == "'" else g
                                     for g in found.groups()))
    return message


def _hint(exc: BadParameter) -> str | None:
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        opts = [o for o in getattr(exc.param, "opts", ()) if o.startswith("-")]
        hint = opts[-1] if opts else exc.param.get_error_hint().strip("'")
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(hint)
    return hint


def error_message(exc: ClickException) -> str:
    if isinstance(exc, MissingParameter):
        kind = "参数" if getattr(exc.param, "param_type_name", "") == "argument" else "选项"
        hint = _hint(exc)
        return f"缺少{kind} {hint.upper() if kind == '参数' else hint}" if hint else "缺少参数"
    if isinstance(exc, NoSuchOption):
        suggest = f"（是不是要用 {'、'.join(sorted(exc.possibilities))}？）" if exc.possibilities else ""
        return f"没有选项 {exc.option_name}{suggest}"
    if isinstance(exc, BadParameter):
        message = (validation_text(exc) if type(exc.__cause__).__name__ == "ValidationError"
                   else _fixed(exc.message))
        hint = _hint(exc)
        return f"{hint} 的值无效：{message}" if hint else f"值无效：{message}"
    if isinstance(exc, (BadOptionUsage, BadArgumentUsage, UsageError)):
        return _fixed(exc.message)
    return _fixed(exc.format_message())


class ChineseUsageError(ClickException):
    """Stands in for a click error on its way out: the same exit code, shown in Chinese."""

    def __init__(self, original: ClickException):
        super().__init__(original.message)
        self.original = original
        self.exit_code = original.exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        exc, lines = self.original, []
        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            lines.append(ctx.get_usage())
            if ctx.command.get_help_option(ctx) is not None:
                lines.append(f"用 “{ctx.command_path} {ctx.help_option_names[0]}” 查看帮助。")
            lines.append("")
        lines.append(f"错误：{error_message(exc)}")
        echo("\n".join(lines), file=file, err=file is None)


def translated(exc: ClickException) -> ClickException:
    """The error to raise in its place (the help that `no_args_is_help` shows passes unchanged)."""
    return exc if isinstance(exc, (NoArgsIsHelpError, ChineseUsageError)) else ChineseUsageError(exc)
