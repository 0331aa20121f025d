"""One line about an exception, for a result line, a note or a chat answer (never a traceback), and the
one redaction every error message goes through before it is printed, logged, stored or checkpointed.

A provider may echo the API key in an error ("Incorrect API key provided: sk-…"); so `first_line` and
`brief` redact the secrets this process was configured with (each Context registers its keys when it is
built, see agents/context.py) and anything shaped like a key.
"""

from __future__ import annotations

import logging
import re
import threading
from urllib.parse import quote

REDACTED = "***"
# Shorter values would redact ordinary words; no real API key is this short.
MIN_SECRET_CHARS = 8
_KEY_SHAPES = re.compile(
    r"(?P<keep>\bsk-)[A-Za-z0-9][A-Za-z0-9_\-]{7,}"  # OpenAI, DeepSeek, Moonshot style keys
    r"|(?P<keep2>\bBearer\s+)[A-Za-z0-9._~+/\-]{8,}=*"  # an Authorization header
    r"|\beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]+"  # a JWT (Zhipu-style tokens)
    r"|(?P<keep3>\b(?:api[_-]?key|apikey|access[_-]?token|secret[_-]?key|password)[\"']?\s*[:=]\s*[\"']?)"
    r"[^\s\"'&,;}]{4,}",
    re.IGNORECASE,
)
_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def register_secrets(*values: str | None) -> None:
    """Remember secret values (API keys) so every later error message has them redacted."""
    with _secrets_lock:
        for value in values:
            if value and len(value) >= MIN_SECRET_CHARS:
                _secrets.update({value, quote(value, safe="")})


def dsn_password(url: str | None) -> str | None:
    """The password inside a database URL (postgresql://user:PASSWORD@host/db), to register as a secret."""
    if not url or "://" not in url:
        return None
    from urllib.parse import unquote, urlsplit

    try:
        password = urlsplit(url).password
    except ValueError:
        return None
    return unquote(password) if password else None


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """`text` without the registered secrets (plus `secrets`), and with key-shaped strings masked."""
    with _secrets_lock:
        known = {*_secrets, *(s for s in secrets if s and len(s) >= MIN_SECRET_CHARS)}
    for secret in sorted(known, key=len, reverse=True):  # longest first: one key may contain another
        text = text.replace(secret, REDACTED)
    return _KEY_SHAPES.sub(lambda m: (m["keep"] or m["keep2"] or m["keep3"] or "") + REDACTED, text)


def first_line(exc: BaseException) -> str:
    """The first non-blank line of the message, redacted; the exception's type name when it has no
    message (`TimeoutError()`), so a caller never indexes into an empty message."""
    line = next((line for line in str(exc).splitlines() if line.strip()), None)
    return redact(line) if line is not None else type(exc).__name__


def brief(exc: BaseException, limit: int | None = None) -> str:
    """`TypeName: first line` (the line cut to `limit` characters), or only the type name when the
    exception has no message."""
    name = type(exc).__name__
    if not str(exc).strip():
        return name
    return f"{name}: {first_line(exc)[:limit]}"


class RedactingFilter(logging.Filter):
    """A logging filter that redacts a record's message and its traceback text (uvicorn logs an app's
    unexpected exception with its message)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage()), None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True
