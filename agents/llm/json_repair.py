"""Find the JSON object a model meant to return, through the usual wrappings.

Models behind OpenAI-compatible endpoints wrap JSON in code fences, encode it twice
("\\"{...}\\""), or add a sentence around it. This only unwraps; it never invents fields.
Whether the object is right is for pydantic validation to say.
"""

from __future__ import annotations

import json
import re
from typing import Any

_FENCE = re.compile(r"```[ \t]*(?:json|JSON)?[ \t]*\r?\n?(.*?)```", re.DOTALL)
_MAX_DEPTH = 3  # how many layers of string-encoding we undo


def extract_json_object(text: str) -> dict[str, Any] | None:
    """The JSON object in `text`, or None when there is none."""
    return _extract(text, _MAX_DEPTH)


def _extract(text: str, depth: int) -> dict[str, Any] | None:
    if depth <= 0 or not isinstance(text, str):
        return None
    stripped = text.strip()
    if not stripped:
        return None
    fenced = _FENCE.search(stripped)
    if fenced:
        stripped = fenced.group(1).strip()
    value = _loads(stripped)
    if value is _NOTHING:
        # Prose around the object: try the outermost braces.
        start, end = stripped.find("{"), stripped.rfind("}")
        if start < 0 or end <= start:
            return None
        value = _loads(stripped[start : end + 1])
    if isinstance(value, dict):
        return value
    if isinstance(value, str):
        return _extract(value, depth - 1)  # encoded twice
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict):
        return value[0]  # a one-element array around the object
    return None


_NOTHING = object()


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, ValueError):
        return _NOTHING
