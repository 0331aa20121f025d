"""One line about an exception, for a result line, a note or a chat answer (never a traceback)."""

from __future__ import annotations


def first_line(exc: BaseException) -> str:
    """The first non-blank line of the message; the exception's type name when it has no message
    (`TimeoutError()`), so a caller never indexes into an empty message."""
    return next((line for line in str(exc).splitlines() if line.strip()), type(exc).__name__)


def brief(exc: BaseException, limit: int | None = None) -> str:
    """`TypeName: first line` (the line cut to `limit` characters), or only the type name when the
    exception has no message."""
    name = type(exc).__name__
    if not str(exc).strip():
        return name
    return f"{name}: {first_line(exc)[:limit]}"
