"""How chat answers cite a report page: [《标题》· p.N], N 0-based like [page::N] (the web page links it)."""

from __future__ import annotations


def cite(title: str, page: int) -> str:
    return f"[《{title}》· p.{page}]"
