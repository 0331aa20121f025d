"""Command-line arguments shared by the commands: `--engine`, and checks on command-line text (one clear
line instead of a traceback).

On Linux, bytes that are not UTF-8 reach Python as lone surrogates ('\\udcff'); SQLite, the tokenizer
and the console would each fail on them later with a UnicodeEncodeError.
"""

from __future__ import annotations

from enum import StrEnum

import typer


class Engine(StrEnum):
    """`--engine`: typer lists the choices and refuses anything else."""

    llm = "llm"
    extractive = "extractive"


ENGINE_HELP = "生成引擎（默认：有 key 用 llm，否则 extractive）"


class EmbeddingChoice(StrEnum):
    """`--embedding`: the embedding models memory.embeddings can make."""

    use = "use"
    e5 = "e5"
    openai = "openai"


class SearchMode(StrEnum):
    """`touyan search --mode`."""

    hybrid = "hybrid"
    vector = "vector"
    keyword = "keyword"


def is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown(text: str) -> str:
    """`text` printable: each byte that was not UTF-8 becomes U+FFFD (any other lone surrogate '?')."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


def utf8_text(param: typer.CallbackParam, value):
    """A typer callback: the value (a string or a list of them) must be valid UTF-8."""
    for text in value if isinstance(value, (list, tuple)) else [value]:
        if isinstance(text, str) and not is_utf8(text):
            raise typer.BadParameter(f"“{shown(text)}”不是有效的 UTF-8 文本，请检查终端或脚本的字符编码", param=param)
    return value
