"""Document text placed in Markdown we write (summary .md files): shown as text, never read as markup.

A web export's `**bold**` or a hostile file's `[link](…)`/`<img>` would otherwise open emphasis across our
own lines or put a link in a researcher's file. Our `[page::N]` citation markers are left as they are.
"""

from __future__ import annotations

import re

_ACTIVE = re.compile(r"([\\`*_\[\]<>|~#])")
_CITATION = re.compile(r"(\[page::\d+\])")


def md_text(text: str) -> str:
    """`text` with every character Markdown could read as markup backslash-escaped, citations kept."""
    parts = _CITATION.split(text)
    return "".join(part if i % 2 else _ACTIVE.sub(r"\\\1", part) for i, part in enumerate(parts))
